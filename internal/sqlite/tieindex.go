package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"maps"
	"slices"
	"unsafe"

	"github.com/reseau-bxl/reseau/internal/lazy"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// tieIndex is the in-memory adjacency of collaborations and the
// organisations that took part in them (invite_absent left out), from which
// collaboration ties are derived (of the collaborations whose status
// reseau.MakesTies). A hub organisation shares hundreds of
// collaborations: for a page of 50 organisations at scale M, joining
// participations with themselves in SQL took 20–100 ms, walking them in
// memory takes a few milliseconds, and a cached answer microseconds.
//
// The adjacency (tieGraph) is a lazy.Index: built on first use (or by
// Warm), not at Open, so that start-up does not grow with the data (until
// it is built, reads derive the ties they ask for from SQL rather than wait
// for it); read without locks; and kept in step with committed writes by
// the hooks of the writes that change it, each a copy-on-write edit
// (idempotent, so that a hook that runs on an index built after its commit
// does no harm); an import resets it.
type tieIndex struct {
	graph *lazy.Index[*tieGraph]
	// cache holds the unfiltered ties of the organisations asked for
	// recently: the common question, and a hub's ties take milliseconds to
	// derive. It holds at most tieCacheBytes of them (estimated, tieCost).
	cache *lazy.LRU[string, []reseau.CollaborationTie]
}

// tieCacheBytes bounds the memory of the per-organisation tie cache (as
// tieCost estimates it). The ties of every organisation of scale M come to
// about 47 MiB by that estimate, so the cache keeps the third most recently
// asked for at M, less at L, and a miss costs one derivation (microseconds
// to a few milliseconds for a hub).
const tieCacheBytes = 16 << 20

// tieCost estimates the bytes a cached tie list holds: the tie structs and
// their collaboration key headers (the strings themselves are the index's).
func tieCost(ts []reseau.CollaborationTie) int {
	n := 24
	for _, t := range ts {
		n += int(unsafe.Sizeof(t)) + 16*len(t.CollaborationKeys)
	}
	return n
}

func newTieIndex(db *sql.DB) *tieIndex {
	return &tieIndex{
		graph: lazy.New(func(ctx context.Context, _ uint64) (*tieGraph, error) {
			return buildTies(ctx, db, nil)
		}),
		cache: lazy.NewLRU[string](tieCacheBytes, tieCost),
	}
}

// tieGraph is one snapshot of the adjacency; an edit copies it (the maps,
// and the nodes it changes), so a reader's snapshot never changes.
type tieGraph struct {
	collabs map[string]*collabNode
	orgs    map[string][]string // organisation → collaborations it took part in
}

type collabNode struct {
	key        string
	start, end string // as stored
	low, high  string // padded span, for TieFilter
	startLow   string // DateLow(start), "" if no start
	lastHigh   string // DateHigh(end or start), "" if neither
	ties       bool   // reseau.MakesTies(status): false for a postponed meeting
	orgs       []string
}

// buildTies reads the index from q: the reader pool, or an operation's
// transaction for an index of its own. With asked, it reads only the
// collaborations that those organisations took part in, which is all that
// deriving their ties needs.
func buildTies(ctx context.Context, q queryer, asked []string) (*tieGraph, error) {
	var only string
	var onlyArgs []any
	if asked != nil {
		only = `SELECT collab_key FROM participations WHERE role <> ? AND ` + inList("org_key")
		onlyArgs = []any{reseau.RoleInviteAbsent, list(asked)}
	}
	collabs := map[string]*collabNode{}
	query := `SELECT key, start_date, end_date, status FROM collaborations`
	if only != "" {
		query += ` WHERE key IN (` + only + `)`
	}
	rows, err := q.QueryContext(ctx, query, onlyArgs...)
	if err != nil {
		return nil, formatError(err)
	}
	defer rows.Close()
	// Dates repeat (a few thousand days for 200k collaborations at scale
	// L): each node's six date strings share one copy of each.
	dates := map[string]string{}
	same := func(d string) string {
		if v, ok := dates[d]; ok {
			return v
		}
		dates[d] = d
		return d
	}
	for rows.Next() {
		var key, start, end, status string
		if err := rows.Scan(&key, &start, &end, &status); err != nil {
			return nil, formatError(err)
		}
		n := newCollabNode(same(start), same(end), status)
		n.key = key
		n.low, n.high, n.startLow, n.lastHigh = same(n.low), same(n.high), same(n.startLow), same(n.lastHigh)
		collabs[key] = n
	}
	if err := rows.Err(); err != nil {
		return nil, formatError(err)
	}
	rows.Close()

	// A hundred thousand participations name a few thousand organisations:
	// scanning raw bytes and looking them up without converting (the
	// compiler does not allocate for m[string(b)]) keeps one string per
	// organisation and per collaboration instead of two per row.
	// Rows come by collaboration (the table's key): the node of the last
	// row serves the next ones; an organisation's list is found by its
	// position, and the map of lists is made once at the end. One map
	// lookup a row instead of four (at scale L, 1.1 M rows: 1.52 s to 1.35 s
	// a build; most of the rest is the driver's, two strings a row).
	at := map[string]int32{}
	var orgKeys []string
	var lists [][]string
	var last *collabNode
	query = `SELECT collab_key, org_key FROM participations WHERE role <> ?`
	if only != "" {
		query += ` AND collab_key IN (` + only + `)`
	}
	// No ORDER BY: the scan of the table comes in its key order, which the
	// runs above use for speed only (any order builds the same index);
	// asking for it made the build a quarter slower at scale L (1.71 s
	// against 1.37 s), though SQLite's plan shows no sort.
	rows, err = q.QueryContext(ctx, query, append([]any{reseau.RoleInviteAbsent}, onlyArgs...)...)
	if err != nil {
		return nil, formatError(err)
	}
	defer rows.Close()
	var ck, ok sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&ck, &ok); err != nil {
			return nil, formatError(err)
		}
		if last == nil || last.key != string(ck) {
			if last = collabs[string(ck)]; last == nil {
				continue // a foreign key makes this impossible
			}
		}
		i, seen := at[string(ok)]
		if !seen {
			i = int32(len(orgKeys))
			org := string(ok)
			at[org] = i
			orgKeys, lists = append(orgKeys, org), append(lists, nil)
		}
		last.orgs = append(last.orgs, orgKeys[i])
		lists[i] = append(lists[i], last.key)
	}
	if err := rows.Err(); err != nil {
		return nil, formatError(err)
	}
	orgs := make(map[string][]string, len(orgKeys))
	for i, org := range orgKeys {
		orgs[org] = lists[i]
	}
	return &tieGraph{collabs: collabs, orgs: orgs}, nil
}

func newCollabNode(start, end, status string) *collabNode {
	low, high := dateSpan(start, end)
	return &collabNode{start: start, end: end, low: low, high: high, ties: reseau.MakesTies(status),
		startLow: reseau.DateLow(start), lastHigh: reseau.DateHigh(cmp.Or(end, start))}
}

// reset drops the index; the next use rebuilds it.
func (ix *tieIndex) reset() {
	ix.graph.Reset()
	ix.cache.Clear()
}

// edit applies change to a copy of the adjacency and publishes it, then
// drops the cached ties of the organisations change reports touched. A
// change that fails drops the index.
func (ix *tieIndex) edit(change func(g *tieGraph) (touched []string, err error)) {
	var touched []string
	var failed bool
	ix.graph.Edit(func(old *tieGraph) (*tieGraph, error) {
		g := &tieGraph{collabs: maps.Clone(old.collabs), orgs: maps.Clone(old.orgs)}
		t, err := change(g)
		touched, failed = append(touched, t...), err != nil
		return g, err
	})
	// After the new adjacency is published, so that no reader caches ties
	// derived from the old one (lazy.LRU.AddAt).
	if failed {
		ix.cache.Clear()
	} else {
		ix.cache.Remove(touched...)
	}
}

// setCollaboration records a collaboration's dates and status.
func (ix *tieIndex) setCollaboration(key, start, end, status string) {
	ix.edit(func(g *tieGraph) ([]string, error) {
		n := newCollabNode(start, end, status)
		n.key = key
		c := g.collabs[key]
		if c != nil {
			n.orgs = c.orgs
		}
		g.collabs[key] = n
		if c == nil {
			return nil, nil
		}
		return c.orgs, nil
	})
}

// removeCollaboration forgets a deleted collaboration.
func (ix *tieIndex) removeCollaboration(key string) {
	ix.edit(func(g *tieGraph) ([]string, error) {
		c := g.collabs[key]
		if c == nil {
			return nil, nil
		}
		for _, o := range c.orgs {
			g.orgs[o] = without(g.orgs[o], key)
		}
		delete(g.collabs, key)
		return c.orgs, nil
	})
}

// removeOrganisation forgets a deleted organisation.
func (ix *tieIndex) removeOrganisation(key string) {
	ix.edit(func(g *tieGraph) ([]string, error) {
		touched := []string{key}
		for _, c := range g.orgs[key] {
			if n := g.collabs[c]; n != nil {
				touched = append(touched, n.orgs...)
				g.setOrgs(n, without(n.orgs, key))
			}
		}
		delete(g.orgs, key)
		return touched, nil
	})
}

// setParticipation records an organisation's participation; invite_absent
// makes none.
func (ix *tieIndex) setParticipation(collab, org, role string) {
	ix.edit(func(g *tieGraph) ([]string, error) {
		touched := g.unlink(collab, org)
		if role == reseau.RoleInviteAbsent {
			return touched, nil
		}
		if n := g.collabs[collab]; n != nil {
			g.setOrgs(n, append(slices.Clip(n.orgs), org))
			g.orgs[org] = append(slices.Clip(g.orgs[org]), collab)
		}
		return touched, nil
	})
}

// removeParticipation forgets a deleted participation.
func (ix *tieIndex) removeParticipation(collab, org string) {
	ix.edit(func(g *tieGraph) ([]string, error) { return g.unlink(collab, org), nil })
}

// unlink removes org from collab, returning the organisations whose ties
// change.
func (g *tieGraph) unlink(collab, org string) []string {
	touched := []string{org}
	if n := g.collabs[collab]; n != nil {
		touched = append(touched, n.orgs...)
		g.setOrgs(n, without(n.orgs, org))
	}
	g.orgs[org] = without(g.orgs[org], collab)
	if len(g.orgs[org]) == 0 {
		delete(g.orgs, org)
	}
	return touched
}

// setOrgs replaces the participants of n in a copy of it.
func (g *tieGraph) setOrgs(n *collabNode, orgs []string) {
	c := *n
	c.orgs = orgs
	g.collabs[n.key] = &c
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
