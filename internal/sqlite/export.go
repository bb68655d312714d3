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
	var ds *reseau.Dataset
	err := s.ExportEach(ctx, func(part *reseau.Dataset) error {
		if ds == nil {
			ds = part // the node sections, as exportSection made them
		} else {
			ds.Append(part)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ds, nil
}

// ExportEach hands Export's graph to visit in parts (reseau.Exporter), read
// in one transaction; a part of relationship rows is read while the one
// before it is folded, so that at most one run of them is held here.
func (s *Store) ExportEach(ctx context.Context, visit func(*reseau.Dataset) error) error {
	var q queryer
	if tx := s.pending(ctx); tx != nil {
		q = tx
	} else {
		tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return formatError(err)
		}
		defer tx.Rollback()
		q = tx
	}
	ds := &reseau.Dataset{}
	if err := exportSection(ctx, q, &ds.Domains, scanDomain, `SELECT `+domainCols+` FROM domains ORDER BY key`); err != nil {
		return err
	}
	if err := exportSection(ctx, q, &ds.Organisations, scanOrganisation, `SELECT `+orgCols+` FROM organisations o ORDER BY o.key`); err != nil {
		return err
	}
	vis, vargs := visiblePerson(ctx, "p")
	if err := exportSection(ctx, q, &ds.People, scanPerson, `SELECT `+personCols+` FROM people p WHERE `+vis+` ORDER BY p.key`, vargs...); err != nil {
		return err
	}
	if err := exportSection(ctx, q, &ds.Collaborations, scanCollaboration, `SELECT `+collabCols+` FROM collaborations c ORDER BY c.key`); err != nil {
		return err
	}
	if err := exportSection(ctx, q, &ds.Partnerships, scanPartnership, `SELECT `+partnershipCols+` FROM partnerships p ORDER BY p.key`); err != nil {
		return err
	}
	if err := visit(ds); err != nil {
		return err
	}
	// The relationship reads apply the people scope themselves; the order
	// is Dataset.Parts'.
	var all reseau.EdgeFilter
	n := reseau.ExportRun
	if err := membershipRows(ctx, all).each(ctx, q, n, func(r []reseau.Membership) error { return visit(&reseau.Dataset{Memberships: r}) }); err != nil {
		return err
	}
	if err := participationRows(ctx, all).each(ctx, q, n, func(r []reseau.Participation) error { return visit(&reseau.Dataset{Participations: r}) }); err != nil {
		return err
	}
	if err := personParticipationRows(ctx, all).each(ctx, q, n, func(r []reseau.PersonParticipation) error {
		return visit(&reseau.Dataset{PersonParticipations: r})
	}); err != nil {
		return err
	}
	if err := partyRows(ctx, all).each(ctx, q, n, func(r []reseau.Party) error { return visit(&reseau.Dataset{Parties: r}) }); err != nil {
		return err
	}
	if err := knowsRows(ctx, all).each(ctx, q, n, func(r []reseau.Knows) error { return visit(&reseau.Dataset{Knows: r}) }); err != nil {
		return err
	}
	rs, err := exportRedirects(ctx, q)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return nil
	}
	return visit(&reseau.Dataset{Redirects: rs})
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
