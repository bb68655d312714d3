package sqlite_test

import (
	"context"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestSchaerbeek runs the bars of the issue on the bundled demo data.
func TestSchaerbeek(t *testing.T) {
	ctx := context.Background()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	s := open(t)
	st, err := s.Import(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != ds.Rows() {
		t.Errorf("import = %+v, want %d created", st, ds.Rows())
	}

	page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalCount != 83 {
		t.Errorf("organisations totalCount = %d, want 83", page.TotalCount)
	}

	ties, err := s.Collaborators(ctx, []string{"le-meridien"}, reseau.TieFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tie := range ties["le-meridien"] {
		got = append(got, tie.OrganisationKey)
	}
	slices.Sort(got)
	// The nine other organisations of the 2022 immersion days, and not those
	// of the 2015 meeting Le Méridien was invited to and missed.
	want := []string{"cass", "cpas-des", "cpas-pole-jeunes", "infor-jeunes", "maison-des-mediations", "mission-locale", "sapv", "soleil-du-nord", "titeca"}
	if !slices.Equal(got, want) {
		t.Errorf("Le Méridien's collaborators = %v, want %v", got, want)
	}

	partners, err := s.Partners(ctx, []string{"le-meridien"})
	if err != nil {
		t.Fatal(err)
	}
	// A member of the CSS is tied to the CSS, not to the other members.
	if !slices.Contains(partners["le-meridien"], "css") || slices.Contains(partners["le-meridien"], "la-gerbe") {
		t.Errorf("Le Méridien's partners = %v", partners["le-meridien"])
	}

	for _, tt := range []struct{ text, want string }{
		{"meridien", "le-meridien"},
		{"SSM La Gerbe", "la-gerbe"},
		{"ocmw schaarbeek", "cpas-schaerbeek"},
	} {
		hits, err := s.Search(ctx, tt.text, []string{reseau.TypeOrganisation}, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].Key != tt.want {
			t.Errorf("Search(%q) = %+v, want %s first", tt.text, hits, tt.want)
		}
	}

	st, err = s.Import(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != 0 || st.Updated != 0 {
		t.Errorf("re-import = %+v, want nothing created or updated", st)
	}
}
