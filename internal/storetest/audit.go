// The contract of the audit log and the version counter.

package storetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func testAudit(t *testing.T, open Opener) {
	s := open(t)
	ctx := as(coordinator)
	st, err := s.Import(ctx, Fixture())
	must(t, err)

	// Every kind of write leaves exactly one entry, in its own transaction.
	writes := []struct {
		action, typ, key string
		write            func() error
	}{
		{"createDomain", reseau.TypeDomain, "emploi", func() error { return s.CreateDomain(ctx, &reseau.Domain{Key: "emploi", LabelFR: "Emploi"}) }},
		{"updateDomain", reseau.TypeDomain, "emploi", func() error {
			return Err(s.UpdateDomain(ctx, "emploi", Replace(&reseau.Domain{Key: "emploi", LabelFR: "Emploi et formation"})))
		}},
		{"createOrganisation", reseau.TypeOrganisation, "x", func() error { return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x", Name: "X"}) }},
		{"updateOrganisation", reseau.TypeOrganisation, "x", func() error {
			return Err(s.UpdateOrganisation(ctx, "x", Replace(&reseau.Organisation{Key: "x", Name: "Y"})))
		}},
		{"createPerson", reseau.TypePerson, "zoe", func() error {
			return s.CreatePerson(ctx, &reseau.Person{Key: "zoe", Name: "Zoé", Visibility: reseau.VisibilityNetwork})
		}},
		{"updatePerson", reseau.TypePerson, "zoe", func() error {
			return Err(s.UpdatePerson(ctx, "zoe", Replace(&reseau.Person{Key: "zoe", Name: "Zoé B", Visibility: reseau.VisibilityNetwork})))
		}},
		{"createCollaboration", reseau.TypeCollaboration, "c", func() error {
			return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "c", Kind: "atelier", Title: "C"})
		}},
		{"updateCollaboration", reseau.TypeCollaboration, "c", func() error {
			return Err(s.UpdateCollaboration(ctx, "c", Replace(&reseau.Collaboration{Key: "c", Kind: "atelier", Title: "C2"})))
		}},
		{"createPartnership", reseau.TypePartnership, "p", func() error {
			return s.CreatePartnership(ctx, &reseau.Partnership{Key: "p", Kind: "convention", Title: "P"})
		}},
		{"updatePartnership", reseau.TypePartnership, "p", func() error {
			return Err(s.UpdatePartnership(ctx, "p", Replace(&reseau.Partnership{Key: "p", Kind: "convention", Title: "P2"})))
		}},
		{"putMembership", "", "", func() error { return s.PutMembership(ctx, reseau.Membership{PersonKey: "zoe", OrganisationKey: "x"}) }},
		{"deleteMembership", "", "", func() error { return s.DeleteMembership(ctx, "zoe", "x") }},
		{"putParticipation", "", "", func() error {
			return s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "c", OrganisationKey: "x"})
		}},
		{"deleteParticipation", "", "", func() error { return s.DeleteParticipation(ctx, "c", "x") }},
		{"putPersonParticipation", "", "", func() error {
			return s.PutPersonParticipation(ctx, reseau.PersonParticipation{CollaborationKey: "c", PersonKey: "zoe"})
		}},
		{"deletePersonParticipation", "", "", func() error { return s.DeletePersonParticipation(ctx, "c", "zoe") }},
		{"putParty", "", "", func() error { return s.PutParty(ctx, reseau.Party{PartnershipKey: "p", OrganisationKey: "x"}) }},
		{"deleteParty", "", "", func() error { return s.DeleteParty(ctx, "p", "x") }},
		{"putKnows", "", "", func() error { return s.PutKnows(ctx, reseau.Knows{PersonKey: "zoe", OtherKey: "alice"}) }},
		{"deleteKnows", "", "", func() error { return s.DeleteKnows(ctx, "zoe", "alice") }},
		{"deletePartnership", reseau.TypePartnership, "p", func() error { return s.DeletePartnership(ctx, "p") }},
		{"deleteCollaboration", reseau.TypeCollaboration, "c", func() error { return s.DeleteCollaboration(ctx, "c") }},
		{"deletePerson", reseau.TypePerson, "zoe", func() error { return s.DeletePerson(ctx, "zoe") }},
		{"deleteOrganisation", reseau.TypeOrganisation, "x", func() error { return s.DeleteOrganisation(ctx, "x") }},
		{"deleteDomain", reseau.TypeDomain, "emploi", func() error { return s.DeleteDomain(ctx, "emploi") }},
	}
	total := func() int {
		t.Helper()
		page, err := s.Audit(ctx, reseau.AuditFilter{}, reseau.ListOptions{Limit: 1})
		must(t, err)
		return page.TotalCount
	}
	n := total()
	for _, w := range writes {
		must(t, w.write())
		page, err := s.Audit(ctx, reseau.AuditFilter{}, reseau.ListOptions{Limit: 1})
		must(t, err)
		if page.TotalCount != n+1 || len(page.Items) != 1 {
			t.Fatalf("%s: %d audit entries, want %d", w.action, page.TotalCount, n+1)
		}
		n++
		e := page.Items[0]
		if e.Action != w.action || e.Actor != "coord" || e.At == "" {
			t.Errorf("newest entry after %s = %+v", w.action, e)
		}
		if w.typ != "" && (e.Type != w.typ || e.Key != w.key) {
			t.Errorf("entry of %s is about %s %q, want %s %q", w.action, e.Type, e.Key, w.typ, w.key)
		}
	}
	// A rejected write leaves no entry.
	wantCode(t, s.CreateDomain(ctx, &reseau.Domain{Key: "logement", LabelFR: "x"}), reseau.ECONFLICT)
	if got := total(); got != n {
		t.Errorf("a rejected write left an audit entry")
	}

	page, err := s.Audit(ctx, reseau.AuditFilter{Type: reseau.TypeOrganisation, Key: "x"}, reseau.ListOptions{})
	must(t, err)
	if page.TotalCount != 3 || len(page.Items) != 3 {
		t.Fatalf("audit of x = %d entries (total %d), want 3", len(page.Items), page.TotalCount)
	}
	wantActions := []string{"deleteOrganisation", "updateOrganisation", "createOrganisation"} // newest first
	for i, e := range page.Items {
		if e.Action != wantActions[i] {
			t.Errorf("entry %d = %s, want %s", i, e.Action, wantActions[i])
		}
	}
	if c := page.Items[2]; c.Before != "" || c.After == "" {
		t.Errorf("create entry before/after = %q/%q", c.Before, c.After)
	}
	if u := page.Items[1]; u.Before == "" || u.After == "" || u.Before == u.After {
		t.Errorf("update entry before/after = %q/%q", u.Before, u.After)
	} else {
		var before, after reseau.Organisation
		must(t, json.Unmarshal([]byte(u.Before), &before))
		must(t, json.Unmarshal([]byte(u.After), &after))
		if before.Name != "X" || after.Name != "Y" {
			t.Errorf("update entry before/after = %+v / %+v, want the organisation as JSON", before, after)
		}
	}
	if d := page.Items[0]; d.Before == "" || d.After != "" {
		t.Errorf("delete entry before/after = %q/%q", d.Before, d.After)
	}

	page, err = s.Audit(ctx, reseau.AuditFilter{Actor: "coord"}, reseau.ListOptions{Offset: 1, Limit: 2})
	must(t, err)
	if page.TotalCount != n || len(page.Items) != 2 || page.Items[0].Action != "deleteOrganisation" {
		t.Errorf("audit by coord, page 2 = %+v (total %d of %d)", page.Items, page.TotalCount, n)
	}

	page, err = s.Audit(ctx, reseau.AuditFilter{Actor: "coord", Type: ""}, reseau.ListOptions{})
	must(t, err)
	last := page.Items[len(page.Items)-1]
	var stats reseau.ImportStats
	if last.Action != "import" || json.Unmarshal([]byte(last.After), &stats) != nil || stats != *st {
		t.Errorf("oldest entry = %+v, want the import with its stats %+v", last, *st)
	}
}

func testVersion(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	v0, err := s.Version(ctx)
	must(t, err)
	must(t, s.CreateDomain(ctx, &reseau.Domain{Key: "d", LabelFR: "D"}))
	v1, err := s.Version(ctx)
	must(t, err)
	if v1 == v0 {
		t.Error("Version unchanged after a write")
	}
	wantCode(t, s.CreateDomain(ctx, &reseau.Domain{Key: "d", LabelFR: "D"}), reseau.ECONFLICT)
	if v2, _ := s.Version(ctx); v2 != v1 {
		t.Error("Version changed after a rejected write")
	}
}
