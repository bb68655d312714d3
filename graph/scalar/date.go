// Package scalar holds the marshalling of Réseau's custom GraphQL scalars.
package scalar

import (
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// MarshalDate writes a date string, or null for an unknown (empty) date, so
// that clients never have to tell "" from a missing value.
func MarshalDate(s string) graphql.Marshaler {
	if s == "" {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(s))
	})
}

// UnmarshalDate accepts YYYY, YYYY-MM or YYYY-MM-DD and answers an EINVALID
// error otherwise, so a bad date is a coded input error and not an internal one.
func UnmarshalDate(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", reseau.Errorf(reseau.EINVALID, "a date must be a string, got %T", v)
	}
	if !reseau.ValidDate(s) {
		return "", reseau.Errorf(reseau.EINVALID, "%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s)
	}
	return s, nil
}
