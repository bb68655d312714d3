package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func testDomains(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	d := &reseau.Domain{Key: "logement", LabelFR: "Logement", LabelNL: "Huisvesting", LabelEN: "Housing"}
	must(t, s.CreateDomain(ctx, d))
	wantCode(t, s.CreateDomain(ctx, d), reseau.ECONFLICT)
	must(t, s.CreateDomain(ctx, &reseau.Domain{Key: "emploi", LabelFR: "Emploi"}))

	all, err := s.Domains(ctx)
	must(t, err)
	if len(all) != 2 || all[0].Key != "emploi" || all[1].Key != "logement" {
		t.Fatalf("Domains = %+v, want emploi, logement", all)
	}

	d.LabelFR, d.LabelEN = "Logement et habitat", "Housing and accommodation"
	must(t, Err(s.UpdateDomain(ctx, d.Key, Replace(d))))
	got, err := s.DomainsByKeys(ctx, []string{"logement", "nope"})
	must(t, err)
	if len(got) != 1 || !reflect.DeepEqual(got["logement"], d) {
		t.Fatalf("DomainsByKeys = %+v, want only %+v", got, d)
	}
	wantCode(t, Err(s.UpdateDomain(ctx, "nope", Replace(&reseau.Domain{Key: "nope", LabelFR: "x"}))), reseau.ENOTFOUND)

	must(t, s.DeleteDomain(ctx, "logement"))
	wantCode(t, s.DeleteDomain(ctx, "logement"), reseau.ENOTFOUND)
	got, err = s.DomainsByKeys(ctx, []string{"logement"})
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("deleted domain still there: %+v", got)
	}
}

func testOrganisations(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	must(t, s.CreateDomain(ctx, &reseau.Domain{Key: "jeunesse", LabelFR: "Jeunesse"}))
	must(t, s.CreateDomain(ctx, &reseau.Domain{Key: "sante", LabelFR: "Santé"}))
	cpas := &reseau.Organisation{Key: "cpas", Name: "CPAS de Schaerbeek", ShortName: "CPAS", Sector: reseau.SectorCPAS,
		Domains: []string{"jeunesse"}, Commune: "Schaerbeek", Languages: []string{"fr", "nl"}, Aliases: []string{"OCMW Schaarbeek"}}
	must(t, s.CreateOrganisation(ctx, cpas))
	pole := &reseau.Organisation{Key: "pole", Name: "Pôle Jeunes", Sector: reseau.SectorCPAS, ParentKey: "cpas"}
	must(t, s.CreateOrganisation(ctx, pole))
	wantCode(t, s.CreateOrganisation(ctx, cpas), reseau.ECONFLICT)
	// An incomplete profile (no sector, no domain) is real data.
	must(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "bare", Name: "Sans profil"}))

	got, err := s.OrganisationsByKeys(ctx, []string{"cpas", "pole", "nope"})
	must(t, err)
	if len(got) != 2 || !reflect.DeepEqual(got["cpas"], cpas) || !reflect.DeepEqual(got["pole"], pole) {
		t.Fatalf("OrganisationsByKeys = %+v %+v", got["cpas"], got["pole"])
	}

	upd := &reseau.Organisation{Key: "cpas", Name: "CPAS de Schaerbeek", Sector: reseau.SectorCPAS,
		Domains: []string{"jeunesse", "sante"}, Languages: []string{"fr"}}
	must(t, Err(s.UpdateOrganisation(ctx, upd.Key, Replace(upd))))
	got, err = s.OrganisationsByKeys(ctx, []string{"cpas"})
	must(t, err)
	if !reflect.DeepEqual(got["cpas"], upd) {
		t.Fatalf("after update = %+v, want %+v", got["cpas"], upd)
	}
	wantCode(t, Err(s.UpdateOrganisation(ctx, "nope", Replace(&reseau.Organisation{Key: "nope", Name: "x"}))), reseau.ENOTFOUND)

	// Deleting a parent removes the children's PART_OF, not the children.
	must(t, s.DeleteOrganisation(ctx, "cpas"))
	wantCode(t, s.DeleteOrganisation(ctx, "cpas"), reseau.ENOTFOUND)
	got, err = s.OrganisationsByKeys(ctx, []string{"cpas", "pole"})
	must(t, err)
	if _, ok := got["cpas"]; ok {
		t.Fatal("deleted organisation still there")
	}
	if got["pole"] == nil || got["pole"].ParentKey != "" {
		t.Fatalf("child after parent deletion = %+v, want no parent", got["pole"])
	}
}

func testPeople(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	p := &reseau.Person{Key: "alice", Name: "Alice Dupont", Email: "alice@example.org", Phone: "+32 2 000", Visibility: reseau.VisibilityNetwork}
	must(t, s.CreatePerson(ctx, p))
	wantCode(t, s.CreatePerson(ctx, p), reseau.ECONFLICT)
	got, err := s.PeopleByKeys(ctx, []string{"alice"})
	must(t, err)
	if !reflect.DeepEqual(got["alice"], p) {
		t.Fatalf("PeopleByKeys = %+v, want %+v", got["alice"], p)
	}
	p.Visibility = reseau.VisibilityPrivate
	p.Phone = ""
	must(t, Err(s.UpdatePerson(ctx, p.Key, Replace(p))))
	got, err = s.PeopleByKeys(ctx, []string{"alice"})
	must(t, err)
	if !reflect.DeepEqual(got["alice"], p) {
		t.Fatalf("after update = %+v, want %+v", got["alice"], p)
	}
	wantCode(t, Err(s.UpdatePerson(ctx, "nope", Replace(&reseau.Person{Key: "nope", Name: "x", Visibility: reseau.VisibilityNetwork}))), reseau.ENOTFOUND)
	must(t, s.DeletePerson(ctx, "alice"))
	wantCode(t, s.DeletePerson(ctx, "alice"), reseau.ENOTFOUND)
}

func testCollaborations(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	must(t, s.CreateDomain(ctx, &reseau.Domain{Key: "jeunesse", LabelFR: "Jeunesse"}))
	must(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "pole", Name: "Pôle Jeunes"}))
	parent := &reseau.Collaboration{Key: "colloque", Kind: "colloque", Title: "Colloque", StartDate: "2010-03-19", EndDate: "2010-03-19", Status: "held"}
	must(t, s.CreateCollaboration(ctx, parent))
	c := &reseau.Collaboration{Key: "atelier", Kind: "atelier", Title: "Atelier jeunesse", Domains: []string{"jeunesse"},
		StartDate: "2010-03", Status: "held", ParentKey: "colloque", LocationKey: "pole", ParticipantsCount: ptr(12), Description: "Six ateliers"}
	must(t, s.CreateCollaboration(ctx, c))
	wantCode(t, s.CreateCollaboration(ctx, c), reseau.ECONFLICT)
	got, err := s.CollaborationsByKeys(ctx, []string{"atelier", "colloque"})
	must(t, err)
	if !reflect.DeepEqual(got["atelier"], c) || !reflect.DeepEqual(got["colloque"], parent) {
		t.Fatalf("CollaborationsByKeys = %+v %+v", got["atelier"], got["colloque"])
	}
	c.ParticipantsCount = nil
	c.Domains = nil
	c.LocationKey = ""
	c.EndDate = "2010"
	c.StartDate = "2010"
	must(t, Err(s.UpdateCollaboration(ctx, c.Key, Replace(c))))
	got, err = s.CollaborationsByKeys(ctx, []string{"atelier"})
	must(t, err)
	if !reflect.DeepEqual(got["atelier"], c) {
		t.Fatalf("after update = %+v, want %+v", got["atelier"], c)
	}
	wantCode(t, Err(s.UpdateCollaboration(ctx, "nope", Replace(&reseau.Collaboration{Key: "nope", Kind: "atelier", Title: "x"}))), reseau.ENOTFOUND)
	must(t, s.DeleteCollaboration(ctx, "colloque"))
	wantCode(t, s.DeleteCollaboration(ctx, "colloque"), reseau.ENOTFOUND)
	got, err = s.CollaborationsByKeys(ctx, []string{"atelier"})
	must(t, err)
	if got["atelier"] == nil || got["atelier"].ParentKey != "" {
		t.Fatalf("sub-event after parent deletion = %+v, want no parent", got["atelier"])
	}
}

func testPartnerships(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	p := &reseau.Partnership{Key: "conv", Kind: "convention", Title: "Convention", StartDate: "2022-01-01", EndDate: "2022-12-31", Description: "Réciprocité"}
	must(t, s.CreatePartnership(ctx, p))
	wantCode(t, s.CreatePartnership(ctx, p), reseau.ECONFLICT)
	got, err := s.PartnershipsByKeys(ctx, []string{"conv"})
	must(t, err)
	if !reflect.DeepEqual(got["conv"], p) {
		t.Fatalf("PartnershipsByKeys = %+v, want %+v", got["conv"], p)
	}
	p.EndDate = ""
	p.Kind = "financement"
	must(t, Err(s.UpdatePartnership(ctx, p.Key, Replace(p))))
	got, err = s.PartnershipsByKeys(ctx, []string{"conv"})
	must(t, err)
	if !reflect.DeepEqual(got["conv"], p) {
		t.Fatalf("after update = %+v, want %+v", got["conv"], p)
	}
	wantCode(t, Err(s.UpdatePartnership(ctx, "nope", Replace(&reseau.Partnership{Key: "nope", Kind: "convention", Title: "x"}))), reseau.ENOTFOUND)
	must(t, s.DeletePartnership(ctx, "conv"))
	wantCode(t, s.DeletePartnership(ctx, "conv"), reseau.ENOTFOUND)
}

// testInvalidWrites checks that every rejected write names its error code and
// leaves the store exactly as it was.
func testInvalidWrites(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	before := export(t, ctx, s)
	tests := []struct {
		name  string
		write func() error
		code  string
	}{
		{"domain without key", func() error { return s.CreateDomain(ctx, &reseau.Domain{LabelFR: "x"}) }, reseau.EINVALID},
		{"domain without label", func() error { return s.CreateDomain(ctx, &reseau.Domain{Key: "x"}) }, reseau.EINVALID},
		{"domain exists", func() error { return s.CreateDomain(ctx, &reseau.Domain{Key: "logement", LabelFR: "x"}) }, reseau.ECONFLICT},
		{"update absent domain", func() error { return Err(s.UpdateDomain(ctx, "x", Replace(&reseau.Domain{Key: "x", LabelFR: "x"}))) }, reseau.ENOTFOUND},
		{"delete absent domain", func() error { return s.DeleteDomain(ctx, "x") }, reseau.ENOTFOUND},

		{"organisation without name", func() error { return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x", Name: "  "}) }, reseau.EINVALID},
		{"organisation without key", func() error { return s.CreateOrganisation(ctx, &reseau.Organisation{Name: "x"}) }, reseau.EINVALID},
		{"organisation unknown sector", func() error {
			return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x", Name: "x", Sector: "PRIVE"})
		}, reseau.EINVALID},
		{"organisation unknown domain", func() error {
			return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x", Name: "x", Domains: []string{"nope"}})
		}, reseau.EINVALID},
		{"organisation domain listed twice", func() error {
			return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x", Name: "x", Domains: []string{"logement", "logement"}})
		}, reseau.EINVALID},
		{"organisation unknown parent", func() error {
			return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x", Name: "x", ParentKey: "nope"})
		}, reseau.EINVALID},
		{"organisation exists", func() error { return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "cpas", Name: "x"}) }, reseau.ECONFLICT},
		{"update organisation unknown domain", func() error {
			return Err(s.UpdateOrganisation(ctx, "cpas", Replace(&reseau.Organisation{Key: "cpas", Name: "x", Domains: []string{"nope"}})))
		}, reseau.EINVALID},
		{"update organisation empty name", func() error {
			return Err(s.UpdateOrganisation(ctx, "cpas", Replace(&reseau.Organisation{Key: "cpas"})))
		}, reseau.EINVALID},
		{"update absent organisation", func() error {
			return Err(s.UpdateOrganisation(ctx, "x", Replace(&reseau.Organisation{Key: "x", Name: "x"})))
		}, reseau.ENOTFOUND},
		{"delete absent organisation", func() error { return s.DeleteOrganisation(ctx, "x") }, reseau.ENOTFOUND},

		{"person without name", func() error {
			return s.CreatePerson(ctx, &reseau.Person{Key: "x", Visibility: reseau.VisibilityNetwork})
		}, reseau.EINVALID},
		{"person unknown visibility", func() error {
			return s.CreatePerson(ctx, &reseau.Person{Key: "x", Name: "x", Visibility: "PUBLIC"})
		}, reseau.EINVALID},
		{"person exists", func() error {
			return s.CreatePerson(ctx, &reseau.Person{Key: "alice", Name: "x", Visibility: reseau.VisibilityNetwork})
		}, reseau.ECONFLICT},
		{"update absent person", func() error {
			return Err(s.UpdatePerson(ctx, "x", Replace(&reseau.Person{Key: "x", Name: "x", Visibility: reseau.VisibilityNetwork})))
		}, reseau.ENOTFOUND},
		{"delete absent person", func() error { return s.DeletePerson(ctx, "x") }, reseau.ENOTFOUND},

		{"collaboration bad start date", func() error {
			return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "x", Kind: "atelier", Title: "x", StartDate: "2022-13-01"})
		}, reseau.EINVALID},
		{"collaboration bad end date", func() error {
			return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "x", Kind: "atelier", Title: "x", EndDate: "19/03/2010"})
		}, reseau.EINVALID},
		{"collaboration without title", func() error {
			return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "x", Kind: "atelier"})
		}, reseau.EINVALID},
		{"collaboration unknown location", func() error {
			return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "x", Kind: "atelier", Title: "x", LocationKey: "nope"})
		}, reseau.EINVALID},
		{"collaboration unknown parent", func() error {
			return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "x", Kind: "atelier", Title: "x", ParentKey: "nope"})
		}, reseau.EINVALID},
		{"collaboration unknown domain", func() error {
			return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "x", Kind: "atelier", Title: "x", Domains: []string{"nope"}})
		}, reseau.EINVALID},
		{"collaboration exists", func() error {
			return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "gt-logement", Kind: "atelier", Title: "x"})
		}, reseau.ECONFLICT},
		{"update absent collaboration", func() error {
			return Err(s.UpdateCollaboration(ctx, "x", Replace(&reseau.Collaboration{Key: "x", Kind: "atelier", Title: "x"})))
		}, reseau.ENOTFOUND},
		{"delete absent collaboration", func() error { return s.DeleteCollaboration(ctx, "x") }, reseau.ENOTFOUND},

		{"partnership bad date", func() error {
			return s.CreatePartnership(ctx, &reseau.Partnership{Key: "x", Kind: "convention", Title: "x", StartDate: "2022-02-30"})
		}, reseau.EINVALID},
		{"partnership without title", func() error {
			return s.CreatePartnership(ctx, &reseau.Partnership{Key: "x", Kind: "convention"})
		}, reseau.EINVALID},
		{"partnership exists", func() error {
			return s.CreatePartnership(ctx, &reseau.Partnership{Key: "css-adhesion", Kind: "adhesion", Title: "x"})
		}, reseau.ECONFLICT},
		{"update absent partnership", func() error {
			return Err(s.UpdatePartnership(ctx, "x", Replace(&reseau.Partnership{Key: "x", Kind: "convention", Title: "x"})))
		}, reseau.ENOTFOUND},
		{"delete absent partnership", func() error { return s.DeletePartnership(ctx, "x") }, reseau.ENOTFOUND},

		{"membership unknown person", func() error {
			return s.PutMembership(ctx, reseau.Membership{PersonKey: "nope", OrganisationKey: "cpas"})
		}, reseau.ENOTFOUND},
		{"membership unknown organisation", func() error {
			return s.PutMembership(ctx, reseau.Membership{PersonKey: "alice", OrganisationKey: "nope"})
		}, reseau.ENOTFOUND},
		{"membership bad date", func() error {
			return s.PutMembership(ctx, reseau.Membership{PersonKey: "alice", OrganisationKey: "gerbe", Since: "2020-1-1"})
		}, reseau.EINVALID},
		{"delete absent membership", func() error { return s.DeleteMembership(ctx, "alice", "gerbe") }, reseau.ENOTFOUND},
		{"participation unknown collaboration", func() error {
			return s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "nope", OrganisationKey: "cpas"})
		}, reseau.ENOTFOUND},
		{"participation unknown organisation", func() error {
			return s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "gt-logement", OrganisationKey: "nope"})
		}, reseau.ENOTFOUND},
		{"delete absent participation", func() error { return s.DeleteParticipation(ctx, "gt-logement", "amo") }, reseau.ENOTFOUND},
		{"person participation unknown person", func() error {
			return s.PutPersonParticipation(ctx, reseau.PersonParticipation{CollaborationKey: "gt-logement", PersonKey: "nope"})
		}, reseau.ENOTFOUND},
		{"delete absent person participation", func() error {
			return s.DeletePersonParticipation(ctx, "gt-logement", "alice")
		}, reseau.ENOTFOUND},
		{"party unknown partnership", func() error {
			return s.PutParty(ctx, reseau.Party{PartnershipKey: "nope", OrganisationKey: "cpas"})
		}, reseau.ENOTFOUND},
		{"delete absent party", func() error { return s.DeleteParty(ctx, "css-adhesion", "cpas") }, reseau.ENOTFOUND},
		{"knows unknown person", func() error { return s.PutKnows(ctx, reseau.Knows{PersonKey: "alice", OtherKey: "nope"}) }, reseau.ENOTFOUND},
		{"knows bad date", func() error {
			return s.PutKnows(ctx, reseau.Knows{PersonKey: "alice", OtherKey: "bob", Since: "hier"})
		}, reseau.EINVALID},
		{"delete absent knows", func() error { return s.DeleteKnows(ctx, "alice", "bob") }, reseau.ENOTFOUND},

		// Keys are in the documented alphabet; no text holds a control
		// character or a bidi override, whatever the write.
		{"organisation key outside the alphabet", func() error {
			return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "Bad Key!", Name: "x"})
		}, reseau.EINVALID},
		{"organisation key with NUL", func() error {
			return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "nul\x00key", Name: "x"})
		}, reseau.EINVALID},
		{"organisation name with a control", func() error {
			return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x", Name: "Le\x1b[31mMéridien"})
		}, reseau.EINVALID},
		{"update organisation alias with a bidi override", func() error {
			return Err(s.UpdateOrganisation(ctx, "cpas", func(o *reseau.Organisation) error { o.Aliases = []string{"OCMW\u202e"}; return nil }))
		}, reseau.EINVALID},
		{"person e-mail with a C1 control", func() error {
			return s.CreatePerson(ctx, &reseau.Person{Key: "x", Name: "x", Email: "x\u0085@example.org", Visibility: reseau.VisibilityNetwork})
		}, reseau.EINVALID},
		{"partnership description with a bidi isolate", func() error {
			return s.CreatePartnership(ctx, &reseau.Partnership{Key: "x", Kind: "convention", Title: "x", Description: "a\u2066b"})
		}, reseau.EINVALID},
		{"membership role with a control", func() error {
			return s.PutMembership(ctx, reseau.Membership{PersonKey: "alice", OrganisationKey: "gerbe", Role: "a\x00"})
		}, reseau.EINVALID},
		{"import of a key with NUL", func() error {
			return Err(s.Import(ctx, &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "nul\x00key", Name: "x"}}}))
		}, reseau.EINVALID},
		{"import of a title with a control", func() error {
			return Err(s.Import(ctx, &reseau.Dataset{Collaborations: []reseau.Collaboration{{Key: "x", Kind: "atelier", Title: "a\x07"}}}))
		}, reseau.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, tt.write(), tt.code)
		})
	}
	if after := export(t, ctx, s); after != before {
		t.Errorf("rejected writes changed the store")
	}
}
