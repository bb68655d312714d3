package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Replace returns a patch that replaces the whole node with v, for tests
// that write complete nodes through the Update* methods.
func Replace[T any](v *T) func(*T) error {
	return func(p *T) error {
		*p = *v
		return nil
	}
}

// Err drops the node an Update* method returns, for tests that only look at
// the error.
func Err[T any](_ T, err error) error { return err }

// auditCount is the number of audit entries about one node.
func auditCount(t *testing.T, s reseau.Store, typ, key string) int {
	t.Helper()
	p, err := s.Audit(context.Background(), reseau.AuditFilter{Type: typ, Key: key}, reseau.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p.TotalCount
}

// testUpdatePatches pins down what an Update* call does with its patch.
func testUpdatePatches(t *testing.T, open Opener) {
	s := open(t)
	ctx := context.Background()
	must(t, s.CreateDomain(ctx, &reseau.Domain{Key: "logement", LabelFR: "Logement"}))
	must(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "asbl", Name: "ASBL", Commune: "Schaerbeek", Domains: []string{"logement"}}))

	t.Run("patch sees the stored node and keeps what it does not touch", func(t *testing.T) {
		got, err := s.UpdateOrganisation(ctx, "asbl", func(o *reseau.Organisation) error {
			if o.Name != "ASBL" || o.Commune != "Schaerbeek" {
				return fmt.Errorf("patch saw %+v, not the stored node", o)
			}
			o.Name = "ASBL renommée"
			return nil
		})
		must(t, err)
		if got.Name != "ASBL renommée" || got.Commune != "Schaerbeek" || !slices.Equal(got.Domains, []string{"logement"}) {
			t.Errorf("returned %+v", got)
		}
		m, err := s.OrganisationsByKeys(ctx, []string{"asbl"})
		must(t, err)
		if o := m["asbl"]; o == nil || o.Name != "ASBL renommée" || o.Commune != "Schaerbeek" {
			t.Errorf("stored %+v", o)
		}
	})

	sentinel := errors.New("the patch refuses")
	cases := []struct {
		name  string
		key   string
		apply func(*reseau.Organisation) error
		code  string // "" means the sentinel itself
	}{
		{"patch error is returned as is", "asbl", func(o *reseau.Organisation) error {
			o.Name = "half done"
			return sentinel
		}, ""},
		{"key change", "asbl", func(o *reseau.Organisation) error { o.Key = "other"; return nil }, reseau.EINVALID},
		{"invalid result", "asbl", func(o *reseau.Organisation) error { o.Name = ""; return nil }, reseau.EINVALID},
		{"unknown reference", "asbl", func(o *reseau.Organisation) error {
			o.Domains = append(o.Domains, "nope")
			return nil
		}, reseau.EINVALID},
		{"absent node", "nope", func(*reseau.Organisation) error { return sentinel }, reseau.ENOTFOUND},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := export(t, ctx, s)
			entries := auditCount(t, s, reseau.TypeOrganisation, c.key)
			got, err := s.UpdateOrganisation(ctx, c.key, c.apply)
			if c.code == "" {
				if err != sentinel {
					t.Errorf("error = %v, want the patch's own error", err)
				}
			} else {
				wantCode(t, err, c.code)
			}
			if got != nil {
				t.Errorf("returned %+v with an error", got)
			}
			if after := export(t, ctx, s); after != before {
				t.Errorf("a refused patch changed the store")
			}
			if n := auditCount(t, s, reseau.TypeOrganisation, c.key); n != entries {
				t.Errorf("a refused patch left %d audit entries", n-entries)
			}
		})
	}
}

// testConcurrentUpdates proves that patches of one node are serialised:
// none of them is lost, whatever the interleaving.
func testConcurrentUpdates(t *testing.T, open Opener) {
	s := open(t)
	ctx := context.Background()

	t.Run("each patch adds a domain", func(t *testing.T) {
		const n = 20
		must(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "asbl", Name: "ASBL"}))
		var want []string
		for i := range n {
			k := fmt.Sprintf("domaine-%02d", i)
			must(t, s.CreateDomain(ctx, &reseau.Domain{Key: k, LabelFR: k}))
			want = append(want, k)
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for _, k := range want {
			wg.Go(func() {
				<-start
				o, err := s.UpdateOrganisation(ctx, "asbl", func(o *reseau.Organisation) error {
					o.Domains = append(o.Domains, k)
					return nil
				})
				if err != nil {
					t.Errorf("add %s: %v", k, err)
				} else if !slices.Contains(o.Domains, k) {
					t.Errorf("add %s answered %v", k, o.Domains)
				}
			})
		}
		close(start)
		wg.Wait()
		m, err := s.OrganisationsByKeys(ctx, []string{"asbl"})
		must(t, err)
		sameKeys(t, "domains after concurrent adds", sorted(m["asbl"].Domains), want)
		if got := auditCount(t, s, reseau.TypeOrganisation, "asbl"); got != n+1 {
			t.Errorf("%d audit entries, want %d (one create, one per patch)", got, n+1)
		}
	})

	t.Run("patches of different fields", func(t *testing.T) {
		must(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "lieu", Name: "Lieu"}))
		must(t, s.CreateDomain(ctx, &reseau.Domain{Key: "jeunesse", LabelFR: "Jeunesse"}))
		must(t, s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "gt", Kind: "groupe", Title: "GT"}))
		must(t, s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "cycle", Kind: "cycle", Title: "Cycle"}))
		patches := []func(*reseau.Collaboration){
			func(c *reseau.Collaboration) { c.Title = "Groupe de travail" },
			func(c *reseau.Collaboration) { c.Description = "Se réunit le mardi" },
			func(c *reseau.Collaboration) { c.Status = "actif" },
			func(c *reseau.Collaboration) { c.StartDate = "2021-03" },
			func(c *reseau.Collaboration) { c.LocationKey = "lieu" },
			func(c *reseau.Collaboration) { c.ParentKey = "cycle" },
			func(c *reseau.Collaboration) { c.ParticipantsCount = ptr(12) },
			func(c *reseau.Collaboration) { c.Domains = append(c.Domains, "jeunesse") },
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, p := range patches {
			wg.Go(func() {
				<-start
				if _, err := s.UpdateCollaboration(ctx, "gt", func(c *reseau.Collaboration) error {
					p(c)
					return nil
				}); err != nil {
					t.Errorf("patch %d: %v", i, err)
				}
			})
		}
		close(start)
		wg.Wait()
		want := &reseau.Collaboration{Key: "gt", Kind: "groupe", Title: "GT"}
		for _, p := range patches {
			p(want)
		}
		m, err := s.CollaborationsByKeys(ctx, []string{"gt"})
		must(t, err)
		got := m["gt"]
		if got == nil {
			t.Fatal("gt is gone")
		}
		if got.ParticipantsCount == nil || *got.ParticipantsCount != 12 || got.Title != want.Title || got.Description != want.Description ||
			got.Status != want.Status || got.StartDate != want.StartDate || got.LocationKey != want.LocationKey ||
			got.ParentKey != want.ParentKey || !slices.Equal(got.Domains, want.Domains) {
			t.Errorf("after concurrent patches of different fields: %s, want %s", collabJSON(got), collabJSON(want))
		}
	})
}

func collabJSON(c *reseau.Collaboration) string {
	b, _ := json.Marshal(c)
	return string(b)
}
