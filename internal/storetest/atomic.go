package storetest

import (
	"context"
	"errors"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// view is what a store answers about the writes of testAtomic, read with
// one context: the tests compare the views from inside and outside an
// operation, before, during and after it.
type view struct {
	org         bool   // organisation "nouvelle" exists
	amoName     string // amo's name
	participant bool   // nouvelle took part in meeting-2018
	tie         bool   // nouvelle is a collaborator of amo (derived tie)
	partner     bool   // nouvelle is a partner of meridien (derived tie)
	found       bool   // search finds nouvelle
	listed      bool   // FindOrganisations lists nouvelle
	exported    bool   // Export holds nouvelle
	audited     int    // audit entries with key nouvelle (its creation)
}

func look(t *testing.T, ctx context.Context, s reseau.Store) view {
	t.Helper()
	var v view
	m, err := s.OrganisationsByKeys(ctx, []string{"nouvelle", "amo"})
	must(t, err)
	v.org = m["nouvelle"] != nil
	if m["amo"] != nil {
		v.amoName = m["amo"].Name
	}
	ps, err := s.Participations(ctx, reseau.EdgeFilter{To: []string{"meeting-2018"}})
	must(t, err)
	v.participant = slices.ContainsFunc(ps, func(p reseau.Participation) bool { return p.OrganisationKey == "nouvelle" })
	ties, err := s.Collaborators(ctx, []string{"amo"}, reseau.TieFilter{})
	must(t, err)
	v.tie = slices.ContainsFunc(ties["amo"], func(c reseau.CollaborationTie) bool { return c.OrganisationKey == "nouvelle" })
	partners, err := s.Partners(ctx, []string{"meridien"})
	must(t, err)
	v.partner = slices.Contains(partners["meridien"], "nouvelle")
	hits, err := s.Search(ctx, "Nouvelle Maison", []string{reseau.TypeOrganisation}, 5)
	must(t, err)
	v.found = slices.ContainsFunc(hits, func(h reseau.SearchHit) bool { return h.Key == "nouvelle" })
	page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Text: "maison"}, reseau.ListOptions{})
	must(t, err)
	v.listed = slices.Contains(orgKeys(page.Items), "nouvelle")
	ds, err := s.Export(ctx)
	must(t, err)
	v.exported = slices.ContainsFunc(ds.Organisations, func(o reseau.Organisation) bool { return o.Key == "nouvelle" })
	a, err := s.Audit(ctx, reseau.AuditFilter{Key: "nouvelle"}, reseau.ListOptions{})
	must(t, err)
	v.audited = a.TotalCount
	return v
}

// writeAll makes the writes whose effects look sees: a node, relationships
// that derive ties, an update of another node.
func writeAll(ctx context.Context, s reseau.Store) error {
	if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: "nouvelle", Name: "Nouvelle Maison", Sector: reseau.SectorAssociatif}); err != nil {
		return err
	}
	if err := s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "meeting-2018", OrganisationKey: "nouvelle", Role: "participant"}); err != nil {
		return err
	}
	if err := s.PutParty(ctx, reseau.Party{PartnershipKey: "convention-immersion", OrganisationKey: "nouvelle"}); err != nil {
		return err
	}
	_, err := s.UpdateOrganisation(ctx, "amo", func(o *reseau.Organisation) error {
		o.Name = "AMO renommée"
		return nil
	})
	return err
}

// ties are the derived ties of every organisation, with their weights and
// dates, asked in one call as dataloaders ask.
type ties struct {
	collaborators map[string][]reseau.CollaborationTie
	partners      map[string][]string
}

func allTies(t *testing.T, ctx context.Context, s reseau.Store) ties {
	t.Helper()
	page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{})
	must(t, err)
	keys := orgKeys(page.Items)
	var out ties
	out.collaborators, err = s.Collaborators(ctx, keys, reseau.TieFilter{})
	must(t, err)
	out.partners, err = s.Partners(ctx, keys)
	must(t, err)
	for k, v := range out.partners {
		if len(v) == 0 {
			delete(out.partners, k)
		}
	}
	return out
}

var (
	// committed is the view after writeAll, from anywhere once it committed.
	committed = view{org: true, amoName: "AMO renommée", participant: true, tie: true, partner: true,
		found: true, listed: true, exported: true, audited: 1}
	// untouched is the fixture's view.
	untouched = view{amoName: "AMO Rythme"}
)

// testAtomic pins down Store.Atomic: all of an operation's writes commit or
// none does, its reads see its own writes, and nothing else sees them (not
// even through a cache or index filled during the operation) before it
// commits.
func testAtomic(t *testing.T, open Opener) {
	ctx := context.Background()
	sentinel := errors.New("the operation fails")

	t.Run("an error rolls every write back", func(t *testing.T) {
		s := loaded(t, open)
		if got := look(t, ctx, s); got != untouched { // fills the caches
			t.Fatalf("before: %+v", got)
		}
		before := export(t, ctx, s)
		v0, err := s.Version(ctx)
		must(t, err)
		err = s.Atomic(ctx, func(ctx context.Context) error {
			must(t, writeAll(ctx, s))
			if got := look(t, ctx, s); got != committed { // inside: may fill caches
				t.Errorf("inside the operation: %+v, want %+v", got, committed)
			}
			return sentinel
		})
		if err != sentinel {
			t.Fatalf("Atomic = %v, want fn's own error", err)
		}
		if got := look(t, ctx, s); got != untouched {
			t.Errorf("after the rollback: %+v, want %+v", got, untouched)
		}
		if after := export(t, ctx, s); after != before {
			t.Error("a rolled-back operation changed the store")
		}
		if v, _ := s.Version(ctx); v != v0 {
			t.Error("Version changed after a rolled-back operation")
		}
	})

	t.Run("success commits every write, unseen until then", func(t *testing.T) {
		s := loaded(t, open)
		look(t, ctx, s)
		v0, err := s.Version(ctx)
		must(t, err)
		var inside ties
		must(t, s.Atomic(ctx, func(octx context.Context) error {
			must(t, writeAll(octx, s))
			if got := look(t, octx, s); got != committed {
				t.Errorf("inside the operation: %+v, want %+v", got, committed)
			}
			inside = allTies(t, octx, s)
			// Another context (another request) sees the store as it was.
			if got := look(t, ctx, s); got != untouched {
				t.Errorf("outside the operation, before it commits: %+v, want %+v", got, untouched)
			}
			return nil
		}))
		if got := look(t, ctx, s); got != committed {
			t.Errorf("after the commit: %+v, want %+v", got, committed)
		}
		if after := allTies(t, ctx, s); !reflect.DeepEqual(inside, after) {
			t.Errorf("ties inside the operation:\n%+v\nafter its commit:\n%+v", inside, after)
		}
		if v, _ := s.Version(ctx); v == v0 {
			t.Error("Version unchanged after a committed operation")
		}
	})

	t.Run("a failed write leaves nothing of itself and the operation goes on", func(t *testing.T) {
		s := loaded(t, open)
		amo := auditCount(t, s, reseau.TypeOrganisation, "amo")
		must(t, s.Atomic(ctx, func(ctx context.Context) error {
			must(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "nouvelle", Name: "Nouvelle Maison"}))
			wantCode(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "amo", Name: "Doublon"}), reseau.ECONFLICT)
			wantCode(t, Err(s.UpdateOrganisation(ctx, "amo", func(o *reseau.Organisation) error {
				o.Name = ""
				return nil
			})), reseau.EINVALID)
			wantCode(t, s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "nope", OrganisationKey: "nouvelle"}), reseau.ENOTFOUND)
			return nil
		}))
		got := look(t, ctx, s)
		if !got.org || got.amoName != "AMO Rythme" || got.participant || got.audited != 1 {
			t.Errorf("after the operation: %+v, want nouvelle created (one audit entry) and nothing else", got)
		}
		if n := auditCount(t, s, reseau.TypeOrganisation, "amo"); n != amo {
			t.Errorf("the refused writes left %d audit entries about amo", n-amo)
		}
	})

	t.Run("a nested call joins the operation", func(t *testing.T) {
		s := loaded(t, open)
		err := s.Atomic(ctx, func(ctx context.Context) error {
			must(t, s.Atomic(ctx, func(ctx context.Context) error { return writeAll(ctx, s) }))
			if got := look(t, ctx, s); got != committed {
				t.Errorf("after the nested call: %+v, want %+v", got, committed)
			}
			inner := s.Atomic(ctx, func(context.Context) error { return sentinel })
			if inner != sentinel {
				t.Errorf("nested Atomic = %v, want fn's own error", inner)
			}
			return inner
		})
		if err != sentinel {
			t.Fatalf("Atomic = %v, want fn's own error", err)
		}
		if got := look(t, ctx, s); got != untouched {
			t.Errorf("the nested call committed on its own: %+v", got)
		}
	})

	t.Run("a panic rolls back and frees the store", func(t *testing.T) {
		s := loaded(t, open)
		func() {
			defer func() {
				if recover() == nil {
					t.Error("the panic did not reach the caller")
				}
			}()
			_ = s.Atomic(ctx, func(ctx context.Context) error {
				must(t, writeAll(ctx, s))
				panic("resolver bug")
			})
		}()
		if got := look(t, ctx, s); got != untouched {
			t.Errorf("after the panic: %+v, want %+v", got, untouched)
		}
		must(t, s.CreateDomain(ctx, &reseau.Domain{Key: "apres", LabelFR: "Après"}))
	})

	t.Run("writes from other contexts wait for the operation", func(t *testing.T) {
		s := loaded(t, open)
		done := make(chan error, 1)
		must(t, s.Atomic(ctx, func(octx context.Context) error {
			must(t, s.CreateOrganisation(octx, &reseau.Organisation{Key: "nouvelle", Name: "Nouvelle Maison"}))
			go func() {
				done <- s.CreateOrganisation(ctx, &reseau.Organisation{Key: "autre", Name: "Autre"})
			}()
			// Give the other write time to slip in, were it not serialised;
			// a slow machine can only hide a fault here, never invent one.
			time.Sleep(50 * time.Millisecond)
			select {
			case err := <-done:
				t.Errorf("a write from another context ended inside the operation (%v)", err)
				done <- err
			default:
			}
			return nil
		}))
		must(t, <-done)
		m, err := s.OrganisationsByKeys(ctx, []string{"nouvelle", "autre"})
		must(t, err)
		if len(m) != 2 {
			t.Errorf("after both writes: %v, want nouvelle and autre", slices.Sorted(maps.Keys(m)))
		}
	})
}
