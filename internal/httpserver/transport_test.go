package httpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// reply is one HTTP answer of /graphql, decoded.
type reply struct {
	status int
	header http.Header
	raw    string
	answer
}

// field is the extensions.field of the first error, "" if none.
func (r reply) field() string {
	if len(r.Errors) == 0 {
		return ""
	}
	f, _ := r.Errors[0].Extensions["field"].(string)
	return f
}

// send sends a request to ts: a POST of body when body is not nil, a GET
// of path otherwise; accept is the Accept header ("" sends none).
func send(t *testing.T, ts *httptest.Server, path, accept string, body []byte) reply {
	t.Helper()
	method, rd := http.MethodGet, io.Reader(nil)
	if body != nil {
		method, rd = http.MethodPost, bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := reply{status: res.StatusCode, header: res.Header, raw: string(b)}
	if err := json.Unmarshal(b, &r.answer); err != nil {
		t.Fatalf("HTTP %d, not JSON: %s", res.StatusCode, b)
	}
	return r
}

// TestResponseMediaType checks the media type of answers (GraphQL over HTTP,
// the graphql-http audit's 47DE and 80D8): application/json unless the
// client prefers application/graphql-response+json.
func TestResponseMediaType(t *testing.T) {
	ts := serve(t, demoStore(t), reseau.Anonymous)
	const json, gqlJSON = "application/json", "application/graphql-response+json"
	q := "/graphql?query=" + url.QueryEscape("{ __typename }")
	for _, tc := range []struct{ name, accept, want string }{
		{"no Accept", "", json},
		{"*/*", "*/*", json},
		{"application/*", "application/*", json},
		{"application/json", json, json},
		{"graphql-response+json", gqlJSON, gqlJSON},
		{"the spec's client Accept", gqlJSON + ", application/json;q=0.9", gqlJSON},
		{"json preferred", "application/json, " + gqlJSON + ";q=0.5", json},
		{"tie, the specific type wins", "*/*, " + gqlJSON, gqlJSON},
		{"only types we cannot send", "text/html", json},
		{"graphql-response+json refused", gqlJSON + ";q=0, */*", json},
		{"browser", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", json},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, body := range [][]byte{nil, []byte(`{"query":"{ __typename }"}`)} {
				r := send(t, ts, q, tc.accept, body)
				if ct := r.header.Get("Content-Type"); r.status != http.StatusOK || !strings.HasPrefix(ct, tc.want+";") || r.code() != "" {
					t.Errorf("POST %v: HTTP %d %q, want 200 %s: %s", body != nil, r.status, ct, tc.want, r.raw)
				}
			}
		})
	}
}

// TestRequestErrorStatus checks the status of GraphQL request errors (parse,
// validation, variables, limits): 200 in application/json, 400 in
// application/graphql-response+json, never a "data" entry, always a code.
func TestRequestErrorStatus(t *testing.T) {
	ts := serve(t, demoStore(t), reseau.Anonymous)
	for _, tc := range []struct {
		name, body, code string
	}{
		{"parse", `{"query":"{"}`, "GRAPHQL_PARSE_FAILED"},
		{"validation", `{"query":"{ nope }"}`, "GRAPHQL_VALIDATION_FAILED"},
		{"variable coercion", `{"query":"query($k: String!) { organisation(key: $k) { key } }","variables":{"k":null}}`, "GRAPHQL_VALIDATION_FAILED"},
		{"limit", `{"query":"{ a: __typename` + strings.Repeat(` @skip(if: false)`, 60) + ` }"}`, limits.CodeDirectives},
	} {
		for _, m := range []struct {
			accept string
			status int
		}{{"application/json", 200}, {"", 200}, {"application/graphql-response+json", 400}} {
			t.Run(tc.name+" "+m.accept, func(t *testing.T) {
				r := send(t, ts, "/graphql", m.accept, []byte(tc.body))
				if r.status != m.status || r.code() != tc.code || strings.Contains(r.raw, `"data"`) {
					t.Errorf("HTTP %d code %q, want %d %s and no data: %s", r.status, r.code(), m.status, tc.code, r.raw)
				}
			})
		}
	}
}

// domainExists reports whether the domain key is still in the store.
func domainExists(t *testing.T, ts *httptest.Server, key string) bool {
	t.Helper()
	a := post(t, ts, `query($k: String!) { domain(key: $k) { key } }`, map[string]any{"k": key})
	return strings.Contains(string(a.Data), key)
}

// TestMalformedRequests checks that a request that is not well formed is
// refused with 400 BAD_REQUEST naming the parameter at fault, before any
// GraphQL work: a member given twice (Go's decoding kept the last one, so
// an innocent-looking query could hide a mutation), invalid UTF-8 and lone
// surrogates (Go's decoding made them U+FFFD), parameters of the wrong type
// (answered in terms of gqlgen's Go structs), GET variables that are not a
// JSON object (answered without a code).
func TestMalformedRequests(t *testing.T) {
	ts := serve(t, demoStore(t), reseau.Anonymous)
	const get = "GET "
	const find = `query($k: String!) { organisation(key: $k) { key } }`
	q := func(s string) string { return url.QueryEscape(s) }
	for _, tc := range []struct {
		name, req, field string
	}{
		// A member given twice.
		{"two queries", `{"query":"{ domains { key } }","query":"mutation { deleteDomain(key: \"logement\") { key } }"}`, "query"},
		{"two variables", `{"query":"` + find + `","variables":{"k":"cpas"},"variables":{"k":"memoire"}}`, "variables"},
		{"two operationNames", `{"query":"query A { __typename } query B { __typename }","operationName":"A","operationName":"B"}`, "operationName"},
		{"a variable twice", `{"query":"` + find + `","variables":{"k":"cpas","k":"memoire"}}`, "variables"},
		{"two extensions", `{"query":"{ __typename }","extensions":{},"extensions":{}}`, "extensions"},
		{"GET two queries", get + "query=" + q("{ domains { key } }") + "&query=" + q("{ __typename }"), "query"},
		{"GET a variable twice", get + "query=" + q(find) + "&variables=" + q(`{"k":"cpas","k":"memoire"}`), "variables"},
		// Invalid UTF-8 and lone surrogates.
		{"invalid UTF-8 in the query", "{\"query\":\"{ search(text: \\\"\xff\\\") { score } }\"}", "query"},
		{"invalid UTF-8 in variables", "{\"query\":\"" + find + "\",\"variables\":{\"k\":\"cp\xe9as\"}}", "variables"},
		{"invalid UTF-8 in a member name", "{\"query\":\"{ __typename }\",\"\xff\":1}", ""},
		{"lone high surrogate", `{"query":"` + find + `","variables":{"k":"\ud83c"}}`, "variables"},
		{"lone low surrogate", `{"query":"{ search(text: \"\udfc3\") { score } }"}`, "query"},
		{"GET invalid UTF-8 in the query", get + "query=%7B%20search(text%3A%20%22%FF%22)%20%7B%20score%20%7D%20%7D", "query"},
		{"GET invalid UTF-8 in variables", get + "query=" + q(find) + "&variables=%7B%22k%22%3A%22%FF%22%7D", "variables"},
		{"GET lone surrogate in variables", get + "query=" + q(find) + "&variables=" + q(`{"k":"\udc00"}`), "variables"},
		// Types.
		{"query a number", `{"query":1}`, "query"},
		{"query an object", `{"query":{"text":"{ __typename }"}}`, "query"},
		{"query an array", `{"query":["{ __typename }"]}`, "query"},
		{"no query", `{"qeury":"{ __typename }"}`, "query"},
		{"null query", `{"query":null}`, "query"},
		{"empty query", `{"query":""}`, "query"},
		{"variables a string", `{"query":"{ __typename }","variables":"x"}`, "variables"},
		{"variables an array", `{"query":"{ __typename }","variables":[1]}`, "variables"},
		{"operationName a number", `{"query":"{ __typename }","operationName":0}`, "operationName"},
		{"operationName false", `{"query":"{ __typename }","operationName":false}`, "operationName"},
		{"extensions a string", `{"query":"{ __typename }","extensions":"x"}`, "extensions"},
		// GET variables.
		{"GET variables not JSON", get + "query=" + q(find) + "&variables=x", "variables"},
		{"GET variables an array", get + "query=" + q(find) + "&variables=" + q(`[1]`), "variables"},
		{"GET variables a string", get + "query=" + q(find) + "&variables=" + q(`"cpas"`), "variables"},
		{"GET extensions not JSON", get + "query=" + q(find) + "&extensions=" + q(`{`), "extensions"},
		{"GET no query", get + "variables=" + q(`{"k":"cpas"}`), "query"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r reply
			if rest, ok := strings.CutPrefix(tc.req, get); ok {
				r = send(t, ts, "/graphql?"+rest, "", nil)
			} else {
				r = send(t, ts, "/graphql", "", []byte(tc.req))
			}
			if r.status != http.StatusBadRequest || r.code() != httperr.CodeBadRequest || r.field() != tc.field || r.Data != nil {
				t.Errorf("HTTP %d code %q field %q, want 400 %s field %q: %s", r.status, r.code(), r.field(), httperr.CodeBadRequest, tc.field, r.raw)
			}
			// gqlgen spoke of "Go struct field RawParams.query".
			if len(r.Errors) != 1 || strings.Contains(r.Errors[0].Message, "Go ") || strings.Contains(r.Errors[0].Message, "RawParams") {
				t.Errorf("errors %+v, want one that speaks of the request", r.Errors)
			}
		})
	}
	if !domainExists(t, ts, "logement") {
		t.Error("the refused request with two queries ran its mutation")
	}
	// Their well-formed neighbours pass.
	for name, body := range map[string]string{
		"a surrogate pair":            `{"query":"{ search(text: \"\ud83c\udfc3 m\u00e9ridien \\\\ud800\") { score } }"}`,
		"null parameters":             `{"query":"{ __typename }","variables":null,"operationName":null,"extensions":null}`,
		"unknown members ignored":     `{"query":"{ __typename }","trace":true}`,
		"the same name at two levels": `{"query":"` + find + `","variables":{"k":"cpas","input":{"k":1,"x":[{"k":1},{"k":2}]}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if r := send(t, ts, "/graphql", "", []byte(body)); r.status != http.StatusOK || len(r.Errors) != 0 {
				t.Errorf("HTTP %d: %s", r.status, r.raw)
			}
		})
	}
}

// TestOperationChoice checks the answer when operationName does not choose
// one operation of the document: a code, and operationName as the field
// (gqlgen said "operation  not found").
func TestOperationChoice(t *testing.T) {
	ts := serve(t, demoStore(t), reseau.Anonymous)
	const two = "query A { __typename } query B { domains { key } }"
	for _, tc := range []struct {
		name, operationName, query, field string
	}{
		{"two named, no operationName", "", two, "operationName"},
		{"an unknown operationName", "C", two, "operationName"},
		{"an operationName for one anonymous operation", "A", "{ __typename }", "operationName"},
		{"two anonymous", "", "{ __typename } { domains { key } }", ""}, // the spec's lone anonymous operation rule
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": tc.query, "operationName": tc.operationName})
			r := send(t, ts, "/graphql", "", body)
			if r.status != http.StatusOK || r.code() != "GRAPHQL_VALIDATION_FAILED" || r.field() != tc.field {
				t.Errorf("HTTP %d code %q field %q, want 200 GRAPHQL_VALIDATION_FAILED field %q: %s", r.status, r.code(), r.field(), tc.field, r.raw)
			}
		})
	}
	body, _ := json.Marshal(map[string]any{"query": two, "operationName": "B"})
	if r := send(t, ts, "/graphql", "", body); r.status != http.StatusOK || len(r.Errors) != 0 || !strings.Contains(string(r.Data), "logement") {
		t.Errorf("operationName B: HTTP %d: %s", r.status, r.raw)
	}
}
