package reseau

import (
	"net/url"
	"slices"
	"strings"
)

// fillers are the words that say nothing about which organisation or person
// a name is: articles, prepositions and legal forms, in French, Dutch and
// English. Two names that share only these are not alike.
var fillers = map[string]bool{
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "l": true, "d": true,
	"et": true, "a": true, "au": true, "aux": true, "en": true, "pour": true, "sur": true,
	"asbl": true, "vzw": true, "aisbl": true, "sprl": true, "srl": true, "sa": true, "nv": true,
	"van": true, "het": true, "een": true, "voor": true, "the": true, "of": true, "and": true,
}

// NameTokens returns the words of a name that tell it apart: folded
// (Fold), without fillers (articles, prepositions, legal forms such as
// "asbl"), in their order.
func NameTokens(s string) []string {
	var out []string
	for _, w := range strings.Fields(Fold(s)) {
		if !fillers[w] {
			out = append(out, w)
		}
	}
	return out
}

// NameSimilarity says how alike two names are, from 0 (nothing in common)
// to 1 (the same once folded and stripped of fillers): WeightedNameSimilarity
// with every word weighing the same.
func NameSimilarity(a, b string) float64 {
	return WeightedNameSimilarity(NameTokens(a), NameTokens(b), nil)
}

// WeightedNameSimilarity compares two names given as NameTokens: the
// weight of the words they share over the weight of all their words (a
// Jaccard index), where two words are shared when they are equal or differ
// by a typo (the same first letter, and their trigrams at least 0.6 alike, for
// words of five letters or more). weight (nil: 1 each) lets a caller count a word that many names
// hold ("maison", "cpas") less than a rare one.
func WeightedNameSimilarity(ta, tb []string, weight func(string) float64) float64 {
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	if weight == nil {
		weight = func(string) float64 { return 1 }
	}
	if slices.Equal(ta, tb) {
		return 1
	}
	used := make([]bool, len(tb))
	var shared, total float64
	for _, a := range ta {
		m := -1
		for j, b := range tb {
			if !used[j] && a == b {
				m = j
				break
			}
		}
		if m < 0 {
			for j, b := range tb {
				if !used[j] && typo(a, b) {
					m = j
					break
				}
			}
		}
		wa := weight(a)
		if m >= 0 {
			used[m] = true
			w := (wa + weight(tb[m])) / 2
			shared += w
			total += w
		} else {
			total += wa
		}
	}
	for j, b := range tb {
		if !used[j] {
			total += weight(b)
		}
	}
	if total == 0 {
		return 0
	}
	return shared / total
}

// typo reports whether two different words are probably one word mistyped.
func typo(a, b string) bool {
	if len(a) < 5 || len(b) < 5 || len(a)-len(b) > 3 || len(b)-len(a) > 3 || a[0] != b[0] {
		return false
	}
	ga, gb := trigrams([]string{a}), trigrams([]string{b})
	inter := 0
	for g := range ga {
		if gb[g] {
			inter++
		}
	}
	return float64(inter)/float64(len(ga)+len(gb)-inter) >= 0.6
}

// trigrams returns the padded trigrams of each word ("  x", " xy", "xyz",
// ...), so that short words count too.
func trigrams(words []string) map[string]bool {
	g := make(map[string]bool)
	for _, w := range words {
		p := "  " + w + " "
		r := []rune(p)
		for i := 0; i+3 <= len(r); i++ {
			g[string(r[i:i+3])] = true
		}
	}
	return g
}

// FoldPhone keeps the digits of a phone number, with a Belgian "+32" or
// "0032" turned into the national "0" (and the trunk "0" some write after
// it, "+32 (0)2", dropped), so that "+32 2 123 45 67", "+32 (0)2 123 45 67"
// and "02/123.45.67" compare equal; "" when fewer than 6 digits remain.
func FoldPhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0032"):
		d = "0" + strings.TrimPrefix(d[4:], "0")
	case strings.HasPrefix(strings.TrimSpace(s), "+32"):
		d = "0" + strings.TrimPrefix(d[2:], "0")
	}
	if len(d) < 6 {
		return ""
	}
	return d
}

// FoldEmail lower-cases and trims an e-mail address.
func FoldEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// FoldWebsite returns the comparable form of a web address: its host in
// lower case without "www." or port, then its path without trailing
// slashes, with neither scheme, query nor fragment, so that
// "https://www.Example.be/" and "http://example.be" compare equal while two
// pages of one platform (facebook.com/a, facebook.com/b) do not; "" when s
// names no host.
func FoldWebsite(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	return host + strings.ToLower(strings.TrimRight(u.EscapedPath(), "/"))
}

// streetWords are the abbreviations of street names that addresses are
// written with, and the word they stand for.
var streetWords = map[string]string{
	"av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "boul": "boulevard",
	"ch": "chaussee", "chee": "chaussee", "chaus": "chaussee", "pl": "place", "r": "rue", "sq": "square",
}

// boxWords are the words of a house number that introduce a box or flat
// ("12 bte 3", "12 bus 3").
var boxWords = map[string]bool{"bte": true, "boite": true, "bt": true, "bus": true, "b": true}

// FoldAddress returns the comparable form of an address, whatever its kind:
// the street folded (Fold) with its usual abbreviations written out ("Av.",
// "Bd", "Chée", "Pl."), the house number folded with its box written "b"
// ("12 bte 3" and "12 bus 3" alike), and the postcode. "" without street or
// postcode.
func FoldAddress(a Address) string {
	street, pc := Fold(a.Street), strings.TrimSpace(a.Postcode)
	if street == "" || pc == "" {
		return ""
	}
	words := strings.Fields(street)
	for i, w := range words {
		if full, ok := streetWords[w]; ok {
			words[i] = full
		}
	}
	num := strings.Fields(Fold(a.Number))
	for i, w := range num {
		if boxWords[w] {
			num[i] = "b"
		}
	}
	return strings.Join(words, " ") + "|" + strings.Join(num, " ") + "|" + pc
}

// FoldIdentifier returns the comparable form of an identifier: scheme and
// value in upper case without spaces, dots, dashes or slashes, the scheme
// "KBO" (the Dutch name of the register) read as IdentifierBCE, so that
// "bce 0212.345.668" and "KBO 0212345668" compare equal.
func FoldIdentifier(i Identifier) string {
	norm := func(s string) string {
		var b strings.Builder
		for _, r := range strings.ToUpper(s) {
			if r != ' ' && r != '.' && r != '-' && r != '/' {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	scheme := norm(i.Scheme)
	if scheme == "KBO" {
		scheme = IdentifierBCE
	}
	return scheme + "|" + norm(i.Value)
}
