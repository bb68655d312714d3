package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"sync"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// tieIndex is the in-memory adjacency of collaborations and the
// organisations that took part in them (invite_absent left out), from which
// collaboration ties are derived. A hub organisation shares hundreds of
// collaborations: for a page of 50 organisations at scale M, joining
// participations with themselves in SQL took 20–100 ms, walking them in
// memory takes a few milliseconds, and a cached answer microseconds.
//
// It is built on first use, not at Open, so that start-up does not grow with
// the data, and kept in step with committed writes by the hooks of the
// writes that change it (each idempotent, so that a hook that runs on an
// index built after its commit does no harm); an import resets it.
type tieIndex struct {
	mu      sync.RWMutex
	built   bool
	collabs map[string]*collabNode
	orgs    map[string][]string // organisation → collaborations it took part in
	// cache holds the unfiltered ties of the organisations asked for so far:
	// the common question, and a hub's ties take milliseconds to derive.
	// Readers fill it under mu.RLock and cmu; writers invalidate it under mu.
	cmu   sync.Mutex
	cache map[string][]reseau.CollaborationTie
}

type collabNode struct {
	key        string
	start, end string // as stored
	low, high  string // padded span, for TieFilter
	startLow   string // DateLow(start), "" if no start
	lastHigh   string // DateHigh(end or start), "" if neither
	orgs       []string
}

// load returns the index, building it from db if needed; the caller must
// RUnlock ix.mu.
func (ix *tieIndex) load(ctx context.Context, db *sql.DB) error {
	ix.mu.RLock()
	if ix.built {
		return nil
	}
	ix.mu.RUnlock()
	ix.mu.Lock()
	if !ix.built {
		if err := ix.build(ctx, db, nil); err != nil {
			ix.mu.Unlock()
			return err
		}
	}
	ix.mu.Unlock()
	ix.mu.RLock()
	if !ix.built { // reset between the two locks: build again
		ix.mu.RUnlock()
		return ix.load(ctx, db)
	}
	return nil
}

// build reads the index from q: the reader pool, or an operation's
// transaction for an index of its own. With asked, it reads only the
// collaborations that those organisations took part in, which is all that
// deriving their ties needs.
func (ix *tieIndex) build(ctx context.Context, q queryer, asked []string) error {
	var only string
	var onlyArgs []any
	if asked != nil {
		only = `SELECT collab_key FROM participations WHERE role <> ? AND ` + inList("org_key")
		onlyArgs = []any{reseau.RoleInviteAbsent, list(asked)}
	}
	collabs := map[string]*collabNode{}
	query := `SELECT key, start_date, end_date FROM collaborations`
	if only != "" {
		query += ` WHERE key IN (` + only + `)`
	}
	rows, err := q.QueryContext(ctx, query, onlyArgs...)
	if err != nil {
		return formatError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, start, end string
		if err := rows.Scan(&key, &start, &end); err != nil {
			return formatError(err)
		}
		n := newCollabNode(start, end)
		n.key = key
		collabs[key] = n
	}
	if err := rows.Err(); err != nil {
		return formatError(err)
	}
	rows.Close()

	// A hundred thousand participations name a few thousand organisations:
	// scanning raw bytes and looking them up without converting (the
	// compiler does not allocate for m[string(b)]) keeps one string per
	// organisation and per collaboration instead of two per row.
	orgs := map[string][]string{}
	names := map[string]string{}
	query = `SELECT collab_key, org_key FROM participations WHERE role <> ?`
	if only != "" {
		query += ` AND collab_key IN (` + only + `)`
	}
	rows, err = q.QueryContext(ctx, query, append([]any{reseau.RoleInviteAbsent}, onlyArgs...)...)
	if err != nil {
		return formatError(err)
	}
	defer rows.Close()
	var ck, ok sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&ck, &ok); err != nil {
			return formatError(err)
		}
		org, seen := names[string(ok)]
		if !seen {
			org = string(ok)
			names[org] = org
		}
		c := collabs[string(ck)]
		if c == nil {
			continue // a foreign key makes this impossible
		}
		c.orgs = append(c.orgs, org)
		orgs[org] = append(orgs[org], c.key)
	}
	if err := rows.Err(); err != nil {
		return formatError(err)
	}
	ix.collabs, ix.orgs, ix.cache, ix.built = collabs, orgs, map[string][]reseau.CollaborationTie{}, true
	return nil
}

func newCollabNode(start, end string) *collabNode {
	low, high := dateSpan(start, end)
	return &collabNode{start: start, end: end, low: low, high: high,
		startLow: reseau.DateLow(start), lastHigh: reseau.DateHigh(cmp.Or(end, start))}
}

// reset drops the index; the next use rebuilds it.
func (ix *tieIndex) reset() {
	ix.mu.Lock()
	ix.built, ix.collabs, ix.orgs, ix.cache = false, nil, nil, nil
	ix.mu.Unlock()
}

// setCollaboration records a collaboration's dates.
func (ix *tieIndex) setCollaboration(key, start, end string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.built {
		return
	}
	n := newCollabNode(start, end)
	n.key = key
	if c := ix.collabs[key]; c != nil {
		n.orgs = c.orgs
		ix.forget(c.orgs...)
	}
	ix.collabs[key] = n
}

// removeCollaboration forgets a deleted collaboration.
func (ix *tieIndex) removeCollaboration(key string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.built || ix.collabs[key] == nil {
		return
	}
	for _, o := range ix.collabs[key].orgs {
		ix.orgs[o] = without(ix.orgs[o], key)
	}
	ix.forget(ix.collabs[key].orgs...)
	delete(ix.collabs, key)
}

// removeOrganisation forgets a deleted organisation.
func (ix *tieIndex) removeOrganisation(key string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.built {
		return
	}
	ix.forget(key)
	for _, c := range ix.orgs[key] {
		if n := ix.collabs[c]; n != nil {
			ix.forget(n.orgs...)
			n.orgs = without(n.orgs, key)
		}
	}
	delete(ix.orgs, key)
}

// setParticipation records an organisation's participation; invite_absent
// makes none.
func (ix *tieIndex) setParticipation(collab, org, role string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.built {
		return
	}
	ix.unlink(collab, org)
	if role == reseau.RoleInviteAbsent {
		return
	}
	if n := ix.collabs[collab]; n != nil {
		n.orgs = append(n.orgs, org)
		ix.orgs[org] = append(ix.orgs[org], collab)
	}
}

// removeParticipation forgets a deleted participation.
func (ix *tieIndex) removeParticipation(collab, org string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.built {
		ix.unlink(collab, org)
	}
}

func (ix *tieIndex) unlink(collab, org string) {
	ix.forget(org)
	if n := ix.collabs[collab]; n != nil {
		ix.forget(n.orgs...)
		n.orgs = without(n.orgs, org)
	}
	ix.orgs[org] = without(ix.orgs[org], collab)
	if len(ix.orgs[org]) == 0 {
		delete(ix.orgs, org)
	}
}

// forget drops the cached ties of orgs; the caller holds mu.
func (ix *tieIndex) forget(orgs ...string) {
	for _, o := range orgs {
		delete(ix.cache, o)
	}
}

// without returns s without v, in a new slice (readers may hold the old one).
func without(s []string, v string) []string {
	if !slices.Contains(s, v) {
		return s
	}
	out := make([]string, 0, len(s)-1)
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}
