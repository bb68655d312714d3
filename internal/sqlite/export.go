package sqlite

import (
	"context"
	"database/sql"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Export returns the whole graph the caller may see, every section sorted by
// key (then by the other key). People outside the caller's scope are absent,
// and so is every relationship that would name them. It reads in one
// transaction, so that the snapshot is consistent: an operation's own, once
// it has written (see Atomic).
func (s *Store) Export(ctx context.Context) (*reseau.Dataset, error) {
	var q queryer
	if tx := s.pending(ctx); tx != nil {
		q = tx
	} else {
		tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, formatError(err)
		}
		defer tx.Rollback()
		q = tx
	}
	var err error
	ds := &reseau.Dataset{}
	var all reseau.EdgeFilter
	if err := exportSection(ctx, q, &ds.Domains, scanDomain, `SELECT `+domainCols+` FROM domains ORDER BY key`); err != nil {
		return nil, err
	}
	if err := exportSection(ctx, q, &ds.Organisations, scanOrganisation, `SELECT `+orgCols+` FROM organisations o ORDER BY o.key`); err != nil {
		return nil, err
	}
	vis, vargs := visiblePerson(ctx, "p")
	if err := exportSection(ctx, q, &ds.People, scanPerson, `SELECT `+personCols+` FROM people p WHERE `+vis+` ORDER BY p.key`, vargs...); err != nil {
		return nil, err
	}
	if err := exportSection(ctx, q, &ds.Collaborations, scanCollaboration, `SELECT `+collabCols+` FROM collaborations c ORDER BY c.key`); err != nil {
		return nil, err
	}
	if err := exportSection(ctx, q, &ds.Partnerships, scanPartnership, `SELECT `+partnershipCols+` FROM partnerships p ORDER BY p.key`); err != nil {
		return nil, err
	}
	// The relationship reads apply the people scope themselves.
	if ds.Memberships, err = readMemberships(ctx, q, all); err != nil {
		return nil, err
	}
	if ds.Participations, err = readParticipations(ctx, q, all); err != nil {
		return nil, err
	}
	if ds.PersonParticipations, err = readPersonParticipations(ctx, q, all); err != nil {
		return nil, err
	}
	if ds.Parties, err = readParties(ctx, q, all); err != nil {
		return nil, err
	}
	if ds.Knows, err = readKnows(ctx, q, all); err != nil {
		return nil, err
	}
	if ds.Redirects, err = exportRedirects(ctx, q); err != nil {
		return nil, err
	}
	return ds, nil
}

// exportSection reads one node section into *dst as values.
func exportSection[T any](ctx context.Context, q queryer, dst *[]T, scan func(interface{ Scan(...any) error }) (*T, error), query string, args ...any) error {
	items, err := queryList(ctx, q, scan, query, args...)
	if err != nil {
		return err
	}
	out := make([]T, len(items))
	for i, it := range items {
		out[i] = *it
	}
	*dst = out
	return nil
}
