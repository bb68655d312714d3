package security_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// fuzzSeeds are the shapes of abuse the issue names, and a few legitimate
// operations for the fuzzer to mutate. Bigger seeds (huge documents) are in
// testdata/fuzz.
var fuzzSeeds = []string{
	`{ organisations(first: 3) { totalCount nodes { key name collaborators { weight organisation { key } } } } }`,
	`query Q($k: String) { organisation(key: $k) { key parent { key } children { key } people { name email } } }`,
	`mutation { updateOrganisation(key: "cpas", input: {shortName: "X"}) { key } }`,
	`{ search(text: "méridien") { score node { __typename ... on Organisation { key } } } }`,
	`{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`,
	`{ ...A } fragment A on Query { organisations { nodes { ...B } } } fragment B on Organisation { parent { ...B } }`,
	`{ __typename` + strings.Repeat(` @skip(if: false)`, 200) + ` }`,
	`{ domains { key @include(if: true) @skip(if: false) @deprecated @unknown(x: 1) } }`,
	`{ ` + strings.Repeat(`organisation(key: "a") { parent { `, 40) + `key` + strings.Repeat(` } }`, 40) + ` }`,
	`{ a: __typename b: __typename c: __typename __schema { types { name fields { name type { ofType { ofType { name } } } } } } }`,
	`{ node(id: "T3JnYW5pc2F0aW9uOmNwYXM") { id } }`,
	`query { organisations(first: -1, after: "bm9wZQ") { totalCount } }`,
	`subscription { x }`,
	`{ organisations(filter: {text: "\u0000\uffff"}) { totalCount } }`,
	`"""` + strings.Repeat(`"`, 100),
	`{`,
	``,
}

// fuzzEnv is one server for the whole fuzz run; the caller is a coordinator
// so that mutations reach the store.
func fuzzEnv(f *testing.F) (*env, string) {
	e := start(f, nil, nil)
	return e, tokenFor(f, &reseau.Caller{Subject: "fuzz", Roles: []string{reseau.RoleCoordinator}})
}

// serveOnce posts body to the handler in-process and checks the invariants:
// no 5xx, a JSON answer of bounded size.
func serveOnce(t *testing.T, e *env, token string, body []byte) {
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	e.handler.ServeHTTP(w, r)
	if w.Code >= 500 {
		t.Fatalf("HTTP %d for %q: %s", w.Code, body, pretty(w.Body.String()))
	}
	if !json.Valid(w.Body.Bytes()) {
		t.Fatalf("not JSON for %q: %s", body, pretty(w.Body.String()))
	}
	// An answer much bigger than the request would be an amplification.
	if n := w.Body.Len(); n > 64<<10 && n > 4*len(body) {
		t.Fatalf("%d-byte answer to a %d-byte request", n, len(body))
	}
}

// FuzzQuery sends fuzzed GraphQL documents to the real handler. Its seeds
// run in every `go test`; fuzz with
//
//	go test ./internal/security -run '^$' -fuzz FuzzQuery -fuzztime 2m
func FuzzQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	e, token := fuzzEnv(f)
	f.Fuzz(func(t *testing.T, query string) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": map[string]any{"k": "cpas"}})
		serveOnce(t, e, token, body)
	})
}

// FuzzBody sends fuzzed request bodies (not only documents: variables,
// extensions, batches, broken JSON) to the real handler.
func FuzzBody(f *testing.F) {
	f.Add([]byte(`{"query":"query($n:Int){ organisations(first:$n){ totalCount } }","variables":{"n":3}}`))
	f.Add([]byte(`{"query":"{ domains { key } }","operationName":"X","extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}`))
	f.Add([]byte(`[{"query":"{ domains { key } }"},{"query":"{ domains { key } }"}]`))
	f.Add([]byte(`{"query":"query($f: OrganisationFilter){ organisations(filter:$f){ totalCount } }","variables":{"f":{"sectors":["CPAS","NOPE"],"text":{"a":1}}}}`))
	f.Add([]byte(`{"query": 12}`))
	f.Add([]byte(`{"query":"{ domains { key } }"} trailing`))
	f.Add([]byte("\xef\xbb\xbf{\"query\":\"{ domains { key } }\"}"))
	e, token := fuzzEnv(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		serveOnce(t, e, token, body)
	})
}
