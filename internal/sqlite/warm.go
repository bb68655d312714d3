package sqlite

import (
	"context"
)

// Warm builds the in-memory indexes that reads use (the collaboration ties,
// the partnerships, the folded names of Search), so that the reads after a
// start find them: at scale L they take seconds. A server calls it in the
// background right after it starts; ties and partners asked meanwhile are
// read from SQL (lazy.Index.Ready), a search waits for its index (which it
// starts if Warm has not yet). Errors are the store's, or ctx's if it ends
// first.
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
