package sqlite

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Search finds nodes whose names, short names, aliases, titles or labels
// hold the words of text, whatever their case and accents, best first.
//
// Candidates are the nodes whose folded names (held in memory by
// searchIndex) contain one of the query's words; each is then scored on its
// best name by reseau.SearchScore (a reseau.Scorer), as in every store. People are in the
// caller's scope: a private person is a hit only for a caller who may see
// them, which one SQL query over the matching private people decides.
func (s *Store) Search(ctx context.Context, text string, types []string, limit int) ([]reseau.SearchHit, error) {
	s.refresh(ctx)
	query := reseau.Fold(text)
	words := strings.Fields(query)
	if len(words) == 0 {
		return nil, nil
	}
	want := func(t string) bool { return len(types) == 0 || slices.Contains(types, t) }
	sc := reseau.CallerFrom(ctx).PeopleScope()
	var of searchNames
	var err error
	if tx := s.pending(ctx); tx != nil {
		// An operation that has written searches its own writes, in an
		// index of its own: the shared one holds committed names only.
		of, err = fillSearch(ctx, tx)
	} else {
		// Unlike ties, a search has no cheap way around its index while it
		// is built: reading the names that hold a word is a scan of every
		// name, about as long as the build (2 s at scale L).
		of, err = s.search.names.Get(ctx, 0)
	}
	if err != nil {
		return nil, err
	}
	hits, private := of.find(query, words, func(typ string) bool {
		return want(typ) && (typ != reseau.TypePerson || !sc.None)
	}, sc.All, limit)
	if len(private) > 0 {
		seen, err := s.colleagues(ctx, private, sc.Orgs)
		if err != nil {
			return nil, err
		}
		for _, h := range private {
			if seen[h.Key] || h.Key == sc.Self {
				hits = append(hits, h)
			}
		}
	}
	return best(hits, limit), nil // the best public ones and the private ones seen
}

// best returns the limit best of hits (all if limit <= 0), best first.
func best(hits []reseau.SearchHit, limit int) []reseau.SearchHit {
	if limit <= 0 || len(hits) <= limit {
		slices.SortFunc(hits, better)
		return hits
	}
	var top []reseau.SearchHit
	for _, h := range hits {
		top = keep(top, h, limit)
	}
	return top
}

// keep adds h to top, the limit best hits so far, best first (all of them,
// unsorted, if limit <= 0: best sorts them). A common word matches thousands of names at scale
// M, of which a page is asked: keeping the best few as they come costs a
// comparison a hit, where sorting them all cost more than finding them.
func keep(top []reseau.SearchHit, h reseau.SearchHit, limit int) []reseau.SearchHit {
	if limit <= 0 {
		return append(top, h)
	}
	if len(top) == limit && better(h, top[limit-1]) >= 0 {
		return top
	}
	i, _ := slices.BinarySearchFunc(top, h, better)
	top = slices.Insert(top, i, h)
	if len(top) > limit {
		top = top[:limit]
	}
	return top
}

// better orders hits best first: by score, then type, then key.
func better(a, b reseau.SearchHit) int {
	return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Key, b.Key))
}

// colleagues returns which of the people hits work at one of orgs: the
// private people a caller scoped to orgs may see.
func (s *Store) colleagues(ctx context.Context, hits []reseau.SearchHit, orgs []string) (map[string]bool, error) {
	keys := make([]string, len(hits))
	for i, h := range hits {
		keys[i] = h.Key
	}
	rows, err := s.reads(ctx).QueryContext(ctx, `SELECT DISTINCT person_key FROM memberships WHERE `+inList("person_key")+` AND `+inList("org_key"),
		list(keys), list(orgs))
	if err != nil {
		return nil, formatError(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, formatError(err)
		}
		seen[k] = true
	}
	return seen, formatError(rows.Err())
}

// containsAny reports whether s holds one of words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
