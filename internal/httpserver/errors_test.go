package httpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// wantStatus is the HTTP contract of each reseau error code, as
// docs/imports.md, docs/exports.md and docs/security.md state it.
var wantStatus = map[string]int{
	reseau.EINVALID:      http.StatusBadRequest,
	reseau.ENOTFOUND:     http.StatusBadRequest,
	reseau.ECONFLICT:     http.StatusConflict,
	reseau.EUNAUTHORIZED: http.StatusUnauthorized,
	reseau.EFORBIDDEN:    http.StatusForbidden,
	reseau.EUNAVAILABLE:  http.StatusServiceUnavailable,
	reseau.ETIMEOUT:      http.StatusServiceUnavailable,
	reseau.EINTERNAL:     http.StatusInternalServerError,
}

// reseauCodes reads the error codes that package reseau declares (its
// constants named E…), so that a new code cannot go without a status.
func reseauCodes(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("../reseau/*.go")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if len(name.Name) < 2 || name.Name[0] != 'E' || strings.ToUpper(name.Name) != name.Name || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						codes = append(codes, v)
					}
				}
			}
		}
	}
	if len(codes) < len(wantStatus) {
		t.Fatalf("found codes %v in package reseau, fewer than the %d known", codes, len(wantStatus))
	}
	return codes
}

// failing is a real store whose Import and Version (which the analytics
// engine asks first) fail with err.
type failing struct {
	reseau.Store
	err error
}

func (f failing) Import(context.Context, *reseau.Dataset) (*reseau.ImportStats, error) {
	return nil, f.err
}

func (f failing) Version(context.Context) (uint64, error) { return 0, f.err }

// TestErrorStatus walks every reseau error code through the table and
// through each family of routes that answers errors before GraphQL work: a
// caller error on /graphql, a failed import on /import, a failed download on
// /export. Every family answers a code with the same status and body shape:
// one GraphQL-shaped error with the code, the input field when it is not
// internal, a WWW-Authenticate challenge on 401, and an internal error
// masked behind the request id, whose cause is logged.
func TestErrorStatus(t *testing.T) {
	codes := reseauCodes(t)
	for _, code := range codes {
		want, ok := wantStatus[code]
		if !ok {
			t.Fatalf("reseau declares code %q, which this test gives no status: decide it here and in httperr", code)
		}
		if got := httperr.Status(code); got != want {
			t.Errorf("httperr.Status(%s) = %d, want %d", code, got, want)
		}
	}
	snapshot, err := json.Marshal(map[string]any{"format": csvio.SnapshotFormat, "version": csvio.SnapshotVersion})
	if err != nil {
		t.Fatal(err)
	}
	store := demoStore(t)
	coordinator := &reseau.Caller{Subject: "coordinator-1", Roles: []string{reseau.RoleCoordinator}}
	const cause = "the cause that must stay in the log"
	families := []struct {
		name string
		// serve sets up srv to fail with err on the family's route.
		serve   func(srv *httpserver.Server, err error)
		request func(base string) *http.Request
	}{
		{"caller", func(srv *httpserver.Server, err error) {
			srv.CallerFunc = func(*http.Request) (*reseau.Caller, error) { return nil, err }
		}, func(base string) *http.Request {
			req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"{ domains { key } }"}`))
			req.Header.Set("Content-Type", "application/json")
			return req
		}},
		{"import", func(srv *httpserver.Server, err error) {
			srv.CallerFunc = func(*http.Request) (*reseau.Caller, error) { return coordinator, nil }
			srv.Store = failing{store, err}
		}, func(base string) *http.Request {
			req, _ := http.NewRequest(http.MethodPost, base+limits.ImportPath, bytes.NewReader(snapshot))
			req.Header.Set("Content-Type", limits.ContentTypeJSON)
			return req
		}},
		{"export", func(srv *httpserver.Server, err error) {
			srv.Analytics = analytics.NewEngine(failing{store, err})
		}, func(base string) *http.Request {
			req, _ := http.NewRequest(http.MethodGet, base+"/export/network.gexf", nil)
			return req
		}},
	}
	type errCase struct {
		name string
		err  error
		code string // the code answered
	}
	var cases []errCase
	for _, code := range codes {
		cases = append(cases, errCase{code, fmt.Errorf("wrapped: %w", &reseau.Error{Code: code, Message: "refused: " + cause, Field: "someField"}), code})
	}
	cases = append(cases,
		errCase{"plain error", errors.New(cause), reseau.EINTERNAL},
		errCase{"deadline", fmt.Errorf("%s: %w", cause, context.DeadlineExceeded), reseau.EUNAVAILABLE},
	)
	for _, fam := range families {
		for _, tc := range cases {
			t.Run(fam.name+"/"+tc.name, func(t *testing.T) {
				var logs bytes.Buffer
				srv := httpserver.NewSecure(&graph.Resolver{Store: store}, slog.New(slog.NewTextHandler(&logs, nil)),
					httpserver.Security{Limits: limits.Defaults(false)})
				fam.serve(srv, tc.err)
				ts := httptest.NewServer(srv.Handler())
				defer ts.Close()
				res, err := ts.Client().Do(fam.request(ts.URL))
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				raw, _ := io.ReadAll(res.Body)
				var a answer
				if err := json.Unmarshal(raw, &a); err != nil {
					t.Fatalf("status %d, not JSON: %s", res.StatusCode, raw)
				}
				if res.StatusCode != wantStatus[tc.code] || len(a.Errors) != 1 || a.code() != tc.code || a.Data != nil {
					t.Fatalf("status %d, body %s; want %d and one error with code %s", res.StatusCode, raw, wantStatus[tc.code], tc.code)
				}
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("Content-Type %q", ct)
				}
				if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
					t.Errorf("Cache-Control %q, want no-store", cc)
				}
				if challenge := res.Header.Get("WWW-Authenticate"); (res.StatusCode == http.StatusUnauthorized) != (challenge != "") {
					t.Errorf("status %d with WWW-Authenticate %q", res.StatusCode, challenge)
				}
				e := a.Errors[0]
				if e.Message == "" {
					t.Error("no message")
				}
				id := res.Header.Get("X-Request-Id")
				if tc.code == reseau.EINTERNAL {
					if strings.Contains(string(raw), cause) || strings.Contains(string(raw), "someField") {
						t.Errorf("the internal error leaks: %s", raw)
					}
					if id == "" || e.Extensions["requestId"] != id || !strings.Contains(e.Message, id) {
						t.Errorf("request id %q, answer %s", id, raw)
					}
					if !strings.Contains(logs.String(), cause) || !strings.Contains(logs.String(), id) {
						t.Errorf("the log lacks the cause or the request id: %s", logs.String())
					}
					return
				}
				if _, ok := e.Extensions["requestId"]; ok {
					t.Errorf("a requestId on a %s error: %s", tc.code, raw)
				}
				var re *reseau.Error
				if errors.As(tc.err, &re) && e.Extensions["field"] != "someField" {
					t.Errorf("extensions %v, want field someField", e.Extensions)
				}
			})
		}
	}
}
