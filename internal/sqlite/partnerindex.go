package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"github.com/reseau-bxl/reseau/internal/lazy"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// partnerIndex is the in-memory adjacency of partnerships and their parties,
// from which partnership ties are derived. A network is party to one
// adhesion per member, thousands at scale M: deriving its partners in SQL
// costs milliseconds per call, in memory microseconds.
//
// Partnerships are few and rarely written, so a write that changes them
// (a party, a partnership, a deleted organisation, an import) simply drops
// the index (a lazy.Index), and the next read rebuilds it.
type partnerIndex struct {
	graph *lazy.Index[*partnerGraph]
}

// partnerGraph is one snapshot of the partnerships, never edited.
type partnerGraph struct {
	ships map[string]*partnershipNode
	byOrg map[string][]string // organisation → partnerships it is party to
	// partners are the derived partners of the organisations asked for
	// recently, at most partnerCacheBytes of them; nil in an operation's
	// own index.
	partners *lazy.LRU[string, []string]
}

// partnerCacheBytes bounds the derived partner lists (estimated: a string
// header per partner); at scale M all of them take about 0.2 MiB.
const partnerCacheBytes = 4 << 20

func newPartnerIndex(db *sql.DB) partnerIndex {
	return partnerIndex{graph: lazy.New(func(ctx context.Context, _ uint64) (*partnerGraph, error) {
		g, err := buildPartners(ctx, db, nil)
		if err == nil {
			g.partners = lazy.NewLRU[string](partnerCacheBytes, func(ps []string) int { return 24 + 16*len(ps) })
		}
		return g, err
	})}
}

type partnershipNode struct {
	membership bool // it has a reseau.NetworkParty
	parties    []reseau.Party
}

// reset drops the index; the next use rebuilds it.
func (ix partnerIndex) reset() { ix.graph.Reset() }

// buildPartners reads the partnerships from q; with only, just those that
// these organisations are party to: all that deriving their partners needs.
func buildPartners(ctx context.Context, q queryer, only []string) (*partnerGraph, error) {
	query := `SELECT p.key, p.kind, coalesce(x.org_key, ''), coalesce(x.role, '')
		FROM partnerships p LEFT JOIN parties x ON x.partnership_key = p.key`
	var args []any
	if only != nil {
		query += ` WHERE p.key IN (SELECT partnership_key FROM parties WHERE ` + inList("org_key") + `)`
		args = append(args, list(only))
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, formatError(err)
	}
	defer rows.Close()
	ships := map[string]*partnershipNode{}
	byOrg := map[string][]string{}
	kinds := map[string]string{}
	for rows.Next() {
		var key, kind, org, role string
		if err := rows.Scan(&key, &kind, &org, &role); err != nil {
			return nil, formatError(err)
		}
		n := ships[key]
		if n == nil {
			n = &partnershipNode{}
			ships[key] = n
			kinds[key] = kind
		}
		if org != "" {
			n.parties = append(n.parties, reseau.Party{PartnershipKey: key, OrganisationKey: org, Role: role})
			byOrg[org] = append(byOrg[org], key)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, formatError(err)
	}
	for key, n := range ships {
		n.membership = slices.ContainsFunc(n.parties, func(p reseau.Party) bool { return reseau.NetworkParty(kinds[key], p.Role) })
	}
	return &partnerGraph{ships: ships, byOrg: byOrg}, nil
}

// get returns the partners of each of keys.
func (ix *partnerGraph) get(keys []string) map[string][]string {
	out := map[string][]string{}
	for _, org := range keys {
		var ps []string
		ok := false
		if ix.partners != nil {
			ps, ok = ix.partners.Get(org)
		}
		if !ok {
			ps = ix.derive(org)
			if ix.partners != nil {
				ix.partners.AddAt(0, org, ps) // never edited: generation 0
			}
		}
		if len(ps) > 0 {
			out[org] = slices.Clip(ps)
		}
	}
	return out
}

func (ix *partnerGraph) derive(org string) []string {
	var out []string
	for _, key := range ix.byOrg[org] {
		n := ix.ships[key]
		var mine string
		for _, p := range n.parties {
			if p.OrganisationKey == org {
				mine = p.Role
			}
		}
		for _, p := range n.parties {
			if p.OrganisationKey == org {
				continue
			}
			if reseau.PartiesTied(n.membership, mine, p.Role) {
				out = append(out, p.OrganisationKey)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
