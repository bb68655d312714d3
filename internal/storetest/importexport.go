package storetest

import (
	"context"
	"errors"
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

	t.Run("progress", func(t *testing.T) {
		s := open(t)
		ds := Fixture()
		var calls [][2]int
		pctx := reseau.WithProgress(ctx, func(done, total int) { calls = append(calls, [2]int{done, total}) })
		_, err := s.Import(pctx, ds)
		must(t, err)
		if len(calls) == 0 {
			t.Fatal("Import reported no progress")
		}
		for _, c := range calls {
			if c[1] != ds.Rows() || c[0] < 0 || c[0] > c[1] {
				t.Fatalf("progress %d of %d, want at most %d of %d", c[0], c[1], ds.Rows(), ds.Rows())
			}
		}
		if last := calls[len(calls)-1]; last[0] != ds.Rows() {
			t.Errorf("last progress %d of %d, want all %d rows", last[0], last[1], ds.Rows())
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

	// ExportEach hands the same graph over: the nodes first, then runs of
	// one relationship section each.
	var parts reseau.Dataset
	n := 0
	must(t, a.ExportEach(ctx, func(part *reseau.Dataset) error {
		nodes := len(part.Domains) + len(part.Organisations) + len(part.People) + len(part.Collaborations) + len(part.Partnerships)
		links := 0
		for _, l := range []int{len(part.Memberships), len(part.Participations), len(part.PersonParticipations), len(part.Parties), len(part.Knows)} {
			if l > 0 {
				links++
			}
		}
		if (n == 0) != (nodes > 0) || links > 1 || (n == 0 && links > 0) {
			t.Errorf("part %d holds %d nodes and rows of %d relationships", n, nodes, links)
		}
		n++
		parts.Append(part)
		return nil
	}))
	if got := Canonical(t, &parts); got != want {
		t.Errorf("ExportEach's parts differ from Export:\n%s\nwant\n%s", got, want)
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
		// A caller always sees themselves (the token's person claim), PRIVATE
		// or not, and nobody else because of it.
		{"viewer without organisations who is carol", &reseau.Caller{Subject: "c", Roles: []string{reseau.RoleViewer}, Person: "carol"}, []string{"alice", "bob", "carol", "eve"}},
		{"viewer of another organisation who is dan", &reseau.Caller{Subject: "d", Roles: []string{reseau.RoleViewer}, Orgs: []string{"meridien"}, Person: "dan"}, []string{"alice", "bob", "dan", "eve"}},
		{"signed in without a role who is carol", &reseau.Caller{Subject: "c", Person: "carol"}, nil},
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
