package analytics

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// stopped is the error of work given up because ctx is done: ETIMEOUT or
// EUNAVAILABLE, saying which limit was hit (see reseau.Stopped).
func stopped(ctx context.Context) error {
	if err := reseau.Stopped(ctx); err != nil {
		return err
	}
	return nil
}

// checkEvery is how many iterations of a hot loop run between two looks at
// the context: a look costs a few nanoseconds, an iteration of the cheapest
// loops about as much, and 1024 of them well under a millisecond.
const checkEvery = 1024

// poll is a cancellation check for hot loops: tick looks at the context
// only every checkEvery calls.
type poll struct {
	ctx context.Context
	n   int
}

// tick counts one iteration and returns the context's error (see stopped)
// once it is done.
func (p *poll) tick() error {
	p.n++
	if p.n%checkEvery != 0 {
		return nil
	}
	return p.now()
}

// now looks at the context at once: for loops whose iterations are long
// (a breadth-first search over the whole graph).
func (p *poll) now() error {
	if p.ctx.Err() != nil {
		return stopped(p.ctx)
	}
	return nil
}
