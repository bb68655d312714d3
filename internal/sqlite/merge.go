package sqlite

import (
	"context"
	"database/sql"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// redirectTables maps the merged types to the tables of their redirects:
// key (the merged key) → target (the node it resolves to), whose foreign
// key deletes the redirect with its node.
var redirectTables = map[string]string{
	reseau.TypeOrganisation: "organisation_redirects",
	reseau.TypePerson:       "person_redirects",
}

// MergeOrganisations merges organisation from into into, in one
// transaction, through this store's own writes (reseau.MergeOrganisations).
func (s *Store) MergeOrganisations(ctx context.Context, into, from string) (*reseau.Organisation, error) {
	return reseau.MergeOrganisations(ctx, s, into, from)
}

// MergePeople merges person from into into (reseau.MergePeople).
func (s *Store) MergePeople(ctx context.Context, into, from string) (*reseau.Person, error) {
	return reseau.MergePeople(ctx, s, into, from)
}

// Redirects returns where the merged keys among keys lead (every merged
// key of typ when keys is nil).
func (s *Store) Redirects(ctx context.Context, typ string, keys []string) (map[string]string, error) {
	return readRedirects(ctx, s.reads(ctx), typ, keys)
}

func readRedirects(ctx context.Context, q queryer, typ string, keys []string) (map[string]string, error) {
	table := redirectTables[typ]
	if table == "" {
		return nil, reseau.Errorf(reseau.EINVALID, "%s keys are never merged", typ)
	}
	query, args := `SELECT key, target FROM `+table, []any(nil)
	if keys != nil {
		if len(keys) == 0 {
			return map[string]string{}, nil
		}
		query, args = query+` WHERE `+inList("key"), []any{list(keys)}
	}
	out := map[string]string{}
	rows, err := queryList(ctx, q, func(row interface{ Scan(...any) error }) ([2]string, error) {
		var r [2]string
		err := row.Scan(&r[0], &r[1])
		return r, err
	}, query, args...)
	for _, r := range rows {
		out[r[0]] = r[1]
	}
	return out, err
}

// RecordMerge makes m.Keys resolve to m.Into and records the merge's audit
// entry, in one write (see reseau.Merger).
func (s *Store) RecordMerge(ctx context.Context, m reseau.MergeRecord) error {
	table := redirectTables[m.Type]
	if table == "" {
		return reseau.Errorf(reseau.EINVALID, "%s keys are never merged", m.Type)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, k := range m.Keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+`(key, target) VALUES (?, ?)
				ON CONFLICT(key) DO UPDATE SET target = excluded.target`, k, m.Into); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, m.Action(), m.Type, m.Into, m.Before, m.After)
	})
}

// notMerged returns MergedKey's ECONFLICT when key, given to a new node of
// type typ, is a key that a merge left.
func notMerged(ctx context.Context, tx *sql.Tx, typ, key string) error {
	m, err := readRedirects(ctx, tx, typ, []string{key})
	if err != nil {
		return err
	}
	if into, ok := m[key]; ok {
		return reseau.MergedKey(typ, key, into)
	}
	return nil
}

// exportRedirects reads every redirect the caller may see: those of
// organisations, and those of the people in its scope.
func exportRedirects(ctx context.Context, q queryer) ([]reseau.Redirect, error) {
	vis, vargs := visible(ctx, "r.target")
	return queryList(ctx, q, func(row interface{ Scan(...any) error }) (reseau.Redirect, error) {
		var r reseau.Redirect
		err := row.Scan(&r.Type, &r.Key, &r.Into)
		return r, err
	}, `SELECT 'Organisation', key, target FROM organisation_redirects
		UNION ALL SELECT 'Person', r.key, r.target FROM person_redirects r WHERE `+vis+`
		ORDER BY 1, 2`, vargs...)
}
