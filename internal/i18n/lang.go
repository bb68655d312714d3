// Package i18n says things to people in their language: the language of a
// request (negotiated once, from Accept-Language), the catalogue of the
// explanations the analyses give (a stable code with parameters, and a text
// per language) and the vocabulary of the data (sectors, roles, kinds).
// It imports nothing of ours, like the domain package.
package i18n

import (
	"context"
	"net/http"
	"strconv"
	"strings"
)

// Lang is a language the answers are given in.
type Lang string

// The languages of Réseau: Brussels' two, and English for everyone else.
const (
	FR Lang = "fr"
	NL Lang = "nl"
	EN Lang = "en"
)

// Langs lists every language, in the order a catalogue is checked.
var Langs = []Lang{FR, NL, EN}

// Default is the language of a request that asks for none we speak:
// English, the language the API answered in before it spoke the others.
const Default = EN

// ParseLang returns the language of a tag ("nl-BE", "FR", "en_GB") and
// whether it is one of Langs.
func ParseLang(tag string) (Lang, bool) {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	for _, l := range Langs {
		if tag == string(l) {
			return l, true
		}
	}
	return "", false
}

// Negotiate returns the language of Langs that an Accept-Language header
// prefers (RFC 9110 §12.5.4: the highest q, the first on a tie), or Default
// when it names none of them.
func Negotiate(acceptLanguage string) Lang {
	best, bestQ := Default, 0.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(part, ";")
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		l, ok := ParseLang(tag)
		if ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

type langKey struct{}

// WithLang returns ctx answering in l.
func WithLang(ctx context.Context, l Lang) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

// FromContext returns the language of ctx, Default when none was set.
func FromContext(ctx context.Context) Lang {
	if l, ok := ctx.Value(langKey{}).(Lang); ok {
		return l
	}
	return Default
}

// Middleware puts the language negotiated from the request's Accept-Language
// in its context, once per request; a `lang` argument on a field overrides it.
// It answers with Vary: Accept-Language so that no cache serves one language
// to another.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Language")
		l := Negotiate(strings.Join(r.Header.Values("Accept-Language"), ","))
		next.ServeHTTP(w, r.WithContext(WithLang(r.Context(), l)))
	})
}
