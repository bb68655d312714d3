package sqlite

import (
	"cmp"
	"context"
	"slices"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Collaborators returns, for each organisation in orgKeys, the organisations
// that took part in the same collaborations (invite_absent on either side
// makes no tie), restricted to collaborations overlapping f. It reads the
// in-memory tie index: one pass for every key, as dataloaders batch.
func (s *Store) Collaborators(ctx context.Context, orgKeys []string, f reseau.TieFilter) (map[string][]reseau.CollaborationTie, error) {
	for _, c := range []struct{ field, value string }{{"since", f.Since}, {"until", f.Until}} {
		if !reseau.ValidDate(c.value) {
			return nil, reseau.FieldErrorf(c.field, "%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", c.value)
		}
	}
	from, to := reseau.DateLow(f.Since), reseau.DateHigh(f.Until)
	filtered := from != "" || to != ""
	if err := s.ties.load(ctx, s.r); err != nil {
		return nil, err
	}
	defer s.ties.mu.RUnlock()
	ix := &s.ties
	out := make(map[string][]reseau.CollaborationTie, len(orgKeys))
	for _, org := range orgKeys {
		if _, done := out[org]; done {
			continue
		}
		ties := map[string]*reseau.CollaborationTie{}
		for _, ck := range ix.orgs[org] {
			c := ix.collabs[ck]
			if c == nil {
				continue
			}
			if filtered && (c.low == "" || (from != "" && c.high < from) || (to != "" && c.low > to)) {
				continue
			}
			for _, other := range c.orgs {
				if other == org {
					continue
				}
				t := ties[other]
				if t == nil {
					t = &reseau.CollaborationTie{OrganisationKey: other}
					ties[other] = t
				}
				t.Weight++
				t.CollaborationKeys = append(t.CollaborationKeys, ck)
				if c.start != "" && (t.FirstDate == "" || reseau.DateLow(c.start) < reseau.DateLow(t.FirstDate)) {
					t.FirstDate = c.start
				}
				last := cmp.Or(c.end, c.start)
				if last != "" && (t.LastDate == "" || reseau.DateHigh(last) > reseau.DateHigh(t.LastDate)) {
					t.LastDate = last
				}
			}
		}
		if len(ties) == 0 {
			continue
		}
		list := make([]reseau.CollaborationTie, 0, len(ties))
		for _, t := range ties {
			slices.Sort(t.CollaborationKeys)
			list = append(list, *t)
		}
		slices.SortFunc(list, func(a, b reseau.CollaborationTie) int {
			return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.OrganisationKey, b.OrganisationKey))
		})
		out[org] = list
	}
	return out, nil
}

// Partners returns, for each organisation in orgKeys, the organisations tied
// to it by a partnership. In a membership (kind "adhesion" with a party of
// role RoleNetwork) only the pairs that include the network are ties: the
// members of a network are not partners of each other.
func (s *Store) Partners(ctx context.Context, orgKeys []string) (map[string][]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT a.org_key, b.org_key
		FROM parties a
		JOIN parties b ON b.partnership_key = a.partnership_key AND b.org_key <> a.org_key
		WHERE `+inList("a.org_key")+` AND (a.role = ?2 OR b.role = ?2 OR NOT EXISTS (
			SELECT 1 FROM partnerships p JOIN parties n ON n.partnership_key = p.key
			WHERE p.key = a.partnership_key AND p.kind = 'adhesion' AND n.role = ?2))
		ORDER BY a.org_key, b.org_key`, list(orgKeys), reseau.RoleNetwork)
	if err != nil {
		return nil, FormatError(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			return nil, FormatError(err)
		}
		out[from] = append(out[from], to)
	}
	return out, FormatError(rows.Err())
}

// Acquaintances returns, for each visible person in personKeys, the visible
// people who took part in the same collaboration (invite_absent makes no
// tie), work at the same organisation, or KNOWS them either way, with every
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
			WHERE x.person_key IN (SELECT value FROM json_each(?1)) AND x.role <> ?2
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
	args := []any{keys, reseau.RoleInviteAbsent}
	// visible uses positional ?, numbered after ?1 and ?2.
	args = append(args, argsA...)
	args = append(args, argsB...)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, FormatError(err)
	}
	defer rows.Close()
	type pair struct{ a, b string }
	reasons := map[pair][]reseau.Reason{}
	for rows.Next() {
		var a, b, kind, key string
		if err := rows.Scan(&a, &b, &kind, &key); err != nil {
			return nil, FormatError(err)
		}
		r := reseau.Reason{Kind: reseau.ReasonKind(kind), Key: key}
		p := pair{a, b}
		if !slices.Contains(reasons[p], r) { // KNOWS both ways is one reason
			reasons[p] = append(reasons[p], r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, FormatError(err)
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
