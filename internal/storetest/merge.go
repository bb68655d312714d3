package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// testMerge pins down MergeOrganisations and MergePeople, and the keys they
// leave: what moves, how rows that both had fold, what the merged key
// resolves to afterwards (reads, writes, imports, snapshots), and that
// every read, derived ties and search included, sees the merged graph at
// once.
func testMerge(t *testing.T, open Opener) {
	ctx := as(coordinator)
	all := reseau.WithCaller(context.Background(), reseau.System)

	t.Run("organisation", func(t *testing.T) {
		s := loaded(t, open)
		// Warm every cache a store keeps: ties, search, rows by key.
		before, err := s.Collaborators(ctx, []string{"amo", "cpas"}, reseau.TieFilter{})
		must(t, err)
		if tieKeys(before["amo"]) != "meridien,pole-jeunes" || tieKeys(before["cpas"]) != "gerbe,logement,meridien" {
			t.Fatalf("collaborators before: amo %s, cpas %s", tieKeys(before["amo"]), tieKeys(before["cpas"]))
		}
		hits, err := s.Search(ctx, "service logement commune", []string{reseau.TypeOrganisation}, 3)
		must(t, err)
		if len(hits) == 0 || hits[0].Key != "logement" {
			t.Fatalf("search before: %+v", hits)
		}
		_, err = s.OrganisationsByKeys(ctx, []string{"amo", "logement"})
		must(t, err)
		v0, err := s.Version(ctx)
		must(t, err)

		got, err := s.MergeOrganisations(ctx, "amo", "logement")
		must(t, err)
		if got.Key != "amo" || got.Name != "AMO Rythme" || got.Sector != reseau.SectorAssociatif ||
			!slices.Equal(got.Domains, []string{"jeunesse", "logement"}) || !slices.Equal(got.Aliases, []string{"Service Logement de la Commune"}) {
			t.Errorf("merged %+v", got)
		}
		if v1, _ := s.Version(ctx); v1 == v0 {
			t.Error("the version did not move")
		}

		after, err := s.Collaborators(ctx, []string{"amo", "cpas"}, reseau.TieFilter{})
		must(t, err)
		if tieKeys(after["amo"]) != "cpas,meridien,pole-jeunes" || tieKeys(after["cpas"]) != "amo,gerbe,meridien" {
			t.Errorf("collaborators after: amo %s, cpas %s (logement's gt-logement is amo's now)", tieKeys(after["amo"]), tieKeys(after["cpas"]))
		}
		hits, err = s.Search(ctx, "service logement commune", []string{reseau.TypeOrganisation}, 3)
		must(t, err)
		if len(hits) == 0 || hits[0].Key != "amo" {
			t.Errorf("search after: %+v, want amo first (logement's name is its alias)", hits)
		}
		ms, err := s.Memberships(all, reseau.EdgeFilter{To: []string{"amo"}})
		must(t, err)
		if len(ms) != 1 || ms[0].PersonKey != "eve" {
			t.Errorf("amo's memberships %+v, want eve's", ms)
		}
		ps, err := s.Participations(ctx, reseau.EdgeFilter{To: []string{"gt-logement"}})
		must(t, err)
		if len(ps) != 2 || ps[0] != (reseau.Participation{CollaborationKey: "gt-logement", OrganisationKey: "amo", Role: "membre"}) {
			t.Errorf("gt-logement's participants %+v", ps)
		}

		// The merged key resolves to amo: reads by key, writes, imports.
		m, err := s.OrganisationsByKeys(ctx, []string{"logement"})
		must(t, err)
		if m["logement"] == nil || m["logement"].Key != "amo" {
			t.Fatalf("organisation logement after the merge: %+v", m["logement"])
		}
		r, err := s.Redirects(ctx, reseau.TypeOrganisation, []string{"logement", "amo"})
		must(t, err)
		if len(r) != 1 || r["logement"] != "amo" {
			t.Errorf("redirects %v", r)
		}
		wantCode(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "logement", Name: "Logement"}), reseau.ECONFLICT)
		renamed, err := s.UpdateOrganisation(ctx, "logement", func(o *reseau.Organisation) error { o.Commune = "Evere"; return nil })
		must(t, err)
		if renamed.Key != "amo" || renamed.Commune != "Evere" {
			t.Errorf("update through the merged key: %+v", renamed)
		}
		must(t, s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "rencontre-2015", OrganisationKey: "logement", Role: "participant"}))
		_, err = s.Import(ctx, &reseau.Dataset{
			Organisations:  []reseau.Organisation{{Key: "svc", Name: "Service", ParentKey: "logement"}},
			Collaborations: []reseau.Collaboration{{Key: "gt-2", Kind: "gt", Title: "GT 2", LocationKey: "logement"}},
			Memberships:    []reseau.Membership{{PersonKey: "bob", OrganisationKey: "logement", Role: "AS"}},
		})
		must(t, err)
		for what, fn := range map[string]func() bool{
			"participation": func() bool {
				ps, _ := s.Participations(ctx, reseau.EdgeFilter{From: []string{"amo"}, To: []string{"rencontre-2015"}})
				return len(ps) == 1
			},
			"imported parent": func() bool {
				o, _ := s.OrganisationsByKeys(ctx, []string{"svc"})
				return o["svc"] != nil && o["svc"].ParentKey == "amo"
			},
			"imported location": func() bool {
				c, _ := s.CollaborationsByKeys(ctx, []string{"gt-2"})
				return c["gt-2"] != nil && c["gt-2"].LocationKey == "amo"
			},
			"imported membership": func() bool {
				ms, _ := s.Memberships(all, reseau.EdgeFilter{From: []string{"bob"}, To: []string{"amo"}})
				return len(ms) == 1
			},
		} {
			if !fn() {
				t.Errorf("%s written through the merged key did not land on amo", what)
			}
		}
		// A parent or a location an update sets to the merged key.
		o, err := s.UpdateOrganisation(ctx, "memoire", func(o *reseau.Organisation) error { o.ParentKey = "logement"; return nil })
		must(t, err)
		c, err := s.UpdateCollaboration(ctx, "meeting-2018", func(c *reseau.Collaboration) error { c.LocationKey = "logement"; return nil })
		must(t, err)
		if o.ParentKey != "amo" || c.LocationKey != "amo" {
			t.Errorf("parent %q, location %q set to logement: want amo", o.ParentKey, c.LocationKey)
		}
		_, err = s.UpdateOrganisation(ctx, "memoire", func(o *reseau.Organisation) error { o.ParentKey = "nowhere"; return nil })
		wantCode(t, err, reseau.EINVALID)
		_, err = s.Import(ctx, &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "logement", Name: "Logement"}}})
		wantCode(t, err, reseau.ECONFLICT)
		var e *reseau.Error
		if errors.As(err, &e); e == nil || e.Section != "organisations" || e.Row != 0 {
			t.Errorf("import of the merged key: %v, want CONFLICT at organisations[0]", err)
		}

		entries, err := s.Audit(ctx, reseau.AuditFilter{Key: "amo"}, reseau.ListOptions{})
		must(t, err)
		var merge *reseau.AuditEntry
		for _, a := range entries.Items {
			if a.Action == "mergeOrganisations" {
				merge = a
			}
		}
		if merge == nil || merge.Type != reseau.TypeOrganisation || !strings.Contains(merge.Before, `"from":{"key":"logement"`) ||
			!strings.Contains(merge.After, `"memberships":[{"person":"eve","organisation":"amo"}]`) ||
			!strings.Contains(merge.After, `"redirects":["logement"]`) {
			t.Errorf("merge audit entry %+v", merge)
		}
	})

	t.Run("shared rows and hierarchy", func(t *testing.T) {
		s := loaded(t, open)
		// pole-jeunes (PART_OF cpas, host of immersion-2022, organiser of
		// meeting-2018 and immersion-2022) into amo (participant of
		// meeting-2018, hote of immersion-2022); both parties to
		// convention-immersion.
		// bob works at both.
		must(t, s.PutMembership(ctx, reseau.Membership{PersonKey: "bob", OrganisationKey: "amo", Since: "2020"}))
		must(t, s.PutMembership(ctx, reseau.Membership{PersonKey: "bob", OrganisationKey: "pole-jeunes", Role: "éducateur", Since: "2018"}))
		got, err := s.MergeOrganisations(ctx, "amo", "pole-jeunes")
		must(t, err)
		ms, err := s.Memberships(all, reseau.EdgeFilter{From: []string{"bob"}})
		must(t, err)
		wantMs := []reseau.Membership{{PersonKey: "bob", OrganisationKey: "amo", Role: "éducateur", Since: "2020"}, {PersonKey: "bob", OrganisationKey: "meridien", Role: "psychologue"}}
		if !slices.Equal(ms, wantMs) {
			t.Errorf("bob's memberships %+v, want %+v (one at amo: its since, pole-jeunes' role)", ms, wantMs)
		}
		if got.ParentKey != "cpas" || !slices.Equal(got.Languages, []string{"fr", "nl"}) || got.ShortName != "Pôle Jeunes" {
			t.Errorf("merged %+v: parent, languages and short name filled from pole-jeunes", got)
		}
		ps, err := s.Participations(ctx, reseau.EdgeFilter{From: []string{"amo"}})
		must(t, err)
		want := []reseau.Participation{
			{CollaborationKey: "immersion-2022", OrganisationKey: "amo", Role: "hote"},       // as specific: into's
			{CollaborationKey: "meeting-2018", OrganisationKey: "amo", Role: "organisateur"}, // more specific than participant
		}
		if !slices.Equal(ps, want) {
			t.Errorf("amo's participations %+v, want %+v", ps, want)
		}
		parties, err := s.Parties(ctx, reseau.EdgeFilter{To: []string{"convention-immersion"}})
		must(t, err)
		if len(parties) != 2 {
			t.Errorf("convention-immersion's parties %+v, want amo and meridien once each", parties)
		}
		c, err := s.CollaborationsByKeys(ctx, []string{"immersion-2022"})
		must(t, err)
		if c["immersion-2022"].LocationKey != "amo" {
			t.Errorf("immersion-2022 held at %q, want amo", c["immersion-2022"].LocationKey)
		}

		// gerbe was invite_absent at immersion-2022, meridien a host: the
		// absence never overrides a role.
		_, err = s.MergeOrganisations(ctx, "gerbe", "meridien")
		must(t, err)
		ps, err = s.Participations(ctx, reseau.EdgeFilter{From: []string{"gerbe"}, To: []string{"immersion-2022"}})
		must(t, err)
		if len(ps) != 1 || ps[0].Role != "hote" {
			t.Errorf("gerbe at immersion-2022: %+v, want hote", ps)
		}
		parties, err = s.Parties(ctx, reseau.EdgeFilter{To: []string{"css-adhesion"}})
		must(t, err)
		if len(parties) != 2 {
			t.Errorf("css-adhesion's parties %+v, want css and gerbe", parties)
		}
	})

	t.Run("part of each other", func(t *testing.T) {
		for _, tt := range []struct {
			name, into, from string
			extra            []reseau.Organisation
			parents          map[string]string // after the merge
		}{
			{"from part of into", "gerbe", "memoire", nil, map[string]string{"gerbe": ""}},
			{"into part of from", "memoire", "gerbe", nil, map[string]string{"memoire": ""}},
			{"service part of from", "cpas", "gerbe", nil, map[string]string{"cpas": "", "memoire": "cpas"}},
			// atelier lies under gerbe through memoire: it takes gerbe's
			// place, and memoire, gerbe's service, becomes its own.
			{"into under from", "atelier", "gerbe", []reseau.Organisation{{Key: "atelier", Name: "Atelier", ParentKey: "memoire"}},
				map[string]string{"atelier": "", "memoire": "atelier"}},
			// from lies under into through memoire: its parent is not taken.
			{"from under into", "gerbe", "atelier", []reseau.Organisation{{Key: "atelier", Name: "Atelier", ParentKey: "memoire"}},
				map[string]string{"gerbe": "", "memoire": "gerbe"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				s := loaded(t, open)
				for _, o := range tt.extra {
					must(t, s.CreateOrganisation(ctx, &o))
				}
				_, err := s.MergeOrganisations(ctx, tt.into, tt.from)
				must(t, err)
				ds, err := s.Export(all)
				must(t, err)
				for _, o := range ds.Organisations {
					if want, ok := tt.parents[o.Key]; ok && o.ParentKey != want {
						t.Errorf("%s part of %q, want %q", o.Key, o.ParentKey, want)
					}
				}
				if err := ds.Check(); err != nil {
					t.Errorf("the merged graph: %v", err)
				}
			})
		}
	})

	t.Run("refused", func(t *testing.T) {
		s := loaded(t, open)
		_, err := s.MergeOrganisations(ctx, "logement", "amo")
		must(t, err) // amo resolves to logement from now on
		snapshot := export(t, ctx, s)
		audit := auditCount(t, s, "", "")
		for _, tt := range []struct {
			name string
			call func() error
			code string
		}{
			{"into itself", func() error { return errOf(s.MergeOrganisations(ctx, "cpas", "cpas")) }, reseau.EINVALID},
			{"unknown into", func() error { return errOf(s.MergeOrganisations(ctx, "nowhere", "cpas")) }, reseau.ENOTFOUND},
			{"unknown from", func() error { return errOf(s.MergeOrganisations(ctx, "cpas", "nowhere")) }, reseau.ENOTFOUND},
			{"already merged", func() error { return errOf(s.MergeOrganisations(ctx, "logement", "amo")) }, reseau.ENOTFOUND},
			{"a bad key", func() error { return errOf(s.MergeOrganisations(ctx, "cpas", "Gerbe!")) }, reseau.EINVALID},
			{"person into themself", func() error { return errOf(s.MergePeople(ctx, "bob", "bob")) }, reseau.EINVALID},
			{"unknown person", func() error { return errOf(s.MergePeople(ctx, "bob", "nobody")) }, reseau.ENOTFOUND},
		} {
			t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.call(), tt.code) })
		}
		if got := export(t, ctx, s); got != snapshot {
			t.Error("a refused merge changed the graph")
		}
		if got := auditCount(t, s, "", ""); got != audit {
			t.Errorf("a refused merge left %d audit entries", got-audit)
		}
	})

	t.Run("rolled back", func(t *testing.T) {
		s := loaded(t, open)
		snapshot := export(t, ctx, s)
		stop := errors.New("stop")
		err := s.Atomic(ctx, func(ctx context.Context) error {
			if _, err := s.MergeOrganisations(ctx, "amo", "logement"); err != nil {
				return err
			}
			return stop
		})
		if err != stop {
			t.Fatalf("Atomic = %v", err)
		}
		if got := export(t, ctx, s); got != snapshot {
			t.Error("a merge rolled back left changes")
		}
		if m, _ := s.OrganisationsByKeys(ctx, []string{"logement"}); m["logement"] == nil || m["logement"].Key != "logement" {
			t.Errorf("logement after the rollback: %+v", m["logement"])
		}
	})

	t.Run("redirects follow", func(t *testing.T) {
		s := loaded(t, open)
		_, err := s.MergeOrganisations(ctx, "amo", "logement")
		must(t, err)
		_, err = s.MergeOrganisations(ctx, "cpas", "amo")
		must(t, err)
		r, err := s.Redirects(ctx, reseau.TypeOrganisation, nil)
		must(t, err)
		if len(r) != 2 || r["logement"] != "cpas" || r["amo"] != "cpas" {
			t.Errorf("redirects %v, want logement and amo to cpas (no chain)", r)
		}
		// The snapshot carries them: a fresh store resolves the same keys.
		ds, err := s.Export(all)
		must(t, err)
		want := []reseau.Redirect{{Type: reseau.TypeOrganisation, Key: "amo", Into: "cpas"}, {Type: reseau.TypeOrganisation, Key: "logement", Into: "cpas"}}
		if !slices.Equal(ds.Redirects, want) {
			t.Errorf("exported redirects %+v", ds.Redirects)
		}
		b, err := json.Marshal(ds)
		must(t, err)
		var back reseau.Dataset
		must(t, json.Unmarshal(b, &back))
		fresh := open(t)
		_, err = fresh.Import(ctx, &back)
		must(t, err)
		if export(t, all, fresh) != export(t, all, s) {
			t.Error("export → import → export differs")
		}
		m, err := fresh.OrganisationsByKeys(ctx, []string{"amo"})
		must(t, err)
		if m["amo"] == nil || m["amo"].Key != "cpas" {
			t.Errorf("amo in the imported store: %+v", m["amo"])
		}
		// A redirect goes with the node it leads to.
		must(t, s.DeleteOrganisation(ctx, "cpas"))
		if r, _ := s.Redirects(ctx, reseau.TypeOrganisation, nil); len(r) != 0 {
			t.Errorf("redirects to a deleted organisation: %v", r)
		}
		must(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "amo", Name: "AMO"}))
	})

	t.Run("people", func(t *testing.T) {
		s := loaded(t, open)
		// eve works at logement and KNOWS alice; give her what alice has too.
		must(t, s.PutMembership(ctx, reseau.Membership{PersonKey: "eve", OrganisationKey: "cpas", Since: "2015"}))
		must(t, s.PutPersonParticipation(ctx, reseau.PersonParticipation{CollaborationKey: "rencontre-2015", PersonKey: "eve", Role: "intervenant"}))
		must(t, s.PutKnows(ctx, reseau.Knows{PersonKey: "bob", OtherKey: "alice", Source: "gt"}))
		must(t, s.PutKnows(ctx, reseau.Knows{PersonKey: "eve", OtherKey: "bob", Since: "2020"}))
		acq, err := s.Acquaintances(ctx, []string{"alice"})
		must(t, err)
		if len(acq["alice"]) == 0 {
			t.Fatal("alice has no acquaintance before")
		}

		got, err := s.MergePeople(ctx, "alice", "eve")
		must(t, err)
		if got.Key != "alice" || got.Name != "Alice Dupont" || got.Email != "alice@cpas.example" {
			t.Errorf("merged %+v", got)
		}
		ms, err := s.Memberships(all, reseau.EdgeFilter{From: []string{"alice"}})
		must(t, err)
		want := []reseau.Membership{
			{PersonKey: "alice", OrganisationKey: "cpas", Role: "assistante sociale", Since: "2019-09"},
			{PersonKey: "alice", OrganisationKey: "logement"},
		}
		if !slices.Equal(ms, want) {
			t.Errorf("alice's memberships %+v, want %+v", ms, want)
		}
		pp, err := s.PersonParticipations(all, reseau.EdgeFilter{From: []string{"alice"}})
		must(t, err)
		if len(pp) != 1 || pp[0].Role != "intervenant" {
			t.Errorf("alice at rencontre-2015: %+v, want one row, intervenant", pp)
		}
		ks, err := s.Knows(all, reseau.EdgeFilter{From: []string{"alice"}})
		must(t, err)
		if len(ks) != 1 || ks[0] != (reseau.Knows{PersonKey: "bob", OtherKey: "alice", Since: "2020", Source: "gt"}) {
			t.Errorf("alice's KNOWS %+v, want bob's one, since filled from eve's", ks)
		}
		acq, err = s.Acquaintances(ctx, []string{"alice"})
		must(t, err)
		for _, a := range acq["alice"] {
			if a.PersonKey == "eve" || a.PersonKey == "alice" {
				t.Errorf("alice acquainted with %s after the merge", a.PersonKey)
			}
		}
		p, err := s.PeopleByKeys(ctx, []string{"eve"})
		must(t, err)
		if p["eve"] == nil || p["eve"].Key != "alice" {
			t.Errorf("person eve after the merge: %+v", p["eve"])
		}
		wantCode(t, s.CreatePerson(ctx, &reseau.Person{Key: "eve", Name: "Ève", Visibility: reseau.VisibilityNetwork}), reseau.ECONFLICT)
		// eve's earlier entries are erased as by DeletePerson; the merge's
		// keeps her record, under alice's key.
		entries, err := s.Audit(ctx, reseau.AuditFilter{Type: reseau.TypePerson, Key: "eve"}, reseau.ListOptions{})
		must(t, err)
		for _, a := range entries.Items {
			if strings.Contains(a.Before+a.After, "Martin") {
				t.Errorf("eve's entry %s still names her", a.Action)
			}
		}
		entries, err = s.Audit(ctx, reseau.AuditFilter{Type: reseau.TypePerson, Key: "alice"}, reseau.ListOptions{})
		must(t, err)
		if len(entries.Items) == 0 || entries.Items[0].Action != "mergePeople" || !strings.Contains(entries.Items[0].Before, "Ève Martin") {
			t.Errorf("alice's last entry %+v, want the merge with eve's record", entries.Items)
		}

		// A PRIVATE person merged into a NETWORK one makes it PRIVATE.
		got, err = s.MergePeople(ctx, "bob", "dan")
		must(t, err)
		if got.Visibility != reseau.VisibilityPrivate {
			t.Errorf("bob merged with PRIVATE dan is %s", got.Visibility)
		}
	})

	t.Run("people scope", func(t *testing.T) {
		// eve (NETWORK) merged into carol (PRIVATE at gerbe): where eve's key
		// leads is exported only to callers who see carol.
		s := loaded(t, open)
		_, err := s.MergePeople(ctx, "carol", "eve")
		must(t, err)
		for _, tt := range []struct {
			caller *reseau.Caller
			want   int
		}{{viewerMeridien, 0}, {viewerGerbe, 1}, {coordinator, 1}, {anonymous, 0}} {
			ds, err := s.Export(as(tt.caller))
			must(t, err)
			if len(ds.Redirects) != tt.want {
				t.Errorf("%s exports redirects %+v, want %d", tt.caller.Subject, ds.Redirects, tt.want)
			}
		}
		p, err := s.PeopleByKeys(as(viewerMeridien), []string{"eve"})
		must(t, err)
		if len(p) != 0 {
			t.Errorf("eve's key shows hidden carol to a viewer of meridien: %+v", p)
		}
	})
}

func errOf[T any](_ T, err error) error { return err }

func tieKeys(ts []reseau.CollaborationTie) string {
	var keys []string
	for _, t := range ts {
		keys = append(keys, t.OrganisationKey)
	}
	slices.Sort(keys)
	return strings.Join(keys, ",")
}
