package httpserver_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// slowStore makes organisation lists wait until released, to hold a request
// in flight; its Version fails when broken is set.
type slowStore struct {
	reseau.Store
	started chan struct{}
	release chan struct{}
	broken  atomic.Bool
}

func (s *slowStore) FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	close(s.started)
	<-s.release
	return s.Store.FindOrganisations(ctx, f, o)
}

func (s *slowStore) Version(ctx context.Context) (uint64, error) {
	if s.broken.Load() {
		return 0, errors.New("disk on fire")
	}
	return s.Store.Version(ctx)
}

// TestGracefulShutdown cancels the server's context while a request is in
// flight: the request is answered in full, then Serve returns without error.
func TestGracefulShutdown(t *testing.T) {
	store := &slowStore{Store: demoStore(t), started: make(chan struct{}), release: make(chan struct{})}
	srv := httpserver.New(&graph.Resolver{Store: store}, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.ServeListener(ctx, ln) }()

	answered := make(chan int, 1)
	go func() {
		res, err := http.Post("http://"+ln.Addr().String()+"/graphql", "application/json",
			strings.NewReader(`{"query":"{ organisations { totalCount } }"}`))
		if err != nil {
			t.Error(err)
			answered <- 0
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	<-store.started
	cancel()
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(store.release)
	if code := <-answered; code != http.StatusOK {
		t.Errorf("in-flight request answered %d, want 200", code)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve = %v, want nil after a graceful shutdown", err)
	}
}

func TestHealthz(t *testing.T) {
	store := &slowStore{Store: demoStore(t)}
	ts := serve(t, store, reseau.Anonymous)
	for _, tc := range []struct {
		name   string
		broken bool
		status int
	}{
		{"store answers", false, http.StatusOK},
		{"store fails", true, http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store.broken.Store(tc.broken)
			res, err := http.Get(ts.URL + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
		})
	}
}
