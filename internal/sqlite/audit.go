package sqlite

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Audit returns audit entries f selects, newest first. Who may read them is
// decided above the store.
func (s *Store) Audit(ctx context.Context, f reseau.AuditFilter, o reseau.ListOptions) (*reseau.Page[*reseau.AuditEntry], error) {
	var w where
	if f.Actor != "" {
		w.add(`actor = ?`, f.Actor)
	}
	if f.Type != "" {
		w.add(`type = ?`, f.Type)
	}
	if f.Key != "" {
		w.add(`key = ?`, f.Key)
	}
	if f.Since != "" {
		w.add(`at >= ?`, f.Since)
	}
	total, err := s.total(ctx, s.reads(ctx), o, `SELECT count(*) FROM audit`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	items, err := queryList(ctx, s.reads(ctx), func(row interface{ Scan(...any) error }) (*reseau.AuditEntry, error) {
		var e reseau.AuditEntry
		err := row.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Type, &e.Key, &e.Before, &e.After)
		return &e, err
	}, `SELECT id, at, actor, action, type, key, before, after FROM audit`+w.String()+` ORDER BY id DESC`+page(o), append(w.args, pageArgs(o)...)...)
	if err != nil {
		return nil, err
	}
	return &reseau.Page[*reseau.AuditEntry]{Items: items, TotalCount: total}, nil
}
