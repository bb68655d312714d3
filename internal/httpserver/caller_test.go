package httpserver_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestNilCallerIsAnonymous checks that a CallerFunc answering no caller does
// not run the request as the system (which a context without a caller
// means): the request sees what an anonymous caller sees.
func TestNilCallerIsAnonymous(t *testing.T) {
	ts := serve(t, demoStore(t), nil)
	a := post(t, ts, `{ people { totalCount } }`, nil)
	var data struct {
		People struct{ TotalCount int } `json:"people"`
	}
	if err := json.Unmarshal(a.Data, &data); err != nil {
		t.Fatalf("%s: %v", a.Data, err)
	}
	if data.People.TotalCount != 0 {
		t.Fatalf("a request without a caller sees %d people, want none", data.People.TotalCount)
	}
}

// callers is a real store that records the caller of each Domains call.
type callers struct {
	reseau.Store
	seen []*reseau.Caller
}

func (c *callers) Domains(ctx context.Context) ([]*reseau.Domain, error) {
	c.seen = append(c.seen, reseau.CallerFrom(ctx))
	return c.Store.Domains(ctx)
}

// TestBearerHeader checks the Authorization header on the real path (the
// Verifier as the server's CallerFunc): no header is anonymous, a verified
// bearer token of any scheme case is its subject, and any other header is a
// 401 with the invalid_token challenge before any resolver runs.
func TestBearerHeader(t *testing.T) {
	v, err := auth.NewVerifier(exportAuth)
	if err != nil {
		t.Fatal(err)
	}
	store := &callers{Store: demoStore(t)}
	srv := httpserver.NewSecure(&graph.Resolver{Store: store}, slog.New(slog.NewTextHandler(io.Discard, nil)),
		httpserver.Security{Verifier: v, Limits: limits.Defaults(false)})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	good, err := exportAuth.Mint("carol", []string{reseau.RoleViewer}, []string{"css"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		header []string
		status int
		sub    string
	}{
		{"no header is anonymous", nil, http.StatusOK, ""},
		{"valid bearer", []string{"Bearer " + good}, http.StatusOK, "carol"},
		{"lower-case scheme", []string{"bearer " + good}, http.StatusOK, "carol"},
		{"empty header", []string{""}, http.StatusUnauthorized, ""},
		{"basic scheme", []string{"Basic dXNlcjpwYXNz"}, http.StatusUnauthorized, ""},
		{"bearer without token", []string{"Bearer "}, http.StatusUnauthorized, ""},
		{"bad token", []string{"Bearer abc.def.ghi"}, http.StatusUnauthorized, ""},
		{"two headers", []string{"Bearer " + good, "Bearer " + good}, http.StatusUnauthorized, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store.seen = nil
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(`{"query":"{ domains { key } }"}`))
			req.Header.Set("Content-Type", "application/json")
			for _, h := range tc.header {
				req.Header.Add("Authorization", h)
			}
			res, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var a answer
			if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %+v", res.StatusCode, tc.status, a.Errors)
			}
			if tc.status == http.StatusUnauthorized {
				if len(store.seen) != 0 {
					t.Fatal("a resolver ran for a refused token")
				}
				if got := res.Header.Get("WWW-Authenticate"); got != auth.Challenge {
					t.Errorf("WWW-Authenticate %q, want %q", got, auth.Challenge)
				}
				if len(a.Errors) != 1 || a.code() != reseau.EUNAUTHORIZED || a.Errors[0].Message == "" {
					t.Fatalf("errors %+v", a.Errors)
				}
				return
			}
			if len(a.Errors) != 0 || len(store.seen) != 1 || store.seen[0].Subject != tc.sub || store.seen[0].System {
				t.Fatalf("errors %+v, callers seen %+v", a.Errors, store.seen)
			}
		})
	}
}
