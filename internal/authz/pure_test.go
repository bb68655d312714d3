package authz_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestApplyIsPure runs every write of the role table, as every caller, over
// a store that records the calls made from inside an update's apply, and
// the reads made outside a transaction. The access rules gather the facts
// they need first, through the transaction of the write (Store.Atomic: the
// operation's, or one of their own), so that no other write comes between
// the facts and the write they allow; and the apply they hand the store
// calls nothing: it may run twice, and it runs inside the store's write (on
// Neo4j, holding the write lock and a connection, so that a read there
// asked the pool for a second one).
func TestApplyIsPure(t *testing.T) {
	var applied atomic.Int64
	t.Run("table", func(t *testing.T) {
		for _, row := range table {
			if !writes(row.name) {
				continue
			}
			for _, c := range callers {
				t.Run(row.name+"/"+c.name, func(t *testing.T) {
					t.Parallel()
					p := &probe{next: fixture(t)}
					_, _ = row.op(reseau.WithCaller(context.Background(), c.c), authz.New(p))
					if calls := p.insideApply(); len(calls) > 0 {
						t.Errorf("%s as %s: apply called the store: %v", row.name, c.name, calls)
					}
					if reads := p.readsApart(); len(reads) > 0 {
						t.Errorf("%s as %s: facts read outside the write's transaction: %v", row.name, c.name, reads)
					}
					applied.Add(p.applied.Load())
				})
			}
		}
	})
	if applied.Load() == 0 {
		t.Fatal("no apply ran: the probe saw nothing")
	}
}

// TestApplyIsPureInsideAnOperation is TestChecksInsideAnOperation through the
// probe: inside an operation too, the facts are read before the write.
func TestApplyIsPureInsideAnOperation(t *testing.T) {
	p := &probe{next: fixture(t)}
	s := authz.New(p)
	coordinator := reseau.WithCaller(context.Background(), callers[4].c)
	err := s.Atomic(coordinator, func(octx context.Context) error {
		if err := s.DeleteMembership(octx, "bob", "meridien"); err != nil {
			return err
		}
		editor := reseau.WithCaller(octx, callers[3].c)
		for _, key := range []string{"bob", "alice"} {
			if _, err := s.UpdatePerson(editor, key, func(p *reseau.Person) error {
				p.Phone = "+32 2 111 11 11"
				return nil
			}); err != nil {
				return err
			}
		}
		_, err := s.UpdateCollaboration(editor, "gt-logement", func(c *reseau.Collaboration) error {
			c.Status = "closed"
			return nil
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.applied.Load() < 3 {
		t.Fatalf("%d applies ran, want 3 at least", p.applied.Load())
	}
	if calls := p.insideApply(); len(calls) > 0 {
		t.Errorf("apply called the store: %v", calls)
	}
}

// probe is a reseau.Store over a real one that records every call made
// while one of its Update methods is inside apply. It declares every method
// of the interface, so that a method added to the Store cannot escape it.
type probe struct {
	next     reseau.Store
	applying atomic.Int32
	applied  atomic.Int64

	mu      sync.Mutex
	inside  []string // calls made inside apply
	apart   []string // reads made outside any Atomic before a write
	pending []string // reads made outside any Atomic since the last write
}

var _ reseau.Store = (*probe)(nil)

// inAtomic marks the contexts of a probe's Atomic.
type inAtomic struct{}

func (x *probe) call(ctx context.Context, name string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.applying.Load() > 0 {
		x.inside = append(x.inside, name)
	}
	switch {
	case writes(name):
		// The reads made outside a transaction before a write are facts
		// it may depend on; the reads after the last write are the
		// test's own.
		x.apart, x.pending = append(x.apart, x.pending...), nil
	case ctx.Value(inAtomic{}) == nil:
		x.pending = append(x.pending, name)
	}
}

// writes reports whether the Store method name writes.
func writes(name string) bool {
	for _, verb := range []string{"Create", "Update", "Delete", "Put", "Import", "Atomic", "Merge"} {
		if strings.HasPrefix(name, verb) {
			return true
		}
	}
	return false
}

func (x *probe) insideApply() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]string(nil), x.inside...)
}

func (x *probe) readsApart() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]string(nil), x.apart...)
}

// pure wraps apply so that the calls it makes are recorded.
func pure[T any](x *probe, apply func(*T) error) func(*T) error {
	return func(n *T) error {
		x.applied.Add(1)
		x.applying.Add(1)
		defer x.applying.Add(-1)
		return apply(n)
	}
}

func (x *probe) Domains(ctx context.Context) ([]*reseau.Domain, error) {
	x.call(ctx, "Domains")
	return x.next.Domains(ctx)
}

func (x *probe) DomainsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Domain, error) {
	x.call(ctx, "DomainsByKeys")
	return x.next.DomainsByKeys(ctx, keys)
}

func (x *probe) OrganisationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Organisation, error) {
	x.call(ctx, "OrganisationsByKeys")
	return x.next.OrganisationsByKeys(ctx, keys)
}

func (x *probe) PeopleByKeys(ctx context.Context, keys []string) (map[string]*reseau.Person, error) {
	x.call(ctx, "PeopleByKeys")
	return x.next.PeopleByKeys(ctx, keys)
}

func (x *probe) CollaborationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Collaboration, error) {
	x.call(ctx, "CollaborationsByKeys")
	return x.next.CollaborationsByKeys(ctx, keys)
}

func (x *probe) PartnershipsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Partnership, error) {
	x.call(ctx, "PartnershipsByKeys")
	return x.next.PartnershipsByKeys(ctx, keys)
}

func (x *probe) FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	x.call(ctx, "FindOrganisations")
	return x.next.FindOrganisations(ctx, f, o)
}

func (x *probe) FindPeople(ctx context.Context, f reseau.PersonFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Person], error) {
	x.call(ctx, "FindPeople")
	return x.next.FindPeople(ctx, f, o)
}

func (x *probe) FindCollaborations(ctx context.Context, f reseau.CollaborationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Collaboration], error) {
	x.call(ctx, "FindCollaborations")
	return x.next.FindCollaborations(ctx, f, o)
}

func (x *probe) FindPartnerships(ctx context.Context, f reseau.PartnershipFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Partnership], error) {
	x.call(ctx, "FindPartnerships")
	return x.next.FindPartnerships(ctx, f, o)
}

func (x *probe) Memberships(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Membership, error) {
	x.call(ctx, "Memberships")
	return x.next.Memberships(ctx, f)
}

func (x *probe) Participations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Participation, error) {
	x.call(ctx, "Participations")
	return x.next.Participations(ctx, f)
}

func (x *probe) PersonParticipations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.PersonParticipation, error) {
	x.call(ctx, "PersonParticipations")
	return x.next.PersonParticipations(ctx, f)
}

func (x *probe) Parties(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Party, error) {
	x.call(ctx, "Parties")
	return x.next.Parties(ctx, f)
}

func (x *probe) Knows(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Knows, error) {
	x.call(ctx, "Knows")
	return x.next.Knows(ctx, f)
}

func (x *probe) Collaborators(ctx context.Context, orgKeys []string, f reseau.TieFilter) (map[string][]reseau.CollaborationTie, error) {
	x.call(ctx, "Collaborators")
	return x.next.Collaborators(ctx, orgKeys, f)
}

func (x *probe) TiedOrganisations(ctx context.Context, orgKeys []string, collaborations, partnerships bool) (map[string][]string, error) {
	x.call(ctx, "TiedOrganisations")
	return x.next.TiedOrganisations(ctx, orgKeys, collaborations, partnerships)
}

func (x *probe) Partners(ctx context.Context, orgKeys []string) (map[string][]string, error) {
	x.call(ctx, "Partners")
	return x.next.Partners(ctx, orgKeys)
}

func (x *probe) Acquaintances(ctx context.Context, personKeys []string) (map[string][]reseau.Acquaintance, error) {
	x.call(ctx, "Acquaintances")
	return x.next.Acquaintances(ctx, personKeys)
}

func (x *probe) Search(ctx context.Context, text string, types []string, limit int) ([]reseau.SearchHit, error) {
	x.call(ctx, "Search")
	return x.next.Search(ctx, text, types, limit)
}

func (x *probe) Import(ctx context.Context, ds *reseau.Dataset) (*reseau.ImportStats, error) {
	x.call(ctx, "Import")
	return x.next.Import(ctx, ds)
}

func (x *probe) Export(ctx context.Context) (*reseau.Dataset, error) {
	x.call(ctx, "Export")
	return x.next.Export(ctx)
}

func (x *probe) ExportEach(ctx context.Context, visit func(*reseau.Dataset) error) error {
	x.call(ctx, "ExportEach")
	return x.next.ExportEach(ctx, visit)
}

func (x *probe) Version(ctx context.Context) (uint64, error) {
	x.call(ctx, "Version")
	return x.next.Version(ctx)
}

func (x *probe) CreateDomain(ctx context.Context, d *reseau.Domain) error {
	x.call(ctx, "CreateDomain")
	return x.next.CreateDomain(ctx, d)
}

func (x *probe) UpdateDomain(ctx context.Context, key string, apply func(*reseau.Domain) error) (*reseau.Domain, error) {
	x.call(ctx, "UpdateDomain")
	return x.next.UpdateDomain(ctx, key, pure(x, apply))
}

func (x *probe) DeleteDomain(ctx context.Context, key string) error {
	x.call(ctx, "DeleteDomain")
	return x.next.DeleteDomain(ctx, key)
}

func (x *probe) CreateOrganisation(ctx context.Context, o *reseau.Organisation) error {
	x.call(ctx, "CreateOrganisation")
	return x.next.CreateOrganisation(ctx, o)
}

func (x *probe) UpdateOrganisation(ctx context.Context, key string, apply func(*reseau.Organisation) error) (*reseau.Organisation, error) {
	x.call(ctx, "UpdateOrganisation")
	return x.next.UpdateOrganisation(ctx, key, pure(x, apply))
}

func (x *probe) DeleteOrganisation(ctx context.Context, key string) error {
	x.call(ctx, "DeleteOrganisation")
	return x.next.DeleteOrganisation(ctx, key)
}

func (x *probe) CreatePerson(ctx context.Context, p *reseau.Person, memberships ...reseau.Membership) error {
	x.call(ctx, "CreatePerson")
	return x.next.CreatePerson(ctx, p, memberships...)
}

func (x *probe) UpdatePerson(ctx context.Context, key string, apply func(*reseau.Person) error) (*reseau.Person, error) {
	x.call(ctx, "UpdatePerson")
	return x.next.UpdatePerson(ctx, key, pure(x, apply))
}

func (x *probe) DeletePerson(ctx context.Context, key string) error {
	x.call(ctx, "DeletePerson")
	return x.next.DeletePerson(ctx, key)
}

func (x *probe) CreateCollaboration(ctx context.Context, c *reseau.Collaboration) error {
	x.call(ctx, "CreateCollaboration")
	return x.next.CreateCollaboration(ctx, c)
}

func (x *probe) UpdateCollaboration(ctx context.Context, key string, apply func(*reseau.Collaboration) error) (*reseau.Collaboration, error) {
	x.call(ctx, "UpdateCollaboration")
	return x.next.UpdateCollaboration(ctx, key, pure(x, apply))
}

func (x *probe) DeleteCollaboration(ctx context.Context, key string) error {
	x.call(ctx, "DeleteCollaboration")
	return x.next.DeleteCollaboration(ctx, key)
}

func (x *probe) CreatePartnership(ctx context.Context, p *reseau.Partnership) error {
	x.call(ctx, "CreatePartnership")
	return x.next.CreatePartnership(ctx, p)
}

func (x *probe) UpdatePartnership(ctx context.Context, key string, apply func(*reseau.Partnership) error) (*reseau.Partnership, error) {
	x.call(ctx, "UpdatePartnership")
	return x.next.UpdatePartnership(ctx, key, pure(x, apply))
}

func (x *probe) DeletePartnership(ctx context.Context, key string) error {
	x.call(ctx, "DeletePartnership")
	return x.next.DeletePartnership(ctx, key)
}

func (x *probe) PutMembership(ctx context.Context, m reseau.Membership) error {
	x.call(ctx, "PutMembership")
	return x.next.PutMembership(ctx, m)
}

func (x *probe) DeleteMembership(ctx context.Context, personKey, orgKey string) error {
	x.call(ctx, "DeleteMembership")
	return x.next.DeleteMembership(ctx, personKey, orgKey)
}

func (x *probe) PutParticipation(ctx context.Context, p reseau.Participation) error {
	x.call(ctx, "PutParticipation")
	return x.next.PutParticipation(ctx, p)
}

func (x *probe) DeleteParticipation(ctx context.Context, collabKey, orgKey string) error {
	x.call(ctx, "DeleteParticipation")
	return x.next.DeleteParticipation(ctx, collabKey, orgKey)
}

func (x *probe) PutPersonParticipation(ctx context.Context, p reseau.PersonParticipation) error {
	x.call(ctx, "PutPersonParticipation")
	return x.next.PutPersonParticipation(ctx, p)
}

func (x *probe) DeletePersonParticipation(ctx context.Context, collabKey, personKey string) error {
	x.call(ctx, "DeletePersonParticipation")
	return x.next.DeletePersonParticipation(ctx, collabKey, personKey)
}

func (x *probe) PutParty(ctx context.Context, p reseau.Party) error {
	x.call(ctx, "PutParty")
	return x.next.PutParty(ctx, p)
}

func (x *probe) DeleteParty(ctx context.Context, partnershipKey, orgKey string) error {
	x.call(ctx, "DeleteParty")
	return x.next.DeleteParty(ctx, partnershipKey, orgKey)
}

func (x *probe) PutKnows(ctx context.Context, k reseau.Knows) error {
	x.call(ctx, "PutKnows")
	return x.next.PutKnows(ctx, k)
}

func (x *probe) DeleteKnows(ctx context.Context, personKey, otherKey string) error {
	x.call(ctx, "DeleteKnows")
	return x.next.DeleteKnows(ctx, personKey, otherKey)
}

func (x *probe) Audit(ctx context.Context, f reseau.AuditFilter, o reseau.ListOptions) (*reseau.Page[*reseau.AuditEntry], error) {
	x.call(ctx, "Audit")
	return x.next.Audit(ctx, f, o)
}

func (x *probe) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	x.call(ctx, "Atomic")
	return x.next.Atomic(ctx, func(ctx context.Context) error {
		return fn(context.WithValue(ctx, inAtomic{}, true))
	})
}

func (x *probe) MergeOrganisations(ctx context.Context, into, from string) (*reseau.Organisation, error) {
	x.call(ctx, "MergeOrganisations")
	return x.next.MergeOrganisations(ctx, into, from)
}

func (x *probe) MergePeople(ctx context.Context, into, from string) (*reseau.Person, error) {
	x.call(ctx, "MergePeople")
	return x.next.MergePeople(ctx, into, from)
}

func (x *probe) Redirects(ctx context.Context, typ string, keys []string) (map[string]string, error) {
	x.call(ctx, "Redirects")
	return x.next.Redirects(ctx, typ, keys)
}

func (x *probe) Close() error { return x.next.Close() }
