package lazy

import "sync"

// LRU is a map of derived answers (the ties of an organisation, a row read
// by key) bounded by their estimated memory: adding past the bound drops
// the least recently used entries. It is safe for concurrent use.
//
// Fills are guarded by a generation, as a cache kept in step with writes
// needs: a reader takes Gen before it reads what it derives an entry from,
// and AddAt refuses the entry if a Remove or Clear ran since, so that an
// answer read before a write is never cached after it.
type LRU[K comparable, V any] struct {
	max  int
	cost func(V) int

	mu    sync.Mutex
	gen   uint64
	used  int
	items map[K]*entry[K, V]
	ring  entry[K, V] // ring.next is the most recently used
}

type entry[K comparable, V any] struct {
	key        K
	val        V
	cost       int
	prev, next *entry[K, V]
}

// NewLRU returns a cache holding entries of total cost at most max, cost
// giving an entry's (at least 1; nil counts each entry as 1).
func NewLRU[K comparable, V any](max int, cost func(V) int) *LRU[K, V] {
	c := &LRU[K, V]{max: max, cost: cost, items: map[K]*entry[K, V]{}}
	c.ring.next, c.ring.prev = &c.ring, &c.ring
	return c
}

// Get returns the value of k and marks it recently used.
func (c *LRU[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.unlink(e)
	c.front(e)
	return e.val, true
}

// Gen returns the generation that a fill starting now presents to AddAt.
func (c *LRU[K, V]) Gen() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// AddAt caches v as the value of k, read at generation gen, unless a Remove
// or Clear ran since. A value costing more than the whole bound is not kept.
func (c *LRU[K, V]) AddAt(gen uint64, k K, v V) {
	n := 1
	if c.cost != nil {
		n = max(1, c.cost(v))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || n > c.max {
		return
	}
	if old, ok := c.items[k]; ok {
		c.unlink(old)
		c.used -= old.cost
	}
	e := &entry[K, V]{key: k, val: v, cost: n}
	c.items[k] = e
	c.front(e)
	c.used += n
	for c.used > c.max {
		last := c.ring.prev
		c.unlink(last)
		delete(c.items, last.key)
		c.used -= last.cost
	}
}

// Remove forgets the entries of keys.
func (c *LRU[K, V]) Remove(keys ...K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, k := range keys {
		if e, ok := c.items[k]; ok {
			c.unlink(e)
			delete(c.items, k)
			c.used -= e.cost
		}
	}
}

// Clear forgets every entry.
func (c *LRU[K, V]) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.items = map[K]*entry[K, V]{}
	c.ring.next, c.ring.prev = &c.ring, &c.ring
	c.used = 0
}

// Len returns the number of entries and their total cost.
func (c *LRU[K, V]) Len() (entries, cost int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.used
}

func (c *LRU[K, V]) unlink(e *entry[K, V]) {
	e.prev.next, e.next.prev = e.next, e.prev
}

func (c *LRU[K, V]) front(e *entry[K, V]) {
	e.prev, e.next = &c.ring, c.ring.next
	c.ring.next.prev = e
	c.ring.next = e
}
