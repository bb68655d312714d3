package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// testTieStatuses checks the one rule of reseau.MakesTies on a store: a
// collaboration that did not take place (postponed, planned, cancelled)
// ties neither its organisations nor its people; one held, ongoing, closed
// or of unknown status does; a status change moves the ties with it.
func testTieStatuses(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	// eve (logement) and carol (gerbe) share nothing in the fixture, nor do
	// logement and gerbe.
	must(t, s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "reportee", Kind: "rencontre_reseau", Title: "Rencontre reportée",
		StartDate: "2016-11-23", EndDate: "2016-11-23", Status: "postponed"}))
	for _, o := range []string{"logement", "gerbe"} {
		must(t, s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "reportee", OrganisationKey: o, Role: "participant"}))
	}
	for _, p := range []string{"eve", "carol"} {
		must(t, s.PutPersonParticipation(ctx, reseau.PersonParticipation{CollaborationKey: "reportee", PersonKey: p, Role: "participant"}))
	}
	tied := func() (orgs, people bool) {
		t.Helper()
		ties, err := s.Collaborators(ctx, []string{"logement"}, reseau.TieFilter{})
		must(t, err)
		for _, tie := range ties["logement"] {
			if tie.OrganisationKey == "gerbe" {
				if !reflect.DeepEqual(tie.CollaborationKeys, []string{"reportee"}) {
					t.Errorf("logement–gerbe tie = %+v, want through reportee only", tie)
				}
				orgs = true
			}
		}
		acq, err := s.Acquaintances(ctx, []string{"eve"})
		must(t, err)
		for _, a := range acq["eve"] {
			if a.PersonKey == "carol" {
				people = true
			}
		}
		return orgs, people
	}
	for _, st := range []struct {
		status string
		want   bool
	}{
		{"postponed", false},
		{"held", true},
		{"planned", false},
		{"", true}, // unknown: a recorded collaboration is taken as held
		{"cancelled", false},
		{"active", true},
		{" Postponed ", false},
		{"closed", true},
	} {
		must(t, Err(s.UpdateCollaboration(ctx, "reportee", func(c *reseau.Collaboration) error { c.Status = st.status; return nil })))
		if orgs, people := tied(); orgs != st.want || people != st.want {
			t.Errorf("status %q: logement–gerbe tied = %v, eve–carol acquainted = %v, want %v", st.status, orgs, people, st.want)
		}
	}
}
