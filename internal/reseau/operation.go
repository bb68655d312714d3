package reseau

import (
	"context"
	"errors"
)

// operationKey is the context key of a store's running Store.Atomic
// operation: one key per store value, so that operations on two stores
// nest without hiding each other.
type operationKey[S comparable] struct{ store S }

// WithOperation returns ctx carrying op as store's running operation (see
// Store.Atomic). Stores keep there what their writes and reads join.
func WithOperation[S comparable, O any](ctx context.Context, store S, op O) context.Context {
	return context.WithValue(ctx, operationKey[S]{store}, op)
}

// OperationOf returns store's operation carried by ctx, and false when
// there is none or it has ended.
func OperationOf[S comparable, O interface{ Ended() bool }](ctx context.Context, store S) (O, bool) {
	op, ok := ctx.Value(operationKey[S]{store}).(O)
	if !ok || op.Ended() {
		var zero O
		return zero, false
	}
	return op, true
}

// KnownError returns err when it already is the domain's *Error, or the
// EUNAVAILABLE of a context that ended, with true; otherwise false. A
// store's boundary translation starts with it and words only its driver's
// own errors.
func KnownError(err error) (error, bool) {
	var re *Error
	if errors.As(err, &re) {
		return err, true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Code: EUNAVAILABLE, Message: "the request was cancelled or timed out"}, true
	}
	return nil, false
}
