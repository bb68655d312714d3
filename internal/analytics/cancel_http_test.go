package analytics_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

const brokersQuery = `{"query":"{ brokers(first: 5) { betweenness organisation { key } } }"}`

// serveDemo serves the demo store over a real HTTP server with timeout as
// the request time limit.
func serveDemo(t *testing.T, timeout time.Duration) *httptest.Server {
	t.Helper()
	s := sqlitetest.Demo(t)
	lim := limits.Defaults(false)
	lim.Timeout = timeout
	srv := httpserver.NewSecure(&graph.Resolver{Store: s, Analytics: analytics.NewEngine(s)}, nil, httpserver.Security{Limits: lim})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// hookSources counts the sources of the brokers' computation; each waits
// until the computation's context is done (10 s at most), and cancelled is
// closed the first time one sees it done.
func hookSources(t *testing.T) (started *atomic.Int64, first, cancelled chan struct{}) {
	started, first, cancelled = new(atomic.Int64), make(chan struct{}), make(chan struct{})
	var f, c atomic.Bool
	t.Cleanup(analytics.SetOnSource(func(ctx context.Context) {
		started.Add(1)
		if f.CompareAndSwap(false, true) {
			close(first)
		}
		select {
		case <-ctx.Done():
			if c.CompareAndSwap(false, true) {
				close(cancelled)
			}
		case <-time.After(10 * time.Second):
		}
	}))
	return started, first, cancelled
}

// TestClientDisconnectStopsAnalytics: a client that goes away while the
// server computes brokers stops that computation (no one else waits for
// it): the computation's context is cancelled and no further source starts.
func TestClientDisconnectStopsAnalytics(t *testing.T) {
	ts := serveDemo(t, time.Minute)
	started, first, cancelled := hookSources(t)
	ctx, hangUp := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/graphql", bytes.NewBufferString(brokersQuery))
	req.Header.Set("Content-Type", "application/json")
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	select {
	case <-first:
	case <-time.After(10 * time.Second):
		t.Fatal("the brokers' computation did not start")
	}
	hangUp()
	<-done
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the server's computation was not cancelled when its client went away")
	}
	time.Sleep(100 * time.Millisecond)
	n := started.Load()
	time.Sleep(100 * time.Millisecond)
	if again := started.Load(); again != n || n > 4 {
		t.Errorf("sources started: %d, then %d: the work went on without its client", n, again)
	}
}

// TestRequestTimeoutStopsAnalytics: an analytics request that outlives
// RESEAU_REQUEST_TIMEOUT is answered TIMEOUT soon after the limit, and its
// computation is stopped.
func TestRequestTimeoutStopsAnalytics(t *testing.T) {
	const timeout = 200 * time.Millisecond
	ts := serveDemo(t, timeout)
	_, _, cancelled := hookSources(t)
	begin := time.Now()
	resp, err := http.Post(ts.URL+"/graphql", "application/json", bytes.NewBufferString(brokersQuery))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	elapsed := time.Since(begin)
	var body struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if len(body.Errors) == 0 || body.Errors[0].Extensions.Code != reseau.ETIMEOUT {
		t.Fatalf("errors = %+v, want code %s", body.Errors, reseau.ETIMEOUT)
	}
	// The feature under test is that the answer names the limit.
	if msg := body.Errors[0].Message; !strings.Contains(msg, limits.EnvTimeout) {
		t.Errorf("message %q does not name %s", msg, limits.EnvTimeout)
	}
	if elapsed > timeout+2*time.Second { // generous: the bound is 100 ms past the limit
		t.Errorf("answered %v after a %v limit", elapsed, timeout)
	}
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the computation went on after the request's time limit")
	}
}
