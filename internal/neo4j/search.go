package neo4j

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// searchIndexes are the full-text indexes of migrate_schema, one per type.
var searchIndexes = map[string]string{
	reseau.TypeOrganisation:  "search_organisation_words",
	reseau.TypePerson:        "search_person_words",
	reseau.TypeCollaboration: "search_collaboration_words",
	reseau.TypePartnership:   "search_partnership_words",
	reseau.TypeDomain:        "search_domain_words",
}

// maxCandidates bounds what one search reads from each index, best scored
// first (whole words, then prefixes, then insides).
const maxCandidates = 10000

// searchQuery is the full-text query of a folded text: each word as a whole
// word, boosted 4, as a prefix, boosted 2, and anywhere inside a word, ORed,
// so that Lucene scores a name holding the word itself above one where it
// starts a word, above one where it is inside a word. Fold leaves letters
// and digits only: nothing to escape, and a lower-case word is never a
// Lucene operator.
func searchQuery(words []string) string {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = w + "^4 OR " + w + "*^2 OR *" + w + "*"
	}
	return strings.Join(terms, " OR ")
}

var searchTypes = []string{reseau.TypeOrganisation, reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership, reseau.TypeDomain}

// Search finds nodes whose names, short names, aliases, titles or labels
// hold the words of text, whatever their case and accents, best first. The
// full-text index over the folded names finds the candidates (a name holding
// one of the words, as the embedded store selects them); reseau.SearchScore
// ranks them, so both stores answer the same hits in the same order.
func (s *Store) Search(ctx context.Context, text string, types []string, limit int) ([]reseau.SearchHit, error) {
	if len(types) == 0 {
		types = searchTypes
	}
	types = slices.Compact(slices.Sorted(slices.Values(types)))
	query := reseau.Fold(text)
	words := strings.Fields(query)
	if len(words) == 0 {
		return nil, nil
	}
	// A scoped caller's hidden people are dropped after the index: their
	// index is read whole, so that they never crowd out visible people.
	bounded := reseau.CallerFrom(ctx).PeopleScope().All
	var indexes []map[string]any
	for _, t := range types {
		indexes = append(indexes, map[string]any{"index": searchIndexes[t], "type": t, "bounded": t != reseau.TypePerson || bounded})
	}
	recs, err := s.read(ctx, "search_nodes", scope(ctx, map[string]any{
		"indexes": indexes, "query": searchQuery(words), "candidates": int64(s.candidates),
		"personType": reseau.TypePerson,
	}))
	if err != nil {
		return nil, err
	}
	hits := make([]reseau.SearchHit, 0, len(recs))
	var scorer reseau.Scorer
	scorer.Reset(query)
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
		if sc := scorer.Score(names); sc > 0 {
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
