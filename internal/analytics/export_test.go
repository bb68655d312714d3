package analytics

import "context"

// SetOnSource sets the hook called before each breadth-first source of the
// brokers' computation, for the tests of package analytics_test; the
// returned function removes it.
func SetOnSource(f func(context.Context)) (restore func()) {
	onSource = f
	return func() { onSource = nil }
}
