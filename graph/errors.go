package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// ErrorPresenter is the one place where errors become GraphQL errors. A
// *reseau.Error keeps its message and gets its code in extensions.code (and
// the input field, or the file/line/column of an import, when known). Errors
// from the GraphQL engine itself (parse, validation) keep their own code. Any
// other error is internal: logged with its cause, answered as "internal error"
// so that nothing of the store leaks.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		var re *reseau.Error
		if stop := reseau.Stopped(ctx); stop != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
			reseau.ErrorCode(err) == reseau.EUNAVAILABLE || reseau.ErrorCode(err) == reseau.ETIMEOUT) {
			// Whichever layer noticed first (a store, a loader, the
			// analytics), the answer says which limit stopped the request.
			err = stop
		}
		switch {
		case errors.As(err, &re):
			gerr.Message = re.Error()
			gerr.Extensions = map[string]any{"code": re.Code}
			if re.Field != "" {
				gerr.Extensions["field"] = re.Field
			}
			if re.File != "" {
				gerr.Extensions["file"] = re.File
				gerr.Extensions["line"] = re.Line
				gerr.Extensions["column"] = re.Column
			}
			if re.Section != "" {
				gerr.Extensions["section"] = re.Section
				gerr.Extensions["row"] = re.Row
			}
			if re.Code == reseau.EINTERNAL {
				maskInternal(ctx, log, gerr, err)
			}
		case gerr.Err == nil && gerr.Extensions["code"] != nil:
			// An error of the GraphQL engine (GRAPHQL_PARSE_FAILED,
			// GRAPHQL_VALIDATION_FAILED...): it speaks of the query, not of us.
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			// A context of its own, not the request's: the request goes on.
			gerr.Message = "the work was cancelled or timed out"
			gerr.Extensions = map[string]any{"code": reseau.EUNAVAILABLE}
		case gerr.Err == nil:
			// The engine's own errors without a code are about the request.
			gerr.Extensions = map[string]any{"code": reseau.EINVALID}
		default:
			maskInternal(ctx, log, gerr, err)
		}
		return gerr
	}
}

// maskInternal logs an internal error with its cause and the request id, and
// answers only the id, which lets a user's report find the log line.
func maskInternal(ctx context.Context, log *slog.Logger, gerr *gqlerror.Error, err error) {
	id := httperr.RequestID(ctx)
	log.ErrorContext(ctx, "internal error", "request", id, "path", gerr.Path.String(), "err", err)
	gerr.Message = "internal error"
	gerr.Extensions = map[string]any{"code": reseau.EINTERNAL}
	if id != "" {
		gerr.Message = "internal error (request " + id + ")"
		gerr.Extensions["requestId"] = id
	}
}

// Recover turns a panic in a resolver into an internal error, logged with
// its value; the request and the server go on.
func Recover(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", v)
		return fmt.Errorf("panic: %v", v)
	}
}
