// Package httperr writes the errors that the HTTP layer answers before any
// GraphQL work (a bad token, a refused method or body, a bad download or
// upload), shaped like GraphQL errors so that clients read every refusal
// the same way: {"errors":[{"message":…,"extensions":{"code":…}}]}.
package httperr

import (
	"encoding/json"
	"net/http"
)

// Write answers status with one error carrying msg and extensions.code.
// Errors are never cached.
func Write(w http.ResponseWriter, status int, code, msg string) {
	write(w, status, msg, map[string]any{"code": code})
}

// WriteField is Write for an error about one part of the request, named in
// extensions.field (a GraphQL request's "query", "variables"…).
func WriteField(w http.ResponseWriter, status int, code, field, msg string) {
	write(w, status, msg, map[string]any{"code": code, "field": field})
}

func write(w http.ResponseWriter, status int, msg string, ext map[string]any) {
	type gqlErr struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	}
	body, _ := json.Marshal(struct {
		Errors []gqlErr `json:"errors"`
	}{[]gqlErr{{Message: msg, Extensions: ext}}})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
