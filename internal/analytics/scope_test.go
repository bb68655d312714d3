package analytics

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// services of the demo: the CPAS's eight, Soleil du Nord (of the
// prevention service) and Mémoire Vivante (of La Gerbe).
const demoServices = 10

// TestInstitutionProjection asks the demo's projection at the institution
// scope: no service is an organisation of it, the CPAS stands for its
// services (their keys name it), and the collaboration path from the CPAS
// to Le Méridien, through the CASS at the organisation scope, is their
// direct tie through the immersion its Pôle Jeunes (and its DES) took part
// in with Le Méridien.
func TestInstitutionProjection(t *testing.T) {
	x := demoIndex(t)
	y := must(x.at(bg, reseau.ScopeInstitution))
	if again := must(x.at(bg, reseau.ScopeInstitution)); again != y {
		t.Error("the projection is made again on a second call, want it made once per index")
	}
	if got, want := len(y.ds.Organisations), len(x.ds.Organisations)-demoServices; got != want {
		t.Errorf("%d organisations at the institution scope, want %d", got, want)
	}
	for _, o := range y.ds.Organisations {
		if o.ParentKey != "" {
			t.Errorf("service %s is an organisation at the institution scope", o.Key)
		}
	}
	if o := must(y.lookupOrg("o", "cpas-pole-jeunes")); y.orgKey(o) != "cpas-schaerbeek" {
		t.Errorf("cpas-pole-jeunes stands for %s, want cpas-schaerbeek", y.orgKey(o))
	}
	if cpas := y.org(y.orgIdx["cpas-schaerbeek"]); !slices.Contains(cpas.Domains, "jeunesse") {
		t.Errorf("the CPAS at the institution scope is active in %v, want its Pôle Jeunes' jeunesse among them", cpas.Domains)
	}

	before := must(x.OrganisationPath(bg, "cpas-schaerbeek", "le-meridien", 0, TiesCollaboration))
	if before.Length != 2 || before.Organisations[1] != "cass" {
		t.Errorf("organisation scope: path %v, want through the CASS", before.Organisations)
	}
	p := must(y.OrganisationPath(bg, "cpas-schaerbeek", "le-meridien", 0, TiesCollaboration))
	if p.Length != 1 {
		t.Fatalf("institution scope: path %v, want the direct tie", p.Organisations)
	}
	l := p.Links[0]
	want := []Ground{
		{From: "cpas-des", To: "le-meridien", Collaborations: []string{"immersion-2022", "immersion-2022-preparation"}, Collaboration: "immersion-2022"},
		{From: "cpas-pole-jeunes", To: "le-meridien", Collaborations: []string{"immersion-2022", "immersion-2022-preparation"}, Collaboration: "immersion-2022"},
	}
	if !slices.EqualFunc(l.Grounds, want, func(a, b Ground) bool {
		return a.From == b.From && a.To == b.To && slices.Equal(a.Collaborations, b.Collaborations) && a.Collaboration == b.Collaboration && len(a.Partnerships) == 0
	}) {
		t.Errorf("grounds %+v, want %+v", l.Grounds, want)
	}
	// Two services in one immersion: the collaborations count once.
	if l.Weight != 2 {
		t.Errorf("weight %d, want 2 (each collaboration once)", l.Weight)
	}
}

// TestInstitutionFoldsAsTheStores checks that the analytics' projection
// and the stores' folding (reseau.InstitutionCollaborators, over the
// SQLite demo) find the same collaboration ties for every organisation at
// the institution scope: one rule, two places.
func TestInstitutionFoldsAsTheStores(t *testing.T) {
	s := sqlitetest.Demo(t)
	ds, err := s.Export(reseau.WithCaller(bg, reseau.System))
	if err != nil {
		t.Fatal(err)
	}
	y := must(NewIndex(ds).at(bg, reseau.ScopeInstitution))
	var keys []string
	for _, o := range ds.Organisations {
		keys = append(keys, o.Key)
	}
	stored := must(reseau.InstitutionCollaborators(bg, s, keys, reseau.TieFilter{}))
	g := y.graph(TiesCollaboration)
	for _, k := range keys {
		o := y.orgIdx[k]
		fromIndex := map[string][]string{}
		for i, w := range g.row(o) {
			fromIndex[y.orgKey(w)] = y.pairColKeys(&y.pairs[g.edges(o)[i]])
		}
		fromStore := map[string][]string{}
		for _, tie := range stored[k] {
			fromStore[tie.OrganisationKey] = tie.CollaborationKeys
			if tie.Weight != len(tie.CollaborationKeys) {
				t.Errorf("%s–%s: weight %d for %d collaborations", k, tie.OrganisationKey, tie.Weight, len(tie.CollaborationKeys))
			}
		}
		for _, m := range []map[string][]string{fromIndex, fromStore} {
			for other, cs := range m {
				slices.Sort(cs)
				m[other] = cs
			}
		}
		if !maps.EqualFunc(fromIndex, fromStore, slices.Equal) {
			t.Errorf("%s at the institution scope: analytics %v, store folding %v", k, fromIndex, fromStore)
		}
	}
	if len(stored["cpas-schaerbeek"]) == 0 || len(stored["le-meridien"]) == 0 {
		t.Fatal("no ties compared")
	}
}

// TestMeetingsKeepApart checks the two rules of suggested meetings at both
// scopes: never two organisations of one institution, never two whose
// institutions sit together on a body. The CPAS and the CSS founded the
// CASS (cass-partenariat, with the CASS as structure_commune): at the
// organisation scope the DAS and the Conseil of the CPAS, both active in
// action sociale générale like the CSS and not tied to it, were suggested
// to meet it; the CPAS's Conseil sits on the CASS's steering committee with
// the Croix-Rouge and the SSQ 1030, which were suggested to the CPAS.
func TestMeetingsKeepApart(t *testing.T) {
	x := demoIndex(t)
	cpas := func(k string) bool { return strings.HasPrefix(k, "cpas-") }
	for _, scope := range []reseau.Scope{reseau.ScopeOrganisation, reseau.ScopeInstitution} {
		z := must(x.at(bg, scope))
		ms := must(z.SuggestedMeetings(bg, "", MaxFirst))
		if len(ms) == 0 {
			t.Fatalf("%s: no suggestion", scope)
		}
		for _, m := range ms {
			a, b := m.A, m.B
			if cpas(a) && cpas(b) {
				t.Errorf("%s: suggested %s with %s, of one institution", scope, a, b)
			}
			for _, pair := range [][2]string{{"cpas", "css"}, {"cpas", "croix-rouge-schaerbeek"}, {"cpas", "ssq-1030"}} {
				if cpas(a) && strings.HasPrefix(b, pair[1]) || cpas(b) && strings.HasPrefix(a, pair[1]) {
					t.Errorf("%s: suggested %s with %s, whose institutions sit together on a body", scope, a, b)
				}
			}
		}
	}
}
