package httpserver_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// demoStore opens a real SQLite file in a temporary folder and imports the
// demo dataset into it.
func demoStore(t testing.TB) *sqlite.Store {
	t.Helper()
	return sqlitetest.Demo(t)
}

// serve starts a real HTTP server over store; the caller of every request
// is c.
func serve(t testing.TB, store reseau.Store, c *reseau.Caller) *httptest.Server {
	t.Helper()
	srv := httpserver.New(&graph.Resolver{Store: store}, nil)
	srv.CallerFunc = func(*http.Request) (*reseau.Caller, error) { return c, nil }
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// gqlError is one error of a GraphQL answer.
type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// answer is a GraphQL answer with its data left raw for the test to decode.
type answer struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// code is the extensions.code of the first error, "" if none.
func (a answer) code() string {
	if len(a.Errors) == 0 {
		return ""
	}
	c, _ := a.Errors[0].Extensions["code"].(string)
	return c
}

// post sends a query over HTTP POST and decodes the answer.
func post(t testing.TB, ts *httptest.Server, query string, vars map[string]any) answer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var a answer
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

// data decodes a's data into v, failing on any error.
func data(t testing.TB, a answer, v any) {
	t.Helper()
	if len(a.Errors) > 0 {
		t.Fatalf("errors: %+v", a.Errors)
	}
	if err := json.Unmarshal(a.Data, v); err != nil {
		t.Fatal(err)
	}
}

func TestDemoThroughHTTP(t *testing.T) {
	ts := serve(t, demoStore(t), reseau.Anonymous)

	t.Run("organisations count", func(t *testing.T) {
		var d struct{ Organisations struct{ TotalCount int } }
		data(t, post(t, ts, `{ organisations { totalCount } }`, nil), &d)
		if d.Organisations.TotalCount != 83 {
			t.Errorf("totalCount = %d, want 83", d.Organisations.TotalCount)
		}
	})

	t.Run("Le Méridien's collaborators are the 2022 immersion days", func(t *testing.T) {
		var d struct {
			Organisation struct {
				Collaborators []struct {
					Organisation   struct{ Key string }
					Collaborations []struct{ Key string }
				}
			}
		}
		data(t, post(t, ts, `{ organisation(key: "le-meridien") {
			collaborators(first: 500) { organisation { key } collaborations { key } } } }`, nil), &d)
		var got []string
		for _, c := range d.Organisation.Collaborators {
			got = append(got, c.Organisation.Key)
			for _, col := range c.Collaborations {
				if col.Key == "rencontre-sante-mentale-2015" {
					t.Errorf("tie to %s through the meeting Le Méridien missed", c.Organisation.Key)
				}
			}
		}
		slices.Sort(got)
		want := []string{"cass", "cpas-des", "cpas-pole-jeunes", "infor-jeunes", "maison-des-mediations",
			"mission-locale", "sapv", "soleil-du-nord", "titeca"}
		if !slices.Equal(got, want) {
			t.Errorf("collaborators = %v, want %v", got, want)
		}
	})

	for _, tc := range []struct{ name, text, want string }{
		{"accents and case", "meridien", "le-meridien"},
		{"alias", "SSM La Gerbe", "la-gerbe"},
	} {
		t.Run("search "+tc.name, func(t *testing.T) {
			var d struct {
				Search []struct {
					Node  struct{ Key string }
					Score float64
				}
			}
			data(t, post(t, ts, `query($t: String!) { search(text: $t, types: [ORGANISATION]) {
				node { ... on Organisation { key } } score } }`, map[string]any{"t": tc.text}), &d)
			if len(d.Search) == 0 || d.Search[0].Node.Key != tc.want {
				t.Errorf("search %q = %+v, want %s first", tc.text, d.Search, tc.want)
			}
		})
	}

	// The demo's directory records come from public pages
	// (internal/demo/schaerbeek/sources/directory_sources.csv): the CPAS's
	// as its own site gives it.
	t.Run("the CPAS's directory record from its public pages", func(t *testing.T) {
		var d struct {
			Organisation  record
			Organisations struct {
				Nodes []struct{ Key string }
			}
		}
		data(t, post(t, ts, `{ organisation(key: "cpas-schaerbeek") { `+directoryFields+` }
			organisations(filter: {postcode: "1030", commune: "schaerbeek"}, first: 500) { nodes { key } } }`, nil), &d)
		o := d.Organisation
		if len(o.Addresses) != 1 {
			t.Fatalf("addresses = %s, want the one of boulevard Reyers", asJSON(o.Addresses))
		}
		if a := o.Addresses[0]; a.Kind != "PHYSICAL" || a.Street != "Boulevard Auguste Reyers" || a.Number != "70" ||
			a.Postcode != "1030" || a.Commune != "Schaerbeek" || a.Latitude != nil || a.Longitude != nil {
			t.Errorf("address = %s, want physical, Boulevard Auguste Reyers 70, 1030 Schaerbeek, no coordinates", asJSON(a))
		}
		if o.NameNl != "OCMW van Schaarbeek" || o.Website != "https://www.cpas-schaerbeek.brussels/" ||
			!slices.Equal(o.Emails, []string{"info@cpas-schaerbeek.brussels", "ombudsman@cpas-schaerbeek.brussels"}) {
			t.Errorf("nameNl %q, website %q, emails %v", o.NameNl, o.Website, o.Emails)
		}
		if len(o.Phones) == 0 || o.Phones[0].Number != "+32 2 240 30 80" || o.Phones[0].Kind != "VOICE" ||
			o.Phones[0].Description != "Call center" {
			t.Errorf("phones = %s, want the call center +32 2 240 30 80 first", asJSON(o.Phones))
		}
		if len(o.Schedules) != 3 || !slices.Equal(o.Schedules[2].Days, []string{"FR"}) ||
			o.Schedules[2].Opens != "08:00" || o.Schedules[2].Closes != "12:05" {
			t.Errorf("schedules = %s, want Monday-Thursday twice and Friday 08:00-12:05", asJSON(o.Schedules))
		}
		if o.DescriptionFr == "" || o.DescriptionNl == "" || o.AccessFr == "" || len(o.Services) != 4 {
			t.Errorf("description, access or services missing: %s", asJSON(o))
		}
		// Unknown stays empty: no identifier was found in a public page.
		if len(o.Identifiers) != 0 || o.CostFr != "" {
			t.Errorf("identifiers %v, cost %q: the sources give none", o.Identifiers, o.CostFr)
		}
		if !slices.ContainsFunc(d.Organisations.Nodes, func(n struct{ Key string }) bool { return n.Key == "cpas-schaerbeek" }) {
			t.Errorf("the postcode filter 1030 misses the CPAS: %v", d.Organisations.Nodes)
		}
	})

	t.Run("node id round trip", func(t *testing.T) {
		var d struct{ Organisation struct{ ID string } }
		data(t, post(t, ts, `{ organisation(key: "cass") { id } }`, nil), &d)
		var n struct {
			Node struct{ Key, Name string }
		}
		data(t, post(t, ts, `query($id: ID!) { node(id: $id) { id ... on Organisation { key name } } }`,
			map[string]any{"id": d.Organisation.ID}), &n)
		if n.Node.Key != "cass" {
			t.Errorf("node(%s) = %+v, want cass", d.Organisation.ID, n.Node)
		}
	})

	t.Run("anonymous callers see no people", func(t *testing.T) {
		var d struct {
			People       struct{ TotalCount int }
			Organisation struct{ People []struct{ Key string } }
		}
		data(t, post(t, ts, `{ people { totalCount } organisation(key: "cass") { people { key } } }`, nil), &d)
		if d.People.TotalCount != 0 || len(d.Organisation.People) != 0 {
			t.Errorf("anonymous sees people: %+v", d)
		}
	})
}

func TestPaging(t *testing.T) {
	ts := serve(t, demoStore(t), reseau.System)
	const q = `query($after: String) { organisations(first: 30, after: $after, orderBy: {field: KEY}) {
		totalCount nodes { key } pageInfo { hasNextPage endCursor } } }`
	type page struct {
		Organisations struct {
			TotalCount int
			Nodes      []struct{ Key string }
			PageInfo   struct {
				HasNextPage bool
				EndCursor   *string
			}
		}
	}
	var keys []string
	var after any
	for i := 0; ; i++ {
		var p page
		data(t, post(t, ts, q, map[string]any{"after": after}), &p)
		for _, n := range p.Organisations.Nodes {
			keys = append(keys, n.Key)
		}
		if !p.Organisations.PageInfo.HasNextPage {
			break
		}
		if i > 5 {
			t.Fatal("pages never end")
		}
		after = *p.Organisations.PageInfo.EndCursor
	}
	if len(keys) != 83 || !slices.IsSorted(keys) {
		t.Errorf("paged %d keys (sorted: %v), want 83 in order", len(keys), slices.IsSorted(keys))
	}

	for _, tc := range []struct {
		name, query, code string
	}{
		{"first above the maximum", `{ organisations(first: 501) { totalCount } }`, reseau.EINVALID},
		{"negative first", `{ organisations(first: -1) { totalCount } }`, reseau.EINVALID},
		{"bad cursor", `{ organisations(after: "nope") { totalCount } }`, reseau.EINVALID},
		{"bad node id", `{ node(id: "nope") { id } }`, reseau.EINVALID},
		{"key and id", `{ organisation(key: "cass", id: "x") { key } }`, reseau.EINVALID},
		{"unknown enum", `{ organisations(filter: {sectors: [NOPE]}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := post(t, ts, tc.query, nil).code(); got != tc.code {
				t.Errorf("code = %q, want %q", got, tc.code)
			}
		})
	}
}

// TestCursorsBoundToTheirList takes a cursor from each list and gives it to
// every other list, order and filter: only its own accepts it, and every
// other answers INVALID on the field after. Edited and old-style cursors
// ("cursor:N", a bare offset) are refused too.
func TestCursorsBoundToTheirList(t *testing.T) {
	ts := serve(t, demoStore(t), reseau.System)
	lists := map[string]string{
		"organisations":         `organisations(first: 2, after: $after, orderBy: {field: KEY})`,
		"organisations by name": `organisations(first: 2, after: $after, orderBy: {field: NAME})`,
		"organisations desc":    `organisations(first: 2, after: $after, orderBy: {field: KEY, direction: DESC})`,
		"organisations default": `organisations(first: 2, after: $after)`,
		"organisations CPAS":    `organisations(first: 2, after: $after, orderBy: {field: KEY}, filter: {sectors: [CPAS]})`,
		"people":                `people(first: 2, after: $after)`,
		"collaborations":        `collaborations(first: 2, after: $after)`,
		"partnerships":          `partnerships(first: 2, after: $after)`,
		"auditLog":              `auditLog(first: 1, after: $after)`,
	}
	page := func(list string, after any) answer {
		t.Helper()
		return post(t, ts, `query($after: String) { l: `+lists[list]+` { pageInfo { endCursor } } }`, map[string]any{"after": after})
	}
	// The first cursor of each list, and the one after it from its own list.
	cursors := map[string]string{}
	for name := range lists {
		var d struct {
			L struct{ PageInfo struct{ EndCursor *string } }
		}
		data(t, page(name, nil), &d)
		if d.L.PageInfo.EndCursor == nil {
			t.Fatalf("%s: no cursor", name)
		}
		cursors[name] = *d.L.PageInfo.EndCursor
		if a := page(name, cursors[name]); len(a.Errors) > 0 {
			t.Errorf("%s refuses its own cursor: %+v", name, a.Errors)
		}
	}
	for from, c := range cursors {
		for to := range lists {
			if from == to {
				continue
			}
			a := page(to, c)
			if a.code() != reseau.EINVALID || a.Errors[0].Extensions["field"] != "after" {
				t.Errorf("a cursor of %s given to %s: %+v, want INVALID on after", from, to, a.Errors)
			}
		}
	}
	raw, _ := base64.RawURLEncoding.DecodeString(cursors["organisations"])
	raw[len(raw)-1] ^= 1
	for name, c := range map[string]string{
		"bare offset":    base64.RawURLEncoding.EncodeToString([]byte("cursor:1")),
		"edited":         base64.RawURLEncoding.EncodeToString(raw),
		"not base64":     "nope!",
		"truncated":      cursors["organisations"][:4],
		"huge offset":    base64.RawURLEncoding.EncodeToString([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}),
		"padded to 16 B": base64.RawURLEncoding.EncodeToString(append(raw, make([]byte, 8)...)),
	} {
		if a := page("organisations", c); a.code() != reseau.EINVALID {
			t.Errorf("%s cursor %q: %+v, want INVALID", name, c, a.Errors)
		}
	}
}

// TestBadMutationsChangeNothing sends invalid writes and checks that each
// answers a code and leaves the store exactly as it was.
func TestBadMutationsChangeNothing(t *testing.T) {
	store := demoStore(t)
	ts := serve(t, store, reseau.System)
	ctx := context.Background()
	before, err := store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, query, code string
	}{
		{"empty name", `mutation { createOrganisation(input: {key: "x", name: ""}) { key } }`, reseau.EINVALID},
		{"existing key", `mutation { createOrganisation(input: {key: "cass", name: "CASS bis"}) { key } }`, reseau.ECONFLICT},
		{"unknown parent", `mutation { createOrganisation(input: {key: "x", name: "X", parent: "nope"}) { key } }`, reseau.EINVALID},
		{"unknown domain", `mutation { createOrganisation(input: {key: "x", name: "X", domains: ["nope"]}) { key } }`, reseau.EINVALID},
		{"bad date", `mutation { createCollaboration(input: {key: "c", kind: "atelier", title: "T", startDate: "2020-02-30"}) { key } }`, reseau.EINVALID},
		{"update unknown key", `mutation { updateOrganisation(key: "nope", input: {name: "N"}) { key } }`, reseau.ENOTFOUND},
		{"update to empty name", `mutation { updateOrganisation(key: "cass", input: {name: ""}) { key } }`, reseau.EINVALID},
		{"update to null name", `mutation { updateOrganisation(key: "cass", input: {name: null}) { key } }`, reseau.EINVALID},
		{"update with a wrong id type", `mutation { updateOrganisation(id: "Q29sbGFib3JhdGlvbjppbW1lcnNpb24tMjAyMg", input: {name: "N"}) { key } }`, reseau.EINVALID},
		{"delete unknown", `mutation { deletePartnership(key: "nope") { key } }`, reseau.ENOTFOUND},
		{"participant unknown organisation", `mutation { addParticipant(collaboration: "immersion-2022", organisation: "nope") { key } }`, reseau.ENOTFOUND},
		{"remove absent participant", `mutation { removeParticipant(collaboration: "immersion-2022", organisation: "css") { key } }`, reseau.ENOTFOUND},
		{"membership bad date", `mutation { addMembership(person: "p", organisation: "cass", since: "2020-99") { key } }`, reseau.EINVALID},
		{"remove absent domain", `mutation { removeOrganisationDomain(organisation: "cass", domain: "logement") { key } }`, reseau.ENOTFOUND},
		{"add unknown domain", `mutation { addCollaborationDomain(collaboration: "immersion-2022", domain: "nope") { key } }`, reseau.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := post(t, ts, tc.query, nil).code(); got != tc.code {
				t.Errorf("code = %q, want %q", got, tc.code)
			}
		})
	}
	after, err := store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := json.Marshal(before)
	b2, _ := json.Marshal(after)
	if !bytes.Equal(b1, b2) {
		t.Error("a rejected mutation changed the store")
	}
}

// TestMutations checks that writes land, that an update changes only the
// fields it is given, and that a mutation answers what it wrote.
func TestMutations(t *testing.T) {
	ts := serve(t, demoStore(t), reseau.System)
	steps := []struct{ name, query, want string }{
		{"create", `mutation { createOrganisation(input: {key: "new-asbl", name: "Nouvelle ASBL", shortName: "NA",
			sector: ASSOCIATIF, commune: "Schaerbeek", domains: ["logement"]}) { key sector } }`,
			`{"createOrganisation":{"key":"new-asbl","sector":"ASSOCIATIF"}}`},
		{"partial update keeps the other fields", `mutation { updateOrganisation(key: "new-asbl", input: {name: "Renommée"}) {
			name shortName sector commune domains { key } } }`,
			`{"updateOrganisation":{"name":"Renommée","shortName":"NA","sector":"ASSOCIATIF","commune":"Schaerbeek","domains":[{"key":"logement"}]}}`},
		{"null clears", `mutation { updateOrganisation(key: "new-asbl", input: {shortName: null, sector: null}) { shortName sector } }`,
			`{"updateOrganisation":{"shortName":"","sector":null}}`},
		{"add domain", `mutation { addOrganisationDomain(organisation: "new-asbl", domain: "jeunesse") { domains { key } } }`,
			`{"addOrganisationDomain":{"domains":[{"key":"logement"},{"key":"jeunesse"}]}}`},
		{"participant answers the new list", `mutation { addParticipant(collaboration: "immersion-2022", organisation: "new-asbl", role: "hote") {
			participants { organisation { key } role } } }`, ""},
		{"new tie", `{ organisation(key: "new-asbl") { collaborators(first: 500) { organisation { key } } } }`, ""},
		{"party", `mutation { addParty(partnership: "css-adhesion-le-meridien", organisation: "new-asbl", role: "membre") { parties { organisation { key } } } }`, ""},
		{"delete", `mutation { deleteOrganisation(key: "new-asbl") { key } }`, `{"deleteOrganisation":{"key":"new-asbl"}}`},
		{"gone", `{ organisation(key: "new-asbl") { key } }`, `{"organisation":null}`},
	}
	for _, s := range steps {
		a := post(t, ts, s.query, nil)
		if len(a.Errors) > 0 {
			t.Fatalf("%s: %+v", s.name, a.Errors)
		}
		if s.want != "" && string(a.Data) != s.want {
			t.Errorf("%s: data = %s, want %s", s.name, a.Data, s.want)
		}
		if s.name == "participant answers the new list" && !bytes.Contains(a.Data, []byte(`"new-asbl"`)) {
			t.Errorf("%s: %s lacks the new participant", s.name, a.Data)
		}
		if s.name == "new tie" && bytes.Count(a.Data, []byte(`"key"`)) != 10 {
			t.Errorf("%s: %s, want the ten organisations of immersion-2022", s.name, a.Data)
		}
	}
}

func TestHTTP(t *testing.T) {
	ts := serve(t, demoStore(t), reseau.Anonymous)
	get := func(path string, header http.Header) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		for k, v := range header {
			req.Header[k] = v
		}
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	q := "/graphql?query=" + url.QueryEscape(`{ domains { key } }`)
	for _, tc := range []struct {
		name, path, accept string
		status             int
		contentType        string
	}{
		{"GET query, no Accept", q, "", 200, "application/json"},
		{"GET query, graphql-response+json", q, "application/graphql-response+json", 200, "application/graphql-response+json"},
		{"GET query, legacy json", q, "application/json", 200, "application/json"},
		{"GET mutation", "/graphql?query=" + url.QueryEscape(`mutation { deleteDomain(key: "logement") { key } }`), "", http.StatusMethodNotAllowed, ""}, // issue 5: 405 with Allow: POST (limits.Guard)
		{"health", "/healthz", "", 200, "application/json"},
		{"map", "/", "", 200, "text/html"},
		{"GraphiQL", "/graphiql", "", 200, "text/html"},
		{"unknown path", "/nope", "", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.accept != "" {
				h.Set("Accept", tc.accept)
			}
			res := get(tc.path, h)
			if res.StatusCode != tc.status {
				b, _ := io.ReadAll(res.Body)
				t.Errorf("status = %d, want %d (%s)", res.StatusCode, tc.status, b)
			}
			if ct := res.Header.Get("Content-Type"); tc.contentType != "" && !bytes.HasPrefix([]byte(ct), []byte(tc.contentType)) {
				t.Errorf("Content-Type = %q, want %q", ct, tc.contentType)
			}
		})
	}
}

func TestCallerError(t *testing.T) {
	srv := httpserver.New(&graph.Resolver{Store: demoStore(t)}, nil)
	srv.CallerFunc = func(*http.Request) (*reseau.Caller, error) {
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "bad token")
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	res, err := http.Post(ts.URL+"/graphql", "application/json", bytes.NewReader([]byte(`{"query":"{ domains { key } }"}`)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var a answer
	_ = json.NewDecoder(res.Body).Decode(&a)
	if res.StatusCode != http.StatusUnauthorized || a.code() != reseau.EUNAUTHORIZED {
		t.Errorf("status %d code %q, want 401 %s", res.StatusCode, a.code(), reseau.EUNAUTHORIZED)
	}
}
