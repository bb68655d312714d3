package sqlite

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// maxCounts bounds the counts kept for one store version; past it, the
// cache starts over.
const maxCounts = 1024

// countCache keeps the totals of list queries for one store version: a
// dashboard asks the same totals again and again, and a count(*) over all
// people was most of the work of such a request.
type countCache struct {
	mu      sync.Mutex
	version uint64
	n       map[string]int
}

func (c *countCache) get(version uint64, key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return 0, false
	}
	n, ok := c.n[key]
	return n, ok
}

func (c *countCache) put(version uint64, key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return // read before a write that another count has seen
	}
	if c.version != version || c.n == nil || len(c.n) >= maxCounts {
		c.version, c.n = version, map[string]int{}
	}
	c.n[key] = n
}

// total counts the rows of a list (query is its count(*) with args), or
// answers 0 when o.SkipCount. A count read outside an operation is kept for
// the store version read before it: a write commits, then bumps the
// version, so a count kept under a version is never older than it.
func (s *Store) total(ctx context.Context, q queryer, o reseau.ListOptions, query string, args ...any) (int, error) {
	if o.SkipCount {
		return 0, nil
	}
	if q != queryer(s.rd) { // an operation's own writes are not committed
		return count(ctx, q, query, args...)
	}
	version, err := s.Version(ctx)
	if err != nil {
		return 0, err
	}
	var key strings.Builder
	key.WriteString(query)
	for _, a := range args {
		fmt.Fprintf(&key, "\x00%T:%v", a, a)
	}
	if n, ok := s.counts.get(version, key.String()); ok {
		return n, nil
	}
	n, err := count(ctx, q, query, args...)
	if err != nil {
		return 0, err
	}
	s.counts.put(version, key.String(), n)
	return n, nil
}
