package httpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// duplicatePair is a pair of possibleDuplicates as the tests read it.
type duplicatePair struct {
	A, B struct {
		Typename string `json:"__typename"`
		Key      string
	}
	Score        float64
	Reasons      []string
	Explanations []struct {
		Code   string
		Params []struct{ Name, Kind, Value, Label string }
		Text   string
	}
}

const duplicatesQuery = `{ possibleDuplicates(first: 100) {
	a { __typename ... on Organisation { key } ... on Person { key } }
	b { __typename ... on Organisation { key } ... on Person { key } }
	score reasons(lang: FR) explanations { code params { name kind value label } text } } }`

// organisationPairs asks possibleDuplicates as a coordinator and returns
// its pairs of organisations, checking that every pair is of one type and
// that the surest come first.
func organisationPairs(t *testing.T, post func(query string) fullAnswer) []duplicatePair {
	t.Helper()
	var d struct{ PossibleDuplicates []duplicatePair }
	data(t, post(duplicatesQuery).answer, &d)
	var orgs []duplicatePair
	for i, p := range d.PossibleDuplicates {
		if p.A.Typename != p.B.Typename {
			t.Errorf("a %s paired with a %s: %+v", p.A.Typename, p.B.Typename, p)
		}
		if i > 0 && d.PossibleDuplicates[i-1].Score < p.Score {
			t.Errorf("not surest first at %d: %.2f after %.2f", i, p.Score, d.PossibleDuplicates[i-1].Score)
		}
		if len(p.Explanations) == 0 || len(p.Reasons) != len(p.Explanations) {
			t.Errorf("%s / %s: %d reasons for %d explanations", p.A.Key, p.B.Key, len(p.Reasons), len(p.Explanations))
		}
		if p.A.Typename == "Organisation" {
			orgs = append(orgs, p)
		}
	}
	return orgs
}

// TestPossibleDuplicatesDemoOverHTTP asks the duplicates of the demo in a
// real SQLite file over real HTTP with a coordinator's token. Reading
// internal/demo/schaerbeek: the sources list the CPAS youth service twice
// (2015: "Service référents famille-jeunesse du CPAS", 2021: "Pôle Jeunes
// du CPAS (service référents jeunes)", alias "Service référents jeunes du
// CPAS"); no two other organisations share a name, an enterprise number
// (Genres Pluriels alone has one), a website, an e-mail, a phone or an
// address (the CPAS's call centre and seat are its own; the CPAS services
// have no contacts of their own). So that pair, by its names, is the only
// pair of organisations. Then a new CPAS service giving the CPAS's call
// centre and seat, and an association giving the call centre, are created:
// neither is warned of nor paired, since a service gives its institution's
// contacts and a phone alone is not enough.
func TestPossibleDuplicatesDemoOverHTTP(t *testing.T) {
	ts := qualityServer(t)
	tok := tokenFor(t, reseau.RoleCoordinator)
	post := func(q string) fullAnswer { return postFull(t, ts, tok, q) }
	want := func() {
		t.Helper()
		orgs := organisationPairs(t, post)
		if len(orgs) != 1 || orgs[0].A.Key != "cpas-famille-jeunesse" || orgs[0].B.Key != "cpas-pole-jeunes" {
			t.Fatalf("organisation pairs %+v, want cpas-famille-jeunesse / cpas-pole-jeunes alone", orgs)
		}
		p := orgs[0]
		e := p.Explanations[0]
		params := map[string]string{}
		for _, x := range e.Params {
			params[x.Name] = x.Value
		}
		if len(p.Explanations) != 1 || e.Code != "DUPLICATE_CLOSE_NAMES" || params["nameA"] != "Service référents famille-jeunesse du CPAS" ||
			params["kindB"] != "ALIAS" || params["nameB"] != "Service référents jeunes du CPAS" {
			t.Errorf("explanations %+v, want the close names of the 2015 name and the 2021 alias", p.Explanations)
		}
		if !strings.HasPrefix(p.Reasons[0], "noms proches") || !strings.HasPrefix(e.Text, "close names") {
			t.Errorf("reasons(lang: FR) %q, text %q (no Accept-Language: English)", p.Reasons, e.Text)
		}
	}
	want()

	for _, c := range []struct{ key, mutation string }{
		{"cpas-mediation-dettes", `mutation { createOrganisation(input: {key: "cpas-mediation-dettes", name: "Service de médiation de dettes du CPAS", parent: "cpas-schaerbeek",
			phones: [{number: "02 240 30 80", description: "Call center"}], addresses: [{street: "Bd Auguste Reyers", number: "70", postcode: "1030", commune: "Schaerbeek"}]}) { key } }`},
		{"ecoute-solidaire", `mutation { createOrganisation(input: {key: "ecoute-solidaire", name: "Écoute solidaire", phones: [{number: "+32 2 240 30 80"}]}) { key } }`},
	} {
		a := post(c.mutation)
		var d struct{ CreateOrganisation struct{ Key string } }
		data(t, a.answer, &d)
		if d.CreateOrganisation.Key != c.key {
			t.Fatalf("created %q, want %s", d.CreateOrganisation.Key, c.key)
		}
		if len(a.Extensions.Warnings) > 0 {
			t.Errorf("%s warned: %+v", c.key, a.Extensions.Warnings)
		}
	}
	want()
}

// TestCreateSameEnterpriseNumberWarns creates, over real HTTP with a
// coordinator's token, an organisation under a name unlike any other but
// with the enterprise number of the demo's Genres Pluriels (written the
// KBO way): it is created, and the warning names Genres Pluriels for that
// number, in the language the request asks (each on a demo of its own:
// a third holder of the number would weigh it less).
func TestCreateSameEnterpriseNumberWarns(t *testing.T) {
	tok := tokenFor(t, reseau.RoleCoordinator)
	for _, tc := range []struct {
		lang, says string
	}{
		{"fr-BE", "même numéro d’entreprise (BCE) 0892.826.107"},
		{"nl-BE,nl;q=0.9", "zelfde ondernemingsnummer (KBO) 0892.826.107"},
		{"en", "same enterprise number (BCE/KBO) 0892.826.107"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			ts := qualityServer(t)
			key := "autodetermination-" + tc.lang[:2]
			a := postIn(t, ts, tok, tc.lang, `mutation { createOrganisation(input: {key: "`+key+`", name: "Association pour l'autodétermination",
				identifiers: [{scheme: "KBO", value: "BE 0892 826 107"}]}) { key } }`)
			var d struct{ CreateOrganisation struct{ Key string } }
			data(t, a.answer, &d)
			if d.CreateOrganisation.Key != key {
				t.Fatalf("created %q", d.CreateOrganisation.Key)
			}
			i := slices.IndexFunc(a.Extensions.Warnings, func(w graph.Warning) bool { return w.Duplicate == "genres-pluriels" })
			if i < 0 {
				t.Fatalf("warnings %+v, want one of genres-pluriels", a.Extensions.Warnings)
			}
			w := a.Extensions.Warnings[i]
			if w.Code != graph.WarnPossibleDuplicate || w.Of != key || w.Score < 0.95 {
				t.Errorf("warning %+v, want POSSIBLE_DUPLICATE of %s, score 0.95 or more", w, key)
			}
			j := slices.IndexFunc(w.Explanations, func(e graph.WarningExplanation) bool { return e.Code == "DUPLICATE_SAME_ENTERPRISE_NUMBER" })
			if j < 0 {
				t.Fatalf("explanations %+v, want DUPLICATE_SAME_ENTERPRISE_NUMBER", w.Explanations)
			}
			e := w.Explanations[j]
			if len(e.Params) != 1 || e.Params[0].Name != "number" || e.Params[0].Value != "0892.826.107" {
				t.Errorf("params %+v, want number 0892.826.107", e.Params)
			}
			if e.Text != tc.says || len(w.Reasons) != len(w.Explanations) || w.Reasons[j] != tc.says {
				t.Errorf("text %q, reasons %q, want %q", e.Text, w.Reasons, tc.says)
			}
		})
	}
}

// TestImportSameEnterpriseNumberWarns imports over real HTTP, asking for
// Dutch, a snapshot with an organisation under another name but the
// enterprise number of the demo's Genres Pluriels: the import succeeds and
// its answer warns, with the code and the Dutch text.
func TestImportSameEnterpriseNumberWarns(t *testing.T) {
	ts := qualityServer(t)
	body := `{"format": "reseau-snapshot", "version": 1, "domains": [], "organisations": [{"key": "transgenre-info", "name": "Transgenre Info",
		"identifiers": [{"scheme": "BCE", "value": "0892.826.107"}]}], "people": [], "memberships": [], "collaborations": [],
		"participations": [], "personParticipations": [], "partnerships": [], "parties": [], "knows": []}`
	req, _ := http.NewRequest(http.MethodPost, ts.URL+limits.ImportPath, bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", limits.ContentTypeJSON)
	req.Header.Set("Accept-Language", "nl")
	req.Header.Set("Authorization", "Bearer "+tokenFor(t, reseau.RoleCoordinator))
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, raw)
	}
	var got struct {
		Created  int
		Warnings []graph.Warning
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Created == 0 || len(got.Warnings) != 1 {
		t.Fatalf("answer %s, want one organisation created and one warning", raw)
	}
	w := got.Warnings[0]
	if w.Of != "transgenre-info" || w.Duplicate != "genres-pluriels" || len(w.Explanations) == 0 {
		t.Fatalf("warning %+v, want transgenre-info: genres-pluriels, with explanations", w)
	}
	e := w.Explanations[len(w.Explanations)-1]
	if e.Code != "DUPLICATE_SAME_ENTERPRISE_NUMBER" || e.Text != "zelfde ondernemingsnummer (KBO) 0892.826.107" {
		t.Errorf("explanation %+v, want the enterprise number, in Dutch", e)
	}
}
