package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// testTieConditions pins down OrganisationFilter.TiedTo and NotTiedTo on the
// fixture, whose ties are (Fixture's comment):
//
//	collaboration: amo–meridien, amo–pole-jeunes, meridien–pole-jeunes
//	(meeting-2018, immersion-2022; gerbe invite_absent there), cpas–gerbe,
//	cpas–meridien, gerbe–meridien (rencontre-2015), cpas–logement
//	(gt-logement);
//	partnership: amo, meridien and pole-jeunes pairwise (convention), css–gerbe
//	and css–meridien (the css-adhesion membership: gerbe and meridien are
//	not partners through it); memoire has no tie.
//
// cpas and pole-jeunes are the CPAS sector (PART_OF is not a tie).
func testTieConditions(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	cpasSector := []reseau.Sector{reseau.SectorCPAS}
	collab := []reseau.TieKind{reseau.TieCollaboration}
	partner := []reseau.TieKind{reseau.TiePartnership}
	list := func(t *testing.T, ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) ([]string, int) {
		t.Helper()
		p, err := s.FindOrganisations(ctx, f, o)
		must(t, err)
		return orgKeys(p.Items), p.TotalCount
	}
	for _, tt := range []struct {
		name string
		f    reseau.OrganisationFilter
		want []string
	}{
		{"tied to the CPAS sector", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Sectors: cpasSector}},
			[]string{"amo", "gerbe", "logement", "meridien"}},
		{"not tied to the CPAS sector", reseau.OrganisationFilter{NotTiedTo: reseau.TieCondition{Sectors: cpasSector}},
			[]string{"cpas", "css", "memoire", "pole-jeunes"}},
		{"associations not tied to the CPAS sector", reseau.OrganisationFilter{Sectors: []reseau.Sector{reseau.SectorAssociatif}, NotTiedTo: reseau.TieCondition{Sectors: cpasSector}},
			[]string{"memoire"}},
		{"never collaborated with cpas (cpas itself left out)", reseau.OrganisationFilter{NotTiedTo: reseau.TieCondition{Organisations: []string{"cpas"}, Kinds: collab}},
			[]string{"amo", "css", "memoire", "pole-jeunes"}},
		{"partners of the css", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Organisations: []string{"css"}, Kinds: partner}},
			[]string{"gerbe", "meridien"}},
		{"collaborators of the css: none", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Organisations: []string{"css"}, Kinds: collab}}, nil},
		{"tied to gerbe (not amo: gerbe was absent)", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Organisations: []string{"gerbe"}}},
			[]string{"cpas", "css", "meridien"}},
		{"partners of gerbe (members of a network are not partners)", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Organisations: []string{"gerbe"}, Kinds: partner}},
			[]string{"css"}},
		{"tied to neither meridien nor the css", reseau.OrganisationFilter{NotTiedTo: reseau.TieCondition{Organisations: []string{"meridien", "css"}}},
			[]string{"logement", "memoire"}},
		{"tied to the CPAS among two keys", reseau.OrganisationFilter{Keys: []string{"amo", "memoire"}, TiedTo: reseau.TieCondition{Sectors: cpasSector}},
			[]string{"amo"}},
		{"tied to the CPAS and not to amo", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Sectors: cpasSector}, NotTiedTo: reseau.TieCondition{Organisations: []string{"amo"}}},
			[]string{"gerbe", "logement"}},
		{"tied to cpas or pole-jeunes by name, in Santé mentale", reseau.OrganisationFilter{Domains: []string{"sante-mentale"}, TiedTo: reseau.TieCondition{Organisations: []string{"cpas", "pole-jeunes"}, Kinds: collab}},
			[]string{"gerbe", "meridien"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, total := list(t, ctx, tt.f, reseau.ListOptions{OrderBy: reseau.OrderKey})
			if !slices.Equal(got, tt.want) || total != len(tt.want) {
				t.Fatalf("FindOrganisations = %q (total %d), want %q", got, total, tt.want)
			}
		})
	}

	t.Run("pages and totals", func(t *testing.T) {
		f := reseau.OrganisationFilter{NotTiedTo: reseau.TieCondition{Sectors: cpasSector}}
		var all []string
		for off := 0; off < 6; off += 3 {
			got, total := list(t, ctx, f, reseau.ListOptions{OrderBy: reseau.OrderKey, Desc: true, Offset: off, Limit: 3})
			if total != 4 {
				t.Fatalf("page at %d: total %d, want 4", off, total)
			}
			all = append(all, got...)
		}
		if want := []string{"pole-jeunes", "memoire", "css", "cpas"}; !slices.Equal(all, want) {
			t.Fatalf("two pages of 3 by key descending = %q, want %q", all, want)
		}
	})

	t.Run("unknown key", func(t *testing.T) {
		_, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{NotTiedTo: reseau.TieCondition{Organisations: []string{"cpas-1030"}}}, reseau.ListOptions{})
		wantCode(t, err, reseau.EINVALID)
	})

	t.Run("only ties of a status that makes ties, following writes", func(t *testing.T) {
		// memoire and logement share nothing: a postponed meeting ties them
		// not, the same meeting held does.
		must(t, s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "reportee", Kind: "rencontre_reseau", Title: "Rencontre reportée",
			StartDate: "2016-11-23", Status: "postponed"}))
		for _, o := range []string{"memoire", "logement"} {
			must(t, s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "reportee", OrganisationKey: o, Role: "participant"}))
		}
		tiedToLogement := reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Organisations: []string{"logement"}}}
		if got, _ := list(t, ctx, tiedToLogement, reseau.ListOptions{OrderBy: reseau.OrderKey}); !slices.Equal(got, []string{"cpas"}) {
			t.Fatalf("tied to logement with a postponed meeting = %q, want cpas only", got)
		}
		must(t, Err(s.UpdateCollaboration(ctx, "reportee", func(c *reseau.Collaboration) error { c.Status = "held"; return nil })))
		if got, _ := list(t, ctx, tiedToLogement, reseau.ListOptions{OrderBy: reseau.OrderKey}); !slices.Equal(got, []string{"cpas", "memoire"}) {
			t.Fatalf("tied to logement once the meeting was held = %q, want cpas and memoire", got)
		}
		// Inside an operation, its own writes count.
		must(t, s.Atomic(ctx, func(ctx context.Context) error {
			must(t, s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "reportee", OrganisationKey: "css", Role: "participant"}))
			if got, _ := list(t, ctx, tiedToLogement, reseau.ListOptions{OrderBy: reseau.OrderKey}); !slices.Equal(got, []string{"cpas", "css", "memoire"}) {
				t.Errorf("inside the operation that made css take part: %q, want cpas, css and memoire", got)
			}
			return nil
		}))
		must(t, s.DeleteParticipation(ctx, "reportee", "memoire"))
		if got, _ := list(t, ctx, tiedToLogement, reseau.ListOptions{OrderBy: reseau.OrderKey}); !slices.Equal(got, []string{"cpas", "css"}) {
			t.Fatalf("after memoire's participation was deleted: %q, want cpas and css", got)
		}
	})
}
