package sqlite

import (
	"context"
	"database/sql"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

const partnershipCols = `p.key, p.kind, p.title, p.start_date, p.end_date, p.description`

func scanPartnership(row interface{ Scan(...any) error }) (*reseau.Partnership, error) {
	var p reseau.Partnership
	err := row.Scan(&p.Key, &p.Kind, &p.Title, &p.StartDate, &p.EndDate, &p.Description)
	return &p, err
}

// partnershipValues are the column values of p, in the order of partnershipInsert.
func partnershipValues(p *reseau.Partnership) []any {
	low, high := dateSpan(p.StartDate, p.EndDate)
	return []any{p.Key, p.Kind, p.Title, p.StartDate, p.EndDate, p.Description, reseau.Fold(p.Title), low, high}
}

const partnershipInsert = `INSERT INTO partnerships(key, kind, title, start_date, end_date, description, title_fold, date_low, date_high)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

// PartnershipsByKeys returns the partnerships with the given keys.
func (s *Store) PartnershipsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Partnership, error) {
	return queryMap(ctx, s.reads(ctx), scanPartnership, func(p *reseau.Partnership) string { return p.Key },
		`SELECT `+partnershipCols+` FROM partnerships p WHERE `+inList("p.key"), list(keys))
}

// FindPartnerships returns a page of the partnerships f selects.
func (s *Store) FindPartnerships(ctx context.Context, f reseau.PartnershipFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Partnership], error) {
	var w where
	if len(f.Keys) > 0 {
		w.add(inList("p.key"), list(f.Keys))
	}
	if len(f.Kinds) > 0 {
		w.add(inList("p.kind"), list(f.Kinds))
	}
	if t := reseau.Fold(f.Text); t != "" {
		w.add(`instr(p.title_fold, ?) > 0`, t)
	}
	overlap(&w, "p", f.From, f.To)
	if len(f.Organisations) > 0 {
		w.add(`p.key IN (SELECT partnership_key FROM parties WHERE `+inList("org_key")+`)`, list(f.Organisations))
	}
	var by string
	switch o.OrderBy {
	case reseau.OrderKey:
		by = order(o, "p.key")
	case reseau.OrderStartDate:
		by = order(o, "p.date_low", "p.key")
	default: // by title; reseau.Checked refuses other orderings
		by = order(o, "p.title_fold", "p.key")
	}
	total, err := s.total(ctx, s.reads(ctx), o, `SELECT count(*) FROM partnerships p`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	items, err := queryList(ctx, s.reads(ctx), scanPartnership, `SELECT `+partnershipCols+` FROM partnerships p`+w.String()+by+page(o), append(w.args, pageArgs(o)...)...)
	if err != nil {
		return nil, err
	}
	return &reseau.Page[*reseau.Partnership]{Items: items, TotalCount: total}, nil
}

func getPartnership(ctx context.Context, q queryer, key string) (*reseau.Partnership, error) {
	p, err := scanPartnership(q.QueryRowContext(ctx, `SELECT `+partnershipCols+` FROM partnerships p WHERE p.key = ?`, key))
	if err == sql.ErrNoRows {
		return nil, reseau.NotFound(reseau.TypePartnership, key)
	}
	return p, err
}

// CreatePartnership creates p: ECONFLICT if its key exists.
func (s *Store) CreatePartnership(ctx context.Context, p *reseau.Partnership) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "partnerships", p.Key); err != nil {
			return err
		} else if ok {
			return reseau.AlreadyExists(reseau.TypePartnership, p.Key)
		}
		if _, err := tx.ExecContext(ctx, partnershipInsert, partnershipValues(p)...); err != nil {
			return err
		}
		key, fold := p.Key, reseau.Fold(p.Title)
		s.onCommit(func() { s.search.set(reseau.TypePartnership, key, fold, false) })
		return s.audit(ctx, tx, "createPartnership", reseau.TypePartnership, p.Key, nil, p)
	})
}

// UpdatePartnership patches the partnership's properties in one write
// transaction (see reseau.Store).
func (s *Store) UpdatePartnership(ctx context.Context, key string, apply func(*reseau.Partnership) error) (*reseau.Partnership, error) {
	return update(ctx, s, key, apply, getPartnership, func(tx *sql.Tx, before, p *reseau.Partnership) error {
		if _, err := tx.ExecContext(ctx, `UPDATE partnerships SET kind = ?, title = ?, start_date = ?, end_date = ?, description = ?,
			title_fold = ?, date_low = ?, date_high = ? WHERE key = ?`, append(partnershipValues(p)[1:], p.Key)...); err != nil {
			return err
		}
		key, fold := p.Key, reseau.Fold(p.Title)
		s.onCommit(func() { s.search.set(reseau.TypePartnership, key, fold, false) })
		s.onCommit(s.partners.reset)
		return s.audit(ctx, tx, "updatePartnership", reseau.TypePartnership, p.Key, before, p)
	})
}

// DeletePartnership removes the partnership and its parties, which the
// audit entry's before keeps.
func (s *Store) DeletePartnership(ctx context.Context, key string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := getPartnership(ctx, tx, key)
		if err != nil {
			return err
		}
		var r reseau.Removed
		if r.Parties, err = readParties(ctx, tx, reseau.EdgeFilter{To: []string{key}}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM partnerships WHERE key = ?`, key); err != nil {
			return err
		}
		s.onCommit(func() { s.search.remove(reseau.TypePartnership, key) })
		s.onCommit(s.partners.reset)
		return s.audit(ctx, tx, "deletePartnership", reseau.TypePartnership, key, reseau.Deletion{Node: before, Removed: r}, nil)
	})
}
