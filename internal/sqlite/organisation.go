package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

const orgCols = `o.key, o.name, o.short_name, o.sector, coalesce(o.parent_key, ''), o.domains, o.commune, o.languages, o.aliases, o.directory`

func scanOrganisation(row interface{ Scan(...any) error }) (*reseau.Organisation, error) {
	var o reseau.Organisation
	var domains, languages, aliases, directory string
	if err := row.Scan(&o.Key, &o.Name, &o.ShortName, &o.Sector, &o.ParentKey, &domains, &o.Commune, &languages, &aliases, &directory); err != nil {
		return nil, err
	}
	o.Domains, o.Languages, o.Aliases = parseList(domains), parseList(languages), parseList(aliases)
	if directory != "" {
		if err := json.Unmarshal([]byte(directory), &o.Directory); err != nil {
			return nil, fmt.Errorf("sqlite: organisation %q: directory column: %w", o.Key, err)
		}
	}
	return &o, nil
}

// directoryJSON is the directory column of o: its record as JSON, empty when
// it has none. The error is EINVALID: only a coordinate that JSON cannot
// hold (NaN, ±Inf, which Validate refuses before) fails.
func directoryJSON(o *reseau.Organisation) (string, error) {
	if reflect.ValueOf(o.Directory).IsZero() {
		return "", nil
	}
	b, err := json.Marshal(o.Directory)
	if err != nil {
		return "", reseau.FieldErrorf("addresses", "organisation %q: %v", o.Key, err)
	}
	if string(b) == "{}" {
		return "", nil
	}
	return string(b), nil
}

// orgValues are the column values of o, in the order of orgInsert; dir is
// its directoryJSON.
func orgValues(o *reseau.Organisation, dir string) []any {
	return []any{o.Key, o.Name, o.ShortName, string(o.Sector), nullable(o.ParentKey), strList(o.Domains), o.Commune,
		strList(o.Languages), strList(o.Aliases), reseau.Fold(o.Name), reseau.FoldCommune(o.Commune), orgFold(o), dir}
}

// orgFold is what text filters and search look in.
func orgFold(o *reseau.Organisation) string {
	return reseau.FoldNames(append([]string{o.Name, o.ShortName}, o.Aliases...)...)
}

const orgInsert = `INSERT INTO organisations(key, name, short_name, sector, parent_key, domains, commune, languages, aliases, name_fold, commune_fold, fold, directory)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// The statements that keep the index tables of an organisation's directory
// record in step with it (directoryMigration).
const (
	delOrgAddresses = `DELETE FROM organisation_addresses WHERE org_key = ?`
	insOrgAddress   = `INSERT INTO organisation_addresses(org_key, position, postcode, commune_fold) VALUES (?, ?, ?, ?)`
	delOrgHours     = `DELETE FROM organisation_hours WHERE org_key = ?`
	insOrgHours     = `INSERT OR IGNORE INTO organisation_hours(org_key, position, day, opens, closes) VALUES (?, ?, ?, ?, ?)`
	delOrgLanguages = `DELETE FROM organisation_languages WHERE org_key = ?`
	insOrgLanguage  = `INSERT OR IGNORE INTO organisation_languages(language, org_key) VALUES (?, ?)`
)

// execer runs a statement: a transaction, or the prepared statements of an
// import (stmts).
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// setOrgIndexes rewrites the rows of o in the index tables that the list
// filters read: its addresses, opening hours and languages.
func setOrgIndexes(ctx context.Context, ex execer, o *reseau.Organisation) error {
	for _, del := range []string{delOrgAddresses, delOrgHours, delOrgLanguages} {
		if _, err := ex.ExecContext(ctx, del, o.Key); err != nil {
			return err
		}
	}
	for i, a := range o.Addresses {
		if _, err := ex.ExecContext(ctx, insOrgAddress, o.Key, i, a.Postcode, reseau.FoldCommune(a.Commune)); err != nil {
			return err
		}
	}
	for i, sc := range o.Schedules {
		for _, d := range sc.Days {
			if _, err := ex.ExecContext(ctx, insOrgHours, o.Key, i, d, sc.Opens, sc.Closes); err != nil {
				return err
			}
		}
	}
	for _, l := range o.Languages {
		if _, err := ex.ExecContext(ctx, insOrgLanguage, l, o.Key); err != nil {
			return err
		}
	}
	return nil
}

// stmts prepares each statement once for the rest of a transaction: an
// import runs the same few for every row.
type stmts struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

func (s *stmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st := s.m[query]
	if st == nil {
		var err error
		if st, err = s.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		if s.m == nil {
			s.m = map[string]*sql.Stmt{}
		}
		s.m[query] = st
	}
	return st.ExecContext(ctx, args...)
}

func (s *stmts) Close() {
	for _, st := range s.m {
		st.Close()
	}
}

// OrganisationsByKeys returns the organisations with the given keys.
func (s *Store) OrganisationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Organisation, error) {
	read := func(q queryer, keys []string) (map[string]*reseau.Organisation, error) {
		return queryMap(ctx, q, scanOrganisation, func(o *reseau.Organisation) string { return o.Key },
			`SELECT `+orgCols+` FROM organisations o WHERE `+inList("o.key"), list(keys))
	}
	if tx := s.pending(ctx); tx != nil {
		return read(tx, keys)
	}
	s.refresh(ctx)
	return s.orgs.byKeys(keys, func(missing []string) (map[string]*reseau.Organisation, error) {
		return read(s.rd, missing)
	})
}

// FindOrganisations returns a page of the organisations f selects.
func (s *Store) FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	s.refresh(ctx)
	w := orgWhere(f)
	if err := s.tieConditions(ctx, f, &w); err != nil {
		return nil, err
	}
	var by string
	switch o.OrderBy {
	case reseau.OrderKey:
		by = order(o, "o.key")
	default: // by name; reseau.Checked refuses other orderings
		by = order(o, "o.name_fold", "o.key")
	}
	gen := s.orgs.generation()
	q := s.reads(ctx)
	total, err := s.total(ctx, q, o, `SELECT count(*) FROM organisations o`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	items, err := queryList(ctx, q, scanOrganisation, `SELECT `+orgCols+` FROM organisations o`+w.String()+by+page(o), append(w.args, pageArgs(o)...)...)
	if err != nil {
		return nil, err
	}
	if q == queryer(s.rd) { // never cache what an operation has not committed
		s.orgs.fill(gen, items)
	}
	return &reseau.Page[*reseau.Organisation]{Items: items, TotalCount: total}, nil
}

// orgWhere is the condition of f on organisations o. Every test is
// answered by an index: the key, the sector, the folded commune, the
// parent, and the index tables of domains, addresses, languages and hours
// (the text test alone reads each row's fold).
func orgWhere(f reseau.OrganisationFilter) where {
	var w where
	if len(f.Keys) > 0 {
		w.add(inList("o.key"), list(f.Keys))
	}
	if len(f.Sectors) > 0 {
		w.add(inList("o.sector"), list(f.Sectors))
	}
	if len(f.Domains) > 0 {
		w.add(`o.key IN (SELECT org_key FROM organisation_domains WHERE `+inList("domain_key")+`)`, list(f.Domains))
	}
	if f.Commune != "" {
		c := reseau.FoldCommune(f.Commune)
		w.add(`(o.commune_fold = ? OR o.key IN (SELECT org_key FROM organisation_addresses WHERE commune_fold = ?))`, c, c)
	}
	if f.Postcode != "" {
		w.add(`o.key IN (SELECT org_key FROM organisation_addresses WHERE postcode = ?)`, f.Postcode)
	}
	if f.Language != "" {
		w.add(`o.key IN (SELECT org_key FROM organisation_languages WHERE language = ?)`, f.Language)
	}
	switch {
	case f.OpenAt != "":
		w.add(`o.key IN (SELECT org_key FROM organisation_hours WHERE day = ? AND opens <= ? AND closes > ?)`, f.OpenOn, f.OpenAt, f.OpenAt)
	case f.OpenOn != "":
		w.add(`o.key IN (SELECT org_key FROM organisation_hours WHERE day = ?)`, f.OpenOn)
	}
	if t := reseau.Fold(f.Text); t != "" {
		w.add(`instr(o.fold, ?) > 0`, t)
	}
	if len(f.Parents) > 0 {
		w.add(inList("o.parent_key"), list(f.Parents))
	}
	return w
}

func getOrganisation(ctx context.Context, q queryer, key string) (*reseau.Organisation, error) {
	o, err := scanOrganisation(q.QueryRowContext(ctx, `SELECT `+orgCols+` FROM organisations o WHERE o.key = ?`, key))
	if err == sql.ErrNoRows {
		return nil, reseau.NotFound(reseau.TypeOrganisation, key)
	}
	return o, err
}

// checkOrganisation checks o's references.
func checkOrganisation(ctx context.Context, tx *sql.Tx, o *reseau.Organisation) error {
	for _, r := range o.Refs() {
		if err := checkRefs(ctx, tx, r.Field, r.Type, r.Keys...); err != nil {
			return err
		}
	}
	return nil
}

// setDomains replaces the join rows of a node's domain list.
func setDomains(ctx context.Context, tx *sql.Tx, join, col, key string, domains []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+join+` WHERE `+col+` = ?`, key); err != nil {
		return err
	}
	for _, d := range domains {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO `+join+`(domain_key, `+col+`) VALUES (?, ?)`, d, key); err != nil {
			return err
		}
	}
	return nil
}

// CreateOrganisation creates o: ECONFLICT if its key exists or is a merged
// organisation's (reseau.MergedKey), EINVALID if a
// referenced parent or domain does not.
func (s *Store) CreateOrganisation(ctx context.Context, o *reseau.Organisation) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "organisations", o.Key); err != nil {
			return err
		} else if ok {
			return reseau.AlreadyExists(reseau.TypeOrganisation, o.Key)
		}
		if err := notMerged(ctx, tx, reseau.TypeOrganisation, o.Key); err != nil {
			return err
		}
		if err := checkOrganisation(ctx, tx, o); err != nil {
			return err
		}
		dir, err := directoryJSON(o)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, orgInsert, orgValues(o, dir)...); err != nil {
			return err
		}
		key, fold := o.Key, orgFold(o)
		s.onCommit(func() { s.orgs.drop(key) })
		s.onCommit(func() { s.search.set(reseau.TypeOrganisation, key, fold, false) })
		if err := setDomains(ctx, tx, "organisation_domains", "org_key", o.Key, o.Domains); err != nil {
			return err
		}
		if err := setOrgIndexes(ctx, tx, o); err != nil {
			return err
		}
		return s.audit(ctx, tx, "createOrganisation", reseau.TypeOrganisation, o.Key, nil, o)
	})
}

// UpdateOrganisation patches the organisation's properties, parent and
// domains in one write transaction (see reseau.Store).
func (s *Store) UpdateOrganisation(ctx context.Context, key string, apply func(*reseau.Organisation) error) (*reseau.Organisation, error) {
	return update(ctx, s, key, apply, getOrganisation, func(tx *sql.Tx, before, o *reseau.Organisation) error {
		if err := checkOrganisation(ctx, tx, o); err != nil {
			return err
		}
		if err := checkParentCycle(ctx, tx, "organisations", o.Key, o.ParentKey); err != nil {
			return err
		}
		dir, err := directoryJSON(o)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organisations SET name = ?, short_name = ?, sector = ?, parent_key = ?, domains = ?,
			commune = ?, languages = ?, aliases = ?, name_fold = ?, commune_fold = ?, fold = ?, directory = ? WHERE key = ?`,
			append(orgValues(o, dir)[1:], o.Key)...); err != nil {
			return err
		}
		key, fold := o.Key, orgFold(o)
		s.onCommit(func() { s.orgs.drop(key) })
		s.onCommit(func() { s.search.set(reseau.TypeOrganisation, key, fold, false) })
		if err := setDomains(ctx, tx, "organisation_domains", "org_key", o.Key, o.Domains); err != nil {
			return err
		}
		if err := setOrgIndexes(ctx, tx, o); err != nil {
			return err
		}
		return s.audit(ctx, tx, "updateOrganisation", reseau.TypeOrganisation, o.Key, before, o)
	})
}

// checkParentCycle rejects a PART_OF that would make a node part of itself.
func checkParentCycle(ctx context.Context, tx *sql.Tx, table, key, parent string) error {
	if parent == "" {
		return nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `WITH RECURSIVE up(k) AS (SELECT ? UNION SELECT t.parent_key FROM `+table+` t JOIN up ON t.key = up.k WHERE t.parent_key IS NOT NULL)
		SELECT count(*) FROM up WHERE k = ?`, parent, key).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return reseau.PartOfCycle(parent, key)
	}
	return nil
}

// DeleteOrganisation removes the organisation, its memberships,
// participations and parties, and the partnerships left without any party;
// its services and the collaborations held there lose their PART_OF /
// HELD_AT. The audit entry's before keeps all of it (reseau.Deletion).
func (s *Store) DeleteOrganisation(ctx context.Context, key string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := getOrganisation(ctx, tx, key)
		if err != nil {
			return err
		}
		all := reseau.WithCaller(ctx, reseau.System)
		var r reseau.Removed
		own := reseau.EdgeFilter{To: []string{key}}
		if r.Memberships, err = readMemberships(all, tx, own); err != nil {
			return err
		}
		if r.Participations, err = readParticipations(all, tx, reseau.EdgeFilter{From: []string{key}}); err != nil {
			return err
		}
		if r.Parties, err = readParties(all, tx, reseau.EdgeFilter{From: []string{key}}); err != nil {
			return err
		}
		if r.Services, err = keysWhere(ctx, tx, `SELECT key FROM organisations WHERE parent_key = ?`, key); err != nil {
			return err
		}
		if r.HeldHere, err = keysWhere(ctx, tx, `SELECT key FROM collaborations WHERE location_key = ?`, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM organisations WHERE key = ?`, key); err != nil {
			return err
		}
		// A partnership with no party left binds nobody: it goes too.
		for _, p := range r.Parties {
			var left int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM parties WHERE partnership_key = ?`, p.PartnershipKey).Scan(&left); err != nil {
				return err
			}
			if left > 0 {
				continue
			}
			gone, err := getPartnership(ctx, tx, p.PartnershipKey)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM partnerships WHERE key = ?`, gone.Key); err != nil {
				return err
			}
			r.Partnerships = append(r.Partnerships, *gone)
			s.onCommit(func() { s.search.remove(reseau.TypePartnership, gone.Key) })
		}
		// Its services lose their parent by cascade: every row may change.
		s.onCommit(s.orgs.reset)
		s.onCommit(func() { s.search.remove(reseau.TypeOrganisation, key) })
		s.onCommit(func() { s.ties.removeOrganisation(key) })
		s.onCommit(s.partners.reset)
		return s.audit(ctx, tx, "deleteOrganisation", reseau.TypeOrganisation, key, reseau.Deletion{Node: before, Removed: r}, nil)
	})
}

// keysWhere runs a query of one key column.
func keysWhere(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	return queryList(ctx, q, func(row interface{ Scan(...any) error }) (string, error) {
		var k string
		err := row.Scan(&k)
		return k, err
	}, query, args...)
}
