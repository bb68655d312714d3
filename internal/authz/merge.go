package authz

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// MergeOrganisations implements reseau.Store: coordinators only, as
// deleting an organisation (a merge deletes one, and rewrites what other
// organisations' people and collaborations point at).
func (s *Store) MergeOrganisations(ctx context.Context, into, from string) (*reseau.Organisation, error) {
	if err := need(ctx, reseau.RoleCoordinator, "merge organisations"); err != nil {
		return nil, err
	}
	return s.next.MergeOrganisations(ctx, into, from)
}

// MergePeople implements reseau.Store: coordinators only. They see every
// person, so that a merge never asks about a hidden one: below them the
// answer is FORBIDDEN whatever the keys, hidden, absent or visible.
func (s *Store) MergePeople(ctx context.Context, into, from string) (*reseau.Person, error) {
	if err := need(ctx, reseau.RoleCoordinator, "merge people"); err != nil {
		return nil, err
	}
	return s.next.MergePeople(ctx, into, from)
}

// Redirects implements reseau.Store for every caller: the answer is keys
// only, which reseau.Checked resolves before the call they serve, and that
// call is checked as if the caller had named the node it resolves to.
func (s *Store) Redirects(ctx context.Context, typ string, keys []string) (map[string]string, error) {
	return s.next.Redirects(ctx, typ, keys)
}
