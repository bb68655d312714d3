package httpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// qualityServer serves the demo in a real SQLite file as `reseau serve`
// wires it: rules above authorisation, the analytics engine, HS256 tokens.
func qualityServer(t *testing.T) *httptest.Server {
	t.Helper()
	v, err := auth.NewVerifier(exportAuth)
	if err != nil {
		t.Fatal(err)
	}
	guarded := reseau.Checked(authz.New(demoStore(t)))
	srv := httpserver.NewSecure(&graph.Resolver{Store: guarded, Analytics: analytics.NewEngine(guarded)},
		slog.New(slog.NewTextHandler(io.Discard, nil)), httpserver.Security{Verifier: v, Limits: limits.Defaults(false)})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// fullAnswer is a GraphQL answer with its response extensions.
type fullAnswer struct {
	answer
	Extensions struct {
		Warnings []graph.Warning `json:"warnings"`
	} `json:"extensions"`
}

func postFull(t *testing.T, ts *httptest.Server, token, query string) fullAnswer {
	t.Helper()
	return postIn(t, ts, token, "", query)
}

// postIn is postFull asking for answers in acceptLanguage (an
// Accept-Language header; none when "").
func postIn(t *testing.T, ts *httptest.Server, token, acceptLanguage, query string) fullAnswer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var a fullAnswer
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestCreateDuplicateWarns creates "Latitude nord" again over real HTTP
// with a coordinator's token: the organisation is created, and the
// response's extensions.warnings names the demo's "Latitude Nord". A new
// name gets no warning.
func TestCreateDuplicateWarns(t *testing.T) {
	ts := qualityServer(t)
	tok := tokenFor(t, reseau.RoleCoordinator)
	a := postFull(t, ts, tok, `mutation { createOrganisation(input: {key: "latitude-nord-2", name: "Latitude nord"}) { key name } }`)
	var d struct{ CreateOrganisation struct{ Key string } }
	data(t, a.answer, &d)
	if d.CreateOrganisation.Key != "latitude-nord-2" {
		t.Fatalf("created %q", d.CreateOrganisation.Key)
	}
	w := a.Extensions.Warnings
	if len(w) == 0 || w[0].Code != graph.WarnPossibleDuplicate || w[0].Of != "latitude-nord-2" ||
		w[0].Duplicate != "latitude-nord" || w[0].Score < analytics.MinDuplicateScore {
		t.Fatalf("warnings %+v, want POSSIBLE_DUPLICATE of latitude-nord-2: latitude-nord", w)
	}
	got := postFull(t, ts, tok, `{ organisation(key: "latitude-nord-2") { name } }`)
	if len(got.Errors) > 0 || string(got.Data) == `{"organisation":null}` {
		t.Fatalf("not created: %s %+v", got.Data, got.Errors)
	}

	a = postFull(t, ts, tok, `mutation { createOrganisation(input: {key: "amis-josaphat", name: "Les Amis du Parc Josaphat"}) { key } }`)
	data(t, a.answer, &d)
	if len(a.Extensions.Warnings) != 0 {
		t.Errorf("new name warned: %+v", a.Extensions.Warnings)
	}
}

// TestDataQualityOverHTTP asks dataQuality and possibleDuplicates with
// each role's token: coordinators get the report (the 2015 scolarité
// meeting among the under-listed collaborations, the CPAS youth service
// among the duplicates); viewers and editors are FORBIDDEN, anonymous
// callers UNAUTHENTICATED.
func TestDataQualityOverHTTP(t *testing.T) {
	ts := qualityServer(t)
	const q = `{
	  dataQuality { issues { kind count records(first: 50) { ... on Collaboration { key } ... on Organisation { key } ... on Partnership { key } } } }
	  possibleDuplicates(first: 100) { a { ... on Organisation { key } } b { ... on Organisation { key } } score reasons }
	}`
	for _, tc := range []struct {
		name, token, code string
	}{
		{"anonymous", "", "UNAUTHENTICATED"},
		{"viewer", tokenFor(t, reseau.RoleViewer), "FORBIDDEN"},
		{"editor", tokenFor(t, reseau.RoleEditor, "css"), "FORBIDDEN"},
		{"coordinator", tokenFor(t, reseau.RoleCoordinator), ""},
		{"admin", tokenFor(t, reseau.RoleAdmin), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := postFull(t, ts, tc.token, q)
			if tc.code != "" {
				if a.code() != tc.code {
					t.Fatalf("code %q, want %s (%s)", a.code(), tc.code, a.Data)
				}
				return
			}
			var d struct {
				DataQuality struct {
					Issues []struct {
						Kind    string
						Count   int
						Records []struct{ Key string }
					}
				}
				PossibleDuplicates []struct {
					A, B    struct{ Key string }
					Score   float64
					Reasons []string
				}
			}
			data(t, a.answer, &d)
			has := func(kind, key string) bool {
				for _, i := range d.DataQuality.Issues {
					for _, r := range i.Records {
						if i.Kind == kind && r.Key == key {
							return true
						}
					}
				}
				return false
			}
			for _, want := range [][2]string{
				{"UNDERLISTED_COLLABORATION", "rencontre-ej-scolarite-2015"},
				{"SINGLE_PARTY_PARTNERSHIP", "croix-rouge-maisons-medicales"},
				{"UNDATED_COLLABORATION", "gt-guide"},
				{"ORGANISATION_WITHOUT_DOMAIN", "ciproc"},
				{"POSSIBLE_DUPLICATE", "cpas-pole-jeunes"},
				{"POSTPONED_OR_CANCELLED", "rencontre-ej-parentalite"},
			} {
				if !has(want[0], want[1]) {
					t.Errorf("%s: %s missing", want[0], want[1])
				}
			}
			found := false
			for _, p := range d.PossibleDuplicates {
				if p.A.Key == "cpas-famille-jeunesse" && p.B.Key == "cpas-pole-jeunes" && len(p.Reasons) > 0 {
					found = true
				}
			}
			if !found {
				t.Errorf("possibleDuplicates(first: 100) without the CPAS youth service: %+v", d.PossibleDuplicates)
			}
		})
	}
}

// TestImportDuplicateWarns imports a snapshot holding "Latitude nord" again
// over real HTTP: the import succeeds and its JSON answer warns that it is
// probably the demo's "Latitude Nord".
func TestImportDuplicateWarns(t *testing.T) {
	ts := qualityServer(t)
	body := `{"format": "reseau-snapshot", "version": 1, "domains": [], "organisations": [{"key": "latitude-nord-bis", "name": "Latitude nord"}], "people": [], "memberships": [], "collaborations": [], "participations": [], "personParticipations": [], "partnerships": [], "parties": [], "knows": []}`
	req, _ := http.NewRequest(http.MethodPost, ts.URL+limits.ImportPath, bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", limits.ContentTypeJSON)
	req.Header.Set("Authorization", "Bearer "+tokenFor(t, reseau.RoleCoordinator))
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got struct {
		Created  int
		Warnings []graph.Warning
	}
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Created == 0 {
		t.Fatalf("nothing created: %+v", got)
	}
	if len(got.Warnings) != 1 || got.Warnings[0].Code != graph.WarnPossibleDuplicate ||
		got.Warnings[0].Of != "latitude-nord-bis" || got.Warnings[0].Duplicate != "latitude-nord" {
		t.Fatalf("warnings %+v, want latitude-nord-bis: latitude-nord", got.Warnings)
	}
}
