package analytics

import (
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestPostponedCollaborationTiesNobody checks that the index applies
// reseau.MakesTies: a collaboration that did not take place ties neither
// its organisations (paths, summary, network view, timeline) nor its people
// (introduction paths).
func TestPostponedCollaborationTiesNobody(t *testing.T) {
	ds := func(status string) *reseau.Dataset {
		return &reseau.Dataset{
			Organisations: []reseau.Organisation{{Key: "a", Name: "A", Sector: reseau.SectorCPAS}, {Key: "b", Name: "B", Sector: reseau.SectorAssociatif}},
			People:        []reseau.Person{{Key: "ann", Name: "Ann"}, {Key: "bob", Name: "Bob"}},
			Collaborations: []reseau.Collaboration{{Key: "rencontre", Kind: "rencontre_reseau", Title: "Rencontre",
				StartDate: "2015-11-23", EndDate: "2015-11-23", Status: status}},
			Participations:       []reseau.Participation{{CollaborationKey: "rencontre", OrganisationKey: "a"}, {CollaborationKey: "rencontre", OrganisationKey: "b"}},
			PersonParticipations: []reseau.PersonParticipation{{CollaborationKey: "rencontre", PersonKey: "ann"}, {CollaborationKey: "rencontre", PersonKey: "bob"}},
		}
	}
	for _, tc := range []struct {
		status string
		tied   bool
	}{{"held", true}, {"", true}, {"postponed", false}, {"planned", false}, {"cancelled", false}} {
		t.Run(tc.status, func(t *testing.T) {
			x := NewIndex(ds(tc.status))
			p := must(x.OrganisationPath(bg, "a", "b", 0, TiesCollaboration))
			if got := len(p.Organisations) == 2; got != tc.tied {
				t.Errorf("path a→b = %v, want tied %v", p.Organisations, tc.tied)
			}
			ip := must(x.IntroductionPath(bg, reseau.PeopleScope{All: true}, "ann", "bob", 0))
			if got := len(ip.People) == 2; got != tc.tied {
				t.Errorf("introduction ann→bob = %v, want tied %v", ip.People, tc.tied)
			}
			s := must(x.Summary(bg, TiesCollaboration))
			if got := s.CollaborationTies == 1 && s.Ties == 1 && s.Components == 1; got != tc.tied {
				t.Errorf("summary = %+v, want tied %v", s, tc.tied)
			}
			n := must(x.Network(bg, reseau.PeopleScope{All: true}, NetworkFilter{}))
			edges := 0
			for _, e := range n.Edges {
				if e.Kind == KindCollaboration {
					edges++
				}
			}
			if got := edges == 1; got != tc.tied {
				t.Errorf("network view has %d collaboration edges, want tied %v", edges, tc.tied)
			}
			years := must(x.Timeline(bg, 2015, 2015, TiesCollaboration))
			if got := years[0].NewTies == 1 && years[0].Collaborations == 1; got != tc.tied {
				t.Errorf("timeline 2015 = %+v, want tied %v", years[0], tc.tied)
			}
		})
	}
}

// TestDemoPostponedRencontre: the CPAS's Famille-Jeunesse service asked for
// three rencontres with the CASS and the Pôle Jeunes in 2015; the one on
// parentalité was postponed (collaborations.csv), so its tie with the CASS
// weighs two, through the two rencontres that took place.
func TestDemoPostponedRencontre(t *testing.T) {
	x := demoIndex(t)
	p := must(x.OrganisationPath(bg, "cpas-famille-jeunesse", "cass", 0, TiesCollaboration))
	want := []string{"rencontre-ej-demarches-2015", "rencontre-ej-scolarite-2015"}
	if len(p.Links) != 1 || p.Links[0].Weight != 2 || !slices.Equal(p.Links[0].Collaborations, want) {
		t.Errorf("cpas-famille-jeunesse–cass = %+v, want weight 2 through %v", p.Links, want)
	}
}
