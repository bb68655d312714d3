package reseau

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// newFolder returns the accent-stripping transformer. A transform.Chain
// keeps state between calls, so each call of Fold needs its own: a shared
// one corrupts concurrent searches and imports (slice bounds panics).
func newFolder() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// folders recycles the transformers of Fold: each is used by one call at a
// time (transform.String resets it first), and a new one allocates 8 KiB
// of buffers, the most of what folding a name costs.
var folders = sync.Pool{New: func() any { return newFolder() }}

// Fold lower-cases s, strips accents, turns punctuation into spaces and
// collapses spaces, so that "Le Méridien, SSM" and "le meridien ssm" compare
// equal. Search in every store compares folded strings.
func Fold(s string) string {
	if s == "" {
		return ""
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		f := folders.Get().(transform.Transformer)
		if t, _, err := transform.String(f, s); err == nil {
			s = t
		}
		folders.Put(f)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(b.String(), " ")
}
