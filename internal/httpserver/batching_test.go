package httpserver_test

import (
	"context"
	"sync"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// counting is a Store that counts the calls of its read methods.
type counting struct {
	reseau.Store
	mu    sync.Mutex
	calls map[string]int
}

func (c *counting) count(name string) {
	c.mu.Lock()
	c.calls[name]++
	c.mu.Unlock()
}

func (c *counting) total() (n int, byName map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	byName = map[string]int{}
	for k, v := range c.calls {
		n += v
		byName[k] = v
	}
	return n, byName
}

func (c *counting) reset() {
	c.mu.Lock()
	c.calls = map[string]int{}
	c.mu.Unlock()
}

func (c *counting) Domains(ctx context.Context) ([]*reseau.Domain, error) {
	c.count("Domains")
	return c.Store.Domains(ctx)
}
func (c *counting) DomainsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Domain, error) {
	c.count("DomainsByKeys")
	return c.Store.DomainsByKeys(ctx, keys)
}
func (c *counting) OrganisationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Organisation, error) {
	c.count("OrganisationsByKeys")
	return c.Store.OrganisationsByKeys(ctx, keys)
}
func (c *counting) PeopleByKeys(ctx context.Context, keys []string) (map[string]*reseau.Person, error) {
	c.count("PeopleByKeys")
	return c.Store.PeopleByKeys(ctx, keys)
}
func (c *counting) CollaborationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Collaboration, error) {
	c.count("CollaborationsByKeys")
	return c.Store.CollaborationsByKeys(ctx, keys)
}
func (c *counting) PartnershipsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Partnership, error) {
	c.count("PartnershipsByKeys")
	return c.Store.PartnershipsByKeys(ctx, keys)
}
func (c *counting) FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	c.count("FindOrganisations")
	return c.Store.FindOrganisations(ctx, f, o)
}
func (c *counting) FindCollaborations(ctx context.Context, f reseau.CollaborationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Collaboration], error) {
	c.count("FindCollaborations")
	return c.Store.FindCollaborations(ctx, f, o)
}
func (c *counting) Memberships(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Membership, error) {
	c.count("Memberships")
	return c.Store.Memberships(ctx, f)
}
func (c *counting) Participations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Participation, error) {
	c.count("Participations")
	return c.Store.Participations(ctx, f)
}
func (c *counting) PersonParticipations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.PersonParticipation, error) {
	c.count("PersonParticipations")
	return c.Store.PersonParticipations(ctx, f)
}
func (c *counting) Parties(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Party, error) {
	c.count("Parties")
	return c.Store.Parties(ctx, f)
}
func (c *counting) Collaborators(ctx context.Context, keys []string, f reseau.TieFilter) (map[string][]reseau.CollaborationTie, error) {
	c.count("Collaborators")
	return c.Store.Collaborators(ctx, keys, f)
}
func (c *counting) Partners(ctx context.Context, keys []string) (map[string][]string, error) {
	c.count("Partners")
	return c.Store.Partners(ctx, keys)
}

// TestNoNPlusOne counts the store calls of queries over a page of nodes and
// their relations: the count depends on the depth of the query, not on the
// number of nodes. Pages are fetched whole whatever the scheduling of the
// resolvers, so the bounds hold on a busy machine too.
func TestNoNPlusOne(t *testing.T) {
	store := &counting{Store: demoStore(t), calls: map[string]int{}}
	ts := serve(t, store, reseau.System)
	for _, tc := range []struct {
		name   string
		query  string
		levels int // store-reading levels of the query
	}{
		{"domains, partners and collaborators", `{ organisations(first: 50) { nodes {
			name domains { labelFr } partners { name } collaborators { weight organisation { name } } } } }`, 4},
		{"collaborators and the collaborations they share", `{ organisations(first: 20) { nodes {
			collaborators(first: 10) { weight organisation { name } collaborations { title participants { role } } } } } }`, 5},
		{"parents, children, participations", `{ organisations(first: 50) { nodes {
			parent { name } children { name } participations { role collaboration { title location { name } } }
			partnerships { title parties { organisation { name } } } } } }`, 5},
		{"collaborations and people", `{ collaborations(first: 31) { nodes {
			domains { labelFr } children { title } participants { role organisation { name } }
			people { role person { name memberships { organisation { name } } } } } } }`, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store.reset()
			data(t, post(t, ts, tc.query, nil), &struct{}{})
			n, byName := store.total()
			// A few loaders per level, plus the list itself.
			limit := tc.levels*3 + 1
			t.Logf("%d store calls: %v", n, byName)
			if n > limit {
				t.Errorf("%d store calls for 50 organisations, want at most %d: %v", n, limit, byName)
			}
			for name, k := range byName {
				if k > 3 {
					t.Errorf("%s called %d times: once per level it is read at, at most", name, k)
				}
			}
		})
	}
}
