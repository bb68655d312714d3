package sqlite

import (
	"cmp"
	"context"
	"slices"

	"github.com/reseau-bxl/reseau/internal/lazy"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Collaborators returns, for each organisation in orgKeys, the organisations
// that took part in the same collaborations (invite_absent on either side
// makes no tie, nor a collaboration whose status reseau.MakesTies refuses),
// restricted to collaborations overlapping f. It reads the
// in-memory tie index: one pass for every key, as dataloaders batch. The
// returned lists may be shared with the index's cache: do not modify them.
func (s *Store) Collaborators(ctx context.Context, orgKeys []string, f reseau.TieFilter) (map[string][]reseau.CollaborationTie, error) {
	s.refresh(ctx)
	from, to := reseau.DateLow(f.Since), reseau.DateHigh(f.Until)
	filtered := from != "" || to != ""
	g, cache, gen, err := s.tieGraph(ctx, orgKeys)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]reseau.CollaborationTie, len(orgKeys))
	for _, org := range orgKeys {
		if _, done := out[org]; done {
			continue
		}
		if !filtered {
			var ties []reseau.CollaborationTie
			ok := false
			if cache != nil {
				ties, ok = cache.Get(org)
			}
			if !ok {
				ties = g.derive(org, "", "")
				if cache != nil {
					cache.AddAt(gen, org, ties)
				}
			}
			if len(ties) > 0 {
				// Shared with the cache, capacity clipped so that an append
				// copies: callers read the lists and do not modify them.
				out[org] = slices.Clip(ties)
			}
			continue
		}
		if ties := g.derive(org, from, to); len(ties) > 0 {
			out[org] = ties
		}
	}
	return out, nil
}

// tying returns the collaborations of org that make ties (reseau.MakesTies)
// and how many participations they hold, an upper bound of org's ties that
// sizes what is derived from them: growing by append allocated about twice
// what it held (a hub of the scale L network has 2,000 ties).
func (ix *tieGraph) tying(org string) ([]*collabNode, int) {
	var cs []*collabNode
	n := 0
	for _, ck := range ix.orgs[org] {
		if c := ix.collabs[ck]; c != nil && c.ties {
			cs = append(cs, c)
			n += len(c.orgs)
		}
	}
	return cs, n
}

// derive computes the collaboration ties of org through the collaborations
// that overlap [from, to] (padded dates; both "" for all), folded by
// reseau.TieFold.
func (ix *tieGraph) derive(org, from, to string) []reseau.CollaborationTie {
	filtered := from != "" || to != ""
	cs, n := ix.tying(org)
	folds := make([]reseau.TieFold, 0, n)
	at := make(map[string]int, n)
	for _, c := range cs {
		if filtered && (c.low == "" || (from != "" && c.high < from) || (to != "" && c.low > to)) {
			continue
		}
		for _, other := range c.orgs {
			if other == org {
				continue
			}
			i, ok := at[other]
			if !ok {
				i = len(folds)
				at[other] = i
				folds = append(folds, reseau.NewTieFold(other))
			}
			folds[i].AddPadded(c.key, c.start, c.end, c.startLow, c.lastHigh)
		}
	}
	list := make([]reseau.CollaborationTie, len(folds))
	for i := range folds {
		list[i] = folds[i].Tie()
	}
	reseau.SortTies(list)
	return list
}

// tieGraph returns the tie index that answers for orgKeys, the cache of
// derived ties that goes with it (nil: none) and the cache's generation
// before the snapshot (see lazy.LRU).
func (s *Store) tieGraph(ctx context.Context, orgKeys []string) (*tieGraph, *lazy.LRU[string, []reseau.CollaborationTie], uint64, error) {
	if tx := s.pending(ctx); tx != nil {
		// An operation that has written sees its own writes, in an index
		// of its own, of the asked organisations' collaborations: the
		// shared one holds committed ties only.
		g, err := buildTies(ctx, tx, orgKeys)
		return g, nil, 0, err
	}
	cache := s.ties.cache
	gen := cache.Gen()
	if g, ok := s.ties.graph.Ready(ctx, 0); ok {
		return g, cache, gen, nil
	}
	// The shared index is being built (at start, after an import): seconds
	// at scale L. Meanwhile the asked organisations' ties come from an
	// index of just their collaborations, read now: milliseconds. They are
	// not cached: a write's hook can drop cached ties only once it can edit
	// a built index.
	g, err := readOnly(ctx, s.r, func(tx queryer) (*tieGraph, error) { return buildTies(ctx, tx, orgKeys) })
	return g, nil, 0, err
}

// TiedOrganisations returns the keys of the organisations tied to each of
// orgKeys, read from the tie index without deriving the ties (their
// weights, dates and collaborations): a walk of the graph reads thousands
// of organisations' ties.
func (s *Store) TiedOrganisations(ctx context.Context, orgKeys []string, collaborations, partnerships bool) (map[string][]string, error) {
	s.refresh(ctx)
	out := make(map[string][]string, len(orgKeys))
	if collaborations {
		g, _, _, err := s.tieGraph(ctx, orgKeys)
		if err != nil {
			return nil, err
		}
		for _, org := range orgKeys {
			cs, n := g.tying(org)
			keys := make([]string, 0, n)
			for _, c := range cs {
				for _, o := range c.orgs {
					if o != org {
						keys = append(keys, o)
					}
				}
			}
			if len(keys) > 0 {
				out[org] = keys
			}
		}
	}
	var partners map[string][]string
	if partnerships {
		var err error
		if partners, err = s.Partners(ctx, orgKeys); err != nil {
			return nil, err
		}
	}
	reseau.JoinPartners(out, partners)
	return out, nil
}

// Partners returns, for each organisation in orgKeys, the organisations tied
// to it by a partnership, from the in-memory partner index. In a membership
// (reseau.KindMembership with a reseau.NetworkParty) only the pairs that
// include the network are ties: the members of a network are not partners
// of each other. The lists may be shared with the index: do not modify them.
func (s *Store) Partners(ctx context.Context, orgKeys []string) (map[string][]string, error) {
	var g *partnerGraph
	var err error
	if tx := s.pending(ctx); tx != nil {
		g, err = buildPartners(ctx, tx, orgKeys) // as in Collaborators
	} else {
		s.refresh(ctx)
		var ok bool
		if g, ok = s.partners.graph.Ready(ctx, 0); !ok {
			// Being built: as in Collaborators.
			g, err = readOnly(ctx, s.r, func(tx queryer) (*partnerGraph, error) { return buildPartners(ctx, tx, orgKeys) })
		}
	}
	if err != nil {
		return nil, err
	}
	return g.get(orgKeys), nil
}

// Acquaintances returns, for each visible person in personKeys, the visible
// people who took part in the same collaboration (invite_absent makes no
// tie, nor a collaboration whose status reseau.MakesTies refuses), work at the same organisation, or KNOWS them either way, with every
// reason. Both ends are filtered by the caller's people scope inside the SQL.
func (s *Store) Acquaintances(ctx context.Context, personKeys []string) (map[string][]reseau.Acquaintance, error) {
	visA, argsA := visible(ctx, "a")
	visB, argsB := visible(ctx, "b")
	keys := list(personKeys)
	// Each branch yields (a, b, kind, key); the visibility test runs once per
	// row of the union.
	q := `SELECT a, b, kind, k FROM (
		SELECT x.person_key AS a, y.person_key AS b, 'COLLABORATION' AS kind, x.collab_key AS k
			FROM person_participations x
			JOIN person_participations y ON y.collab_key = x.collab_key AND y.person_key <> x.person_key AND y.role <> ?2
			JOIN collaborations c ON c.key = x.collab_key
			WHERE x.person_key IN (SELECT value FROM json_each(?1)) AND x.role <> ?2
				AND lower(trim(c.status)) IN (SELECT value FROM json_each(?3))
		UNION ALL
		SELECT x.person_key, y.person_key, 'ORGANISATION', x.org_key
			FROM memberships x
			JOIN memberships y ON y.org_key = x.org_key AND y.person_key <> x.person_key
			WHERE x.person_key IN (SELECT value FROM json_each(?1))
		UNION ALL
		SELECT person_key, other_key, 'KNOWS', '' FROM knows WHERE person_key IN (SELECT value FROM json_each(?1))
		UNION ALL
		SELECT other_key, person_key, 'KNOWS', '' FROM knows WHERE other_key IN (SELECT value FROM json_each(?1))
	) WHERE ` + visA + ` AND ` + visB
	args := []any{keys, reseau.RoleInviteAbsent, list(reseau.TieStatuses())}
	// visible uses positional ?, numbered after ?1, ?2 and ?3.
	args = append(args, argsA...)
	args = append(args, argsB...)
	rows, err := s.reads(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, formatError(err)
	}
	defer rows.Close()
	type pair struct{ a, b string }
	reasons := map[pair][]reseau.Reason{}
	for rows.Next() {
		var a, b, kind, key string
		if err := rows.Scan(&a, &b, &kind, &key); err != nil {
			return nil, formatError(err)
		}
		r := reseau.Reason{Kind: reseau.ReasonKind(kind), Key: key}
		p := pair{a, b}
		if !slices.Contains(reasons[p], r) { // KNOWS both ways is one reason
			reasons[p] = append(reasons[p], r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, formatError(err)
	}
	out := map[string][]reseau.Acquaintance{}
	for p, rs := range reasons {
		slices.SortFunc(rs, func(x, y reseau.Reason) int {
			return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Key, y.Key))
		})
		out[p.a] = append(out[p.a], reseau.Acquaintance{PersonKey: p.b, Weight: len(rs), Reasons: rs})
	}
	for _, as := range out {
		slices.SortFunc(as, func(x, y reseau.Acquaintance) int {
			return cmp.Or(cmp.Compare(y.Weight, x.Weight), cmp.Compare(x.PersonKey, y.PersonKey))
		})
	}
	return out, nil
}
