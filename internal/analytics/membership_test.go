package analytics

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// membershipDataset: a convention whose first party has the network's role
// (still a convention: it ties its parties pairwise) and a membership (kind
// reseau.KindMembership) of m1, m2, m3 and m4 in the network n2, m3 and m4
// also parties to a convention; and a membership kind of partnership of x1
// and x2 without a network party (it ties them).
func membershipDataset() *reseau.Dataset {
	org := func(k string) reseau.Organisation {
		return reseau.Organisation{Key: k, Name: k, Sector: reseau.SectorAssociatif}
	}
	return &reseau.Dataset{
		Organisations: []reseau.Organisation{org("b"), org("c"), org("m1"), org("m2"), org("n1"), org("n2"),
			org("m3"), org("m4"), org("x1"), org("x2")},
		Partnerships: []reseau.Partnership{
			{Key: "conv", Kind: "convention", Title: "Convention"},
			{Key: "adh", Kind: reseau.KindMembership, Title: "Adhésion"},
			{Key: "conv2", Kind: "convention", Title: "Convention 2"},
			{Key: "adh2", Kind: reseau.KindMembership, Title: "Adhésion sans réseau"},
		},
		Parties: []reseau.Party{
			{PartnershipKey: "conv", OrganisationKey: "n1", Role: reseau.RoleNetwork},
			{PartnershipKey: "conv", OrganisationKey: "b", Role: "partie"},
			{PartnershipKey: "conv", OrganisationKey: "c", Role: "partie"},
			{PartnershipKey: "adh", OrganisationKey: "n2", Role: reseau.RoleNetwork},
			{PartnershipKey: "adh", OrganisationKey: "m1", Role: "membre"},
			{PartnershipKey: "adh", OrganisationKey: "m2", Role: "membre"},
			{PartnershipKey: "adh", OrganisationKey: "m3", Role: "membre"},
			{PartnershipKey: "adh", OrganisationKey: "m4", Role: "membre"},
			{PartnershipKey: "conv2", OrganisationKey: "m3", Role: "partie"},
			{PartnershipKey: "conv2", OrganisationKey: "m4", Role: "partie"},
			{PartnershipKey: "adh2", OrganisationKey: "x1", Role: "membre"},
			{PartnershipKey: "adh2", OrganisationKey: "x2", Role: "membre"},
		},
	}
}

// TestMembershipTies: only a partnership of kind reseau.KindMembership ties
// its members to the network alone; a convention with a party of role
// reseau.RoleNetwork ties every two parties, as the stores' Partners say.
func TestMembershipTies(t *testing.T) {
	x := NewIndex(membershipDataset())
	for _, tc := range []struct {
		name     string
		from, to string
		want     []string
	}{
		{"a convention ties its parties pairwise", "b", "c", []string{"b", "c"}},
		{"a convention ties the network's role to each party", "n1", "c", []string{"n1", "c"}},
		{"a membership ties members through the network", "m1", "m2", []string{"m1", "n2", "m2"}},
		{"a membership ties each member to the network", "m1", "n2", []string{"m1", "n2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := x.OrganisationPath(bg, tc.from, tc.to, 0, TiesPartnership)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Organisations, tc.want) {
				t.Fatalf("path = %v, want %v", p.Organisations, tc.want)
			}
			for _, l := range p.Links {
				if l.Kind != KindPartnership || len(l.Partnerships) != 1 || l.Weight != 1 {
					t.Errorf("link %+v, want one partnership", l)
				}
			}
		})
	}
	p, err := x.OrganisationPath(bg, "b", "c", 1, TiesPartnership)
	if err != nil || p.Length != 1 {
		t.Errorf("b→c = %+v, %v; want one link", p, err)
	} else if l := p.Links[0]; l.Partnership != "conv" || !slices.ContainsFunc(l.Grounds, func(g Ground) bool {
		return g.From == "b" && g.To == "c" && slices.Equal(g.Partnerships, []string{"conv"})
	}) {
		t.Errorf("b→c link = %+v, want conv grounding b–c", l)
	}

	// The analytics ties are the SQLite store's Partners, pair by pair.
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds := membershipDataset()
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range ds.Organisations {
		keys = append(keys, o.Key)
	}
	partners, err := s.Partners(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range keys {
		for _, b := range keys {
			if a == b {
				continue
			}
			p, err := x.OrganisationPath(bg, a, b, 1, TiesPartnership)
			if err != nil {
				t.Fatal(err)
			}
			if tied, store := p.Length == 1, slices.Contains(partners[a], b); tied != store {
				t.Errorf("%s–%s: tied in analytics %v, in the store's Partners %v", a, b, tied, store)
			}
		}
	}
}
