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
// words; each is then scored on its best name by Score.
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
			if sc := Score(query, names); sc > 0 {
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
		vis, vargs := visible(ctx, "people.key")
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

// Score rates how well a folded query matches the best of names (folded
// names separated by newlines): 1 for an exact match, otherwise in (0, 0.95]
// growing with the share of query words found in the name (a whole word
// counts 1, the start of a word 0.8, the inside of a word 0.4) and, to a
// lesser degree, with the share of the name's words that the query matched,
// so that "SSM La Gerbe" prefers "La Gerbe SSM" to "Mémoire Vivante - SSM
// La Gerbe asbl". 0 means no match.
func Score(query, names string) float64 {
	words := strings.Fields(query)
	if len(words) == 0 {
		return 0
	}
	best := 0.0
	for name := range strings.SplitSeq(names, "\n") {
		if name == query {
			return 1
		}
		tokens := strings.Fields(name)
		if len(tokens) == 0 {
			continue
		}
		used := make([]bool, len(tokens))
		found := 0.0
		for _, w := range words {
			bestW, at := 0.0, -1
			for i, t := range tokens {
				v := 0.0
				switch {
				case t == w:
					v = 1
				case strings.HasPrefix(t, w):
					v = 0.8
				case strings.Contains(t, w):
					v = 0.4
				}
				// Prefer a token not matched yet, so that "la la" is not "la".
				if v > bestW || (v == bestW && v > 0 && at >= 0 && used[at] && !used[i]) {
					bestW, at = v, i
				}
			}
			if at >= 0 {
				used[at] = true
			}
			found += bestW
		}
		if found == 0 {
			continue
		}
		matched := 0
		for _, u := range used {
			if u {
				matched++
			}
		}
		coverage := found / float64(len(words))
		precision := float64(matched) / float64(len(tokens))
		if sc := 0.95 * coverage * (0.6 + 0.4*precision); sc > best {
			best = sc
		}
	}
	return best
}
