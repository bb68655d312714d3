package loaders

import (
	"context"
	"fmt"
	"sync"
)

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
