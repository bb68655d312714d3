package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func testImport(t *testing.T, open Opener) {
	ctx := context.Background()

	t.Run("fresh then again", func(t *testing.T) {
		s := open(t)
		ds := Fixture()
		st, err := s.Import(ctx, ds)
		must(t, err)
		if want := (reseau.ImportStats{Rows: ds.Rows(), Created: ds.Rows()}); *st != want {
			t.Errorf("first import = %+v, want %+v", *st, want)
		}
		if got, want := export(t, ctx, s), Canonical(t, Fixture()); got != want {
			t.Errorf("export after import differs from the dataset:\n%s", got)
		}
		st, err = s.Import(ctx, Fixture())
		must(t, err)
		if want := (reseau.ImportStats{Rows: ds.Rows(), Unchanged: ds.Rows()}); *st != want {
			t.Errorf("second import = %+v, want %+v", *st, want)
		}
	})

	t.Run("upsert counts", func(t *testing.T) {
		s := loaded(t, open)
		ds := &reseau.Dataset{
			Organisations: []reseau.Organisation{
				{Key: "amo", Name: "AMO Rythme asbl", Sector: reseau.SectorAssociatif, Domains: []string{"jeunesse"}, Commune: "Schaerbeek", Languages: []string{"fr"}},
				{Key: "css", Name: "Coordination Sociale de Schaerbeek", ShortName: "CSS", Sector: reseau.SectorMixte, Commune: "Schaerbeek"},
				{Key: "new", Name: "Nouvelle asbl", ParentKey: "amo"},
			},
			// References to rows already in the store are valid.
			Participations: []reseau.Participation{
				{CollaborationKey: "gt-logement", OrganisationKey: "new", Role: "membre"},
				{CollaborationKey: "gt-logement", OrganisationKey: "cpas", Role: "coordinateur"},
			},
		}
		st, err := s.Import(ctx, ds)
		must(t, err)
		if want := (reseau.ImportStats{Rows: 5, Created: 2, Updated: 2, Unchanged: 1}); *st != want {
			t.Errorf("import = %+v, want %+v", *st, want)
		}
		got, err := s.OrganisationsByKeys(ctx, []string{"amo", "new"})
		must(t, err)
		if got["amo"].Name != "AMO Rythme asbl" || got["new"] == nil || got["new"].ParentKey != "amo" {
			t.Errorf("after import: %+v %+v", got["amo"], got["new"])
		}
	})

	t.Run("all or nothing", func(t *testing.T) {
		tests := []struct {
			name    string
			ds      func() *reseau.Dataset
			section string
			row     int
		}{
			{"unknown reference in the last row", func() *reseau.Dataset {
				ds := Fixture()
				ds.Organisations[0].Name = "Changed" // would be an update
				ds.Organisations = append(ds.Organisations, reseau.Organisation{Key: "zz-new", Name: "New"})
				ds.Knows = append(ds.Knows, reseau.Knows{PersonKey: "alice", OtherKey: "nobody"})
				return ds
			}, "knows", 1},
			{"bad date", func() *reseau.Dataset {
				ds := Fixture()
				ds.Collaborations[2].EndDate = "2022-06-31"
				return ds
			}, "collaborations", 2},
			{"duplicate key", func() *reseau.Dataset {
				ds := Fixture()
				ds.People = append(ds.People, reseau.Person{Key: "alice", Name: "Alice bis", Visibility: reseau.VisibilityNetwork})
				return ds
			}, "people", 5},
			{"PART_OF cycle through a stored organisation", func() *reseau.Dataset {
				// memoire is stored under gerbe: gerbe under memoire closes a loop.
				return &reseau.Dataset{Organisations: []reseau.Organisation{
					{Key: "zz-new", Name: "New"},
					{Key: "gerbe", Name: "La Gerbe", ParentKey: "memoire"},
				}}
			}, "organisations", 1},
			{"PART_OF cycle through a stored collaboration", func() *reseau.Dataset {
				return &reseau.Dataset{Collaborations: []reseau.Collaboration{
					{Key: "rencontre-2015", Kind: "rencontre_reseau", Title: "Rencontre", ParentKey: "atelier-2015"},
				}}
			}, "collaborations", 0},
			{"unknown enum", func() *reseau.Dataset {
				ds := Fixture()
				ds.Organisations[1].Sector = "PRIVE"
				return ds
			}, "organisations", 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := open(t)
				// The store already holds part of the fixture, which the failed import would change.
				base := Fixture()
				base.Organisations[0].Name = "Before"
				base.Knows = nil
				_, err := s.Import(ctx, base)
				must(t, err)
				before := export(t, ctx, s)
				v0, err := s.Version(ctx)
				must(t, err)

				_, err = s.Import(ctx, tt.ds())
				wantCode(t, err, reseau.EINVALID)
				var e *reseau.Error
				if errors.As(err, &e) && (e.Section != tt.section || e.Row != tt.row) {
					t.Errorf("error at %s[%d], want %s[%d]: %v", e.Section, e.Row, tt.section, tt.row, err)
				}
				if after := export(t, ctx, s); after != before {
					t.Errorf("a failed import changed the store")
				}
				if v1, _ := s.Version(ctx); v1 != v0 {
					t.Errorf("a failed import changed the version")
				}
			})
		}
	})
}

func testExportRoundTrip(t *testing.T, open Opener) {
	ctx := context.Background()
	a := loaded(t, open)
	// Writes through the node and relationship methods must export too.
	must(t, a.CreateOrganisation(ctx, &reseau.Organisation{Key: "zz", Name: "Zèbre asbl", Sector: reseau.SectorAssociatif,
		Domains: []string{"logement", "jeunesse"}, Aliases: []string{"Zèbre"}, Languages: []string{"nl"}, ParentKey: "css"}))
	must(t, a.PutParticipation(ctx, reseau.Participation{CollaborationKey: "atelier-2015", OrganisationKey: "zz"}))
	must(t, a.CreatePerson(ctx, &reseau.Person{Key: "zoe", Name: "Zoé", Visibility: reseau.VisibilityPrivate}))
	must(t, a.PutMembership(ctx, reseau.Membership{PersonKey: "zoe", OrganisationKey: "zz", Since: "2024"}))
	must(t, a.PutKnows(ctx, reseau.Knows{PersonKey: "zoe", OtherKey: "bob"}))
	ds, err := a.Export(ctx)
	must(t, err)
	want := Canonical(t, ds)

	b := open(t)
	st, err := b.Import(ctx, ds)
	must(t, err)
	if st.Created != ds.Rows() {
		t.Errorf("import into a fresh store created %d of %d rows", st.Created, ds.Rows())
	}
	if got := export(t, ctx, b); got != want {
		t.Errorf("export → import → export differs:\n%s\nwant\n%s", got, want)
	}
}

func testPeopleScope(t *testing.T, open Opener) {
	s := loaded(t, open)
	tests := []struct {
		name   string
		caller *reseau.Caller
		people []string // visible people, by key
	}{
		{"anonymous", anonymous, nil},
		{"signed in without a role", &reseau.Caller{Subject: "x"}, nil},
		{"viewer without organisations", &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}}, []string{"alice", "bob", "eve"}},
		{"viewer of another organisation", viewerMeridien, []string{"alice", "bob", "eve"}},
		{"viewer of gerbe", viewerGerbe, []string{"alice", "bob", "carol", "eve"}},
		{"editor of cpas", &reseau.Caller{Subject: "e", Roles: []string{reseau.RoleEditor}, Orgs: []string{"cpas"}}, []string{"alice", "bob", "dan", "eve"}},
		{"coordinator", coordinator, []string{"alice", "bob", "carol", "dan", "eve"}},
		{"system", reseau.System, []string{"alice", "bob", "carol", "dan", "eve"}},
	}
	all := []string{"alice", "bob", "carol", "dan", "eve"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := as(tt.caller)
			visible := map[string]bool{}
			for _, k := range tt.people {
				visible[k] = true
			}

			page, err := s.FindPeople(ctx, reseau.PersonFilter{}, reseau.ListOptions{OrderBy: reseau.OrderKey})
			must(t, err)
			sameKeys(t, "FindPeople", personKeys(page.Items), tt.people)
			if page.TotalCount != len(tt.people) {
				t.Errorf("TotalCount = %d, want %d", page.TotalCount, len(tt.people))
			}
			page, err = s.FindPeople(ctx, reseau.PersonFilter{Organisations: []string{"cpas", "gerbe"}}, reseau.ListOptions{Limit: 1})
			must(t, err)
			n := 0
			for _, k := range []string{"alice", "carol", "dan"} {
				if visible[k] {
					n++
				}
			}
			if page.TotalCount != n {
				t.Errorf("TotalCount with an organisation filter = %d, want %d", page.TotalCount, n)
			}

			byKey, err := s.PeopleByKeys(ctx, all)
			must(t, err)
			for _, k := range all {
				if _, ok := byKey[k]; ok != visible[k] {
					t.Errorf("PeopleByKeys has %s: %v, want %v", k, ok, visible[k])
				}
			}

			for _, k := range all {
				hits, err := s.Search(ctx, k, []string{reseau.TypePerson}, 10)
				must(t, err)
				for _, h := range hits {
					if !visible[h.Key] {
						t.Errorf("Search(%q) names hidden %s", k, h.Key)
					}
				}
			}

			ms, err := s.Memberships(ctx, reseau.EdgeFilter{To: []string{"cpas", "gerbe", "meridien", "logement"}})
			must(t, err)
			for _, m := range ms {
				if !visible[m.PersonKey] {
					t.Errorf("Memberships names hidden %s", m.PersonKey)
				}
			}
			pps, err := s.PersonParticipations(ctx, reseau.EdgeFilter{To: []string{"rencontre-2015"}})
			must(t, err)
			for _, p := range pps {
				if !visible[p.PersonKey] {
					t.Errorf("PersonParticipations names hidden %s", p.PersonKey)
				}
			}
			ks, err := s.Knows(ctx, reseau.EdgeFilter{From: all})
			must(t, err)
			for _, k := range ks {
				if !visible[k.PersonKey] || !visible[k.OtherKey] {
					t.Errorf("Knows names a hidden person: %+v", k)
				}
			}

			acq, err := s.Acquaintances(ctx, all)
			must(t, err)
			for k, as := range acq {
				if len(as) > 0 && !visible[k] {
					t.Errorf("Acquaintances of hidden %s", k)
				}
				for _, a := range as {
					if !visible[a.PersonKey] {
						t.Errorf("Acquaintances names hidden %s", a.PersonKey)
					}
				}
			}

			ds, err := s.Export(ctx)
			must(t, err)
			var exported []string
			for _, p := range ds.People {
				exported = append(exported, p.Key)
			}
			sameKeys(t, "Export people", exported, tt.people)
			for _, m := range ds.Memberships {
				if !visible[m.PersonKey] {
					t.Errorf("Export membership names hidden %s", m.PersonKey)
				}
			}
			for _, p := range ds.PersonParticipations {
				if !visible[p.PersonKey] {
					t.Errorf("Export participation names hidden %s", p.PersonKey)
				}
			}
			for _, k := range ds.Knows {
				if !visible[k.PersonKey] || !visible[k.OtherKey] {
					t.Errorf("Export knows names a hidden person: %+v", k)
				}
			}
			// Organisations and the rest are public.
			if len(ds.Organisations) != len(Fixture().Organisations) {
				t.Errorf("Export has %d organisations, want all %d", len(ds.Organisations), len(Fixture().Organisations))
			}
		})
	}
}

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
