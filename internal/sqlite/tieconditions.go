package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// tieConditions adds an organisation filter's TiedTo and NotTiedTo to w as
// key lists: the organisations tied to each condition's targets, walked
// from the targets in the in-memory tie and partner indexes (the ties
// Collaborators and Partners answer), so that the list's SQL, its
// totalCount and its cursors stay those of any other filter.
func (s *Store) tieConditions(ctx context.Context, f reseau.OrganisationFilter, w *where) error {
	if !f.TiedTo.IsZero() {
		tied, err := s.tiedOrganisations(ctx, f.TiedTo)
		if err != nil {
			return err
		}
		w.add(inList("o.key"), list(tied))
	}
	if !f.NotTiedTo.IsZero() {
		tied, err := s.tiedOrganisations(ctx, f.NotTiedTo)
		if err != nil {
			return err
		}
		w.add(`NOT `+inList("o.key"), list(f.NotTiedTo.Excluded(tied)))
	}
	return nil
}

// tiedOrganisations returns the keys of the organisations tied, by the kinds
// of c, to one of c's targets (its organisations, and those of its sectors),
// sorted. Inside an operation that has written, the indexes are its own, of
// the targets' collaborations and partnerships (as in Collaborators).
func (s *Store) tiedOrganisations(ctx context.Context, c reseau.TieCondition) ([]string, error) {
	targets := slices.Clone(c.Organisations)
	if len(c.Sectors) > 0 {
		keys, err := keysWhere(ctx, s.reads(ctx), `SELECT key FROM organisations WHERE `+inList("sector"), list(c.Sectors))
		if err != nil {
			return nil, err
		}
		targets = append(targets, keys...)
	}
	if len(targets) == 0 {
		return nil, nil
	}
	tx := s.pending(ctx)
	tied := map[string]bool{}
	if c.Counts(reseau.TieCollaboration) {
		g, err := s.tieGraphFor(ctx, tx, targets)
		if err != nil {
			return nil, err
		}
		for _, t := range targets {
			for _, ck := range g.orgs[t] {
				n := g.collabs[ck]
				if n == nil || !n.ties {
					continue
				}
				for _, o := range n.orgs {
					if o != t {
						tied[o] = true
					}
				}
			}
		}
	}
	if c.Counts(reseau.TiePartnership) {
		var g *partnerGraph
		var err error
		if tx != nil {
			g, err = buildPartners(ctx, tx, targets)
		} else {
			g, err = s.partners.graph.Get(ctx, 0)
		}
		if err != nil {
			return nil, err
		}
		for _, ps := range g.get(targets) {
			for _, o := range ps {
				tied[o] = true
			}
		}
	}
	out := make([]string, 0, len(tied))
	for k := range tied {
		out = append(out, k)
	}
	slices.Sort(out)
	return out, nil
}

// tieGraphFor is the shared tie index, or with tx an index of asked's
// collaborations read in tx.
func (s *Store) tieGraphFor(ctx context.Context, tx *sql.Tx, asked []string) (*tieGraph, error) {
	if tx != nil {
		return buildTies(ctx, tx, asked)
	}
	return s.ties.graph.Get(ctx, 0)
}
