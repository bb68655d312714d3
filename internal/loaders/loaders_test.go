package loaders_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/loaders"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// tieCounter counts the store's tie and organisation reads.
type tieCounter struct {
	reseau.Store
	ties, orgs atomic.Int32
}

func (c *tieCounter) Collaborators(ctx context.Context, keys []string, f reseau.TieFilter) (map[string][]reseau.CollaborationTie, error) {
	c.ties.Add(1)
	return c.Store.Collaborators(ctx, keys, f)
}

func (c *tieCounter) OrganisationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Organisation, error) {
	c.orgs.Add(1)
	return c.Store.OrganisationsByKeys(ctx, keys)
}

func demoStore(t *testing.T) *sqlite.Store {
	t.Helper()
	return sqlitetest.Demo(t)
}

// TestPageIsOneCall asks for the ties of every organisation of a listed page
// from many goroutines, spread over far more than the batch window: the
// page's ties are still one store call, and the tied organisations another.
func TestPageIsOneCall(t *testing.T) {
	ctx := context.Background()
	store := &tieCounter{Store: demoStore(t)}
	page, err := store.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	l := loaders.New(store)
	l.PrimeOrganisations(page.Items)
	var wg sync.WaitGroup
	for i, o := range page.Items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i%5) * 2 * loaders.Wait) // several batch windows apart
			ties, err := l.Collaborators(ctx, o.Key, reseau.ScopeOrganisation, "", "", 5)
			if err != nil {
				t.Error(err)
				return
			}
			for _, tie := range ties {
				if org, err := l.Organisation(ctx, tie.OrganisationKey); err != nil || org == nil {
					t.Errorf("tied organisation %s: %v, %v", tie.OrganisationKey, org, err)
				}
			}
		}()
	}
	wg.Wait()
	if n, m := store.ties.Load(), store.orgs.Load(); n != 1 || m != 1 {
		t.Errorf("%d Collaborators and %d OrganisationsByKeys calls for a page, want 1 and 1", n, m)
	}
}

func TestMissingAndClear(t *testing.T) {
	ctx := context.Background()
	store := demoStore(t)
	l := loaders.New(store)

	for _, typ := range []string{reseau.TypeOrganisation, reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership, reseau.TypeDomain} {
		if v, err := l.Node(ctx, typ, "nope"); v != nil || err != nil {
			t.Errorf("Node(%s, nope) = %#v, %v; want a nil interface", typ, v, err)
		}
	}
	if o, err := l.Organisation(ctx, ""); o != nil || err != nil {
		t.Errorf("Organisation(\"\") = %v, %v", o, err)
	}
	orgs, err := l.Organisations(ctx, []string{"cass", "nope", "css"})
	if err != nil || len(orgs) != 2 {
		t.Errorf("Organisations with a missing key = %d, %v; want the 2 that exist", len(orgs), err)
	}

	before, err := l.Organisation(ctx, "cass")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.UpdateOrganisation(ctx, "cass", func(o *reseau.Organisation) error {
		o.Name = "Renamed"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if o, _ := l.Organisation(ctx, "cass"); o.Name != before.Name {
		t.Errorf("a request's cache changed under it: %q", o.Name)
	}
	l.Clear()
	if o, _ := l.Organisation(ctx, "cass"); o.Name != "Renamed" {
		t.Errorf("after Clear: %q, want the stored name", o.Name)
	}
}
