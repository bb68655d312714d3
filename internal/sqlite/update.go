package sqlite

import (
	"context"
	"database/sql"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// update patches one node in a single write transaction, so that two
// concurrent patches of a node both land: load reads the node under the
// write lock, apply changes a copy, save writes it and records the audit
// entry. An error from apply is returned as is, not as a driver error.
func update[T any, P reseau.Patched[T]](ctx context.Context, s *Store, key string, apply func(*T) error,
	load func(context.Context, queryer, string) (*T, error), save func(tx *sql.Tx, before, after *T) error) (*T, error) {
	var out *T
	var applyErr error
	err := s.write(ctx, func(tx *sql.Tx) error {
		before, err := load(ctx, tx, key)
		if err != nil {
			return err
		}
		after, err := reseau.ApplyPatch[T, P](before, func(v *T) error {
			applyErr = apply(v)
			return applyErr
		})
		if err != nil {
			return err
		}
		out = after
		return save(tx, before, after)
	})
	if applyErr != nil {
		return nil, applyErr
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}
