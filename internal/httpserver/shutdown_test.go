package httpserver_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// stuckStore makes organisation lists run until their context ends, as a
// long query or import does.
type stuckStore struct {
	reseau.Store
	started chan struct{}
	ended   chan error
}

func (s *stuckStore) FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	close(s.started)
	<-ctx.Done()
	s.ended <- context.Cause(ctx)
	return nil, ctx.Err()
}

// TestShutdownCancelsLongWork stops a server while a request runs past the
// grace period: the request's context is cancelled, Serve returns nil within
// the grace period plus the drain, and the log names the request it
// cancelled. Serve used to wait for the request however long it ran, then
// return "context deadline exceeded".
func TestShutdownCancelsLongWork(t *testing.T) {
	store := &stuckStore{Store: demoStore(t), started: make(chan struct{}), ended: make(chan error, 1)}
	var logs bytes.Buffer
	srv := httpserver.New(&graph.Resolver{Store: store}, slog.New(slog.NewTextHandler(&logs, nil)))
	srv.ShutdownGrace = 100 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.ServeListener(ctx, ln) }()
	go func() {
		res, err := http.Post("http://"+ln.Addr().String()+"/graphql", "application/json",
			strings.NewReader(`{"query":"{ organisations { totalCount } }"}`))
		if err == nil {
			res.Body.Close()
		}
	}()
	<-store.started
	start := time.Now()
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve still running 10 s after its context ended")
	}
	if d := time.Since(start); d < srv.ShutdownGrace {
		t.Errorf("Serve returned after %v, before the grace period", d)
	}
	select {
	case cause := <-store.ended:
		if cause == nil || !strings.Contains(cause.Error(), "shutting down") {
			t.Errorf("request cancelled by %v, want the shutdown", cause)
		}
	default:
		t.Error("the running request was not cancelled")
	}
	if !strings.Contains(logs.String(), "cancelled at shutdown") || !strings.Contains(logs.String(), "POST /graphql") {
		t.Errorf("the log does not name the cancelled request:\n%s", logs.String())
	}
}
