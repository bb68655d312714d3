package sqlite

import (
	"slices"

	"github.com/reseau-bxl/reseau/internal/lazy"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// rowCache is a read-through cache of one table's rows by key, for the
// tables that are not in the people scope (one cache serves every caller).
// A query that names organisations through their ties
// (collaborators { organisation { name } }) reads a hundred of them by key:
// at scale M the SQL lookup cost about a millisecond of a two-level query's
// two, a map lookup microseconds.
//
// It is filled by reads and kept in step with committed writes by the hooks
// of the writes that change its rows: a write of one row drops its key, a
// write whose effect spreads (a cascade, an import) drops everything. A read
// fills the cache only if no hook ran since it began (lazy.LRU.AddAt), so
// that a row read before a commit is never cached after it. Misses are not
// cached, so a created row needs no more care than an updated one. It holds
// at most rowCacheRows rows, the least recently used dropped first.
//
// Answers are copies, so that a caller editing one (as an update mutation
// edits what it read before writing it back) never edits the cache.
type rowCache[T any] struct {
	clone func(*T) *T
	key   func(*T) string
	rows  *lazy.LRU[string, *T]
}

// rowCacheRows bounds each row cache: every organisation of scale M (5,000),
// a fifth of L's, a few megabytes.
const rowCacheRows = 10_000

func newRowCache[T any](key func(*T) string, clone func(*T) *T) *rowCache[T] {
	return &rowCache[T]{key: key, clone: clone, rows: lazy.NewLRU[string, *T](rowCacheRows, nil)}
}

// get copies the cached rows of keys into out and returns the keys it does
// not hold, with the generation that a fill of those must present.
func (c *rowCache[T]) get(keys []string, out map[string]*T) (missing []string, gen uint64) {
	gen = c.rows.Gen()
	for _, k := range keys {
		if v, ok := c.rows.Get(k); ok {
			out[k] = c.clone(v)
		} else {
			missing = append(missing, k)
		}
	}
	return missing, gen
}

// generation returns the generation that a read starting now presents to fill.
func (c *rowCache[T]) generation() uint64 { return c.rows.Gen() }

// fill caches copies of rows read at generation gen, unless a write changed
// the table since.
func (c *rowCache[T]) fill(gen uint64, rows []*T) {
	for _, v := range rows {
		c.rows.AddAt(gen, c.key(v), c.clone(v))
	}
}

// drop forgets the rows of keys.
func (c *rowCache[T]) drop(keys ...string) { c.rows.Remove(keys...) }

// reset forgets every row.
func (c *rowCache[T]) reset() { c.rows.Clear() }

// byKeys answers keys from the cache, reading the rows it lacks with read
// (given the missing keys) and caching them.
func (c *rowCache[T]) byKeys(keys []string, read func(missing []string) (map[string]*T, error)) (map[string]*T, error) {
	out := make(map[string]*T, len(keys))
	missing, gen := c.get(keys, out)
	if len(missing) == 0 {
		return out, nil
	}
	m, err := read(missing)
	if err != nil {
		return nil, err
	}
	rows := make([]*T, 0, len(m))
	for k, v := range m {
		out[k] = v
		rows = append(rows, v)
	}
	c.fill(gen, rows)
	return out, nil
}

func newOrgCache() *rowCache[reseau.Organisation] {
	return newRowCache(
		func(o *reseau.Organisation) string { return o.Key },
		func(o *reseau.Organisation) *reseau.Organisation {
			c := *o
			// One array backs the three lists; each is capped so that an
			// append to one never runs into the next.
			all := slices.Concat(o.Domains, o.Languages, o.Aliases)
			c.Domains, all = part(o.Domains, all)
			c.Languages, all = part(o.Languages, all)
			c.Aliases, _ = part(o.Aliases, all)
			return &c
		})
}

// part returns the first len(like) elements of all, and the rest.
func part(like, all []string) ([]string, []string) {
	n := len(like)
	if n == 0 {
		return like[:0:0], all // nil stays nil, empty stays empty
	}
	return all[:n:n], all[n:]
}

func newDomainCache() *rowCache[reseau.Domain] {
	return newRowCache(
		func(d *reseau.Domain) string { return d.Key },
		func(d *reseau.Domain) *reseau.Domain { c := *d; return &c })
}
