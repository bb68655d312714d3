package reseau

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Error codes. Adapters translate driver errors into these at their boundary;
// the GraphQL error presenter is the only place they become extensions.code.
const (
	ECONFLICT     = "CONFLICT"
	EINTERNAL     = "INTERNAL"
	EINVALID      = "INVALID"
	ENOTFOUND     = "NOT_FOUND"
	EUNAUTHORIZED = "UNAUTHENTICATED"
	EFORBIDDEN    = "FORBIDDEN"
	EUNAVAILABLE  = "UNAVAILABLE"
	ETIMEOUT      = "TIMEOUT"
)

// Error is Réseau's application error: a code, a message a user can act on,
// and for import errors the place (file, line, column) where it was found.
type Error struct {
	Code    string
	Message string
	File    string // import file name, if any
	Line    int    // 1-based line in File, 0 if unknown
	Column  string // column name in File, "" if unknown
	Field   string // input field of a mutation, "" if unknown
	Section string // dataset section of an import ("participations"), "" if none
	Row     int    // 0-based row in Section
}

// Error implements error.
func (e *Error) Error() string {
	if e.File != "" {
		loc := e.File
		if e.Line > 0 {
			loc += fmt.Sprintf(":%d", e.Line)
		}
		if e.Column != "" {
			loc += " column " + e.Column
		}
		return fmt.Sprintf("%s: %s", loc, e.Message)
	}
	where := e.Field
	if e.Section != "" {
		where = fmt.Sprintf("%s[%d]", e.Section, e.Row)
		if e.Field != "" {
			where += "." + e.Field
		}
	}
	if where != "" {
		return fmt.Sprintf("%s: %s", where, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID *Error about one input field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for internal errors, which must never leak to a user.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Error()
	}
	return "internal error"
}

// Stopped returns the error of work given up because ctx is done: ETIMEOUT
// when its deadline passed, EUNAVAILABLE when it was cancelled (the client
// went away, or the server is stopping). When the context was given a cause
// (context.WithTimeoutCause, as the HTTP layer does with its request
// timeout), the message is the cause's, which names the limit that was hit.
// Nil when ctx is not done.
func Stopped(ctx context.Context) *Error {
	err := ctx.Err()
	if err == nil {
		return nil
	}
	cause := context.Cause(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		msg := "the request ran out of time and was stopped"
		if cause != nil && cause != err {
			msg = cause.Error()
		}
		return &Error{Code: ETIMEOUT, Message: msg}
	}
	msg := "the request was cancelled (the client went away) and was stopped"
	if cause != nil && cause != err {
		msg = cause.Error()
	}
	return &Error{Code: EUNAVAILABLE, Message: msg}
}

// The errors of the rules that only a store can check, since they need the
// stored graph: every store words them alike through these.

// NotFound is the ENOTFOUND of a node of type typ (a Type* constant).
func NotFound(typ, key string) *Error {
	return Errorf(ENOTFOUND, "%s %q not found", strings.ToLower(typ), key)
}

// EdgeNotFound is the ENOTFOUND of a relationship row a–b of type typ.
func EdgeNotFound(typ, a, b string) *Error {
	return Errorf(ENOTFOUND, "%s %q – %q not found", strings.ToLower(typ), a, b)
}

// AlreadyExists is the ECONFLICT of a create whose key is taken.
func AlreadyExists(typ, key string) *Error {
	return Errorf(ECONFLICT, "%s %q already exists", strings.ToLower(typ), key)
}

// MissingRef is the EINVALID of a reference (field) to a node of type typ
// that does not exist.
func MissingRef(field, typ, key string) *Error {
	return FieldErrorf(field, "%s %q does not exist", strings.ToLower(typ), key)
}

// PartOfCycle is the EINVALID of a PART_OF that would make key part of
// itself: parent is already part of it.
func PartOfCycle(parent, key string) *Error {
	return FieldErrorf("parent", "%q is already part of %q: that would make a cycle", parent, key)
}
