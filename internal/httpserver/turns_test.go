package httpserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// blockingStore holds the first organisation list until release is
// closed, the others until release is closed or their request ends.
type blockingStore struct {
	reseau.Store
	entered chan struct{}
	release chan struct{}
	mu      sync.Mutex
	calls   int
}

func (s *blockingStore) FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	s.mu.Lock()
	s.calls++
	first := s.calls == 1
	release := s.release
	s.mu.Unlock()
	s.entered <- struct{}{}
	if first { // holds its turn past its deadline
		<-release
		return s.Store.FindOrganisations(ctx, f, o)
	}
	select {
	case <-release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.Store.FindOrganisations(ctx, f, o)
}

// TestConcurrentRequestsWaitTheirTurn runs a real server allowing one
// request at a time: while a first request executes, a second one waits
// without reaching the store, and once its deadline passes it is answered
// 503 UNAVAILABLE. The first then answers in full.
func TestConcurrentRequestsWaitTheirTurn(t *testing.T) {
	s := &blockingStore{Store: sqlitetest.Demo(t), entered: make(chan struct{}, 2), release: make(chan struct{})}
	lim := limits.Defaults(false)
	lim.MaxConcurrent = 1
	lim.Timeout = 300 * time.Millisecond
	srv := httpserver.NewSecure(&graph.Resolver{Store: s}, nil, httpserver.Security{Limits: lim})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	post := func() (*http.Response, error) {
		return http.Post(ts.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ organisations(first: 2) { nodes { key } } }"}`))
	}

	first := make(chan *http.Response, 1)
	go func() {
		res, err := post()
		if err != nil {
			t.Error(err)
		}
		first <- res
	}()
	<-s.entered // the first request holds the one turn

	res, err := post()
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Errors []struct{ Extensions struct{ Code string } }
	}
	_ = json.NewDecoder(res.Body).Decode(&body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || len(body.Errors) != 1 || body.Errors[0].Extensions.Code != reseau.EUNAVAILABLE {
		t.Errorf("the waiting request was answered %d %+v, want 503 %s", res.StatusCode, body.Errors, reseau.EUNAVAILABLE)
	}
	s.mu.Lock()
	calls := s.calls
	s.mu.Unlock()
	if calls != 1 {
		t.Errorf("the store was asked %d lists, want 1: the waiting request ran", calls)
	}

	close(s.release)
	if r := <-first; r != nil {
		r.Body.Close()
		// The first request's own deadline passed while it was held: it
		// answers, whatever the status, and frees its turn.
	}
	// The turn is free again: a request runs.
	res, err = post()
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("a request after the others answered %d, want 200", res.StatusCode)
	}
}
