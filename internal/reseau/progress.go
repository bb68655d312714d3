package reseau

import "context"

// ProgressFunc receives the progress of a long operation: done of total
// dataset rows. It is called from the goroutine running the operation, so
// it must return quickly; done may go back (a Neo4j transaction retried)
// and ends at total when the operation succeeds.
type ProgressFunc func(done, total int)

type progressKey struct{}

// WithProgress returns ctx carrying f, which Store.Import calls as its rows
// are written.
func WithProgress(ctx context.Context, f ProgressFunc) context.Context {
	return context.WithValue(ctx, progressKey{}, f)
}

// ReportProgress calls the ProgressFunc of ctx, if any.
func ReportProgress(ctx context.Context, done, total int) {
	if f, _ := ctx.Value(progressKey{}).(ProgressFunc); f != nil {
		f(done, total)
	}
}
