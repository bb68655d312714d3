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
// Candidates are the rows whose folded names contain one of the query's
// words; each is then scored on its best name by reseau.SearchScore, as in
// every store.
func (s *Store) Search(ctx context.Context, text string, types []string, limit int) ([]reseau.SearchHit, error) {
	query := reseau.Fold(text)
	words := strings.Fields(query)
	if len(words) == 0 {
		return nil, nil
	}
	want := func(t string) bool { return len(types) == 0 || slices.Contains(types, t) }
	for _, t := range types {
		if tables[t] == "" {
			return nil, reseau.FieldErrorf("types", "%q is not a node type", t)
		}
	}
	var hits []reseau.SearchHit
	search := func(typ, table, col, extra string, extraArgs ...any) error {
		conds := make([]string, len(words))
		args := make([]any, 0, len(words)+len(extraArgs))
		for i, w := range words {
			conds[i] = "instr(" + col + ", ?) > 0"
			args = append(args, w)
		}
		q := `SELECT key, ` + col + ` FROM ` + table + ` WHERE (` + strings.Join(conds, " OR ") + `)` + extra
		rows, err := s.rd.QueryContext(ctx, q, append(args, extraArgs...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var key, names string
			if err := rows.Scan(&key, &names); err != nil {
				return err
			}
			if sc := reseau.SearchScore(query, names); sc > 0 {
				hits = append(hits, reseau.SearchHit{Type: typ, Key: key, Score: sc})
			}
		}
		return rows.Err()
	}
	type source struct{ typ, table, col string }
	for _, src := range []source{
		{reseau.TypeOrganisation, "organisations", "fold"},
		{reseau.TypeDomain, "domains", "fold"},
		{reseau.TypeCollaboration, "collaborations", "title_fold"},
		{reseau.TypePartnership, "partnerships", "title_fold"},
	} {
		if want(src.typ) {
			if err := search(src.typ, src.table, src.col, ""); err != nil {
				return nil, FormatError(err)
			}
		}
	}
	if want(reseau.TypePerson) {
		vis, vargs := visiblePerson(ctx, "people")
		if err := search(reseau.TypePerson, "people", "name_fold", " AND "+vis, vargs...); err != nil {
			return nil, FormatError(err)
		}
	}
	slices.SortFunc(hits, func(a, b reseau.SearchHit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Key, b.Key))
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}
