package storetest

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// testSchaerbeek checks the bars of the foundation issue on the bundled demo
// data, with its generated staff: real names, aliases and memberships.
func testSchaerbeek(t *testing.T, open Opener) {
	ctx := context.Background()
	ds, err := demo.DemoDataset()
	must(t, err)
	s := open(t)
	st, err := s.Import(ctx, ds)
	must(t, err)
	if st.Created != ds.Rows() {
		t.Errorf("import = %+v, want %d created", *st, ds.Rows())
	}

	page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 1})
	must(t, err)
	if page.TotalCount != 83 {
		t.Errorf("organisations totalCount = %d, want 83", page.TotalCount)
	}

	ties, err := s.Collaborators(ctx, []string{"le-meridien"}, reseau.TieFilter{})
	must(t, err)
	var got []string
	for _, tie := range ties["le-meridien"] {
		got = append(got, tie.OrganisationKey)
	}
	slices.Sort(got)
	// The nine other organisations of the 2022 immersion days, and none of
	// the 2015 meeting Le Méridien was invited to and missed.
	want := []string{"cass", "cpas-des", "cpas-pole-jeunes", "infor-jeunes", "maison-des-mediations", "mission-locale", "sapv", "soleil-du-nord", "titeca"}
	if !slices.Equal(got, want) {
		t.Errorf("Le Méridien's collaborators = %v, want %v", got, want)
	}

	// The CPAS's Famille-Jeunesse service asked for three rencontres with
	// the CASS and the Pôle Jeunes in 2015 (collaboration_participants.csv);
	// the one on parentalité was postponed (collaborations.csv) and ties
	// nobody: two with each, and Espace 208, host of the one on schooling.
	ties, err = s.Collaborators(ctx, []string{"cpas-famille-jeunesse"}, reseau.TieFilter{})
	must(t, err)
	gotTies := map[string][]string{}
	for _, tie := range ties["cpas-famille-jeunesse"] {
		gotTies[tie.OrganisationKey] = tie.CollaborationKeys
	}
	wantTies := map[string][]string{
		"cass":             {"rencontre-ej-demarches-2015", "rencontre-ej-scolarite-2015"},
		"cpas-pole-jeunes": {"rencontre-ej-demarches-2015", "rencontre-ej-scolarite-2015"},
		"espace-208":       {"rencontre-ej-scolarite-2015"},
	}
	if !reflect.DeepEqual(gotTies, wantTies) {
		t.Errorf("cpas-famille-jeunesse's ties = %v, want %v (not the postponed rencontre-ej-parentalite)", gotTies, wantTies)
	}

	partners, err := s.Partners(ctx, []string{"le-meridien", "css"})
	must(t, err)
	// A member of the CSS is tied to the CSS, not to the other members.
	if !slices.Contains(partners["le-meridien"], "css") || slices.Contains(partners["le-meridien"], "la-gerbe") {
		t.Errorf("Le Méridien's partners = %v", partners["le-meridien"])
	}
	if !slices.Contains(partners["css"], "la-gerbe") || !slices.Contains(partners["css"], "le-meridien") {
		t.Errorf("the CSS's partners = %v, want its members", partners["css"])
	}

	for _, tt := range []struct{ text, want string }{
		{"meridien", "le-meridien"},
		{"Le Méridien", "le-meridien"},
		{"SSM La Gerbe", "la-gerbe"},
		{"ocmw schaarbeek", "cpas-schaerbeek"},
	} {
		hits, err := s.Search(ctx, tt.text, []string{reseau.TypeOrganisation}, 5)
		must(t, err)
		if len(hits) == 0 || hits[0].Key != tt.want {
			t.Errorf("Search(%q) = %+v, want %s first", tt.text, hits, tt.want)
		}
	}

	// Anonymous callers see the organisations and no person at all.
	anon := as(anonymous)
	people, err := s.FindPeople(anon, reseau.PersonFilter{}, reseau.ListOptions{Limit: 1})
	must(t, err)
	exp, err := s.Export(anon)
	must(t, err)
	if people.TotalCount != 0 || len(exp.People)+len(exp.Memberships)+len(exp.PersonParticipations)+len(exp.Knows) != 0 || len(exp.Organisations) != 83 {
		t.Errorf("anonymous sees %d people; export with %d people, %d organisations", people.TotalCount, len(exp.People), len(exp.Organisations))
	}

	st, err = s.Import(ctx, ds)
	must(t, err)
	if st.Created != 0 || st.Updated != 0 {
		t.Errorf("re-import = %+v, want nothing created or updated", *st)
	}
}
