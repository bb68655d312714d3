package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

const domainCols = `key, label_fr, label_nl, label_en`

func scanDomain(rows interface{ Scan(...any) error }) (*reseau.Domain, error) {
	var d reseau.Domain
	err := rows.Scan(&d.Key, &d.LabelFR, &d.LabelNL, &d.LabelEN)
	return &d, err
}

// Domains returns every domain, by key.
func (s *Store) Domains(ctx context.Context) ([]*reseau.Domain, error) {
	return queryList(ctx, s.reads(ctx), scanDomain, `SELECT `+domainCols+` FROM domains ORDER BY key`)
}

// DomainsByKeys returns the domains with the given keys.
func (s *Store) DomainsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Domain, error) {
	read := func(q queryer, keys []string) (map[string]*reseau.Domain, error) {
		return queryMap(ctx, q, scanDomain, func(d *reseau.Domain) string { return d.Key },
			`SELECT `+domainCols+` FROM domains WHERE `+inList("key"), list(keys))
	}
	if tx := s.pending(ctx); tx != nil {
		return read(tx, keys)
	}
	s.refresh(ctx)
	return s.domains.byKeys(keys, func(missing []string) (map[string]*reseau.Domain, error) {
		return read(s.rd, missing)
	})
}

func getDomain(ctx context.Context, q queryer, key string) (*reseau.Domain, error) {
	d, err := scanDomain(q.QueryRowContext(ctx, `SELECT `+domainCols+` FROM domains WHERE key = ?`, key))
	if err == sql.ErrNoRows {
		return nil, reseau.NotFound(reseau.TypeDomain, key)
	}
	return d, err
}

// CreateDomain creates d: ECONFLICT if its key exists.
func (s *Store) CreateDomain(ctx context.Context, d *reseau.Domain) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		key, fold := d.Key, reseau.FoldNames(d.LabelFR, d.LabelNL, d.LabelEN)
		if _, err := tx.ExecContext(ctx, `INSERT INTO domains(key, label_fr, label_nl, label_en, fold) VALUES (?, ?, ?, ?, ?)`,
			key, d.LabelFR, d.LabelNL, d.LabelEN, fold); err != nil {
			return err
		}
		s.onCommit(func() { s.domains.drop(key) })
		s.onCommit(func() { s.search.set(reseau.TypeDomain, key, fold, false) })
		return s.audit(ctx, tx, "createDomain", reseau.TypeDomain, d.Key, nil, d)
	})
}

// UpdateDomain patches the domain's labels in one write transaction (see
// reseau.Store).
func (s *Store) UpdateDomain(ctx context.Context, key string, apply func(*reseau.Domain) error) (*reseau.Domain, error) {
	return update(ctx, s, key, apply, getDomain, func(tx *sql.Tx, before, d *reseau.Domain) error {
		key, fold := d.Key, reseau.FoldNames(d.LabelFR, d.LabelNL, d.LabelEN)
		if _, err := tx.ExecContext(ctx, `UPDATE domains SET label_fr = ?, label_nl = ?, label_en = ?, fold = ? WHERE key = ?`,
			d.LabelFR, d.LabelNL, d.LabelEN, fold, key); err != nil {
			return err
		}
		s.onCommit(func() { s.domains.drop(key) })
		s.onCommit(func() { s.search.set(reseau.TypeDomain, key, fold, false) })
		return s.audit(ctx, tx, "updateDomain", reseau.TypeDomain, d.Key, before, d)
	})
}

// DeleteDomain removes the domain and every ACTIVE_IN and ABOUT to it; the
// audit entry's before names the organisations and collaborations that lost it.
func (s *Store) DeleteDomain(ctx context.Context, key string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := getDomain(ctx, tx, key)
		if err != nil {
			return err
		}
		// The JSON lists of domains must lose the key too; the join tables
		// follow by cascade.
		var r reseau.Removed
		for _, t := range []struct {
			table, join, col string
			lost             *[]string
		}{
			{"organisations", "organisation_domains", "org_key", &r.Organisations},
			{"collaborations", "collaboration_domains", "collab_key", &r.Collaborations},
		} {
			rows, err := tx.QueryContext(ctx, `SELECT key, domains FROM `+t.table+` WHERE key IN (SELECT `+t.col+` FROM `+t.join+` WHERE domain_key = ?)`, key)
			if err != nil {
				return err
			}
			lists := map[string][]string{}
			for rows.Next() {
				var k, ds string
				if err := rows.Scan(&k, &ds); err != nil {
					rows.Close()
					return err
				}
				lists[k] = slices.DeleteFunc(parseList(ds), func(d string) bool { return d == key })
				*t.lost = append(*t.lost, k)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for k, ds := range lists {
				if _, err := tx.ExecContext(ctx, `UPDATE `+t.table+` SET domains = ? WHERE key = ?`, strList(ds), k); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM domains WHERE key = ?`, key); err != nil {
			return err
		}
		// Organisations lose it from their domain lists.
		s.onCommit(func() { s.domains.drop(key) })
		s.onCommit(func() { s.search.remove(reseau.TypeDomain, key) })
		s.onCommit(s.orgs.reset)
		return s.audit(ctx, tx, "deleteDomain", reseau.TypeDomain, key, reseau.Deletion{Node: before, Removed: r}, nil)
	})
}

// queryList runs a query and scans every row.
func queryList[T any](ctx context.Context, q queryer, scan func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, formatError(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, formatError(err)
		}
		out = append(out, v)
	}
	return out, formatError(rows.Err())
}

// queryMap runs a query and scans every row into a map by key.
func queryMap[T any](ctx context.Context, q queryer, scan func(interface{ Scan(...any) error }) (T, error), key func(T) string, query string, args ...any) (map[string]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, formatError(err)
	}
	defer rows.Close()
	out := map[string]T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, formatError(err)
		}
		out[key(v)] = v
	}
	return out, formatError(rows.Err())
}
