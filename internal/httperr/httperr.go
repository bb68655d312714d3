// Package httperr writes the errors that the HTTP layer answers before any
// GraphQL work (a bad token, a refused method or body, a bad download or
// upload), shaped like GraphQL errors so that clients read every refusal
// the same way: {"errors":[{"message":…,"extensions":{"code":…}}]}.
//
// It holds the one table from error code to HTTP status (Status): every
// HTTP error body is written here, with the status of its code, so that a
// code means the same status on every route.
package httperr

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Error codes of the HTTP layer itself, beside reseau's: refusals of a
// request's form rather than of what it asks.
const (
	CodeBadRequest       = "BAD_REQUEST"
	CodeBatch            = "BATCH_NOT_SUPPORTED"
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"
	CodeMediaType        = "UNSUPPORTED_MEDIA_TYPE"
	CodeTooLarge         = "PAYLOAD_TOO_LARGE"
	CodeOrigin           = "ORIGIN_NOT_ALLOWED"
)

// codes is the HTTP status of each error code.
var codes = map[string]int{
	// ENOTFOUND is 400, not 404: every route that answers it (a download's
	// centre or domain, an import's reference) exists; what the request
	// names does not, which is the request's fault.
	reseau.EINVALID:      http.StatusBadRequest,
	reseau.ENOTFOUND:     http.StatusBadRequest,
	reseau.ECONFLICT:     http.StatusConflict,
	reseau.EUNAUTHORIZED: http.StatusUnauthorized,
	reseau.EFORBIDDEN:    http.StatusForbidden,
	reseau.EUNAVAILABLE:  http.StatusServiceUnavailable,
	reseau.ETIMEOUT:      http.StatusServiceUnavailable, // the server's own time limit, not a gateway's (504)
	reseau.EINTERNAL:     http.StatusInternalServerError,

	CodeBadRequest:       http.StatusBadRequest,
	CodeBatch:            http.StatusBadRequest,
	CodeMethodNotAllowed: http.StatusMethodNotAllowed,
	CodeMediaType:        http.StatusUnsupportedMediaType,
	CodeTooLarge:         http.StatusRequestEntityTooLarge,
	CodeOrigin:           http.StatusForbidden,
}

type requestIDKey struct{}

// RequestID returns the id of the request in ctx (see WithRequestID), or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// WithRequestID returns ctx carrying id, the request's id that masked
// internal errors quote (limits.RequestIDs gives every request one).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// Status returns the HTTP status of an error code: 500 for a code this
// table does not know, which is a bug of ours, not of the request.
func Status(code string) int {
	if s, ok := codes[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Challenge is the WWW-Authenticate value of a 401 for a request that sent
// no token (RFC 6750, 3.1: the challenge names no error). A route that
// refused a token sets its own challenge before calling Error.
const Challenge = `Bearer realm="reseau"`

// Error answers err with the status of its code (see Status) and, in
// extensions, its code and, when known, the input field, the file, line and
// column of a CSV import or the section and row of a snapshot, as the
// GraphQL error presenter does. An internal error (a *reseau.Error with code
// EINTERNAL, or any other error) is logged with its cause and answered
// "internal error" with the request id, which lets a user's report find the
// log line. A request whose context ended is ETIMEOUT (its deadline passed,
// naming the limit) or EUNAVAILABLE (cancelled), as reseau.Stopped says.
func Error(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	ctx := r.Context()
	var re *reseau.Error
	if !errors.As(err, &re) && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		if re = reseau.Stopped(ctx); re == nil {
			re = reseau.Errorf(reseau.EUNAVAILABLE, "the request was cancelled or timed out")
		}
	}
	code, msg := reseau.EINTERNAL, ""
	if re != nil {
		code, msg = re.Code, re.Error()
	}
	ext := map[string]any{"code": code}
	if code == reseau.EINTERNAL {
		if log == nil {
			log = slog.Default()
		}
		id := RequestID(ctx)
		log.ErrorContext(ctx, "internal error", "request", id, "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error"
		if id != "" {
			msg = "internal error (request " + id + ")"
			ext["requestId"] = id
		}
	} else {
		if re.Field != "" {
			ext["field"] = re.Field
		}
		if re.File != "" {
			ext["file"] = re.File
			ext["line"] = re.Line
			ext["column"] = re.Column
		}
		if re.Section != "" {
			ext["section"] = re.Section
			ext["row"] = re.Row
		}
	}
	write(w, code, msg, ext)
}

// Write answers one error carrying msg and extensions.code, with the status
// of code.
func Write(w http.ResponseWriter, code, msg string) {
	write(w, code, msg, map[string]any{"code": code})
}

// WriteField is Write for an error about one part of the request, named in
// extensions.field (a GraphQL request's "query", "variables"…).
func WriteField(w http.ResponseWriter, code, field, msg string) {
	write(w, code, msg, map[string]any{"code": code, "field": field})
}

// write is the one writer of HTTP error bodies. Errors are never cached.
func write(w http.ResponseWriter, code, msg string, ext map[string]any) {
	type gqlErr struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	}
	body, _ := json.Marshal(struct {
		Errors []gqlErr `json:"errors"`
	}{[]gqlErr{{Message: msg, Extensions: ext}}})
	status := Status(code)
	h := w.Header()
	if status == http.StatusUnauthorized && h.Get("WWW-Authenticate") == "" {
		h.Set("WWW-Authenticate", Challenge) // a 401 must carry one (RFC 9110, 15.5.2)
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
