package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// upsertSQL is the INSERT ... ON CONFLICT DO UPDATE of rows rows of one
// table for imports.
// The update only runs when a value differs, so that SQLite reports no
// change for an unchanged row: that is how Import tells updated rows from
// unchanged ones without reading them first.
func upsertSQL(table string, cols []string, nkeys, rows int) string {
	set := make([]string, 0, len(cols)-nkeys)
	diff := make([]string, 0, len(cols)-nkeys)
	for _, c := range cols[nkeys:] {
		set = append(set, c+" = excluded."+c)
		diff = append(diff, table+"."+c+" IS NOT excluded."+c)
	}
	tuple := `(?` + strings.Repeat(", ?", len(cols)-1) + `)`
	return `INSERT INTO ` + table + `(` + strings.Join(cols, ", ") + `) VALUES ` + tuple + strings.Repeat(", "+tuple, rows-1) + `
		ON CONFLICT(` + strings.Join(cols[:nkeys], ", ") + `) DO UPDATE SET ` + strings.Join(set, ", ") + `
		WHERE ` + strings.Join(diff, " OR ")
}

// The columns of each table that an import writes, keys first.
var (
	domainColumns              = []string{"key", "label_fr", "label_nl", "label_en", "fold"}
	orgColumns                 = []string{"key", "name", "short_name", "sector", "parent_key", "domains", "commune", "languages", "aliases", "name_fold", "commune_fold", "fold", "directory"}
	personColumns              = []string{"key", "name", "email", "phone", "visibility", "name_fold"}
	membershipColumns          = []string{"person_key", "org_key", "role", "since", "until"}
	collabColumns              = []string{"key", "kind", "title", "domains", "start_date", "end_date", "status", "parent_key", "location_key", "participants_count", "description", "title_fold", "date_low", "date_high"}
	participationColumns       = []string{"collab_key", "org_key", "role"}
	personParticipationColumns = []string{"collab_key", "person_key", "role"}
	partnershipColumns         = []string{"key", "kind", "title", "start_date", "end_date", "description", "title_fold", "date_low", "date_high"}
	partyColumns               = []string{"partnership_key", "org_key", "role"}
	knowsColumns               = []string{"person_key", "other_key", "since", "source"}
	redirectColumns            = []string{"key", "target"}
)

// Import upserts ds by key in one transaction: on any error nothing changes.
// Validation errors are EINVALID and name the dataset section and row.
// One audit entry records the import, with its statistics.
func (s *Store) Import(ctx context.Context, ds *reseau.Dataset) (*reseau.ImportStats, error) {
	st := &reseau.ImportStats{Rows: ds.Rows()}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := validateImport(ctx, tx, ds); err != nil {
			return err
		}
		if err := checkImportPartOf(ctx, tx, ds); err != nil {
			return err
		}
		if err := muteChanges(ctx, tx); err != nil {
			return err
		}
		dirs := make([]string, len(ds.Organisations))
		for i := range ds.Organisations {
			var err error
			if dirs[i], err = directoryJSON(&ds.Organisations[i]); err != nil {
				return err
			}
		}
		idx := &stmts{tx: tx}
		defer idx.Close()
		im := importer{ctx: ctx, tx: tx, st: st}
		im.section("domains", domainColumns, 1, len(ds.Domains), func(i int) []any {
			d := &ds.Domains[i]
			return []any{d.Key, d.LabelFR, d.LabelNL, d.LabelEN, reseau.FoldNames(d.LabelFR, d.LabelNL, d.LabelEN)}
		}, nil)
		im.section("organisations", orgColumns, 1, len(ds.Organisations), func(i int) []any {
			return orgValues(&ds.Organisations[i], dirs[i])
		}, func(i int) (string, []string, error) {
			o := &ds.Organisations[i]
			return o.Key, o.Domains, setOrgIndexes(ctx, idx, o)
		})
		im.section("people", personColumns, 1, len(ds.People), func(i int) []any {
			p := &ds.People[i]
			return []any{p.Key, p.Name, p.Email, p.Phone, string(p.Visibility), reseau.Fold(p.Name)}
		}, nil)
		im.section("memberships", membershipColumns, 2, len(ds.Memberships), func(i int) []any {
			m := &ds.Memberships[i]
			return []any{m.PersonKey, m.OrganisationKey, m.Role, m.Since, m.Until}
		}, nil)
		im.section("collaborations", collabColumns, 1, len(ds.Collaborations), func(i int) []any {
			return collabValues(&ds.Collaborations[i])
		}, func(i int) (string, []string, error) {
			return ds.Collaborations[i].Key, ds.Collaborations[i].Domains, nil
		})
		im.section("participations", participationColumns, 2, len(ds.Participations), func(i int) []any {
			p := &ds.Participations[i]
			return []any{p.CollaborationKey, p.OrganisationKey, p.Role}
		}, nil)
		im.section("person_participations", personParticipationColumns, 2, len(ds.PersonParticipations), func(i int) []any {
			p := &ds.PersonParticipations[i]
			return []any{p.CollaborationKey, p.PersonKey, p.Role}
		}, nil)
		im.section("partnerships", partnershipColumns, 1, len(ds.Partnerships), func(i int) []any {
			return partnershipValues(&ds.Partnerships[i])
		}, nil)
		im.section("parties", partyColumns, 2, len(ds.Parties), func(i int) []any {
			p := &ds.Parties[i]
			return []any{p.PartnershipKey, p.OrganisationKey, p.Role}
		}, nil)
		im.section("knows", knowsColumns, 2, len(ds.Knows), func(i int) []any {
			k := &ds.Knows[i]
			return []any{k.PersonKey, k.OtherKey, k.Since, k.Source}
		}, nil)
		for typ, table := range redirectTables {
			var rs []reseau.Redirect
			for _, r := range ds.Redirects {
				if r.Type == typ {
					rs = append(rs, r)
				}
			}
			im.section(table, redirectColumns, 1, len(rs), func(i int) []any { return []any{rs[i].Key, rs[i].Into} }, nil)
		}
		if im.err != nil {
			return im.err
		}
		// Rebuilt on next use: cheaper than following each row.
		s.onCommit(s.orgs.reset)
		s.onCommit(s.domains.reset)
		s.onCommit(s.search.reset)
		s.onCommit(s.ties.reset)
		s.onCommit(s.partners.reset)
		if err := logAll(ctx, tx); err != nil {
			return err
		}
		return s.audit(ctx, tx, "import", "", "", nil, st)
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// checkImportPartOf refuses an import that would close a PART_OF cycle
// through rows already stored (a parent outside the dataset whose stored
// ancestors lead back into it); cycles within the dataset are Validate's.
func checkImportPartOf(ctx context.Context, tx *sql.Tx, ds *reseau.Dataset) error {
	if !ds.ReachesStoredParents() {
		return nil
	}
	parents := func(table string) (map[string]string, error) {
		rows, err := tx.QueryContext(ctx, `SELECT key, parent_key FROM `+table+` WHERE parent_key IS NOT NULL AND parent_key != ''`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		m := map[string]string{}
		for rows.Next() {
			var k, p string
			if err := rows.Scan(&k, &p); err != nil {
				return nil, err
			}
			m[k] = p
		}
		return m, rows.Err()
	}
	orgs, err := parents("organisations")
	if err != nil {
		return err
	}
	collabs, err := parents("collaborations")
	if err != nil {
		return err
	}
	return ds.CheckPartOf(orgs, collabs)
}

// validateImport checks the dataset's references (reseau.Dataset.CheckRefs),
// resolved in the dataset first, then in the store; reseau.Checked has
// checked the rows.
func validateImport(ctx context.Context, tx *sql.Tx, ds *reseau.Dataset) error {
	stmts := map[string]*sql.Stmt{}
	for typ, table := range tables {
		st, err := tx.PrepareContext(ctx, `SELECT 1 FROM `+table+` WHERE key = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		stmts[typ] = st
	}
	var qerr error
	exists := func(typ, key string) bool {
		st := stmts[typ]
		if st == nil || qerr != nil {
			return false
		}
		var one int
		err := st.QueryRowContext(ctx, key).Scan(&one)
		if err != nil && err != sql.ErrNoRows {
			qerr = err
		}
		return err == nil
	}
	if err := ds.CheckRefs(exists); err != nil {
		if qerr != nil {
			return qerr
		}
		return err
	}
	if qerr != nil {
		return qerr
	}
	// A node row may not take a key that a merge left.
	merged := map[string]map[string]string{}
	for typ := range redirectTables {
		m, err := readRedirects(ctx, tx, typ, nil)
		if err != nil {
			return err
		}
		merged[typ] = m
	}
	return ds.CheckMergedKeys(func(typ, key string) (string, bool) {
		into, ok := merged[typ][key]
		return into, ok
	})
}

// importer upserts the sections of a dataset, keeping the first error.
type importer struct {
	ctx  context.Context
	tx   *sql.Tx
	st   *reseau.ImportStats
	err  error
	done int // dataset rows written so far, for reseau.ReportProgress
}

// progress counts n more rows written and reports it.
func (im *importer) progress(n int) {
	im.done += n
	reseau.ReportProgress(im.ctx, im.done, im.st.Rows)
}

// section upserts n rows of table. Created rows are told from updated ones by
// the table's row count before and after. changed, if set, is called for
// each node row that changed: it rewrites the row's other index rows (an
// organisation's directory indexes) and gives its domain list, whose join
// rows are rewritten.
func (im *importer) section(table string, cols []string, nkeys, n int, row func(int) []any, domains func(int) (string, []string, error)) {
	if im.err != nil || n == 0 {
		return
	}
	ctx, tx := im.ctx, im.tx
	var before, after int
	if im.err = tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&before); im.err != nil {
		return
	}
	changed := 0
	if domains == nil {
		changed = im.batches(table, cols, nkeys, n, row)
	} else {
		changed = im.rows(table, cols, nkeys, n, row, domains)
	}
	if im.err != nil {
		return
	}
	if im.err = tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&after); im.err != nil {
		return
	}
	created := after - before
	im.st.Created += created
	im.st.Updated += changed - created
	im.st.Unchanged += n - changed
}

// batchRows is how many rows one upsert statement carries: fewer statements
// to bind and step, the import's main cost in the pure-Go driver.
const batchRows = 64

// batches upserts n rows in statements of batchRows rows and returns how
// many rows changed.
func (im *importer) batches(table string, cols []string, nkeys, n int, row func(int) []any) int {
	ctx, tx := im.ctx, im.tx
	var full *sql.Stmt
	if n >= batchRows {
		if full, im.err = tx.PrepareContext(ctx, upsertSQL(table, cols, nkeys, batchRows)); im.err != nil {
			return 0
		}
		defer full.Close()
	}
	changed := 0
	args := make([]any, 0, batchRows*len(cols))
	for i := 0; i < n; i += batchRows {
		m := min(batchRows, n-i)
		args = args[:0]
		for j := i; j < i+m; j++ {
			args = append(args, row(j)...)
		}
		var res sql.Result
		if m == batchRows {
			res, im.err = full.ExecContext(ctx, args...)
		} else {
			res, im.err = tx.ExecContext(ctx, upsertSQL(table, cols, nkeys, m), args...)
		}
		if im.err != nil {
			return 0
		}
		k, err := res.RowsAffected()
		if err != nil {
			im.err = err
			return 0
		}
		changed += int(k)
		im.progress(m)
	}
	return changed
}

// rows upserts the n rows of a node table one by one, so as to rewrite the
// domain join rows (and other index rows) of those that changed, and
// returns how many changed.
func (im *importer) rows(table string, cols []string, nkeys, n int, row func(int) []any, domains func(int) (string, []string, error)) int {
	ctx, tx := im.ctx, im.tx
	st, err := tx.PrepareContext(ctx, upsertSQL(table, cols, nkeys, 1))
	if err != nil {
		im.err = err
		return 0
	}
	defer st.Close()
	join, col := "organisation_domains", "org_key"
	if table == "collaborations" {
		join, col = "collaboration_domains", "collab_key"
	}
	del, err := tx.PrepareContext(ctx, `DELETE FROM `+join+` WHERE `+col+` = ?`)
	if err != nil {
		im.err = err
		return 0
	}
	defer del.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO `+join+`(domain_key, `+col+`) VALUES (?, ?)`)
	if err != nil {
		im.err = err
		return 0
	}
	defer ins.Close()
	changed, pending := 0, 0
	defer func() { im.progress(pending) }()
	for i := range n {
		if pending++; pending == batchRows {
			im.progress(pending)
			pending = 0
		}
		res, err := st.ExecContext(ctx, row(i)...)
		if err != nil {
			im.err = err
			return 0
		}
		k, err := res.RowsAffected()
		if err != nil {
			im.err = err
			return 0
		}
		changed += int(k)
		if k == 0 {
			continue
		}
		key, ds, err := domains(i)
		if err != nil {
			im.err = err
			return 0
		}
		if _, im.err = del.ExecContext(ctx, key); im.err != nil {
			return 0
		}
		for _, d := range ds {
			if _, im.err = ins.ExecContext(ctx, d, key); im.err != nil {
				return 0
			}
		}
	}
	return changed
}
