package neo4j

import (
	"context"
	"sort"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// searchIndex is the full-text index of migrate_schema.
const searchIndex = "reseau_search"

var searchTypes = []string{reseau.TypeOrganisation, reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership, reseau.TypeDomain}

// Search finds nodes whose folded names hold every folded word of text as a
// word prefix. The full-text index finds the candidates; they are ranked
// here by how closely one name matches (1 for an exact folded name), not by
// Lucene's relevance, so that ranking does not depend on index statistics.
func (s *Store) Search(ctx context.Context, text string, types []string, limit int) ([]reseau.SearchHit, error) {
	for _, t := range types {
		if !contains(searchTypes, t) {
			return nil, reseau.FieldErrorf("types", "%q is not a searchable type", t)
		}
	}
	if len(types) == 0 {
		types = searchTypes
	}
	if limit <= 0 {
		limit = 10
	}
	q := reseau.Fold(text)
	words := strings.Fields(q)
	if len(words) == 0 {
		return nil, nil
	}
	terms := make([]string, len(words))
	for i, w := range words {
		// Fold leaves only letters and digits: nothing to escape, and
		// lower-case words are never Lucene operators.
		terms[i] = w + "*"
	}
	recs, err := s.read(ctx, "search_nodes", scope(ctx, map[string]any{
		"index": searchIndex, "query": strings.Join(terms, " AND "), "candidates": int64(max(limit*10, 100)),
		"types": keys(types), "personType": reseau.TypePerson,
	}))
	if err != nil {
		return nil, err
	}
	hits := make([]reseau.SearchHit, 0, len(recs))
	for _, rec := range recs {
		typ, err := value[string](rec, "type")
		if err != nil {
			return nil, err
		}
		key, err := value[string](rec, "key")
		if err != nil {
			return nil, err
		}
		fold, err := value[string](rec, "fold")
		if err != nil {
			return nil, err
		}
		hits = append(hits, reseau.SearchHit{Type: typ, Key: key, Score: rank(q, words, fold)})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		if hits[i].Type != hits[j].Type {
			return hits[i].Type < hits[j].Type
		}
		return hits[i].Key < hits[j].Key
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// rank scores a candidate by its best name: 1 when the folded name is the
// query; otherwise, below 1, the share of the name's words the query covers
// times the share of the query's words found in that name.
func rank(q string, words []string, fold string) float64 {
	best := 0.01 // the index matched: never 0
	for _, name := range strings.Split(fold, "\n") {
		if name == q {
			return 1
		}
		nw := strings.Fields(name)
		if len(nw) == 0 {
			continue
		}
		covered, found := 0, 0
		for _, n := range nw {
			for _, w := range words {
				if strings.HasPrefix(n, w) {
					covered++
					break
				}
			}
		}
		for _, w := range words {
			for _, n := range nw {
				if strings.HasPrefix(n, w) {
					found++
					break
				}
			}
		}
		score := 0.9 * float64(covered) / float64(len(nw)) * float64(found) / float64(len(words))
		if strings.HasPrefix(name, q) {
			score += 0.05
		}
		if score > best {
			best = score
		}
	}
	return best
}

func contains(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}
