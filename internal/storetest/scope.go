package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// testInstitutionTies pins down the ties at reseau.ScopeInstitution, which
// reseau.InstitutionCollaborators and InstitutionPartners fold in Go over a
// store's own answers: every store must give the answers the folding
// expects (its parents, its services by parent, its ties), so that both
// stores answer the same.
func testInstitutionTies(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	g := func(from, to string, keys ...string) reseau.TieGround {
		return reseau.TieGround{From: from, To: to, CollaborationKeys: keys}
	}
	// The CPAS at the institution scope: its own ties and its Pôle Jeunes'.
	cpas := []reseau.CollaborationTie{
		{OrganisationKey: "meridien", Weight: 3, FirstDate: "2015-10", LastDate: "2022-06-30",
			CollaborationKeys: []string{"immersion-2022", "meeting-2018", "rencontre-2015"},
			Grounds:           []reseau.TieGround{g("cpas", "meridien", "rencontre-2015"), g("pole-jeunes", "meridien", "immersion-2022", "meeting-2018")}},
		{OrganisationKey: "amo", Weight: 2, FirstDate: "2018-05-14", LastDate: "2022-06-30",
			CollaborationKeys: []string{"immersion-2022", "meeting-2018"},
			Grounds:           []reseau.TieGround{g("pole-jeunes", "amo", "immersion-2022", "meeting-2018")}},
		{OrganisationKey: "gerbe", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10",
			CollaborationKeys: []string{"rencontre-2015"}, Grounds: []reseau.TieGround{g("cpas", "gerbe", "rencontre-2015")}},
		{OrganisationKey: "logement", Weight: 1, FirstDate: "2019", LastDate: "2019",
			CollaborationKeys: []string{"gt-logement"}, Grounds: []reseau.TieGround{g("cpas", "logement", "gt-logement")}},
	}
	tests := []struct {
		name string
		keys []string
		f    reseau.TieFilter
		want map[string][]reseau.CollaborationTie
	}{
		{"institutions, services and the unknown, batched", []string{"cpas", "pole-jeunes", "meridien", "memoire", "nope"}, reseau.TieFilter{}, map[string][]reseau.CollaborationTie{
			"cpas": cpas,
			// A service stands for its institution.
			"pole-jeunes": cpas,
			// The Pôle Jeunes' ties are the CPAS's: one tie of weight 3,
			// each collaboration once.
			"meridien": {
				{OrganisationKey: "cpas", Weight: 3, FirstDate: "2015-10", LastDate: "2022-06-30",
					CollaborationKeys: []string{"immersion-2022", "meeting-2018", "rencontre-2015"},
					Grounds:           []reseau.TieGround{g("meridien", "cpas", "rencontre-2015"), g("meridien", "pole-jeunes", "immersion-2022", "meeting-2018")}},
				{OrganisationKey: "amo", Weight: 2, FirstDate: "2018-05-14", LastDate: "2022-06-30",
					CollaborationKeys: []string{"immersion-2022", "meeting-2018"}, Grounds: []reseau.TieGround{g("meridien", "amo", "immersion-2022", "meeting-2018")}},
				{OrganisationKey: "gerbe", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10",
					CollaborationKeys: []string{"rencontre-2015"}, Grounds: []reseau.TieGround{g("meridien", "gerbe", "rencontre-2015")}},
			},
			"memoire": {
				{OrganisationKey: "cpas", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10",
					CollaborationKeys: []string{"rencontre-2015"}, Grounds: []reseau.TieGround{g("gerbe", "cpas", "rencontre-2015")}},
				{OrganisationKey: "meridien", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10",
					CollaborationKeys: []string{"rencontre-2015"}, Grounds: []reseau.TieGround{g("gerbe", "meridien", "rencontre-2015")}},
			},
		}},
		{"since", []string{"cpas"}, reseau.TieFilter{Since: "2020"}, map[string][]reseau.CollaborationTie{
			"cpas": {
				{OrganisationKey: "amo", Weight: 1, FirstDate: "2022-03-01", LastDate: "2022-06-30",
					CollaborationKeys: []string{"immersion-2022"}, Grounds: []reseau.TieGround{g("pole-jeunes", "amo", "immersion-2022")}},
				{OrganisationKey: "meridien", Weight: 1, FirstDate: "2022-03-01", LastDate: "2022-06-30",
					CollaborationKeys: []string{"immersion-2022"}, Grounds: []reseau.TieGround{g("pole-jeunes", "meridien", "immersion-2022")}},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := reseau.InstitutionCollaborators(ctx, s, tt.keys, tt.f)
			must(t, err)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("InstitutionCollaborators = %+v\nwant %+v", got, tt.want)
			}
		})
	}

	t.Run("partners", func(t *testing.T) {
		got, err := reseau.InstitutionPartners(ctx, s, []string{"cpas", "meridien", "memoire", "css", "nope"})
		must(t, err)
		want := map[string][]string{
			"cpas":     {"amo", "meridien"}, // through the Pôle Jeunes' convention
			"meridien": {"amo", "cpas", "css"},
			"memoire":  {"css"}, // La Gerbe's membership
			"css":      {"gerbe", "meridien"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("InstitutionPartners = %v\nwant %v", got, want)
		}
	})

	t.Run("a service's participation is its institution's", func(t *testing.T) {
		// La Gerbe was invite_absent at the immersion; its service
		// Mémoire Vivante hosts it.
		must(t, s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "immersion-2022", OrganisationKey: "memoire", Role: "hote"}))
		got, err := reseau.InstitutionCollaborators(ctx, s, []string{"gerbe"}, reseau.TieFilter{})
		must(t, err)
		weights := map[string]int{}
		for _, tie := range got["gerbe"] {
			weights[tie.OrganisationKey] = tie.Weight
		}
		if want := map[string]int{"cpas": 2, "meridien": 2, "amo": 1}; !reflect.DeepEqual(weights, want) {
			t.Errorf("gerbe at the institution scope: weights %v, want %v", weights, want)
		}
	})
}
