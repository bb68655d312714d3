// The contract of deletes: what goes with a node, for good, and what the
// audit entry of a delete keeps.

package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func testDeletePerson(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	must(t, s.DeletePerson(ctx, "alice"))
	wantCode(t, s.DeletePerson(ctx, "alice"), reseau.ENOTFOUND)

	ms, err := s.Memberships(ctx, reseau.EdgeFilter{From: []string{"alice"}})
	must(t, err)
	pps, err := s.PersonParticipations(ctx, reseau.EdgeFilter{From: []string{"alice"}})
	must(t, err)
	ks, err := s.Knows(ctx, reseau.EdgeFilter{From: []string{"alice"}})
	must(t, err)
	if len(ms)+len(pps)+len(ks) != 0 {
		t.Errorf("ties left after erasure: %v %v %v", ms, pps, ks)
	}
	acq, err := s.Acquaintances(ctx, []string{"bob", "eve", "dan"})
	must(t, err)
	for k, as := range acq {
		for _, a := range as {
			if a.PersonKey == "alice" {
				t.Errorf("%s still acquainted with erased alice", k)
			}
		}
	}
	hits, err := s.Search(ctx, "alice dupont", nil, 10)
	must(t, err)
	if len(hits) != 0 {
		t.Errorf("Search finds erased person: %+v", hits)
	}
	// Erased for good: the audit log keeps no personal data of theirs.
	must(t, Err(s.UpdatePerson(ctx, "bob", Replace(&reseau.Person{Key: "bob", Name: "Robert Janssens", Email: "robert@meridien.example", Visibility: reseau.VisibilityNetwork}))))
	must(t, s.DeletePerson(ctx, "bob"))
	audit, err := s.Audit(ctx, reseau.AuditFilter{}, reseau.ListOptions{})
	must(t, err)
	for _, e := range audit.Items {
		for _, secret := range []string{"Alice Dupont", "alice@cpas.example", "Janssens", "robert@meridien.example"} {
			if strings.Contains(e.Before, secret) || strings.Contains(e.After, secret) {
				t.Errorf("audit entry %s %s %s still holds %q", e.Action, e.Type, e.Key, secret)
			}
		}
	}

	// The person can be created again from scratch, with no old ties.
	must(t, s.CreatePerson(ctx, &reseau.Person{Key: "alice", Name: "Alice", Visibility: reseau.VisibilityNetwork}))
	ms, err = s.Memberships(ctx, reseau.EdgeFilter{From: []string{"alice"}})
	must(t, err)
	if len(ms) != 0 {
		t.Errorf("re-created person has old memberships: %v", ms)
	}
}

func testDeleteCascades(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	must(t, s.DeleteOrganisation(ctx, "amo"))
	must(t, s.DeleteCollaboration(ctx, "rencontre-2015"))
	must(t, s.DeletePartnership(ctx, "css-adhesion"))
	must(t, s.DeleteDomain(ctx, "jeunesse"))

	ps, err := s.Participations(ctx, reseau.EdgeFilter{From: []string{"amo", "gerbe"}})
	must(t, err)
	if len(ps) != 1 || ps[0].CollaborationKey != "immersion-2022" {
		t.Errorf("participations left = %+v, want gerbe at immersion-2022 only", ps)
	}
	parties, err := s.Parties(ctx, reseau.EdgeFilter{From: []string{"amo", "css", "gerbe"}})
	must(t, err)
	if len(parties) != 0 {
		t.Errorf("parties left = %+v", parties)
	}
	pps, err := s.PersonParticipations(ctx, reseau.EdgeFilter{From: []string{"alice", "bob", "carol", "dan"}})
	must(t, err)
	if len(pps) != 0 {
		t.Errorf("person participations left = %+v", pps)
	}
	ties, err := s.Collaborators(ctx, []string{"meridien"}, reseau.TieFilter{})
	must(t, err)
	if want := []reseau.CollaborationTie{{OrganisationKey: "pole-jeunes", Weight: 2, FirstDate: "2018-05-14", LastDate: "2022-06-30",
		CollaborationKeys: []string{"immersion-2022", "meeting-2018"}}}; len(ties["meridien"]) != 1 || ties["meridien"][0].OrganisationKey != want[0].OrganisationKey || ties["meridien"][0].Weight != 2 {
		t.Errorf("Collaborators(meridien) = %+v, want %+v", ties["meridien"], want)
	}
	partners, err := s.Partners(ctx, []string{"gerbe", "meridien"})
	must(t, err)
	if len(partners["gerbe"]) != 0 || len(partners["meridien"]) != 1 || partners["meridien"][0] != "pole-jeunes" {
		t.Errorf("Partners = %v", partners)
	}
	orgs, err := s.OrganisationsByKeys(ctx, []string{"cpas", "pole-jeunes"})
	must(t, err)
	for _, o := range orgs {
		for _, d := range o.Domains {
			if d == "jeunesse" {
				t.Errorf("%s still active in a deleted domain", o.Key)
			}
		}
	}
	page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Domains: []string{"jeunesse"}}, reseau.ListOptions{})
	must(t, err)
	if page.TotalCount != 0 {
		t.Errorf("filter on a deleted domain finds %d organisations", page.TotalCount)
	}
	cs, err := s.CollaborationsByKeys(ctx, []string{"atelier-2015"})
	must(t, err)
	if cs["atelier-2015"] == nil || cs["atelier-2015"].ParentKey != "" {
		t.Errorf("sub-event after parent deletion = %+v", cs["atelier-2015"])
	}
}

// testDeleteAudit pins down what a delete removes with its node and that
// its audit entry keeps all of it: the node's fields and, beside them, its
// relationships, the partnerships left without any party (deleted too), and
// the services, sub-events and collaborations that lost their pointer to it.
func testDeleteAudit(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	must(t, s.CreatePartnership(ctx, &reseau.Partnership{Key: "solo", Kind: "convention", Title: "Solo", StartDate: "2020"}))
	must(t, s.CreatePartnership(ctx, &reseau.Partnership{Key: "duo", Kind: "convention", Title: "Duo"}))
	must(t, s.PutParty(ctx, reseau.Party{PartnershipKey: "solo", OrganisationKey: "cpas", Role: "partie"}))
	must(t, s.PutParty(ctx, reseau.Party{PartnershipKey: "duo", OrganisationKey: "cpas"}))
	must(t, s.PutParty(ctx, reseau.Party{PartnershipKey: "duo", OrganisationKey: "gerbe"}))

	// before is the last audit entry's before, decoded.
	type deleted struct {
		Key, Name, Title string
		reseau.Removed
	}
	before := func(action, key string) deleted {
		t.Helper()
		page, err := s.Audit(ctx, reseau.AuditFilter{}, reseau.ListOptions{Limit: 1})
		must(t, err)
		e := page.Items[0]
		if e.Action != action || e.Key != key || e.After != "" {
			t.Fatalf("last entry = %s %s (after %q), want %s %s", e.Action, e.Key, e.After, action, key)
		}
		var d deleted
		must(t, json.Unmarshal([]byte(e.Before), &d))
		return d
	}
	check := func(what string, got deleted, key, name string, want reseau.Removed) {
		t.Helper()
		if got.Key != key || got.Name+got.Title != name || !reflect.DeepEqual(got.Removed, want) {
			t.Errorf("%s: before = %+v\nwant %s %q with %+v", what, got, key, name, want)
		}
	}

	// cpas: two memberships (dan is PRIVATE), two participations, three
	// parties, a service, a collaboration held there; solo loses its only party.
	must(t, s.DeleteOrganisation(ctx, "cpas"))
	check("deleteOrganisation", before("deleteOrganisation", "cpas"), "cpas", "CPAS de Schaerbeek", reseau.Removed{
		Memberships: []reseau.Membership{
			{PersonKey: "alice", OrganisationKey: "cpas", Role: "assistante sociale", Since: "2019-09"},
			{PersonKey: "dan", OrganisationKey: "cpas", Role: "référent jeunes", Since: "2020-01-06", Until: "2024-12-31"},
		},
		Participations: []reseau.Participation{
			{CollaborationKey: "gt-logement", OrganisationKey: "cpas", Role: "organisateur"},
			{CollaborationKey: "rencontre-2015", OrganisationKey: "cpas", Role: "participant"},
		},
		Parties: []reseau.Party{
			{PartnershipKey: "duo", OrganisationKey: "cpas"},
			{PartnershipKey: "solo", OrganisationKey: "cpas", Role: "partie"},
		},
		Partnerships: []reseau.Partnership{{Key: "solo", Kind: "convention", Title: "Solo", StartDate: "2020"}},
		Services:     []string{"pole-jeunes"},
		HeldHere:     []string{"gt-logement"},
	})
	ps, err := s.PartnershipsByKeys(ctx, []string{"solo", "duo"})
	must(t, err)
	if ps["solo"] != nil || ps["duo"] == nil {
		t.Errorf("after deleting its only party solo = %+v; duo (one party left) = %+v", ps["solo"], ps["duo"])
	}
	all, err := s.FindPartnerships(ctx, reseau.PartnershipFilter{}, reseau.ListOptions{})
	must(t, err)
	for _, p := range all.Items {
		parties, err := s.Parties(ctx, reseau.EdgeFilter{To: []string{p.Key}})
		must(t, err)
		if len(parties) == 0 {
			t.Errorf("partnership %s is left with no party", p.Key)
		}
	}
	orgs, err := s.OrganisationsByKeys(ctx, []string{"pole-jeunes"})
	must(t, err)
	cs, err := s.CollaborationsByKeys(ctx, []string{"gt-logement"})
	must(t, err)
	if orgs["pole-jeunes"] == nil || orgs["pole-jeunes"].ParentKey != "" || cs["gt-logement"] == nil || cs["gt-logement"].LocationKey != "" {
		t.Errorf("service %+v, collaboration held there %+v: want both kept, without the pointer", orgs["pole-jeunes"], cs["gt-logement"])
	}

	must(t, s.DeleteCollaboration(ctx, "rencontre-2015"))
	check("deleteCollaboration", before("deleteCollaboration", "rencontre-2015"), "rencontre-2015", "Rencontre santé mentale", reseau.Removed{
		Participations: []reseau.Participation{
			{CollaborationKey: "rencontre-2015", OrganisationKey: "gerbe", Role: "intervenant"},
			{CollaborationKey: "rencontre-2015", OrganisationKey: "meridien", Role: "intervenant"},
		},
		PersonParticipations: []reseau.PersonParticipation{
			{CollaborationKey: "rencontre-2015", PersonKey: "alice", Role: "participant"},
			{CollaborationKey: "rencontre-2015", PersonKey: "bob", Role: "intervenant"},
			{CollaborationKey: "rencontre-2015", PersonKey: "carol", Role: "intervenant"},
			{CollaborationKey: "rencontre-2015", PersonKey: "dan", Role: reseau.RoleInviteAbsent},
		},
		SubEvents: []string{"atelier-2015"},
	})

	must(t, s.DeletePartnership(ctx, "css-adhesion"))
	check("deletePartnership", before("deletePartnership", "css-adhesion"), "css-adhesion", "Membres de la Coordination Sociale", reseau.Removed{
		Parties: []reseau.Party{
			{PartnershipKey: "css-adhesion", OrganisationKey: "css", Role: reseau.RoleNetwork},
			{PartnershipKey: "css-adhesion", OrganisationKey: "gerbe", Role: "membre"},
			{PartnershipKey: "css-adhesion", OrganisationKey: "meridien", Role: "membre"},
		},
	})

	// jeunesse: cpas (deleted above) no longer lists it.
	must(t, s.DeleteDomain(ctx, "jeunesse"))
	d := before("deleteDomain", "jeunesse")
	check("deleteDomain", deleted{Key: d.Key, Name: d.Name, Removed: d.Removed}, "jeunesse", "", reseau.Removed{
		Organisations:  []string{"amo", "pole-jeunes"},
		Collaborations: []string{"immersion-2022", "meeting-2018"},
	})
}
