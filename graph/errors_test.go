package graph_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestErrorPresenter(t *testing.T) {
	present := graph.ErrorPresenter(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, tc := range []struct {
		name    string
		err     error
		code    string
		message string // "" to skip
	}{
		{"domain error", reseau.FieldErrorf("name", "is empty"), reseau.EINVALID, "name: is empty"},
		{"wrapped domain error", fmt.Errorf("create: %w", reseau.Errorf(reseau.ENOTFOUND, "no such key")), reseau.ENOTFOUND, "no such key"},
		{"import error", &reseau.Error{Code: reseau.EINVALID, File: "organisations.csv", Line: 3, Column: "sector", Message: "unknown sector"},
			reseau.EINVALID, "organisations.csv:3 column sector: unknown sector"},
		{"internal domain error", reseau.Errorf(reseau.EINTERNAL, "constraint failed: secret"), reseau.EINTERNAL, "internal error"},
		{"other error", errors.New("sql: database is locked at /var/secret.db"), reseau.EINTERNAL, "internal error"},
		{"cancelled", context.Canceled, reseau.EUNAVAILABLE, ""},
		{"engine error", &gqlerror.Error{Message: "Cannot query field", Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}},
			"GRAPHQL_VALIDATION_FAILED", "Cannot query field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := present(context.Background(), tc.err)
			if got.Extensions["code"] != tc.code {
				t.Errorf("code %v, want %s", got.Extensions["code"], tc.code)
			}
			if tc.message != "" && got.Message != tc.message {
				t.Errorf("message %q, want %q", got.Message, tc.message)
			}
		})
	}
}
