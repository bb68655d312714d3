package httpserver_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
)

// graphiqlServer serves with the production limits, GraphiQL on or off.
func graphiqlServer(t *testing.T, on bool) *httptest.Server {
	t.Helper()
	srv := httpserver.NewSecure(&graph.Resolver{Store: demoStore(t)}, slog.New(slog.NewTextHandler(io.Discard, nil)),
		httpserver.Security{Limits: limits.Defaults(true), GraphiQL: on})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// graphiqlGet answers the status, headers and body of a GET.
func graphiqlGet(t *testing.T, ts *httptest.Server, url string) (int, http.Header, string) {
	t.Helper()
	res, err := ts.Client().Get(ts.URL + url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, string(body)
}

var pageRefs = regexp.MustCompile(`(?:src|href)="([^"]*)"`)

// graphiqlPage fetches /graphiql and answers the URLs it references, by
// file name.
func graphiqlPage(t *testing.T, ts *httptest.Server) map[string]string {
	t.Helper()
	status, h, page := graphiqlGet(t, ts, "/graphiql")
	if status != http.StatusOK || h.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("/graphiql: status %d, %s; want 200, text/html", status, h.Get("Content-Type"))
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("Content-Security-Policy %q, want default-src 'self'", h.Get("Content-Security-Policy"))
	}
	// Offline or behind a proxy blocking CDNs, any absolute URL is a
	// blank page.
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Errorf("the page references another host:\n%s", page)
	}
	for _, want := range []string{"<title>Réseau — GraphiQL</title>", `data-endpoint="/graphql"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	refs := make(map[string]string)
	for _, m := range pageRefs.FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[1], "/graphiql/") {
			t.Errorf("the page references %s, outside /graphiql/", m[1])
		}
		refs[path.Base(m[1])] = m[1]
	}
	return refs
}

// TestGraphiQLAssets checks that the GraphiQL page references only files
// the server itself serves, and that each answers with its content type
// and a long cache lifetime.
func TestGraphiQLAssets(t *testing.T) {
	ts := graphiqlServer(t, true)
	refs := graphiqlPage(t, ts)
	cases := []struct {
		name, file, typ string
	}{
		{"GraphiQL script", "graphiql.min.js", "text/javascript; charset=utf-8"},
		{"GraphiQL styles", "graphiql.min.css", "text/css; charset=utf-8"},
		{"React", "react.production.min.js", "text/javascript; charset=utf-8"},
		{"React DOM", "react-dom.production.min.js", "text/javascript; charset=utf-8"},
		{"bootstrap script", "page.js", "text/javascript; charset=utf-8"},
		{"page styles", "page.css", "text/css; charset=utf-8"},
	}
	var files []string
	for _, tc := range cases {
		files = append(files, tc.file)
	}
	for file := range refs {
		if !slices.Contains(files, file) {
			t.Errorf("the page references %s, which this test does not check", refs[file])
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url, ok := refs[tc.file]
			if !ok {
				t.Fatalf("the page does not reference %s", tc.file)
			}
			status, h, body := graphiqlGet(t, ts, url)
			if status != http.StatusOK || h.Get("Content-Type") != tc.typ || len(body) == 0 {
				t.Fatalf("%s: status %d, %q, %d bytes; want 200, %q, a body", url, status, h.Get("Content-Type"), len(body), tc.typ)
			}
			if !strings.Contains(h.Get("Cache-Control"), "immutable") || h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s: Cache-Control %q, X-Content-Type-Options %q", url, h.Get("Cache-Control"), h.Get("X-Content-Type-Options"))
			}
			// Fonts and images inside the stylesheets are data: URLs,
			// never fetched from elsewhere.
			if strings.HasSuffix(tc.file, ".css") {
				for _, u := range strings.Split(body, "url(")[1:] {
					if !strings.HasPrefix(strings.TrimLeft(u, `"'`), "data:") {
						t.Errorf("%s: url(%.40s", url, u)
					}
				}
			}
		})
	}
}

// TestGraphiQLNotFound checks what the asset route refuses: another
// version's URL (it must not be cached with today's file), a file that is
// not an asset, and everything when GraphiQL is off.
func TestGraphiQLNotFound(t *testing.T) {
	on := graphiqlServer(t, true)
	url := graphiqlPage(t, on)["graphiql.min.js"]
	dir := path.Dir(url)
	for _, tc := range []struct {
		name string
		ts   *httptest.Server
		url  string
	}{
		{"another version", on, "/graphiql/000000000000/graphiql.min.js"},
		{"unknown file", on, dir + "/graphiql.js"},
		{"page template", on, dir + "/page.html"},
		{"GraphiQL off, asset", graphiqlServer(t, false), url},
		{"GraphiQL off, page", graphiqlServer(t, false), "/graphiql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, _, _ := graphiqlGet(t, tc.ts, tc.url); status != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", tc.url, status)
			}
		})
	}
}
