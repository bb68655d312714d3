package security_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// nested is a query n fields deep, through organisations' parents.
func nested(n int) string {
	return `{ organisation(key: "memoire") { ` + strings.Repeat("parent { ", n-2) + "key" + strings.Repeat(" }", n-1) + " }"
}

func manyAliases(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: organisations(first: 1) { totalCount }", i)
	}
	b.WriteString(" }")
	return b.String()
}

func batch(n int) string {
	ops := make([]map[string]any, n)
	for i := range ops {
		ops[i] = map[string]any{"query": "{ organisations(first: 50) { nodes { key name } } }"}
	}
	b, _ := json.Marshal(ops)
	return string(b)
}

func queryBody(q string) string {
	b, _ := json.Marshal(map[string]string{"query": q})
	return string(b)
}

var tenMB = `{"query":"{ domains { key } }","variables":{"x":"` + strings.Repeat("x", 10<<20) + `"}}`

// post builds an abusive request; content type "chunked" is JSON sent
// without a Content-Length, so the limit is met while reading. Unless i is
// negative, a GraphQL comment makes each document new to every cache.
func post(contentType, body string, i int) *http.Request {
	if i >= 0 && len(body) < 1<<20 && strings.HasPrefix(body, `{"query":"`) {
		body = `{"query":"# ` + fmt.Sprint(i) + `\n` + strings.TrimPrefix(body, `{"query":"`)
	}
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	if contentType == "chunked" {
		r.ContentLength = -1
		r.Body = io.NopCloser(strings.NewReader(body))
		contentType = "application/json"
	}
	r.Header.Set("Content-Type", contentType)
	// The media type in which a request error is a 4xx (GraphQL over HTTP);
	// in application/json it is 200 (TestLegacyJSONStatus).
	r.Header.Set("Accept", "application/graphql-response+json")
	return r
}

// abusive are the requests the issue names, with what each must get.
var abusive = []struct {
	name, contentType, body string
	status                  int
	code                    string
}{
	{"query nested 20 deep", "application/json", queryBody(nested(20)), 400, limits.CodeDepth},
	{"5,000 aliases", "application/json", queryBody(manyAliases(5000)), 400, limits.CodeTokens},
	{"300 aliases under the token limit", "application/json", queryBody(manyAliases(300)), 400, limits.CodeAliases},
	{"100 batched operations", "application/json", batch(100), 400, httperr.CodeBatch},
	{"complexity over the limit", "application/json", queryBody(`{ organisations(first: 500) { nodes { collaborators(first: 500) { organisation { collaborators(first: 500) { weight } } } } } }`), 400, limits.CodeComplexity},
	{"directive flood", "application/json", queryBody("{ domains { key" + strings.Repeat(" @include(if: true)", 1000) + " } }"), 400, limits.CodeDirectives},
	{"10 MB body", "application/json", tenMB, 413, httperr.CodeTooLarge},
	{"10 MB body, chunked", "chunked", tenMB, 413, httperr.CodeTooLarge},
	{"form post (CSRF)", "application/x-www-form-urlencoded", "query=" + url.QueryEscape(`mutation { deleteOrganisation(key: "cpas") { key } }`), 415, httperr.CodeMediaType},
	{"text/plain post (CSRF)", "text/plain", queryBody(`mutation { deleteOrganisation(key: "cpas") { key } }`), 415, httperr.CodeMediaType},
}

// TestAbusiveRequests sends each abusive request through the real server
// and checks that it is rejected with a clear error and a 4xx status. The
// server time of each rejection is logged (run with -v); the figures of
// record come from BenchmarkRejections.
func TestAbusiveRequests(t *testing.T) {
	e := start(t, nil, nil)
	for _, tt := range abusive {
		t.Run(tt.name, func(t *testing.T) {
			r := post(tt.contentType, tt.body, -1)
			w := httptest.NewRecorder()
			t0 := time.Now()
			e.handler.ServeHTTP(w, r)
			elapsed := time.Since(t0)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, pretty(w.Body.String()))
			}
			var a answer
			if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil || a.code() != tt.code || a.Errors[0].Message == "" || a.Data != nil {
				t.Fatalf("body %s, want code %s", pretty(w.Body.String()), tt.code)
			}
			t.Logf("%s: %d %s in %v: %s", tt.name, w.Code, tt.code, elapsed, a.Errors[0].Message)
		})
	}
	// And the legitimate neighbours pass.
	for name, q := range map[string]string{
		"12 levels":   nested(12),
		"200 aliases": manyAliases(200),
		"a dashboard page": `{ organisations(first: 100) { totalCount nodes { key name sector domains { key labelFr }
			collaborators(first: 20) { weight organisation { key name } } partners { key } } } }`,
	} {
		t.Run(name, func(t *testing.T) {
			if a := e.gql(t, "", q, nil); a.Status != 200 || a.code() != "" {
				t.Fatalf("HTTP %d: %s", a.Status, pretty(a.Raw))
			}
		})
	}
}

// TestLegacyJSONStatus checks the status for clients that ask for
// application/json (or send no Accept): 200 with the limit's code, as GraphQL
// over HTTP recommends for that media type, and no data entry.
func TestLegacyJSONStatus(t *testing.T) {
	e := start(t, nil, nil)
	for _, accept := range []string{"application/json", ""} {
		h := http.Header{}
		if accept != "" {
			h.Set("Accept", accept)
		}
		a := e.request(t, http.MethodPost, "/graphql", "application/json", queryBody(nested(20)), h)
		if a.Status != http.StatusOK || a.code() != limits.CodeDepth || strings.Contains(a.Raw, `"data"`) ||
			!strings.HasPrefix(a.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("Accept %q: HTTP %d %s: %s", accept, a.Status, a.Header.Get("Content-Type"), pretty(a.Raw))
		}
	}
}

// TestCSRF checks that a cross-site page cannot write: no mutation over GET,
// no form or plain-text body, and the store unchanged afterwards.
func TestCSRF(t *testing.T) {
	e := start(t, nil, nil)
	tok := tokenFor(t, &reseau.Caller{Subject: "coco", Roles: []string{reseau.RoleCoordinator}})
	auth := http.Header{"Authorization": {"Bearer " + tok}}
	mutation := `mutation { deleteOrganisation(key: "cpas") { key } }`
	tests := []struct {
		name, method, path, ct, body string
		status                       int
		allow                        string
	}{
		{"GET mutation", "GET", "/graphql?query=" + url.QueryEscape(mutation), "", "", 405, "POST"},
		{"GET named mutation", "GET", "/graphql?operationName=D&query=" + url.QueryEscape("query Q { domains { key } } "+strings.Replace(mutation, "mutation", "mutation D", 1)), "", "", 405, "POST"},
		{"form POST", "POST", "/graphql", "application/x-www-form-urlencoded", "query=" + url.QueryEscape(mutation), 415, ""},
		{"multipart POST", "POST", "/graphql", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n" + mutation + "\r\n--b--\r\n", 415, ""},
		{"text/plain POST", "POST", "/graphql", "text/plain", queryBody(mutation), 415, ""},
		{"PUT", "PUT", "/graphql", "application/json", queryBody(mutation), 405, "GET, POST, OPTIONS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.request(t, tt.method, tt.path, tt.ct, tt.body, auth)
			if a.Status != tt.status || a.Header.Get("Allow") != tt.allow || a.code() == "" {
				t.Fatalf("HTTP %d, Allow %q: %s", a.Status, a.Header.Get("Allow"), pretty(a.Raw))
			}
		})
	}
	if a := e.gql(t, "", `{ organisation(key: "cpas") { key } }`, nil); a.at("organisation.key") != "cpas" {
		t.Fatalf("cpas was deleted: %s", a.Raw)
	}
	if a := e.request(t, "GET", "/graphql?query="+url.QueryEscape("{ domains { key } }"), "", "", nil); a.Status != 200 {
		t.Fatalf("GET query: HTTP %d", a.Status)
	}
}

// TestCORS checks the allow-list: an allowed origin gets CORS headers
// without credentials; any other origin gets none at all.
func TestCORS(t *testing.T) {
	e := start(t, nil, nil)
	for _, tt := range []struct {
		name, method, origin string
		allowed              bool
	}{
		{"allowed origin", "POST", "https://app.reseau.test", true},
		{"allowed preflight", "OPTIONS", "https://app.reseau.test", true},
		{"disallowed origin", "POST", "https://evil.test", false},
		{"disallowed preflight", "OPTIONS", "https://evil.test", false},
		{"look-alike origin", "POST", "https://app.reseau.test.evil.test", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Origin": {tt.origin}}
			if tt.method == "OPTIONS" {
				h.Set("Access-Control-Request-Method", "POST")
				h.Set("Access-Control-Request-Headers", "authorization,content-type")
			}
			a := e.request(t, tt.method, "/graphql", "application/json", queryBody("{ domains { key } }"), h)
			got := a.Header.Get("Access-Control-Allow-Origin")
			if tt.allowed != (got == tt.origin) {
				t.Fatalf("Allow-Origin %q", got)
			}
			for k := range a.Header {
				if !tt.allowed && strings.HasPrefix(k, "Access-Control-") {
					t.Errorf("CORS header %s sent to %s", k, tt.origin)
				}
			}
			if a.Header.Get("Access-Control-Allow-Credentials") != "" {
				t.Error("credentials allowed")
			}
		})
	}
}

// TestIntrospection checks that introspection and suggestions are on in
// development and off in production.
func TestIntrospection(t *testing.T) {
	for _, prod := range []bool{false, true} {
		t.Run(fmt.Sprint("production=", prod), func(t *testing.T) {
			lim := limits.Defaults(prod)
			e := start(t, &lim, nil)
			a := e.gql(t, "", `{ __schema { queryType { name } } }`, nil)
			if open := a.code() == "" && a.at("__schema.queryType.name") == "Query"; open == prod {
				t.Errorf("introspection answered = %v: %s", open, pretty(a.Raw))
			}
			a = e.gql(t, "", `{ organisatons { totalCount } }`, nil)
			if suggests := strings.Contains(a.Raw, "Did you mean"); suggests == prod {
				t.Errorf("suggestions = %v: %s", suggests, pretty(a.Raw))
			}
		})
	}
}

// BenchmarkRejections measures the server time of each abusive request,
// from the handler's entry to its answer (no network), each document new to
// the caches (the worst case). Run:
//
//	go test ./internal/security -run '^$' -bench Rejections -benchtime 50x
func BenchmarkRejections(b *testing.B) {
	e := start(b, nil, nil)
	for _, tt := range abusive {
		b.Run(tt.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				r := post(tt.contentType, tt.body, i)
				w := httptest.NewRecorder()
				e.handler.ServeHTTP(w, r)
				if w.Code != tt.status {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
