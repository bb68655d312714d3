package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func testRelationships(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)

	t.Run("Memberships", func(t *testing.T) {
		got, err := s.Memberships(ctx, reseau.EdgeFilter{To: []string{"cpas"}})
		must(t, err)
		want := []reseau.Membership{
			{PersonKey: "alice", OrganisationKey: "cpas", Role: "assistante sociale", Since: "2019-09"},
			{PersonKey: "dan", OrganisationKey: "cpas", Role: "référent jeunes", Since: "2020-01-06", Until: "2024-12-31"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Memberships(To cpas) = %+v, want %+v", got, want)
		}
		m := reseau.Membership{PersonKey: "alice", OrganisationKey: "gerbe", Role: "stagiaire", Since: "2023"}
		must(t, s.PutMembership(ctx, m))
		m.Role = "bénévole" // Put upserts
		must(t, s.PutMembership(ctx, m))
		got, err = s.Memberships(ctx, reseau.EdgeFilter{From: []string{"alice"}})
		must(t, err)
		if len(got) != 2 || !reflect.DeepEqual(got[1], m) {
			t.Fatalf("Memberships(From alice) = %+v, want cpas and %+v", got, m)
		}
		must(t, s.DeleteMembership(ctx, "alice", "gerbe"))
		wantCode(t, s.DeleteMembership(ctx, "alice", "gerbe"), reseau.ENOTFOUND)
	})

	t.Run("Participations", func(t *testing.T) {
		got, err := s.Participations(ctx, reseau.EdgeFilter{From: []string{"gerbe"}})
		must(t, err)
		want := []reseau.Participation{
			{CollaborationKey: "immersion-2022", OrganisationKey: "gerbe", Role: reseau.RoleInviteAbsent},
			{CollaborationKey: "rencontre-2015", OrganisationKey: "gerbe", Role: "intervenant"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Participations(From gerbe) = %+v, want %+v", got, want)
		}
		got, err = s.Participations(ctx, reseau.EdgeFilter{To: []string{"meeting-2018"}})
		must(t, err)
		if len(got) != 3 {
			t.Fatalf("Participations(To meeting-2018) = %+v, want 3 rows", got)
		}
		p := reseau.Participation{CollaborationKey: "gt-logement", OrganisationKey: "amo", Role: "invite"}
		must(t, s.PutParticipation(ctx, p))
		got, err = s.Participations(ctx, reseau.EdgeFilter{From: []string{"amo"}, To: []string{"gt-logement"}})
		must(t, err)
		if !reflect.DeepEqual(got, []reseau.Participation{p}) {
			t.Fatalf("Participations(amo, gt-logement) = %+v, want %+v", got, p)
		}
		must(t, s.DeleteParticipation(ctx, "gt-logement", "amo"))
		wantCode(t, s.DeleteParticipation(ctx, "gt-logement", "amo"), reseau.ENOTFOUND)
	})

	t.Run("PersonParticipations", func(t *testing.T) {
		got, err := s.PersonParticipations(ctx, reseau.EdgeFilter{To: []string{"rencontre-2015"}})
		must(t, err)
		if len(got) != 4 {
			t.Fatalf("PersonParticipations(To rencontre-2015) = %+v, want 4", got)
		}
		p := reseau.PersonParticipation{CollaborationKey: "gt-logement", PersonKey: "eve", Role: "membre"}
		must(t, s.PutPersonParticipation(ctx, p))
		got, err = s.PersonParticipations(ctx, reseau.EdgeFilter{From: []string{"eve"}})
		must(t, err)
		if !reflect.DeepEqual(got, []reseau.PersonParticipation{p}) {
			t.Fatalf("PersonParticipations(From eve) = %+v, want %+v", got, p)
		}
		must(t, s.DeletePersonParticipation(ctx, "gt-logement", "eve"))
		wantCode(t, s.DeletePersonParticipation(ctx, "gt-logement", "eve"), reseau.ENOTFOUND)
	})

	t.Run("Parties", func(t *testing.T) {
		got, err := s.Parties(ctx, reseau.EdgeFilter{To: []string{"css-adhesion"}})
		must(t, err)
		if len(got) != 3 || got[0].OrganisationKey != "css" || got[0].Role != reseau.RoleNetwork {
			t.Fatalf("Parties(To css-adhesion) = %+v", got)
		}
		p := reseau.Party{PartnershipKey: "css-adhesion", OrganisationKey: "amo", Role: "membre"}
		must(t, s.PutParty(ctx, p))
		got, err = s.Parties(ctx, reseau.EdgeFilter{From: []string{"amo"}})
		must(t, err)
		if len(got) != 2 || !reflect.DeepEqual(got[1], p) {
			t.Fatalf("Parties(From amo) = %+v", got)
		}
		must(t, s.DeleteParty(ctx, "css-adhesion", "amo"))
		wantCode(t, s.DeleteParty(ctx, "css-adhesion", "amo"), reseau.ENOTFOUND)
	})

	t.Run("Knows", func(t *testing.T) {
		// KNOWS rows match From on either end.
		got, err := s.Knows(ctx, reseau.EdgeFilter{From: []string{"alice"}})
		must(t, err)
		want := []reseau.Knows{{PersonKey: "eve", OtherKey: "alice", Since: "2021-06", Source: "speedmeeting"}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Knows(From alice) = %+v, want %+v", got, want)
		}
		k := reseau.Knows{PersonKey: "bob", OtherKey: "eve", Source: "formation"}
		must(t, s.PutKnows(ctx, k))
		got, err = s.Knows(ctx, reseau.EdgeFilter{From: []string{"eve"}})
		must(t, err)
		if len(got) != 2 {
			t.Fatalf("Knows(From eve) = %+v, want 2 rows", got)
		}
		must(t, s.DeleteKnows(ctx, "bob", "eve"))
		wantCode(t, s.DeleteKnows(ctx, "bob", "eve"), reseau.ENOTFOUND)
	})

	if got, want := export(t, ctx, s), Canonical(t, Fixture()); got != want {
		t.Errorf("puts then deletes did not restore the fixture:\n%s", got)
	}
}

func testLists(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)

	t.Run("Organisations", func(t *testing.T) {
		tests := []struct {
			name  string
			f     reseau.OrganisationFilter
			o     reseau.ListOptions
			want  []string
			total int
		}{
			// Natural order is by name: "AMO Rythme", "Coordination...", "CPAS de..." (case-insensitive), ...
			{"all by key", reseau.OrganisationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"amo", "cpas", "css", "gerbe", "logement", "memoire", "meridien", "pole-jeunes"}, 8},
			{"page", reseau.OrganisationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderKey, Offset: 2, Limit: 3},
				[]string{"css", "gerbe", "logement"}, 8},
			{"page past the end", reseau.OrganisationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderKey, Offset: 7, Limit: 3},
				[]string{"pole-jeunes"}, 8},
			{"by key desc", reseau.OrganisationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderKey, Desc: true, Limit: 2},
				[]string{"pole-jeunes", "meridien"}, 8},
			{"by name", reseau.OrganisationFilter{Sectors: []reseau.Sector{reseau.SectorAssociatif}}, reseau.ListOptions{OrderBy: reseau.OrderName},
				[]string{"amo", "gerbe", "meridien", "memoire"}, 4},
			{"natural order is name", reseau.OrganisationFilter{Sectors: []reseau.Sector{reseau.SectorAssociatif}}, reseau.ListOptions{},
				[]string{"amo", "gerbe", "meridien", "memoire"}, 4},
			{"sectors ORed", reseau.OrganisationFilter{Sectors: []reseau.Sector{reseau.SectorCPAS, reseau.SectorMixte}}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"cpas", "css", "pole-jeunes"}, 3},
			{"domains", reseau.OrganisationFilter{Domains: []string{"jeunesse"}}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"amo", "cpas", "pole-jeunes"}, 3},
			{"domains ORed", reseau.OrganisationFilter{Domains: []string{"logement", "sante-mentale"}}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"cpas", "gerbe", "logement", "meridien"}, 4},
			{"fields ANDed", reseau.OrganisationFilter{Domains: []string{"jeunesse"}, Sectors: []reseau.Sector{reseau.SectorCPAS}, Parents: []string{"cpas"}},
				reseau.ListOptions{}, []string{"pole-jeunes"}, 1},
			{"commune ignores case and accents", reseau.OrganisationFilter{Commune: "SAINT-JOSSE-TEN-NOODE"}, reseau.ListOptions{},
				[]string{"meridien"}, 1},
			{"text in name without accents", reseau.OrganisationFilter{Text: "MERIDIEN"}, reseau.ListOptions{},
				[]string{"meridien"}, 1},
			{"text in alias", reseau.OrganisationFilter{Text: "ocmw"}, reseau.ListOptions{},
				[]string{"cpas"}, 1},
			{"text in short name", reseau.OrganisationFilter{Text: "pôle j"}, reseau.ListOptions{},
				[]string{"pole-jeunes"}, 1},
			{"keys", reseau.OrganisationFilter{Keys: []string{"css", "nope", "amo"}}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"amo", "css"}, 2},
			{"nothing", reseau.OrganisationFilter{Text: "zzz"}, reseau.ListOptions{}, nil, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := s.FindOrganisations(ctx, tt.f, tt.o)
				must(t, err)
				sameKeys(t, "keys", orgKeys(page.Items), tt.want)
				if page.TotalCount != tt.total {
					t.Errorf("TotalCount = %d, want %d", page.TotalCount, tt.total)
				}
			})
		}
		_, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{OrderBy: "startDate"})
		wantCode(t, err, reseau.EINVALID)
		_, err = s.FindOrganisations(ctx, reseau.OrganisationFilter{Sectors: []reseau.Sector{"PRIVE"}}, reseau.ListOptions{})
		wantCode(t, err, reseau.EINVALID)
	})

	t.Run("People", func(t *testing.T) {
		tests := []struct {
			name  string
			f     reseau.PersonFilter
			o     reseau.ListOptions
			want  []string
			total int
		}{
			{"natural order is name", reseau.PersonFilter{}, reseau.ListOptions{},
				[]string{"alice", "bob", "carol", "dan", "eve"}, 5},
			{"page by key desc", reseau.PersonFilter{}, reseau.ListOptions{OrderBy: reseau.OrderKey, Desc: true, Offset: 1, Limit: 2},
				[]string{"dan", "carol"}, 5},
			{"organisations", reseau.PersonFilter{Organisations: []string{"cpas", "logement"}}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"alice", "dan", "eve"}, 3},
			{"text without accents", reseau.PersonFilter{Text: "lefevre"}, reseau.ListOptions{}, []string{"carol"}, 1},
			{"text with accents", reseau.PersonFilter{Text: "ÈVE"}, reseau.ListOptions{}, []string{"eve"}, 1},
			{"keys", reseau.PersonFilter{Keys: []string{"bob", "nope"}}, reseau.ListOptions{}, []string{"bob"}, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := s.FindPeople(ctx, tt.f, tt.o)
				must(t, err)
				sameKeys(t, "keys", personKeys(page.Items), tt.want)
				if page.TotalCount != tt.total {
					t.Errorf("TotalCount = %d, want %d", page.TotalCount, tt.total)
				}
			})
		}
		_, err := s.FindPeople(ctx, reseau.PersonFilter{}, reseau.ListOptions{OrderBy: reseau.OrderTitle})
		wantCode(t, err, reseau.EINVALID)
	})

	t.Run("Collaborations", func(t *testing.T) {
		tests := []struct {
			name  string
			f     reseau.CollaborationFilter
			o     reseau.ListOptions
			want  []string
			total int
		}{
			{"natural order is title", reseau.CollaborationFilter{}, reseau.ListOptions{},
				[]string{"atelier-2015", "gt-logement", "immersion-2022", "rencontre-2015", "meeting-2018"}, 5},
			{"by start date", reseau.CollaborationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderStartDate},
				[]string{"rencontre-2015", "atelier-2015", "meeting-2018", "gt-logement", "immersion-2022"}, 5},
			{"by start date desc, paged", reseau.CollaborationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderStartDate, Desc: true, Limit: 2},
				[]string{"immersion-2022", "gt-logement"}, 5},
			// gt-logement started in 2019 with no end: it is [2019-01-01, 2019-12-31].
			{"year overlaps a range", reseau.CollaborationFilter{From: "2022", To: "2022"}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"immersion-2022"}, 1},
			{"partial month overlaps a day range", reseau.CollaborationFilter{From: "2015-10-15", To: "2015-10-20"}, reseau.ListOptions{},
				[]string{"rencontre-2015"}, 1},
			{"open-ended from", reseau.CollaborationFilter{From: "2019-01-01"}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"gt-logement", "immersion-2022"}, 2},
			{"open-ended to", reseau.CollaborationFilter{To: "2015-12"}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"atelier-2015", "rencontre-2015"}, 2},
			{"kinds", reseau.CollaborationFilter{Kinds: []string{"immersion", "speedmeeting"}}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"immersion-2022", "meeting-2018"}, 2},
			{"statuses", reseau.CollaborationFilter{Statuses: []string{"active"}}, reseau.ListOptions{}, []string{"gt-logement"}, 1},
			{"domains", reseau.CollaborationFilter{Domains: []string{"sante-mentale"}}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"atelier-2015", "rencontre-2015"}, 2},
			{"text", reseau.CollaborationFilter{Text: "SANTE"}, reseau.ListOptions{}, []string{"rencontre-2015"}, 1},
			{"parents", reseau.CollaborationFilter{Parents: []string{"rencontre-2015"}}, reseau.ListOptions{}, []string{"atelier-2015"}, 1},
			{"organisations, any role", reseau.CollaborationFilter{Organisations: []string{"gerbe"}}, reseau.ListOptions{OrderBy: reseau.OrderKey},
				[]string{"immersion-2022", "rencontre-2015"}, 2},
			{"locations", reseau.CollaborationFilter{Locations: []string{"pole-jeunes"}}, reseau.ListOptions{}, []string{"immersion-2022"}, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := s.FindCollaborations(ctx, tt.f, tt.o)
				must(t, err)
				sameKeys(t, "keys", collabKeys(page.Items), tt.want)
				if page.TotalCount != tt.total {
					t.Errorf("TotalCount = %d, want %d", page.TotalCount, tt.total)
				}
			})
		}
		_, err := s.FindCollaborations(ctx, reseau.CollaborationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderName})
		wantCode(t, err, reseau.EINVALID)
		_, err = s.FindCollaborations(ctx, reseau.CollaborationFilter{From: "2022-13"}, reseau.ListOptions{})
		wantCode(t, err, reseau.EINVALID)
	})

	t.Run("Partnerships", func(t *testing.T) {
		tests := []struct {
			name  string
			f     reseau.PartnershipFilter
			o     reseau.ListOptions
			want  []string
			total int
		}{
			{"natural order is title", reseau.PartnershipFilter{}, reseau.ListOptions{}, []string{"css-adhesion", "convention-immersion"}, 2},
			{"by start date", reseau.PartnershipFilter{}, reseau.ListOptions{OrderBy: reseau.OrderStartDate}, []string{"css-adhesion", "convention-immersion"}, 2},
			{"kinds", reseau.PartnershipFilter{Kinds: []string{"adhesion"}}, reseau.ListOptions{}, []string{"css-adhesion"}, 1},
			{"organisations", reseau.PartnershipFilter{Organisations: []string{"pole-jeunes"}}, reseau.ListOptions{}, []string{"convention-immersion"}, 1},
			// A missing end is the start: css-adhesion is [2005, 2005].
			{"dates", reseau.PartnershipFilter{From: "2004-06", To: "2006"}, reseau.ListOptions{}, []string{"css-adhesion"}, 1},
			{"no overlap after a missing end", reseau.PartnershipFilter{From: "2010", To: "2012"}, reseau.ListOptions{}, nil, 0},
			{"text", reseau.PartnershipFilter{Text: "reciprocite"}, reseau.ListOptions{}, []string{"convention-immersion"}, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := s.FindPartnerships(ctx, tt.f, tt.o)
				must(t, err)
				sameKeys(t, "keys", partnershipKeys(page.Items), tt.want)
				if page.TotalCount != tt.total {
					t.Errorf("TotalCount = %d, want %d", page.TotalCount, tt.total)
				}
			})
		}
	})

	// A caller that needs no total (ListOptions.SkipCount) gets the same
	// page and a total of 0: the store did not count. Both the scans of a
	// label and the pages seeded by keys.
	t.Run("SkipCount", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			find func(o reseau.ListOptions) (keys []string, total int, err error)
		}{
			{"organisations", func(o reseau.ListOptions) ([]string, int, error) {
				p, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, o)
				return pageKeys(p, err, func(x *reseau.Organisation) string { return x.Key })
			}},
			{"organisations by keys", func(o reseau.ListOptions) ([]string, int, error) {
				p, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Keys: []string{"amo", "css", "cpas"}}, o)
				return pageKeys(p, err, func(x *reseau.Organisation) string { return x.Key })
			}},
			{"people", func(o reseau.ListOptions) ([]string, int, error) {
				p, err := s.FindPeople(as(coordinator), reseau.PersonFilter{}, o)
				return pageKeys(p, err, func(x *reseau.Person) string { return x.Key })
			}},
			{"people of organisations", func(o reseau.ListOptions) ([]string, int, error) {
				p, err := s.FindPeople(as(coordinator), reseau.PersonFilter{Organisations: []string{"cpas", "logement"}}, o)
				return pageKeys(p, err, func(x *reseau.Person) string { return x.Key })
			}},
			{"collaborations", func(o reseau.ListOptions) ([]string, int, error) {
				p, err := s.FindCollaborations(ctx, reseau.CollaborationFilter{}, o)
				return pageKeys(p, err, func(x *reseau.Collaboration) string { return x.Key })
			}},
			{"partnerships", func(o reseau.ListOptions) ([]string, int, error) {
				p, err := s.FindPartnerships(ctx, reseau.PartnershipFilter{}, o)
				return pageKeys(p, err, func(x *reseau.Partnership) string { return x.Key })
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				o := reseau.ListOptions{OrderBy: reseau.OrderKey, Offset: 1, Limit: 2}
				want, total, err := tc.find(o)
				must(t, err)
				if total == 0 || len(want) == 0 {
					t.Fatalf("counted: %d items of %d: the test proves nothing", len(want), total)
				}
				o.SkipCount = true
				got, n, err := tc.find(o)
				must(t, err)
				sameKeys(t, "keys", got, want)
				if n != 0 {
					t.Errorf("TotalCount = %d with SkipCount, want 0 (not counted)", n)
				}
			})
		}
	})
}

// pageKeys returns the keys of a page's items and its total.
func pageKeys[T any](p *reseau.Page[*T], err error, key func(*T) string) ([]string, int, error) {
	if err != nil {
		return nil, 0, err
	}
	keys := make([]string, len(p.Items))
	for i, it := range p.Items {
		keys[i] = key(it)
	}
	return keys, p.TotalCount, nil
}
