package sqlite

import (
	"context"
	"errors"
	"sync"
)

// Warm builds the in-memory indexes that reads use (the collaboration ties,
// the partnerships, the folded names of Search), so that the reads after a
// start find them: at scale L they take about two seconds (side by side). A server calls it
// before it listens. Reads that come while one is built (an import resets
// them) read ties and partners from SQL (lazy.Index.Ready); a search waits
// for its index (which it starts if none is being built). Errors are the
// store's, or ctx's if it ends first.
func (s *Store) Warm(ctx context.Context) error {
	s.refresh(ctx)
	// The three are independent: side by side on two cores they take the
	// time of the longest (the ties), not the sum.
	builds := []func() error{
		func() error { _, err := s.ties.graph.Get(ctx, 0); return err },
		func() error { _, err := s.partners.graph.Get(ctx, 0); return err },
		func() error { _, err := s.search.names.Get(ctx, 0); return err },
	}
	errs := make([]error, len(builds))
	var wg sync.WaitGroup
	for i, build := range builds {
		wg.Go(func() { errs[i] = build() })
	}
	wg.Wait()
	return errors.Join(errs...)
}
