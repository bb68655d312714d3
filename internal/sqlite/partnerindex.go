package sqlite

import (
	"context"
	"slices"
	"sync"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// partnerIndex is the in-memory adjacency of partnerships and their parties,
// from which partnership ties are derived. A network is party to one
// adhesion per member, thousands at scale M: deriving its partners in SQL
// costs milliseconds per call, in memory microseconds.
//
// Partnerships are few and rarely written, so a write that changes them
// (a party, a partnership, a deleted organisation, an import) simply drops
// the index, and the next read rebuilds it.
type partnerIndex struct {
	// only, when set, restricts the index to the partnerships that these
	// organisations are party to: all that deriving their partners needs.
	only     []string
	mu       sync.Mutex
	built    bool
	ships    map[string]*partnershipNode
	byOrg    map[string][]string // organisation → partnerships it is party to
	partners map[string][]string // derived, per organisation asked so far
}

type partnershipNode struct {
	membership bool // an adhesion with a network party
	parties    []reseau.Party
}

// reset drops the index; the next use rebuilds it.
func (ix *partnerIndex) reset() {
	ix.mu.Lock()
	ix.built, ix.ships, ix.byOrg, ix.partners = false, nil, nil, nil
	ix.mu.Unlock()
}

func (ix *partnerIndex) build(ctx context.Context, q queryer) error {
	query := `SELECT p.key, p.kind, coalesce(x.org_key, ''), coalesce(x.role, '')
		FROM partnerships p LEFT JOIN parties x ON x.partnership_key = p.key`
	var args []any
	if ix.only != nil {
		query += ` WHERE p.key IN (SELECT partnership_key FROM parties WHERE ` + inList("org_key") + `)`
		args = append(args, list(ix.only))
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return formatError(err)
	}
	defer rows.Close()
	ships := map[string]*partnershipNode{}
	byOrg := map[string][]string{}
	kinds := map[string]string{}
	for rows.Next() {
		var key, kind, org, role string
		if err := rows.Scan(&key, &kind, &org, &role); err != nil {
			return formatError(err)
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
		return formatError(err)
	}
	for key, n := range ships {
		n.membership = kinds[key] == "adhesion" && slices.ContainsFunc(n.parties, func(p reseau.Party) bool { return p.Role == reseau.RoleNetwork })
	}
	ix.ships, ix.byOrg, ix.partners, ix.built = ships, byOrg, map[string][]string{}, true
	return nil
}

// get returns the partners of each of keys, building the index from q (the
// reader pool, or an operation's transaction) if needed.
func (ix *partnerIndex) get(ctx context.Context, q queryer, keys []string) (map[string][]string, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.built {
		if err := ix.build(ctx, q); err != nil {
			return nil, err
		}
	}
	out := map[string][]string{}
	for _, org := range keys {
		ps, ok := ix.partners[org]
		if !ok {
			ps = ix.derive(org)
			ix.partners[org] = ps
		}
		if len(ps) > 0 {
			out[org] = slices.Clip(ps)
		}
	}
	return out, nil
}

func (ix *partnerIndex) derive(org string) []string {
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
			// In a membership, members are tied to the network only.
			if !n.membership || mine == reseau.RoleNetwork || p.Role == reseau.RoleNetwork {
				out = append(out, p.OrganisationKey)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
