package loaders

import (
	"context"
	"sync"

	"github.com/vikstrous/dataloadgen"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TieKey asks for the collaboration ties of one organisation over a period.
type TieKey struct {
	Organisation string
	Since, Until string
}

// tieLoader loads collaboration ties: per period, a paged fetch for the
// organisations of a page, and a dataloader for the others.
type tieLoader struct {
	pages *pages
	fetch func(context.Context, []string, reseau.TieFilter) (map[string][]reseau.CollaborationTie, error)

	mu       sync.Mutex
	byPeriod map[reseau.TieFilter]*paged[[]reseau.CollaborationTie]

	// collaborators batches the organisations that are in no page.
	collaborators *dataloadgen.Loader[TieKey, []reseau.CollaborationTie]

	tiedMu sync.Mutex
	tied   map[tiedKey]*sync.Once
	// shared holds the recordings of shared collaborations not made yet.
	sharedMu sync.Mutex
	shared   []func()
}

func newTies(k kit, fetch func(context.Context, []string, reseau.TieFilter) (map[string][]reseau.CollaborationTie, error)) *tieLoader {
	t := &tieLoader{pages: k.pages, fetch: fetch, byPeriod: map[reseau.TieFilter]*paged[[]reseau.CollaborationTie]{}, tied: map[tiedKey]*sync.Once{}}
	t.collaborators = dataloadgen.NewMappedLoader(t.batch, k.opts...)
	return t
}

// period returns the paged fetch of the ties over one period.
func (t *tieLoader) period(f reseau.TieFilter) *paged[[]reseau.CollaborationTie] {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.byPeriod[f]
	if p == nil {
		p = newPaged(t.pages, reseau.TypeOrganisation, complete(func(ctx context.Context, keys []string) (map[string][]reseau.CollaborationTie, error) {
			return t.fetch(ctx, keys, f)
		}))
		t.byPeriod[f] = p
	}
	return p
}

// batch is the collaborators dataloader's fetch: one store call per
// distinct period (a query asks for one or two).
func (t *tieLoader) batch(ctx context.Context, keys []TieKey) (map[TieKey][]reseau.CollaborationTie, error) {
	byPeriod := map[reseau.TieFilter][]string{}
	for _, k := range keys {
		f := reseau.TieFilter{Since: k.Since, Until: k.Until}
		byPeriod[f] = append(byPeriod[f], k.Organisation)
	}
	out := make(map[TieKey][]reseau.CollaborationTie, len(keys))
	for f, orgs := range byPeriod {
		ties, err := t.period(f).batch(ctx, orgs)
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			out[TieKey{Organisation: o, Since: f.Since, Until: f.Until}] = ties[o]
		}
	}
	return out, nil
}

// Collaborators returns organisation k's collaboration ties over [since, until]
// at scope s (reseau.ScopeInstitution: its institution's, folded by
// reseau.InstitutionCollaborators). Only the first n ties (the heaviest)
// are answered. For an organisation of a listed page, the first n tied
// organisations of the whole page, and the collaborations they share (once
// one of those is asked for), are recorded as pages of their own, so that
// reading them is one store call made at once.
func (l *Loaders) Collaborators(ctx context.Context, k string, s reseau.Scope, since, until string, n int) ([]reseau.CollaborationTie, error) {
	t := l.cur.Load().ties
	if s == reseau.ScopeInstitution {
		t = l.cur.Load().instTies
	}
	p := t.pages.page(reseau.TypeOrganisation, k)
	if p == nil {
		ties, err := t.collaborators.Load(ctx, TieKey{Organisation: k, Since: since, Until: until})
		return ties[:min(n, len(ties))], err
	}
	m, err := t.period(reseau.TieFilter{Since: since, Until: until}).whole(ctx, p)
	if err != nil {
		return nil, err
	}
	t.tiedOnce(tiedKey{p, reseau.TieFilter{Since: since, Until: until}, n}, func() {
		var tied []string
		for _, k := range p.keys {
			ties := m[k]
			for _, t := range ties[:min(n, len(ties))] {
				tied = append(tied, t.OrganisationKey)
			}
		}
		t.pages.refer(reseau.TypeOrganisation, dedupe(tied))
		// The shared collaborations are many more (every collaboration of
		// every tie of the page: a megabyte of keys at scale M), and most
		// queries do not ask for them: they are recorded when the first of
		// them is asked for (sharedPages).
		t.deferShared(func() {
			var shared []string
			for _, k := range p.keys {
				ties := m[k]
				for _, t := range ties[:min(n, len(ties))] {
					shared = append(shared, t.CollaborationKeys...)
				}
			}
			t.pages.refer(reseau.TypeCollaboration, dedupe(shared))
		})
	})
	ties := m[k]
	return ties[:min(n, len(ties))], nil
}

// deferShared keeps record for sharedPages.
func (t *tieLoader) deferShared(record func()) {
	t.sharedMu.Lock()
	t.shared = append(t.shared, record)
	t.sharedMu.Unlock()
}

// sharedPages records the collaborations shared by the ties read so far as
// pages, before any of them is read (Loaders.Collaborations), so that they
// are read a page at a time. A caller that comes while another records
// waits for the pages.
func (t *tieLoader) sharedPages() {
	t.sharedMu.Lock()
	defer t.sharedMu.Unlock()
	for _, record := range t.shared {
		record()
	}
	t.shared = nil
}

// tiedKey names one recording of the organisations tied to a page.
type tiedKey struct {
	page   *page
	period reseau.TieFilter
	n      int
}

// tiedOnce runs record once per key, so that the twenty organisations of a
// page do not each walk the whole page's ties.
func (t *tieLoader) tiedOnce(k tiedKey, record func()) {
	t.tiedMu.Lock()
	o := t.tied[k]
	if o == nil {
		o = new(sync.Once)
		t.tied[k] = o
	}
	t.tiedMu.Unlock()
	o.Do(record)
}
