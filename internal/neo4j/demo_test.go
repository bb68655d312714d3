package neo4j

import (
	"context"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestDemoOnModel loads the demo (Schaerbeek and its fictional staff) into
// the store over the model and checks it against the dataset itself: the
// export gives it back, and every organisation's collaborators are those
// counted straight from the participations.
func TestDemoOnModel(t *testing.T) {
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(newModel(t))
	ctx := context.Background()
	st, err := s.Import(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != ds.Rows() {
		t.Errorf("import created %d of %d rows", st.Created, ds.Rows())
	}
	page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 1})
	if err != nil || page.TotalCount != 83 {
		t.Fatalf("organisations totalCount = %v, %v, want 83", page, err)
	}

	out, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := demo.DemoDataset()
	sortDataset(want)
	if got, w := storetest.Canonical(t, out), storetest.Canonical(t, want); got != w {
		t.Error("export differs from the imported demo")
	}

	// Collaborators, counted from the dataset: shared collaborations where
	// neither side was invite_absent, of a status that makes ties (not the
	// postponed rencontre on parentalité).
	makesTies := map[string]bool{}
	for _, c := range ds.Collaborations {
		makesTies[c.Key] = reseau.MakesTies(c.Status)
	}
	present := map[string][]string{} // collaboration → organisations
	for _, p := range ds.Participations {
		if p.Role != reseau.RoleInviteAbsent && makesTies[p.CollaborationKey] {
			present[p.CollaborationKey] = append(present[p.CollaborationKey], p.OrganisationKey)
		}
	}
	weights := map[string]map[string]int{}
	for _, orgs := range present {
		for _, a := range orgs {
			for _, b := range orgs {
				if a != b {
					if weights[a] == nil {
						weights[a] = map[string]int{}
					}
					weights[a][b]++
				}
			}
		}
	}
	var keys []string
	for _, o := range ds.Organisations {
		keys = append(keys, o.Key)
	}
	ties, err := s.Collaborators(ctx, keys, reseau.TieFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		got := map[string]int{}
		for _, tie := range ties[k] {
			got[tie.OrganisationKey] = tie.Weight
		}
		if len(got) != len(weights[k]) {
			t.Errorf("%s: %d collaborators, the dataset says %d", k, len(got), len(weights[k]))
			continue
		}
		for o, w := range weights[k] {
			if got[o] != w {
				t.Errorf("%s–%s weight %d, the dataset says %d", k, o, got[o], w)
			}
		}
	}
	t.Logf("le-meridien's collaborators: %d", len(ties["le-meridien"]))
}

// sortDataset sorts a dataset's sections as Export does.
func sortDataset(ds *reseau.Dataset) {
	slices.SortFunc(ds.Domains, func(a, b reseau.Domain) int { return cmp2(a.Key, "", b.Key, "") })
	slices.SortFunc(ds.Organisations, func(a, b reseau.Organisation) int { return cmp2(a.Key, "", b.Key, "") })
	slices.SortFunc(ds.People, func(a, b reseau.Person) int { return cmp2(a.Key, "", b.Key, "") })
	slices.SortFunc(ds.Collaborations, func(a, b reseau.Collaboration) int { return cmp2(a.Key, "", b.Key, "") })
	slices.SortFunc(ds.Partnerships, func(a, b reseau.Partnership) int { return cmp2(a.Key, "", b.Key, "") })
	slices.SortFunc(ds.Memberships, lessMembership)
	slices.SortFunc(ds.Participations, lessParticipation)
	slices.SortFunc(ds.PersonParticipations, lessPersonParticipation)
	slices.SortFunc(ds.Parties, lessParty)
	slices.SortFunc(ds.Knows, lessKnows)
}
