package reseau

import (
	"strings"
	"unicode"
)

// FoldNames folds each of names and joins them with newlines (Fold never
// yields one), so that a substring search never spans two names. It is the
// searched text of a node in every store, and the names argument of
// SearchScore.
func FoldNames(names ...string) string {
	var b strings.Builder
	for _, n := range names {
		if f := Fold(n); f != "" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(f)
		}
	}
	return b.String()
}

// SearchScore rates how well a folded query matches the best of names
// (folded names separated by newlines): 1 for an exact match, otherwise in
// (0, 0.95] growing with the share of query words found in the name (a whole
// word counts 1, the start of a word 0.8, the inside of a word 0.4) and, to a
// lesser degree, with the share of the name's words that the query matched,
// so that "SSM La Gerbe" prefers "La Gerbe SSM" to "Mémoire Vivante - SSM
// La Gerbe asbl". 0 means no match.
//
// Every store ranks search hits with it, so that the same data answers the
// same order whatever the store; a store only chooses how it finds the
// candidates (the names holding one of the query's words).
func SearchScore(query, names string) float64 {
	var sc Scorer
	sc.Reset(query)
	return sc.Score(names)
}

// Scorer is SearchScore for one query and many names: it splits the query
// once and reuses its buffers, so that scoring the 40,000 candidates of a
// common word at scale L allocates nothing. The zero Scorer is ready after
// Reset; not safe for concurrent use.
type Scorer struct {
	query  string
	words  []string
	tokens []string
	used   []bool
}

// Reset makes sc score names against query.
func (sc *Scorer) Reset(query string) {
	sc.query = query
	sc.words = appendFields(sc.words[:0], query)
}

// Score is SearchScore(query, names) for the query of the last Reset.
func (sc *Scorer) Score(names string) float64 {
	words := sc.words
	if len(words) == 0 {
		return 0
	}
	best := 0.0
	for names != "" {
		name := names
		if i := strings.IndexByte(names, '\n'); i >= 0 {
			name, names = names[:i], names[i+1:]
		} else {
			names = ""
		}
		if name == sc.query {
			return 1
		}
		sc.tokens = appendFields(sc.tokens[:0], name)
		tokens := sc.tokens
		if len(tokens) == 0 {
			continue
		}
		sc.used = append(sc.used[:0], make([]bool, len(tokens))...)
		used := sc.used
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
		if s := 0.95 * coverage * (0.6 + 0.4*precision); s > best {
			best = s
		}
	}
	return best
}

// appendFields appends the fields of s to dst, as strings.Fields splits
// them (around Unicode white space), without allocating when dst has room.
func appendFields(dst []string, s string) []string {
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				dst = append(dst, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}
