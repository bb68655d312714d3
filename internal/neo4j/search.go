package neo4j

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// searchIndex is the full-text index of migrate_schema.
const searchIndex = "reseau_search"

// maxCandidates bounds what one search reads from the index: only a query
// made of one or two letters matches more.
const maxCandidates = 10000

var searchTypes = []string{reseau.TypeOrganisation, reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership, reseau.TypeDomain}

// Search finds nodes whose names, short names, aliases, titles or labels
// hold the words of text, whatever their case and accents, best first. The
// full-text index over the folded names finds the candidates (a name holding
// one of the words, as the embedded store selects them); reseau.SearchScore
// ranks them, so both stores answer the same hits in the same order.
func (s *Store) Search(ctx context.Context, text string, types []string, limit int) ([]reseau.SearchHit, error) {
	for _, t := range types {
		if !slices.Contains(searchTypes, t) {
			return nil, reseau.FieldErrorf("types", "%q is not a node type", t)
		}
	}
	if len(types) == 0 {
		types = searchTypes
	}
	query := reseau.Fold(text)
	words := strings.Fields(query)
	if len(words) == 0 {
		return nil, nil
	}
	terms := make([]string, len(words))
	for i, w := range words {
		// Fold leaves letters and digits only: nothing to escape, and a
		// lower-case word is never a Lucene operator.
		terms[i] = "*" + w + "*"
	}
	recs, err := s.read(ctx, "search_nodes", scope(ctx, map[string]any{
		"index": searchIndex, "query": strings.Join(terms, " OR "), "candidates": int64(maxCandidates),
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
		names, err := value[string](rec, "fold")
		if err != nil {
			return nil, err
		}
		if sc := reseau.SearchScore(query, names); sc > 0 {
			hits = append(hits, reseau.SearchHit{Type: typ, Key: key, Score: sc})
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
