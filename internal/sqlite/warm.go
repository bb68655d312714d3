package sqlite

import (
	"context"
)

// Warm builds the in-memory indexes that reads use (the collaboration ties,
// the partnerships, the folded names of Search), so that the first request
// after a start does not pay for them: at scale L the ties alone take over a
// second. A server calls it in the background right after it starts;
// requests that arrive meanwhile wait for the same builds (lazy.Index
// shares them). Errors are the store's, or ctx's if it ends first.
func (s *Store) Warm(ctx context.Context) error {
	s.refresh(ctx)
	if _, err := s.ties.graph.Get(ctx, 0); err != nil {
		return err
	}
	if _, err := s.partners.graph.Get(ctx, 0); err != nil {
		return err
	}
	_, err := s.search.names.Get(ctx, 0)
	return err
}
