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
package loaders

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
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

// TieKey asks for the collaboration ties of one organisation over a period.
type TieKey struct {
	Organisation string
	Since, Until string
}

// Loaders is one request's set of dataloaders over a Store. Its caches live
// as long as the request, so that every resolver of a query sees the same
// snapshot; mutations call Clear after each write.
type Loaders struct {
	store reseau.Store
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

	// ties returns the paged fetch of collaboration ties over one period;
	// collaborators batches the organisations that are in no page.
	ties          func(reseau.TieFilter) *paged[[]reseau.CollaborationTie]
	collaborators *dataloadgen.Loader[TieKey, []reseau.CollaborationTie]
	tiedMu        sync.Mutex
	tied          map[tiedKey]*sync.Once
}

// New returns a fresh set of loaders reading from s.
func New(s reseau.Store) *Loaders {
	l := &Loaders{store: s}
	l.cur.Store(newSet(s))
	return l
}

func newSet(s reseau.Store) *set {
	opts := []dataloadgen.Option{dataloadgen.WithWait(Wait), dataloadgen.WithBatchCapacity(maxBatch)}
	from := func(keys []string) reseau.EdgeFilter { return reseau.EdgeFilter{From: keys} }
	to := func(keys []string) reseau.EdgeFilter { return reseau.EdgeFilter{To: keys} }
	pg := &pages{of: map[pageKey]*page{}}
	org, coll, pers, ship := reseau.TypeOrganisation, reseau.TypeCollaboration, reseau.TypePerson, reseau.TypePartnership
	var tieMu sync.Mutex
	tieFetch := map[reseau.TieFilter]*paged[[]reseau.CollaborationTie]{}
	ties := func(f reseau.TieFilter) *paged[[]reseau.CollaborationTie] {
		tieMu.Lock()
		defer tieMu.Unlock()
		p := tieFetch[f]
		if p == nil {
			p = newPaged(pg, org, complete(func(ctx context.Context, keys []string) (map[string][]reseau.CollaborationTie, error) {
				return s.Collaborators(ctx, keys, f)
			}))
			tieFetch[f] = p
		}
		return p
	}
	return &set{
		pages:         pg,
		domain:        newNodes(pg, reseau.TypeDomain, s.DomainsByKeys, opts),
		organisation:  newNodes(pg, org, s.OrganisationsByKeys, opts),
		person:        newNodes(pg, pers, s.PeopleByKeys, opts),
		collaboration: newNodes(pg, coll, s.CollaborationsByKeys, opts),
		partnership:   newNodes(pg, ship, s.PartnershipsByKeys, opts),

		orgChildren: newRel(pg, org, grouped(func(ctx context.Context, keys []string) ([]*reseau.Organisation, error) {
			p, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Parents: keys}, reseau.ListOptions{})
			if err != nil {
				return nil, err
			}
			return p.Items, nil
		}, func(o *reseau.Organisation) []string { return []string{o.ParentKey} }), opts,
			org, func(os []*reseau.Organisation) []string {
				return keysOf(os, func(o *reseau.Organisation) string { return o.Key })
			}),
		collabChildren: newRel(pg, coll, grouped(func(ctx context.Context, keys []string) ([]*reseau.Collaboration, error) {
			p, err := s.FindCollaborations(ctx, reseau.CollaborationFilter{Parents: keys}, reseau.ListOptions{OrderBy: reseau.OrderStartDate})
			if err != nil {
				return nil, err
			}
			return p.Items, nil
		}, func(c *reseau.Collaboration) []string { return []string{c.ParentKey} }), opts,
			coll, func(cs []*reseau.Collaboration) []string {
				return keysOf(cs, func(c *reseau.Collaboration) string { return c.Key })
			}),

		membershipsByPerson: newRel(pg, pers, grouped(edges(s.Memberships, from),
			func(m reseau.Membership) []string { return []string{m.PersonKey} }), opts,
			org, refs(func(m reseau.Membership) string { return m.OrganisationKey })),
		membershipsByOrg: newRel(pg, org, grouped(edges(s.Memberships, to),
			func(m reseau.Membership) []string { return []string{m.OrganisationKey} }), opts,
			pers, refs(func(m reseau.Membership) string { return m.PersonKey })),
		participationsByOrg: newRel(pg, org, grouped(edges(s.Participations, from),
			func(p reseau.Participation) []string { return []string{p.OrganisationKey} }), opts,
			coll, refs(func(p reseau.Participation) string { return p.CollaborationKey })),
		participationsByCollab: newRel(pg, coll, grouped(edges(s.Participations, to),
			func(p reseau.Participation) []string { return []string{p.CollaborationKey} }), opts,
			org, refs(func(p reseau.Participation) string { return p.OrganisationKey })),
		personPartsByPerson: newRel(pg, pers, grouped(edges(s.PersonParticipations, from),
			func(p reseau.PersonParticipation) []string { return []string{p.PersonKey} }), opts,
			coll, refs(func(p reseau.PersonParticipation) string { return p.CollaborationKey })),
		personPartsByCollab: newRel(pg, coll, grouped(edges(s.PersonParticipations, to),
			func(p reseau.PersonParticipation) []string { return []string{p.CollaborationKey} }), opts,
			pers, refs(func(p reseau.PersonParticipation) string { return p.PersonKey })),
		partiesByOrg: newRel(pg, org, grouped(edges(s.Parties, from),
			func(p reseau.Party) []string { return []string{p.OrganisationKey} }), opts,
			ship, refs(func(p reseau.Party) string { return p.PartnershipKey })),
		partiesByPartnership: newRel(pg, ship, grouped(edges(s.Parties, to),
			func(p reseau.Party) []string { return []string{p.PartnershipKey} }), opts,
			org, refs(func(p reseau.Party) string { return p.OrganisationKey })),
		// A KNOWS row belongs to both of its people.
		knowsByPerson: newRel(pg, pers, grouped(edges(s.Knows, from),
			func(k reseau.Knows) []string { return []string{k.PersonKey, k.OtherKey} }), opts,
			pers, func(ks []reseau.Knows) []string {
				var out []string
				for _, k := range ks {
					out = append(out, k.PersonKey, k.OtherKey)
				}
				return out
			}),
		partners: newRel(pg, org, complete(s.Partners), opts,
			org, func(keys []string) []string { return keys }),
		// Acquaintances are read by their first few (acquaintances(first:)):
		// recording all of them as a page would read many unasked people.
		acquaintances: newRel(pg, pers, complete(s.Acquaintances), opts,
			pers, func([]reseau.Acquaintance) []string { return nil }),

		ties: ties,
		collaborators: dataloadgen.NewMappedLoader(func(ctx context.Context, keys []TieKey) (map[TieKey][]reseau.CollaborationTie, error) {
			// One store call per distinct period: a query asks for one or two.
			byPeriod := map[reseau.TieFilter][]string{}
			for _, k := range keys {
				f := reseau.TieFilter{Since: k.Since, Until: k.Until}
				byPeriod[f] = append(byPeriod[f], k.Organisation)
			}
			out := make(map[TieKey][]reseau.CollaborationTie, len(keys))
			for f, orgs := range byPeriod {
				ties, err := ties(f).batch(ctx, orgs)
				if err != nil {
					return nil, err
				}
				for _, o := range orgs {
					out[TieKey{Organisation: o, Since: f.Since, Until: f.Until}] = ties[o]
				}
			}
			return out, nil
		}, opts...),
		tied: map[tiedKey]*sync.Once{},
	}
}

// refs returns the keys that rows refer to, for newRel.
func refs[T any](key func(T) string) func([]T) []string {
	return func(rows []T) []string { return keysOf(rows, key) }
}

// pages records the pages of nodes a request has read or referenced, by
// node type: a relation asked for one node of a page is fetched for the whole
// page at once.
type pages struct {
	mu sync.Mutex
	of map[pageKey]*page
}

// pageKey names a node of one page type; a struct rather than a joined
// string, so that recording a page of a hundred keys allocates no key.
type pageKey struct{ typ, key string }

// page is the keys of one page of nodes of one type.
type page struct{ keys []string }

// add records keys as a page of typ; a key already in a page stays there.
func (p *pages) add(typ string, keys []string) {
	if len(keys) == 0 {
		return
	}
	pg := &page{keys: keys}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, k := range keys {
		if _, ok := p.of[pageKey{typ, k}]; !ok {
			p.of[pageKey{typ, k}] = pg
		}
	}
}

// refer records keys that a page's relation refers to as a page of typ:
// their own relations, and the nodes themselves, are then read a page at a
// time.
func (p *pages) refer(typ string, keys []string) {
	p.add(typ, keys)
	p.add(nodePage(typ), keys)
}

// page returns the page of typ holding key, or nil.
func (p *pages) page(typ, key string) *page {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.of[pageKey{typ, key}]
}

// pageRun is the single fetch of a page; done is closed when m and err are set.
type pageRun[V any] struct {
	done chan struct{}
	m    map[string]V
	err  error
}

// paged is a batch fetch over the keys of nodes of one type in which the
// keys of a page are fetched together, once, whichever of them is asked
// first and in whichever batch; other keys are fetched as asked.
type paged[V any] struct {
	pages *pages
	typ   string
	fetch func(context.Context, []string) (map[string]V, error)
	mu    sync.Mutex
	runs  map[*page]*pageRun[V]
}

func newPaged[V any](pg *pages, typ string, fetch func(context.Context, []string) (map[string]V, error)) *paged[V] {
	return &paged[V]{pages: pg, typ: typ, fetch: fetch, runs: map[*page]*pageRun[V]{}}
}

// batch fetches keys, with the whole pages of the paged ones, in one store
// call at most; keys of pages fetched already are not fetched again.
func (p *paged[V]) batch(ctx context.Context, keys []string) (map[string]V, error) {
	need := make([]*pageRun[V], len(keys))
	var mine []*pageRun[V]
	var ask []string
	p.mu.Lock()
	for i, k := range keys {
		pg := p.pages.page(p.typ, k)
		if pg == nil {
			ask = append(ask, k)
			continue
		}
		r := p.runs[pg]
		if r == nil {
			r = &pageRun[V]{done: make(chan struct{})}
			p.runs[pg] = r
			mine = append(mine, r)
			ask = append(ask, pg.keys...)
		}
		need[i] = r
	}
	p.mu.Unlock()
	var m map[string]V
	var err error
	if len(ask) > 0 {
		m, err = p.safeFetch(ctx, dedupe(ask))
	}
	for _, r := range mine {
		r.m, r.err = m, err
		close(r.done)
	}
	if err != nil {
		return nil, err
	}
	out := make(map[string]V, len(keys))
	for i, k := range keys {
		src := m
		if r := need[i]; r != nil {
			<-r.done
			if r.err != nil {
				return nil, r.err
			}
			src = r.m
		}
		if v, ok := src[k]; ok {
			out[k] = v
		}
	}
	return out, nil
}

// safeFetch turns a panic of the store into an error, so that the
// resolvers waiting on a page run are released rather than left hanging.
func (p *paged[V]) safeFetch(ctx context.Context, keys []string) (m map[string]V, err error) {
	defer func() {
		if v := recover(); v != nil {
			m, err = nil, fmt.Errorf("loaders: panic in fetch: %v", v)
		}
	}()
	return p.fetch(ctx, keys)
}

// whole returns the fetch of page pg (a map holding at least its keys),
// fetching it if no batch did.
func (p *paged[V]) whole(ctx context.Context, pg *page) (map[string]V, error) {
	p.mu.Lock()
	r := p.runs[pg]
	mine := r == nil
	if mine {
		r = &pageRun[V]{done: make(chan struct{})}
		p.runs[pg] = r
	}
	p.mu.Unlock()
	if mine {
		r.m, r.err = p.safeFetch(ctx, pg.keys)
		close(r.done)
	}
	<-r.done
	return r.m, r.err
}

// rel is a relation of the nodes of one type: a dataloader for keys asked
// one by one, and a direct path for the keys of a page, fetched with their
// whole page at once without waiting for a batch window. The nodes that a
// page's relation refers to (of type refType) become a page in turn.
type rel[V any] struct {
	paged   *paged[V]
	loader  *dataloadgen.Loader[string, V]
	refType string
	refs    func(V) []string
	mu      sync.Mutex
	noted   map[*page]bool
}

func newRel[V any](pg *pages, typ string, fetch func(context.Context, []string) (map[string]V, error), opts []dataloadgen.Option, refType string, refs func(V) []string) *rel[V] {
	p := newPaged(pg, typ, fetch)
	return &rel[V]{paged: p, loader: dataloadgen.NewMappedLoader(p.batch, opts...), refType: refType, refs: refs, noted: map[*page]bool{}}
}

// Load returns the relation of node k.
func (r *rel[V]) Load(ctx context.Context, k string) (V, error) {
	pg := r.paged.pages.page(r.paged.typ, k)
	if pg == nil {
		return r.loader.Load(ctx, k)
	}
	m, err := r.paged.whole(ctx, pg)
	if err != nil {
		var zero V
		return zero, err
	}
	r.mu.Lock()
	first := !r.noted[pg]
	r.noted[pg] = true
	r.mu.Unlock()
	if first {
		var all []string
		for _, k := range pg.keys {
			all = append(all, r.refs(m[k])...)
		}
		r.paged.pages.refer(r.refType, dedupe(all))
	}
	return m[k], nil
}

// nodes loads nodes of one type by key: through a dataloader, or at once
// with their whole page for the keys of a page.
type nodes[T any] struct {
	paged  *paged[*T]
	loader *dataloadgen.Loader[string, *T]
}

func newNodes[T any](pg *pages, typ string, fetch func(context.Context, []string) (map[string]*T, error), opts []dataloadgen.Option) *nodes[T] {
	// Node pages are kept apart from relation pages: a listed page is
	// already read (and primed), its nodes need no fetch.
	return &nodes[T]{paged: newPaged(pg, nodePage(typ), fetch), loader: dataloadgen.NewMappedLoader(fetch, opts...)}
}

// nodePage is the page type of referenced nodes of type typ.
func nodePage(typ string) string { return "node " + typ }

// one loads a single node: an empty key or a missing (or hidden) node is nil
// without error, as GraphQL expects of a nullable relation.
func (n *nodes[T]) one(ctx context.Context, key string) (*T, error) {
	if key == "" {
		return nil, nil
	}
	if pg := n.paged.pages.page(n.paged.typ, key); pg != nil {
		m, err := n.paged.whole(ctx, pg)
		return m[key], err
	}
	v, err := n.loader.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

// many loads nodes by key in order, leaving out the missing (or hidden) ones.
func (n *nodes[T]) many(ctx context.Context, keys []string) ([]*T, error) {
	out := make([]*T, 0, len(keys))
	paged := true
	for _, k := range keys {
		paged = paged && n.paged.pages.page(n.paged.typ, k) != nil
	}
	if paged {
		for _, k := range keys {
			v, err := n.one(ctx, k)
			if err != nil {
				return nil, err
			}
			if v != nil {
				out = append(out, v)
			}
		}
		return out, nil
	}
	vs, err := n.loader.LoadAll(ctx, keys)
	var errs dataloadgen.ErrorSlice
	if errors.As(err, &errs) {
		for _, e := range errs {
			if e != nil && !errors.Is(e, dataloadgen.ErrNotFound) {
				return nil, e
			}
		}
	} else if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v != nil {
			out = append(out, v)
		}
	}
	return out, nil
}

// prime caches nodes a list already read and records them as a page, so
// that each relation of theirs is one store call.
func (n *nodes[T]) prime(pg *pages, typ string, items []*T, key func(*T) string) {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = key(it)
		n.loader.Prime(keys[i], it)
	}
	pg.add(typ, keys)
}

// dedupe returns keys without repeats, in order.
func dedupe(keys []string) []string {
	seen := make(map[string]bool, len(keys))
	out := keys[:0:0]
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// edges adapts a relationship-row store method to a batch of keys on one end.
func edges[T any](rows func(context.Context, reseau.EdgeFilter) ([]T, error), end func([]string) reseau.EdgeFilter) func(context.Context, []string) ([]T, error) {
	return func(ctx context.Context, keys []string) ([]T, error) { return rows(ctx, end(keys)) }
}

// grouped turns a batch fetch of rows into a map from each asked key to its
// rows, with an entry (possibly empty) for every key so that none reads as
// missing.
func grouped[T any](fetch func(context.Context, []string) ([]T, error), keysOf func(T) []string) func(context.Context, []string) (map[string][]T, error) {
	return func(ctx context.Context, keys []string) (map[string][]T, error) {
		rows, err := fetch(ctx, keys)
		if err != nil {
			return nil, err
		}
		out := make(map[string][]T, len(keys))
		for _, k := range keys {
			out[k] = nil
		}
		for _, r := range rows {
			for _, k := range keysOf(r) {
				if v, ok := out[k]; ok {
					out[k] = append(v, r)
				}
			}
		}
		return out, nil
	}
}

// complete gives every asked key an entry, so that a key with no ties reads
// as an empty list and not as missing.
func complete[V any](fetch func(context.Context, []string) (map[string][]V, error)) func(context.Context, []string) (map[string][]V, error) {
	return func(ctx context.Context, keys []string) (map[string][]V, error) {
		m, err := fetch(ctx, keys)
		if err != nil {
			return nil, err
		}
		if m == nil {
			m = make(map[string][]V, len(keys))
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				m[k] = nil
			}
		}
		return m, nil
	}
}

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

// Clear forgets everything loaded so far. Mutations call it after a write so
// that the fields they return are read after the write.
func (l *Loaders) Clear() { l.cur.Store(newSet(l.store)) }

// PrimeOrganisations caches organisations a list already read, so that ties
// pointing back into the same page cost no store call, and records the page
// so that each relation of its organisations is one store call; their
// domains are one page too.
func (l *Loaders) PrimeOrganisations(os []*reseau.Organisation) {
	s := l.cur.Load()
	s.organisation.prime(s.pages, reseau.TypeOrganisation, os, func(o *reseau.Organisation) string { return o.Key })
	s.pages.add(nodePage(reseau.TypeDomain), domainsOf(os, func(o *reseau.Organisation) []string { return o.Domains }))
}

// PrimePeople is PrimeOrganisations for a page of people.
func (l *Loaders) PrimePeople(ps []*reseau.Person) {
	s := l.cur.Load()
	s.person.prime(s.pages, reseau.TypePerson, ps, func(p *reseau.Person) string { return p.Key })
}

// PrimeCollaborations is PrimeOrganisations for a page of collaborations.
func (l *Loaders) PrimeCollaborations(cs []*reseau.Collaboration) {
	s := l.cur.Load()
	s.collaboration.prime(s.pages, reseau.TypeCollaboration, cs, func(c *reseau.Collaboration) string { return c.Key })
	s.pages.add(nodePage(reseau.TypeDomain), domainsOf(cs, func(c *reseau.Collaboration) []string { return c.Domains }))
}

// PrimePartnerships is PrimeOrganisations for a page of partnerships.
func (l *Loaders) PrimePartnerships(ps []*reseau.Partnership) {
	s := l.cur.Load()
	s.partnership.prime(s.pages, reseau.TypePartnership, ps, func(p *reseau.Partnership) string { return p.Key })
}

// domainsOf returns the distinct domain keys of items.
func domainsOf[T any](items []*T, domains func(*T) []string) []string {
	var all []string
	for _, it := range items {
		all = append(all, domains(it)...)
	}
	return dedupe(all)
}

// Domain returns the domain with key k, or nil.
func (l *Loaders) Domain(ctx context.Context, k string) (*reseau.Domain, error) {
	return l.cur.Load().domain.one(ctx, k)
}

// Domains returns the domains with these keys, in order, skipping missing ones.
func (l *Loaders) Domains(ctx context.Context, keys []string) ([]*reseau.Domain, error) {
	return l.cur.Load().domain.many(ctx, keys)
}

// Organisation returns the organisation with key k, or nil.
func (l *Loaders) Organisation(ctx context.Context, k string) (*reseau.Organisation, error) {
	return l.cur.Load().organisation.one(ctx, k)
}

// Organisations returns the organisations with these keys, in order.
func (l *Loaders) Organisations(ctx context.Context, keys []string) ([]*reseau.Organisation, error) {
	return l.cur.Load().organisation.many(ctx, keys)
}

// Person returns the person with key k, or nil if absent or hidden from the caller.
func (l *Loaders) Person(ctx context.Context, k string) (*reseau.Person, error) {
	return l.cur.Load().person.one(ctx, k)
}

// People returns the visible people with these keys, in order.
func (l *Loaders) People(ctx context.Context, keys []string) ([]*reseau.Person, error) {
	return l.cur.Load().person.many(ctx, keys)
}

// Collaboration returns the collaboration with key k, or nil.
func (l *Loaders) Collaboration(ctx context.Context, k string) (*reseau.Collaboration, error) {
	return l.cur.Load().collaboration.one(ctx, k)
}

// Collaborations returns the collaborations with these keys, in order.
func (l *Loaders) Collaborations(ctx context.Context, keys []string) ([]*reseau.Collaboration, error) {
	return l.cur.Load().collaboration.many(ctx, keys)
}

// Partnership returns the partnership with key k, or nil.
func (l *Loaders) Partnership(ctx context.Context, k string) (*reseau.Partnership, error) {
	return l.cur.Load().partnership.one(ctx, k)
}

// Partnerships returns the partnerships with these keys, in order.
func (l *Loaders) Partnerships(ctx context.Context, keys []string) ([]*reseau.Partnership, error) {
	return l.cur.Load().partnership.many(ctx, keys)
}

// Children returns the services of organisation k.
func (l *Loaders) Children(ctx context.Context, k string) ([]*reseau.Organisation, error) {
	return l.cur.Load().orgChildren.Load(ctx, k)
}

// SubCollaborations returns the sub-events of collaboration k.
func (l *Loaders) SubCollaborations(ctx context.Context, k string) ([]*reseau.Collaboration, error) {
	return l.cur.Load().collabChildren.Load(ctx, k)
}

// MembershipsOfPerson returns where person k works.
func (l *Loaders) MembershipsOfPerson(ctx context.Context, k string) ([]reseau.Membership, error) {
	return l.cur.Load().membershipsByPerson.Load(ctx, k)
}

// MembershipsOfOrganisation returns the memberships of the visible people of organisation k.
func (l *Loaders) MembershipsOfOrganisation(ctx context.Context, k string) ([]reseau.Membership, error) {
	return l.cur.Load().membershipsByOrg.Load(ctx, k)
}

// PeopleOfOrganisation returns the visible people working at organisation k, by name.
func (l *Loaders) PeopleOfOrganisation(ctx context.Context, k string) ([]*reseau.Person, error) {
	ms, err := l.cur.Load().membershipsByOrg.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	ps, err := l.People(ctx, keysOf(ms, func(m reseau.Membership) string { return m.PersonKey }))
	slices.SortFunc(ps, func(a, b *reseau.Person) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Key, b.Key)) })
	return ps, err
}

// ParticipationsOfOrganisation returns organisation k's participations.
func (l *Loaders) ParticipationsOfOrganisation(ctx context.Context, k string) ([]reseau.Participation, error) {
	return l.cur.Load().participationsByOrg.Load(ctx, k)
}

// ParticipationsOfCollaboration returns the organisations' participations in collaboration k.
func (l *Loaders) ParticipationsOfCollaboration(ctx context.Context, k string) ([]reseau.Participation, error) {
	return l.cur.Load().participationsByCollab.Load(ctx, k)
}

// PersonParticipationsOfPerson returns person k's participations.
func (l *Loaders) PersonParticipationsOfPerson(ctx context.Context, k string) ([]reseau.PersonParticipation, error) {
	return l.cur.Load().personPartsByPerson.Load(ctx, k)
}

// PersonParticipationsOfCollaboration returns the visible people's participations in collaboration k.
func (l *Loaders) PersonParticipationsOfCollaboration(ctx context.Context, k string) ([]reseau.PersonParticipation, error) {
	return l.cur.Load().personPartsByCollab.Load(ctx, k)
}

// CollaborationsOfOrganisation returns the collaborations organisation k took part in, most recent first.
func (l *Loaders) CollaborationsOfOrganisation(ctx context.Context, k string) ([]*reseau.Collaboration, error) {
	ps, err := l.cur.Load().participationsByOrg.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	return l.recent(ctx, keysOf(ps, func(p reseau.Participation) string { return p.CollaborationKey }))
}

// CollaborationsOfPerson returns the collaborations person k took part in, most recent first.
func (l *Loaders) CollaborationsOfPerson(ctx context.Context, k string) ([]*reseau.Collaboration, error) {
	ps, err := l.cur.Load().personPartsByPerson.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	return l.recent(ctx, keysOf(ps, func(p reseau.PersonParticipation) string { return p.CollaborationKey }))
}

func (l *Loaders) recent(ctx context.Context, keys []string) ([]*reseau.Collaboration, error) {
	cs, err := l.Collaborations(ctx, keys)
	slices.SortFunc(cs, func(a, b *reseau.Collaboration) int {
		return cmp.Or(cmp.Compare(b.StartDate, a.StartDate), cmp.Compare(a.Key, b.Key))
	})
	return cs, err
}

// PartiesOfOrganisation returns the partnerships organisation k is a party to, with its role.
func (l *Loaders) PartiesOfOrganisation(ctx context.Context, k string) ([]reseau.Party, error) {
	return l.cur.Load().partiesByOrg.Load(ctx, k)
}

// PartiesOfPartnership returns the parties of partnership k.
func (l *Loaders) PartiesOfPartnership(ctx context.Context, k string) ([]reseau.Party, error) {
	return l.cur.Load().partiesByPartnership.Load(ctx, k)
}

// PartnershipsOfOrganisation returns the partnerships organisation k is a party to.
func (l *Loaders) PartnershipsOfOrganisation(ctx context.Context, k string) ([]*reseau.Partnership, error) {
	ps, err := l.cur.Load().partiesByOrg.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	return l.Partnerships(ctx, keysOf(ps, func(p reseau.Party) string { return p.PartnershipKey }))
}

// KnowsOfPerson returns the KNOWS rows with person k at either end.
func (l *Loaders) KnowsOfPerson(ctx context.Context, k string) ([]reseau.Knows, error) {
	return l.cur.Load().knowsByPerson.Load(ctx, k)
}

// Collaborators returns organisation k's collaboration ties over [since, until].
// Only the first n ties (the heaviest) are answered. For an organisation of
// a listed page, the first n tied organisations of the whole page are
// recorded as a page of their own, so that reading them is one store call
// made at once.
func (l *Loaders) Collaborators(ctx context.Context, k, since, until string, n int) ([]reseau.CollaborationTie, error) {
	s := l.cur.Load()
	p := s.pages.page(reseau.TypeOrganisation, k)
	if p == nil {
		ties, err := s.collaborators.Load(ctx, TieKey{Organisation: k, Since: since, Until: until})
		return ties[:min(n, len(ties))], err
	}
	m, err := s.ties(reseau.TieFilter{Since: since, Until: until}).whole(ctx, p)
	if err != nil {
		return nil, err
	}
	s.tiedOnce(tiedKey{p, reseau.TieFilter{Since: since, Until: until}, n}, func() {
		var tied []string
		for _, k := range p.keys {
			ties := m[k]
			for _, t := range ties[:min(n, len(ties))] {
				tied = append(tied, t.OrganisationKey)
			}
		}
		s.pages.refer(reseau.TypeOrganisation, dedupe(tied))
	})
	ties := m[k]
	return ties[:min(n, len(ties))], nil
}

// tiedKey names one recording of the organisations tied to a page.
type tiedKey struct {
	page   *page
	period reseau.TieFilter
	n      int
}

// tiedOnce runs record once per key, so that the twenty organisations of a
// page do not each walk the whole page's ties.
func (s *set) tiedOnce(k tiedKey, record func()) {
	s.tiedMu.Lock()
	o := s.tied[k]
	if o == nil {
		o = new(sync.Once)
		s.tied[k] = o
	}
	s.tiedMu.Unlock()
	o.Do(record)
}

// Partners returns the organisations tied to organisation k by a partnership.
func (l *Loaders) Partners(ctx context.Context, k string) ([]*reseau.Organisation, error) {
	keys, err := l.cur.Load().partners.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	return l.Organisations(ctx, keys)
}

// Acquaintances returns the visible people acquainted with person k.
func (l *Loaders) Acquaintances(ctx context.Context, k string) ([]reseau.Acquaintance, error) {
	return l.cur.Load().acquaintances.Load(ctx, k)
}

// keysOf returns the distinct keys of rows, in order.
func keysOf[T any](rows []T, key func(T) string) []string {
	out := make([]string, 0, len(rows))
	seen := make(map[string]bool, len(rows))
	for _, r := range rows {
		if k := key(r); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// RoleOfPerson returns the role of person k's first membership, "" if none.
func (l *Loaders) RoleOfPerson(ctx context.Context, k string) (string, error) {
	ms, err := l.cur.Load().membershipsByPerson.Load(ctx, k)
	if err != nil || len(ms) == 0 {
		return "", err
	}
	return ms[0].Role, nil
}

// Node returns the node of type typ (a reseau.Type* name) with key k, or nil.
// The answer is a nil interface, not a typed nil, when there is none.
func (l *Loaders) Node(ctx context.Context, typ, k string) (any, error) {
	var v any
	var err error
	switch typ {
	case reseau.TypeOrganisation:
		v, err = nilIfNone(l.Organisation(ctx, k))
	case reseau.TypePerson:
		v, err = nilIfNone(l.Person(ctx, k))
	case reseau.TypeCollaboration:
		v, err = nilIfNone(l.Collaboration(ctx, k))
	case reseau.TypePartnership:
		v, err = nilIfNone(l.Partnership(ctx, k))
	case reseau.TypeDomain:
		v, err = nilIfNone(l.Domain(ctx, k))
	}
	return v, err
}

func nilIfNone[T any](v *T, err error) (any, error) {
	if v == nil || err != nil {
		return nil, err
	}
	return v, nil
}

// Root loads the node a root field asks for by key (organisation(key:),
// node(id:)...) and records it as a page of one, so that its relations are
// read at once instead of after a batch window. typ is a reseau.Type* name;
// the answer is a nil interface when there is no such node.
func (l *Loaders) Root(ctx context.Context, typ, k string) (any, error) {
	s := l.cur.Load()
	switch typ {
	case reseau.TypeOrganisation:
		return root(ctx, s, s.organisation, typ, k, func(o *reseau.Organisation) string { return o.Key })
	case reseau.TypePerson:
		return root(ctx, s, s.person, typ, k, func(p *reseau.Person) string { return p.Key })
	case reseau.TypeCollaboration:
		return root(ctx, s, s.collaboration, typ, k, func(c *reseau.Collaboration) string { return c.Key })
	case reseau.TypePartnership:
		return root(ctx, s, s.partnership, typ, k, func(p *reseau.Partnership) string { return p.Key })
	case reseau.TypeDomain:
		return nilIfNone(s.domain.one(ctx, k))
	}
	return nil, nil
}

func root[T any](ctx context.Context, s *set, n *nodes[T], typ, k string, key func(*T) string) (any, error) {
	v, err := n.one(ctx, k)
	if v == nil || err != nil {
		return nil, err
	}
	n.prime(s.pages, typ, []*T{v}, key)
	return v, nil
}

// ReferHits records search hits as pages, one per node type, so that the
// hits' nodes and their relations are read a page at a time.
func (l *Loaders) ReferHits(hits []reseau.SearchHit) {
	byType := map[string][]string{}
	for _, h := range hits {
		byType[h.Type] = append(byType[h.Type], h.Key)
	}
	s := l.cur.Load()
	for typ, keys := range byType {
		s.pages.refer(typ, keys)
	}
}
