package loaders

import (
	"context"
	"errors"

	"github.com/vikstrous/dataloadgen"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// nodes loads nodes of one type by key: through a dataloader, or at once
// with their whole page for the keys of a page.
type nodes[T any] struct {
	typ    string
	paged  *paged[*T]
	loader *dataloadgen.Loader[string, *T]
}

func newNodes[T any](k kit, typ string, fetch func(context.Context, []string) (map[string]*T, error)) *nodes[T] {
	// Node pages are kept apart from relation pages: a listed page is
	// already read (and primed), its nodes need no fetch.
	return &nodes[T]{typ: typ, paged: newPaged(k.pages, nodePage(typ), fetch), loader: dataloadgen.NewMappedLoader(fetch, k.opts...)}
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
	// The nodes of a list are a page: each of their relations is then one
	// store call made at once, which the serial marshalling of their fields
	// (graph/gqlgen) relies on.
	n.paged.pages.add(n.typ, keys)
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

// PrimeOrganisations caches organisations a list already read, so that ties
// pointing back into the same page cost no store call, and records the page
// so that each relation of its organisations is one store call; their
// domains are one page too.
func (l *Loaders) PrimeOrganisations(os []*reseau.Organisation) {
	s := l.cur.Load()
	s.organisation.prime(s.pages, reseau.TypeOrganisation, os, func(o *reseau.Organisation) string { return o.Key })
	s.pages.add(nodePage(reseau.TypeDomain), domainsOf(os, orgDomains))
}

// orgDomains are the domains an organisation refers to: its own and its
// services'.
func orgDomains(o *reseau.Organisation) []string {
	all := o.Domains
	for _, sv := range o.Services {
		all = append(all[:len(all):len(all)], sv.Domains...)
	}
	return all
}

// referDomains wraps the fetch of organisations that no list primed (a
// node(id:), the organisation of a tie…): the domains they refer to are
// recorded as a page, so that those of all their services are one store
// call, not one per service.
func referDomains(pg *pages, fetch func(context.Context, []string) (map[string]*reseau.Organisation, error)) func(context.Context, []string) (map[string]*reseau.Organisation, error) {
	return func(ctx context.Context, keys []string) (map[string]*reseau.Organisation, error) {
		m, err := fetch(ctx, keys)
		if err != nil {
			return nil, err
		}
		os := make([]*reseau.Organisation, 0, len(m))
		for _, o := range m {
			os = append(os, o)
		}
		pg.add(nodePage(reseau.TypeDomain), domainsOf(os, orgDomains))
		return m, nil
	}
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
	s := l.cur.Load()
	s.ties.sharedPages()
	s.instTies.sharedPages()
	return s.collaboration.many(ctx, keys)
}

// Partnership returns the partnership with key k, or nil.
func (l *Loaders) Partnership(ctx context.Context, k string) (*reseau.Partnership, error) {
	return l.cur.Load().partnership.one(ctx, k)
}

// Partnerships returns the partnerships with these keys, in order.
func (l *Loaders) Partnerships(ctx context.Context, keys []string) ([]*reseau.Partnership, error) {
	return l.cur.Load().partnership.many(ctx, keys)
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
