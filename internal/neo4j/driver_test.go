package neo4j

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestSelected(t *testing.T) {
	tests := []struct {
		name, store, uri string
		want             bool
	}{
		{"default", "", "", false},
		{"uri alone", "", "bolt://db:7687", true},
		{"explicit", "neo4j", "", true},
		{"sqlite wins over uri", "sqlite", "bolt://db:7687", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"NEO4J_URI": tt.uri}
			c := ConfigFromEnv(func(k string) string { return env[k] })
			if got := Selected(tt.store, c); got != tt.want {
				t.Errorf("Selected(%q, %q) = %v, want %v", tt.store, tt.uri, got, tt.want)
			}
			if c.User != "neo4j" {
				t.Errorf("default user = %q", c.User)
			}
		})
	}
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	env := map[string]string{"NEO4J_URI": "bolt://env:7687", "NEO4J_DATABASE": "envdb"}
	c := ConfigFromEnv(func(k string) string { return env[k] })
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.RegisterFlags(fs)
	if err := fs.Parse([]string{"--neo4j-uri", "neo4j://flag:7687"}); err != nil {
		t.Fatal(err)
	}
	if c.URI != "neo4j://flag:7687" || c.Database != "envdb" {
		t.Errorf("config = %+v", c)
	}
}

func TestFormatError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"domain error passes", reseau.Errorf(reseau.ENOTFOUND, "x"), reseau.ENOTFOUND},
		{"constraint", &driver.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, reseau.ECONFLICT},
		{"transient", &driver.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}, reseau.EUNAVAILABLE},
		{"retries exhausted", &driver.TransactionExecutionLimit{Cause: "timeout"}, reseau.EUNAVAILABLE},
		{"cancelled", context.Canceled, reseau.EUNAVAILABLE},
		{"syntax", &driver.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, reseau.EINTERNAL},
		{"transaction timeout", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOut"}, reseau.EUNAVAILABLE},
		{"client transaction timeout", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}, reseau.EUNAVAILABLE},
		{"terminated", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.Terminated"}, reseau.EUNAVAILABLE},
		{"lock client stopped", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.LockClientStopped"}, reseau.EUNAVAILABLE},
		{"wrapped terminated", fmt.Errorf("run: %w", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.Terminated"}), reseau.EUNAVAILABLE},
		// Transient for Neo4j, but the same transaction fails again: too large.
		{"transaction memory limit", &driver.Neo4jError{Code: "Neo.TransientError.General.TransactionMemoryLimit"}, reseau.EINVALID},
		{"memory pool", &driver.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError"}, reseau.EINVALID},
		{"transaction out of memory", &driver.Neo4jError{Code: "Neo.ClientError.General.TransactionOutOfMemoryError"}, reseau.EINVALID},
		{"wrapped memory limit", fmt.Errorf("run: %w", &driver.Neo4jError{Code: "Neo.TransientError.General.TransactionMemoryLimit"}), reseau.EINVALID},
		{"wrong password", &driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}, reseau.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reseau.ErrorCode(formatError(tt.err)); got != tt.code {
				t.Errorf("code = %q, want %q", got, tt.code)
			}
		})
	}
	// A refused login is not "unavailable, try again": waiting will not fix it.
	if err := formatError(&driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}); !unauthorized(&driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}) ||
		strings.Contains(err.Error(), "try again") {
		t.Errorf("wrong password: %v", err)
	}
}

// TestDriverConfig: the pool hands a connection, or gives up, and the
// driver stops retrying, well before the HTTP request timeout cuts the
// request; transactions carry a server-side timeout unless an import or
// export runs them; the environment sets pool size and timeout.
func TestDriverConfig(t *testing.T) {
	request := limits.Defaults(false).Timeout
	c := ConfigFromEnv(func(string) string { return "" })
	var conf config.Config
	c.driverConfig(&conf)
	if conf.ConnectionAcquisitionTimeout <= 0 || conf.ConnectionAcquisitionTimeout >= request {
		t.Errorf("acquisition timeout %v, want below the request timeout %v", conf.ConnectionAcquisitionTimeout, request)
	}
	if conf.MaxTransactionRetryTime <= 0 || conf.MaxTransactionRetryTime >= request {
		t.Errorf("retry time %v, want below the request timeout %v", conf.MaxTransactionRetryTime, request)
	}
	if conf.MaxConnectionPoolSize != defaultMaxConnections {
		t.Errorf("pool size %d, want %d", conf.MaxConnectionPoolSize, defaultMaxConnections)
	}
	r := &driverRunner{txTimeout: c.TxTimeout}
	var tc driver.TransactionConfig
	r.txConfig(context.Background())(&tc)
	if tc.Timeout != defaultTxTimeout {
		t.Errorf("transaction timeout %v, want %v", tc.Timeout, defaultTxTimeout)
	}
	tc = driver.TransactionConfig{}
	r.txConfig(withoutTxTimeout(context.Background()))(&tc)
	if tc.Timeout != 0 {
		t.Errorf("an import's transaction timeout %v, want none", tc.Timeout)
	}
	env := map[string]string{"NEO4J_MAX_CONNECTIONS": "20", "NEO4J_TX_TIMEOUT": "2m"}
	c = ConfigFromEnv(func(k string) string { return env[k] })
	if c.MaxConnections != 20 || c.TxTimeout != 2*time.Minute {
		t.Errorf("config from environment = %+v", c)
	}
}

// fakeNotification is a server notification.
type fakeNotification struct{ driver.Notification }

func (fakeNotification) Code() string {
	return "Neo.ClientNotification.Statement.CartesianProduct"
}
func (fakeNotification) Title() string            { return "cartesian product" }
func (fakeNotification) Description() string      { return "disconnected patterns" }
func (fakeNotification) RawSeverityLevel() string { return "INFORMATION" }

// TestLogNotifications: a statement the server warns about is logged with
// its name and the notification's code.
func TestLogNotifications(t *testing.T) {
	var buf bytes.Buffer
	logNotifications(slog.New(slog.NewTextHandler(&buf, nil)), "find_people", []driver.Notification{fakeNotification{}})
	for _, want := range []string{"statement=find_people", "code=Neo.ClientNotification.Statement.CartesianProduct"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log %q lacks %q", buf.String(), want)
		}
	}
}
