package limits

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// deep returns a query n fields deep.
func deep(n int) string {
	return `{ organisation(key: "x") { ` + strings.Repeat("parent { ", n-2) + "key" + strings.Repeat(" }", n-1) + " }"
}

func aliases(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: __typename", i)
	}
	b.WriteString(" }")
	return b.String()
}

// doubling returns fragments F0..Fn where each spreads the previous twice
// under two aliases: 2^n aliased fields once expanded.
func doubling(n int) string {
	var b strings.Builder
	b.WriteString("{ ...F" + fmt.Sprint(n) + " }\nfragment F0 on Query { x: __typename }\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "fragment F%d on Query { l: organisations { nodes { ...F%d } } r: organisations { nodes { ...F%d } } }\n", i, i-1, i-1)
	}
	return b.String()
}

func code(err *gqlerror.Error) string {
	if err == nil {
		return ""
	}
	c, _ := err.Extensions["code"].(string)
	return c
}

func TestShapeLimits(t *testing.T) {
	e := NewExtension(Defaults(false))
	deepOK := Defaults(false)
	deepOK.MaxDepth = 1000
	tests := []struct {
		name  string
		query string
		want  string
		cfg   *Config
	}{
		{"small query", "{ organisations(first: 10) { nodes { key name } } }", "", nil},
		{"12 levels", deep(12), "", nil},
		{"20 levels", deep(20), CodeDepth, nil},
		{"20 levels through fragments", "{ ...A } fragment A on Query { organisations { nodes { ...B } } } fragment B on Organisation { " +
			strings.Repeat("parent { ", 18) + "key" + strings.Repeat(" }", 18) + " }", CodeDepth, nil},
		{"200 aliases", aliases(200), "", nil},
		{"5000 aliases", aliases(5000), CodeTokens, nil}, // the token limit comes first
		{"201 aliases", aliases(201), CodeAliases, nil},
		{"aliases doubled through fragments", doubling(40), CodeAliases, &deepOK},
		{"fragment cycle", "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }", "GRAPHQL_VALIDATION_FAILED", nil},
		{"directive flood", "{ __typename" + strings.Repeat(" @skip(if: false)", 60) + " }", CodeDirectives, nil},
		{"introspection is not counted as depth", introspectionQuery, "", nil},
		{"syntax error", "{ organisations ", "GRAPHQL_PARSE_FAILED", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e
			if tt.cfg != nil {
				e = NewExtension(*tt.cfg)
			}
			err := e.MutateOperationParameters(context.Background(), &graphql.RawParams{Query: tt.query})
			if got := code(err); got != tt.want {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.want)
			}
			if err != nil && err.Message == "" {
				t.Fatal("no message")
			}
		})
	}
}

// A GraphiQL-style introspection query, deeper than MaxDepth.
var introspectionQuery = `query { __schema { types { name fields { name type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { name } } } } } } } } } } }`

func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	files, err := filepath.Glob("../../schema/*.graphqls")
	if err != nil || len(files) == 0 {
		// The schema is part of the module: its absence is a broken tree,
		// not a reason to skip the complexity tests.
		t.Fatalf("no schema/*.graphqls found: %v", err)
	}
	var srcs []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, &ast.Source{Name: f, Input: string(b)})
	}
	s, err := gqlparser.LoadSchema(srcs...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestComplexity(t *testing.T) {
	schema := loadSchema(t)
	e := NewExtension(Defaults(false))
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		cost  int
		want  string
	}{
		{"one organisation page", "{ organisations(first: 10) { totalCount nodes { key name } } }", nil, 1 + 10*1, ""},
		{"edges are paid by first", "{ organisations(first: 10) { edges { node { key } } } }", nil, 1 + 10*(1+1), ""},
		{"schema's default page", "{ organisations { nodes { key } } }", nil, 1 + 50*1, ""},
		{"first from a variable", "query($n: Int) { organisations(first: $n) { nodes { key } } }", map[string]any{"n": 3}, 1 + 3*1, ""},
		{"unpaged list", "{ domains { key labelFr } }", nil, 10 * 1, ""},
		{"a list's first is capped by its fan-out", "{ organisations(first: 1) { nodes { collaborators(first: 500) { weight } } } }", nil, 1 + 1*(1+100*1), ""},
		{"an analytics field pays its algorithm", "{ brokers(first: 10) { betweenness } }", nil, 2000 + 10*1, ""},
		{"nested pages multiply", "{ organisations(first: 1000) { nodes { collaborators(first: 1000) { weight organisation { collaborators(first: 1000) { weight } } } } } }", nil, -1, CodeComplexity},
		{"typename is free", "{ __typename }", nil, 0, ""},
		// gaps 1000; 21 domains (FanOut) or those asked; 10 pairs each;
		// bridges 550 + 3 × 1 per cell.
		{"every gap cell's bridges", "{ gaps { domains { pairs { bridges(first: 3) { tiesA } } } } }", nil,
			1000 + 1 + 21*(1+10*(1+550+3*1)), CodeComplexity},
		{"one domain's gap cells and bridges", `{ gaps(domains: ["sante-mentale"]) { domains { pairs { bridges(first: 3) { tiesA } } } } }`, nil,
			1000 + 1 + 1*(1+10*(1+550+3*1)), ""},
		{"two domains from a variable", `query($d: [ID!]) { gaps(domains: $d) { domains { pairs { introduction { length } } } } }`,
			map[string]any{"d": []any{"a", "b"}}, 1000 + 1 + 2*(1+10*(1+25+1)), ""},
		{"an invitation list", `{ meetingInvitations(domain: "parentalite", size: 50) { organisations { organisation { key } } } }`, nil,
			8000 + 1 + 10*(1+1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQuery(schema, tt.query)
			if errs != nil {
				t.Fatal(errs)
			}
			op := doc.Operations[0]
			w := &costWalker{cfg: e.cfg, vars: tt.vars, memo: map[costKey]int{}}
			if tt.cost >= 0 {
				if got := w.set(op.SelectionSet, false); got != tt.cost {
					t.Errorf("cost = %d, want %d", got, tt.cost)
				}
			}
			oc := &graphql.OperationContext{Doc: doc, Operation: op, Variables: tt.vars}
			if got := code(e.MutateOperationContext(context.Background(), oc)); got != tt.want {
				t.Errorf("code = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIntrospectionSwitch(t *testing.T) {
	for _, prod := range []bool{false, true} {
		oc := &graphql.OperationContext{DisableIntrospection: true}
		_ = NewExtension(Defaults(prod)).MutateOperationContext(context.Background(), oc)
		if oc.DisableIntrospection != prod {
			t.Errorf("production=%v: DisableIntrospection = %v", prod, oc.DisableIntrospection)
		}
	}
}

func TestErrorCap(t *testing.T) {
	e := NewExtension(Defaults(false))
	r := e.InterceptResponse(context.Background(), func(context.Context) *graphql.Response {
		var errs gqlerror.List
		for range 1000 {
			errs = append(errs, gqlerror.Errorf("x"))
		}
		return &graphql.Response{Errors: errs}
	})
	if len(r.Errors) != 21 || r.Errors[20].Extensions["code"] != "TOO_MANY_ERRORS" {
		t.Fatalf("%d errors", len(r.Errors))
	}
}

func TestGuard(t *testing.T) {
	cfg := Defaults(false)
	cfg.CORSOrigins = []string{"https://app.example"}
	var reached bool
	h := Guard(cfg, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached = true
		if _, ok := r.Context().Deadline(); !ok {
			t.Error("no deadline")
		}
	}))
	big := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", 10<<20) + `"}}`
	batch := "[" + strings.TrimSuffix(strings.Repeat(`{"query":"{ __typename }"},`, 100), ",") + "]"
	tests := []struct {
		name, method, ct, body, target string
		header                         map[string]string
		status                         int
		code                           string
		allow                          string
	}{
		{name: "POST JSON", method: "POST", ct: "application/json", body: `{"query":"{ __typename }"}`, status: 200},
		{name: "POST JSON utf-8", method: "POST", ct: "application/json; charset=UTF-8", body: `{"query":"{ __typename }"}`, status: 200},
		{name: "POST latin-1", method: "POST", ct: "application/json; charset=iso-8859-1", body: `{}`, status: 415, code: httperr.CodeMediaType},
		{name: "POST form", method: "POST", ct: "application/x-www-form-urlencoded", body: "query=mutation{x}", status: 415, code: httperr.CodeMediaType},
		{name: "POST multipart", method: "POST", ct: "multipart/form-data; boundary=x", body: "--x--", status: 415, code: httperr.CodeMediaType},
		{name: "POST text/plain", method: "POST", ct: "text/plain", body: `{"query":"mutation { x }"}`, status: 415, code: httperr.CodeMediaType},
		{name: "POST no content type", method: "POST", body: `{"query":"{ __typename }"}`, status: 415, code: httperr.CodeMediaType},
		{name: "POST 10 MB", method: "POST", ct: "application/json", body: big, status: 413, code: httperr.CodeTooLarge},
		{name: "POST batch of 100", method: "POST", ct: "application/json", body: batch, status: 400, code: httperr.CodeBatch},
		{name: "POST not JSON", method: "POST", ct: "application/json", body: `{"query":`, status: 400, code: httperr.CodeBadRequest},
		{name: "POST JSON string", method: "POST", ct: "application/json", body: `"{ __typename }"`, status: 400, code: httperr.CodeBadRequest},
		{name: "GET query", method: "GET", target: "/graphql?query=" + urlq("{ __typename }"), status: 200},
		{name: "GET mutation", method: "GET", target: "/graphql?query=" + urlq("mutation { deleteOrganisation(key: \"x\") { key } }"), status: 405, code: httperr.CodeMethodNotAllowed, allow: "POST"},
		{name: "GET named mutation among queries", method: "GET", target: "/graphql?operationName=M&query=" + urlq("query Q { __typename } mutation M { x }"), status: 405, code: httperr.CodeMethodNotAllowed, allow: "POST"},
		{name: "GET subscription", method: "GET", target: "/graphql?query=" + urlq("subscription { x }"), status: 405, code: httperr.CodeMethodNotAllowed, allow: "POST"},
		{name: "PUT", method: "PUT", ct: "application/json", body: `{}`, status: 405, code: httperr.CodeMethodNotAllowed, allow: "GET, POST, OPTIONS"},
		{name: "DELETE", method: "DELETE", status: 405, code: httperr.CodeMethodNotAllowed, allow: "GET, POST, OPTIONS"},
		{name: "OPTIONS passes", method: "OPTIONS", status: 200},
		{name: "HEAD health check passes", method: "HEAD", target: HealthPath, status: 200},
		{name: "HEAD elsewhere", method: "HEAD", status: 405, code: httperr.CodeMethodNotAllowed, allow: "GET, POST, OPTIONS"},
		{name: "websocket from allowed origin", method: "GET", header: map[string]string{"Upgrade": "websocket", "Origin": "https://app.example"}, status: 200},
		{name: "websocket from same origin", method: "GET", header: map[string]string{"Upgrade": "websocket", "Origin": "http://example.com"}, status: 200},
		{name: "websocket from another origin", method: "GET", header: map[string]string{"Upgrade": "websocket", "Origin": "https://evil.example"}, status: 403, code: httperr.CodeOrigin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reached = false
			target := tt.target
			if target == "" {
				target = "/graphql"
			}
			r := httptest.NewRequest(tt.method, target, strings.NewReader(tt.body))
			if tt.ct != "" {
				r.Header.Set("Content-Type", tt.ct)
			}
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if reached != (tt.status == 200) {
				t.Fatalf("handler reached = %v", reached)
			}
			if tt.code != "" && !strings.Contains(w.Body.String(), `"code":"`+tt.code+`"`) {
				t.Errorf("body %s, want code %s", w.Body, tt.code)
			}
			if got := w.Header().Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
		})
	}
}

func urlq(s string) string {
	return strings.NewReplacer(" ", "%20", "{", "%7B", "}", "%7D", "\"", "%22", "(", "%28", ")", "%29", ":", "%3A").Replace(s)
}

func TestCORS(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	tests := []struct {
		name    string
		origins []string
		method  string
		origin  string
		want    string // Access-Control-Allow-Origin
	}{
		{"allowed origin", []string{"https://app.example"}, "POST", "https://app.example", "https://app.example"},
		{"disallowed origin", []string{"https://app.example"}, "POST", "https://evil.example", ""},
		{"disallowed preflight", []string{"https://app.example"}, "OPTIONS", "https://evil.example", ""},
		{"allowed preflight", []string{"https://app.example"}, "OPTIONS", "https://app.example", "https://app.example"},
		{"nothing configured", nil, "POST", "https://app.example", ""},
		{"wildcard", []string{"*"}, "POST", "https://any.example", "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/graphql", nil)
			r.Header.Set("Origin", tt.origin)
			if tt.method == "OPTIONS" {
				r.Header.Set("Access-Control-Request-Method", "POST")
				r.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
			}
			w := httptest.NewRecorder()
			CORS(tt.origins)(ok).ServeHTTP(w, r)
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != tt.want {
				t.Errorf("Allow-Origin = %q, want %q", got, tt.want)
			}
			if w.Header().Get("Access-Control-Allow-Credentials") != "" {
				t.Error("credentials allowed")
			}
			if tt.want == "" {
				for k := range w.Header() {
					if strings.HasPrefix(k, "Access-Control-") {
						t.Errorf("CORS header %s sent", k)
					}
				}
			}
		})
	}
}

func TestRequestIDs(t *testing.T) {
	var got string
	h := RequestIDs(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = httperr.RequestID(r.Context()) }))
	for name, tt := range map[string]struct{ in, keep string }{
		"generated":       {"", ""},
		"kept":            {"abc-123", "abc-123"},
		"forged log line": {"x\nlevel=ERROR", ""},
	} {
		t.Run(name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if tt.in != "" {
				r.Header.Set("X-Request-Id", tt.in)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if got == "" || w.Header().Get("X-Request-Id") != got || (tt.keep != "" && got != tt.keep) || (tt.keep == "" && got == tt.in) {
				t.Fatalf("id %q, header %q", got, w.Header().Get("X-Request-Id"))
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		ok    bool
		check func(Config) bool
	}{
		{"defaults", nil, true, func(c Config) bool { return c.Introspection && c.MaxDepth == 12 && c.MaxBody == 1<<20 }},
		{"production", map[string]string{EnvEnv: "production"}, true, func(c Config) bool { return !c.Introspection && c.Production }},
		{"production with introspection", map[string]string{EnvEnv: "production", EnvIntrospection: "true"}, true, func(c Config) bool { return c.Introspection }},
		{"origins", map[string]string{EnvCORSOrigins: " https://a.example/, http://localhost:5173 "}, true, func(c Config) bool {
			return len(c.CORSOrigins) == 2 && c.CORSOrigins[0] == "https://a.example"
		}},
		{"bad origin", map[string]string{EnvCORSOrigins: "a.example"}, false, nil},
		{"bad depth", map[string]string{EnvMaxDepth: "-1"}, false, nil},
		{"bad timeout", map[string]string{EnvTimeout: "soon"}, false, nil},
		{"timeout", map[string]string{EnvTimeout: "2s", EnvMaxBody: "1000"}, true, func(c Config) bool { return c.Timeout.Seconds() == 2 && c.MaxBody == 1000 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v", err)
			}
			if tt.check != nil && !tt.check(c) {
				t.Fatalf("config %+v", c)
			}
		})
	}
}

func TestQueryCacheBound(t *testing.T) {
	ctx := context.Background()
	c := QueryCache(10)
	small, big := "{ a }", "{ a(x: \""+strings.Repeat("x", MaxCachedQuery)+"\") }"
	c.Add(ctx, small, &ast.QueryDocument{})
	c.Add(ctx, big, &ast.QueryDocument{})
	if _, ok := c.Get(ctx, small); !ok {
		t.Error("small document not cached")
	}
	if _, ok := c.Get(ctx, big); ok {
		t.Error("big document cached")
	}
}
