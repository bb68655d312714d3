// Package loaders holds the per-request dataloaders that batch the GraphQL
// resolvers' reads: every node lookup and every relation of a list of parents
// becomes one store call per level of the query, not one per parent.
//
// Two mechanisms work together. A dataloader (vikstrous/dataloadgen)
// collects the keys asked within Wait and fetches them in one call. And a
// page of nodes that a list resolver read (or that a relation of such a page
// referenced) is recorded: the first time a relation is asked for one of its
// nodes, it is fetched for the whole page, once, without waiting; the nodes it
// references become a page in turn. The second makes the count of store calls
// independent of goroutine scheduling, which a time window alone is not.
//
// The files follow what is loaded: nodes.go (nodes by key, and the pages a
// list primes), relations.go (the rows of a relationship on either end,
// children, partners, acquaintances), ties.go (collaboration ties over a
// period); pages.go is the page mechanism they share.
package loaders

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Wait is how long a loader collects keys before it calls the store. Sibling
// resolvers run concurrently and ask within microseconds of each other, so a
// millisecond batches a whole level while adding at most that to the latency.
const Wait = time.Millisecond

// maxBatch bounds the keys of one store call (an SQL IN list, a Cypher
// UNWIND); a page holds at most 500 parents.
const maxBatch = 1000

// Loaders is one request's set of dataloaders over a Store. Its caches live
// as long as the request, so that every resolver of a query sees the same
// snapshot; mutations call Clear after each write.
type Loaders struct {
	store reseau.Reader
	cur   atomic.Pointer[set]
}

// set is one generation of loaders; Clear starts a new one.
type set struct {
	pages *pages

	domain        *nodes[reseau.Domain]
	organisation  *nodes[reseau.Organisation]
	person        *nodes[reseau.Person]
	collaboration *nodes[reseau.Collaboration]
	partnership   *nodes[reseau.Partnership]

	orgChildren    *rel[[]*reseau.Organisation]
	collabChildren *rel[[]*reseau.Collaboration]

	membershipsByPerson    *rel[[]reseau.Membership]
	membershipsByOrg       *rel[[]reseau.Membership]
	participationsByOrg    *rel[[]reseau.Participation]
	participationsByCollab *rel[[]reseau.Participation]
	personPartsByPerson    *rel[[]reseau.PersonParticipation]
	personPartsByCollab    *rel[[]reseau.PersonParticipation]
	partiesByOrg           *rel[[]reseau.Party]
	partiesByPartnership   *rel[[]reseau.Party]
	knowsByPerson          *rel[[]reseau.Knows]
	partners               *rel[[]string]
	acquaintances          *rel[[]reseau.Acquaintance]

	ties *tieLoader
	// instTies and instPartners answer at reseau.ScopeInstitution, folding
	// the store's answers (reseau.InstitutionCollaborators, ...Partners).
	instTies     *tieLoader
	instPartners *rel[[]string]
}

// New returns a fresh set of loaders reading from s.
func New(s reseau.Reader) *Loaders {
	l := &Loaders{store: s}
	l.cur.Store(newSet(s))
	return l
}

// kit is what every loader of a set is built with: the set's pages and the
// dataloader options.
type kit struct {
	pages *pages
	opts  []dataloadgen.Option
}

func newSet(s reseau.Reader) *set {
	k := kit{pages: &pages{of: map[pageKey]*page{}}, opts: []dataloadgen.Option{dataloadgen.WithWait(Wait), dataloadgen.WithBatchCapacity(maxBatch)}}
	org, coll, pers, ship := reseau.TypeOrganisation, reseau.TypeCollaboration, reseau.TypePerson, reseau.TypePartnership

	// Each relationship once: its store method, the node types at its two
	// ends (From, To of reseau.EdgeFilter) and the keys of a row's ends.
	memberships := edge[reseau.Membership]{s.Memberships, pers, org, func(m reseau.Membership) (string, string) { return m.PersonKey, m.OrganisationKey }}
	participations := edge[reseau.Participation]{s.Participations, org, coll, func(p reseau.Participation) (string, string) { return p.OrganisationKey, p.CollaborationKey }}
	personParts := edge[reseau.PersonParticipation]{s.PersonParticipations, pers, coll, func(p reseau.PersonParticipation) (string, string) { return p.PersonKey, p.CollaborationKey }}
	parties := edge[reseau.Party]{s.Parties, org, ship, func(p reseau.Party) (string, string) { return p.OrganisationKey, p.PartnershipKey }}
	knows := edge[reseau.Knows]{s.Knows, pers, pers, func(k reseau.Knows) (string, string) { return k.PersonKey, k.OtherKey }}

	return &set{
		pages:         k.pages,
		domain:        newNodes(k, reseau.TypeDomain, s.DomainsByKeys),
		organisation:  newNodes(k, org, referDomains(k.pages, s.OrganisationsByKeys)),
		person:        newNodes(k, pers, s.PeopleByKeys),
		collaboration: newNodes(k, coll, s.CollaborationsByKeys),
		partnership:   newNodes(k, ship, s.PartnershipsByKeys),

		orgChildren: children(k, org, func(ctx context.Context, parents []string) (*reseau.Page[*reseau.Organisation], error) {
			return s.FindOrganisations(ctx, reseau.OrganisationFilter{Parents: parents}, reseau.ListOptions{})
		}, func(o *reseau.Organisation) (string, string) { return o.Key, o.ParentKey }),
		collabChildren: children(k, coll, func(ctx context.Context, parents []string) (*reseau.Page[*reseau.Collaboration], error) {
			return s.FindCollaborations(ctx, reseau.CollaborationFilter{Parents: parents}, reseau.ListOptions{OrderBy: reseau.OrderStartDate})
		}, func(c *reseau.Collaboration) (string, string) { return c.Key, c.ParentKey }),

		membershipsByPerson:    memberships.byFrom(k),
		membershipsByOrg:       memberships.byTo(k),
		participationsByOrg:    participations.byFrom(k),
		participationsByCollab: participations.byTo(k),
		personPartsByPerson:    personParts.byFrom(k),
		personPartsByCollab:    personParts.byTo(k),
		partiesByOrg:           parties.byFrom(k),
		partiesByPartnership:   parties.byTo(k),
		knowsByPerson:          knows.byEither(k),
		partners:               newRel(k, org, complete(s.Partners), org, func(keys []string) []string { return keys }),
		// Acquaintances are read by their first few (acquaintances(first:)):
		// recording all of them as a page would read many unasked people.
		acquaintances: newRel(k, pers, complete(s.Acquaintances), pers, func([]reseau.Acquaintance) []string { return nil }),

		ties: newTies(k, s.Collaborators),
		instTies: newTies(k, func(ctx context.Context, keys []string, f reseau.TieFilter) (map[string][]reseau.CollaborationTie, error) {
			return reseau.InstitutionCollaborators(ctx, s, keys, f)
		}),
		instPartners: newRel(k, org, complete(func(ctx context.Context, keys []string) (map[string][]string, error) {
			return reseau.InstitutionPartners(ctx, s, keys)
		}), org, func(keys []string) []string { return keys }),
	}
}

// Clear forgets everything loaded so far. Mutations call it after a write so
// that the fields they return are read after the write.
func (l *Loaders) Clear() { l.cur.Store(newSet(l.store)) }

type ctxKey struct{}

// NewContext returns a context carrying l.
func NewContext(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the request's loaders. The GraphQL handler installs them on
// every operation; a context without them is a wiring bug, hence the panic.
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loaders: no loaders in context (the GraphQL handler installs them)")
	}
	return l
}
