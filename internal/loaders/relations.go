package loaders

import (
	"context"
	"sync"

	"github.com/vikstrous/dataloadgen"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

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

// newRel returns the relation of nodes of type typ fetched by fetch, whose
// values refer to nodes of type refType by the keys refs gives.
func newRel[V any](k kit, typ string, fetch func(context.Context, []string) (map[string]V, error), refType string, refs func(V) []string) *rel[V] {
	p := newPaged(k.pages, typ, fetch)
	return &rel[V]{paged: p, loader: dataloadgen.NewMappedLoader(p.batch, k.opts...), refType: refType, refs: refs, noted: map[*page]bool{}}
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

// edge is a relationship read by a store method that filters rows by the
// keys at one end (reseau.EdgeFilter's From or To): the node types at its
// two ends, and the keys of a row's two ends.
type edge[T any] struct {
	rows     func(context.Context, reseau.EdgeFilter) ([]T, error)
	from, to string
	ends     func(T) (from, to string)
}

// byFrom is the relation of a From node: its rows, referring to To nodes.
func (e edge[T]) byFrom(k kit) *rel[[]T] {
	return e.group(k, e.from, e.to, func(keys []string) reseau.EdgeFilter { return reseau.EdgeFilter{From: keys} }, e.ends)
}

// byTo is the relation of a To node: its rows, referring to From nodes.
func (e edge[T]) byTo(k kit) *rel[[]T] {
	return e.group(k, e.to, e.from, func(keys []string) reseau.EdgeFilter { return reseau.EdgeFilter{To: keys} },
		func(r T) (string, string) { f, t := e.ends(r); return t, f })
}

// byEither is the relation of a node of a symmetric relationship (KNOWS),
// asked by From: a row belongs to both of its ends, and refers to both.
func (e edge[T]) byEither(k kit) *rel[[]T] {
	fetch := grouped(func(ctx context.Context, keys []string) ([]T, error) {
		return e.rows(ctx, reseau.EdgeFilter{From: keys})
	},
		func(r T) []string { f, t := e.ends(r); return []string{f, t} })
	return newRel(k, e.from, fetch, e.to, func(rows []T) []string {
		var out []string
		for _, r := range rows {
			f, t := e.ends(r)
			out = append(out, f, t)
		}
		return out
	})
}

// group is the relation of a typ node whose rows filter picks: rows grouped
// by the first of ends, referring to refType nodes by the second.
func (e edge[T]) group(k kit, typ, refType string, filter func([]string) reseau.EdgeFilter, ends func(T) (own, other string)) *rel[[]T] {
	fetch := grouped(func(ctx context.Context, keys []string) ([]T, error) { return e.rows(ctx, filter(keys)) },
		func(r T) []string { own, _ := ends(r); return []string{own} })
	return newRel(k, typ, fetch, refType, func(rows []T) []string {
		return keysOf(rows, func(r T) string { _, other := ends(r); return other })
	})
}

// children is the relation of a node to the nodes of the same type whose
// parent it is (services, sub-events), read by find over parent keys; keys
// gives a child's key and its parent's.
func children[T any](k kit, typ string, find func(context.Context, []string) (*reseau.Page[T], error), keys func(T) (key, parent string)) *rel[[]T] {
	fetch := grouped(func(ctx context.Context, parents []string) ([]T, error) {
		p, err := find(ctx, parents)
		if err != nil {
			return nil, err
		}
		return p.Items, nil
	}, func(c T) []string { _, parent := keys(c); return []string{parent} })
	return newRel(k, typ, fetch, typ, func(cs []T) []string {
		return keysOf(cs, func(c T) string { key, _ := keys(c); return key })
	})
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
