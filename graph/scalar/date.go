// Package scalar holds the marshalling of Réseau's custom GraphQL scalars.
package scalar

import (
	"io"
	"strconv"
	"time"

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
	if !validDate(s) {
		return "", reseau.Errorf(reseau.EINVALID, "%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s)
	}
	return s, nil
}

// validDate checks the shape and the ranges of a possibly partial date.
func validDate(s string) bool {
	layout := map[int]string{0: "", 4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	if s == "" {
		return true
	} else if layout == "" {
		return false
	}
	_, err := time.Parse(layout, s)
	return err == nil
}
