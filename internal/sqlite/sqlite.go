// Package sqlite is the embedded store: a single SQLite file through the
// pure-Go driver modernc.org/sqlite, so that the API runs with no server and
// no C toolchain.
//
// One connection writes (SQLite allows one writer at a time, and a single
// connection makes BEGIN IMMEDIATE queue in Go instead of spinning on
// SQLITE_BUSY); a pool of connections reads concurrently thanks to WAL.
// Derived ties are answered from in-memory adjacency indexes (tieindex.go,
// partnerindex.go), built on first use and kept in step with every committed
// write, as are the folded names that Search scans (searchindex.go), and
// organisations and domains read by key from read-through caches kept in
// step the same way (rowcache.go); everything else is SQL, the people scope
// included. A Store.Atomic operation is one write transaction whose reads
// go around those caches once it has written (atomic.go).
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

var _ reseau.Store = (*Store)(nil)

// Store is the embedded reseau.Store.
type Store struct {
	path    string
	w       *sql.DB // one connection, every write
	r       *sql.DB // readers
	rd      *reader // r with prepared statements
	version atomic.Uint64
	// wmu serialises writes, so that the post-commit hooks of one write run
	// before the next write begins.
	wmu sync.Mutex
	// log is the store's place in the change log; see refresh.
	log      changeLog
	hooks    []func()
	ties     *tieIndex
	partners partnerIndex
	orgs     *rowCache[reseau.Organisation]
	domains  *rowCache[reseau.Domain]
	search   searchIndex
	counts   countCache
	// now is the clock of audit entries; tests may pin it.
	now func() time.Time
}

// Open opens (creating if needed) the store at path and migrates its schema.
// It reads nothing but the schema version, so that start-up time does not
// grow with the data.
func Open(ctx context.Context, path string) (*Store, error) {
	s := &Store{path: path, now: time.Now, orgs: newOrgCache(), domains: newDomainCache()}
	dsn := func(extra string) string {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		// FULL: an acknowledged write survives a power cut, not only a crash.
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_pragma", "foreign_keys(1)")
		// 2 MiB of pages per connection (SQLite's default). Reads are
		// answered mostly from the in-memory indexes and caches; the index
		// builds scan whole tables, and a larger cache kept what they read
		// on every connection of the pool: 32 MiB each held 65 MiB of the
		// server's 340 MiB at scale M, for pages read once.
		q.Add("_pragma", "cache_size(-2000)")
		q.Add("_pragma", "temp_store(memory)")
		return "file:" + path + "?" + q.Encode() + extra
	}
	var err error
	if s.w, err = sql.Open("sqlite", dsn("&_txlock=immediate")); err != nil {
		return nil, formatError(err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	if err := s.migrate(ctx); err != nil {
		s.w.Close()
		return nil, err
	}
	if s.r, err = sql.Open("sqlite", dsn("&_pragma=query_only(1)")); err != nil {
		s.w.Close()
		return nil, formatError(err)
	}
	n := max(4, runtime.GOMAXPROCS(0)*2)
	s.r.SetMaxOpenConns(n)
	s.r.SetMaxIdleConns(n)
	s.r.SetConnMaxIdleTime(0)
	s.r.SetConnMaxLifetime(0)
	s.rd = &reader{db: s.r, stmts: map[string]*sql.Stmt{}}
	s.ties = newTieIndex(s.r)
	s.search = newSearchIndex(s.r)
	s.partners = newPartnerIndex(s.r)
	s.version.Store(1)
	s.refresh(ctx)
	return s, nil
}

// closeCheckpoint bounds the checkpoint that Close makes.
const closeCheckpoint = 2 * time.Second

// Close closes the store's connections. It does not wait for a write still
// running: that write's connection closes when the write ends (a shutdown
// ends it by cancelling its context, which rolls it back).
func (s *Store) Close() error {
	var errs []error
	if s.rd != nil {
		errs = append(errs, s.rd.close())
	}
	if s.w != nil {
		// A checkpoint at close keeps the WAL file from growing across runs,
		// but never holds Close behind a write (wmu held: a write still
		// runs) or other processes' readers for long: the next open or
		// automatic checkpoint does it instead.
		if s.wmu.TryLock() {
			ctx, cancel := context.WithTimeout(context.Background(), closeCheckpoint)
			_, _ = s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
			cancel()
			s.wmu.Unlock()
		}
		errs = append(errs, s.w.Close())
	}
	for _, err := range errs {
		if err != nil {
			return formatError(err)
		}
	}
	return nil
}

// Version returns a counter bumped after every committed write.
// A commit by another process (a `reseau import` into the file the server
// has open) bumps it too, at the next read that consults the caches.
func (s *Store) Version(ctx context.Context) (uint64, error) {
	s.refresh(ctx)
	return s.version.Load(), nil
}

// write runs fn in a write transaction; once it commits, it runs the hooks
// fn registered with onCommit and bumps the version. Inside Atomic, fn runs
// in the operation's transaction instead (see op.write).
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if o := s.opOf(ctx); o != nil {
		return o.write(ctx, s, fn)
	}
	return s.transact(ctx, fn)
}

// transact runs fn in a transaction of the writer connection, under wmu;
// once it commits, it runs the hooks registered with onCommit and bumps the
// version.
func (s *Store) transact(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.hooks = s.hooks[:0]
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return formatError(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return formatError(err)
	}
	if err := tx.Commit(); err != nil {
		return formatError(err)
	}
	for _, h := range s.hooks {
		h()
	}
	s.hooks = s.hooks[:0]
	s.version.Add(1)
	return nil
}

// onCommit registers f to run once the current write commits (the
// operation's, inside Atomic); only call it from inside a write's function.
func (s *Store) onCommit(f func()) { s.hooks = append(s.hooks, f) }

// audit records one write in the transaction that makes it. before and after
// are domain values marshalled as JSON; nil means none.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, action, typ, key string, before, after any) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	a, err := enc(after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit(at, actor, action, type, key, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.now().UTC().Format(time.RFC3339), reseau.CallerFrom(ctx).Subject, action, typ, key, b, a)
	return err
}

// list encodes a key list as one JSON parameter, read back in SQL with
// json_each: one statement whatever the number of keys.
func list[T ~string](keys []T) string {
	if len(keys) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(keys)
	return string(b)
}

// inList is the SQL test "col is one of the keys of a list parameter".
func inList(col string) string {
	return col + " IN (SELECT value FROM json_each(?))"
}

// strList encodes a string list column ("" for none).
func strList(v []string) string {
	if len(v) == 0 {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// parseList decodes a string list column. Lists are read on every node
// read, so the common case (no escape in the JSON, as for keys, language
// codes and most names) is split directly rather than through reflection.
func parseList(s string) []string {
	if s == "" {
		return nil
	}
	if len(s) >= 4 && strings.HasPrefix(s, `["`) && strings.HasSuffix(s, `"]`) && !strings.ContainsRune(s, '\\') {
		return strings.Split(s[2:len(s)-2], `","`)
	}
	var v []string
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil
	}
	return v
}

// visible returns the SQL condition that the person whose key is in col is
// in the caller's people scope, and its arguments. The condition lives in the
// SQL so that counts and pages never include a hidden person. The people of
// the caller's organisations are one uncorrelated subquery, which SQLite
// computes once per statement, not once per row.
func visible(ctx context.Context, col string) (string, []any) {
	return visibleWith(ctx, `EXISTS (SELECT 1 FROM people sv WHERE sv.key = `+col+` AND sv.visibility = 'NETWORK')`, col)
}

// visiblePerson is visible for a row of the people table under alias.
func visiblePerson(ctx context.Context, alias string) (string, []any) {
	return visibleWith(ctx, alias+`.visibility = 'NETWORK'`, alias+`.key`)
}

func visibleWith(ctx context.Context, network, col string) (string, []any) {
	sc := reseau.CallerFrom(ctx).PeopleScope()
	switch {
	case sc.None:
		return "0", nil
	case sc.All:
		return "1", nil
	}
	return `(` + network + ` OR ` + col + ` = ? OR ` + col + ` IN (SELECT person_key FROM memberships WHERE ` + inList("org_key") + `))`, []any{sc.Self, list(sc.Orgs)}
}

// where accumulates the conditions and arguments of a query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// String returns the WHERE clause, or "" when there is no condition.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// page returns the LIMIT/OFFSET clause of o; its arguments are pageArgs(o),
// parameters so that the statement is prepared once for every page.
func page(o reseau.ListOptions) string { return " LIMIT ? OFFSET ?" }

func pageArgs(o reseau.ListOptions) []any {
	limit := o.Limit
	if limit <= 0 {
		limit = -1
	}
	return []any{limit, max(o.Offset, 0)}
}

// reader runs read queries on the reader pool through prepared statements
// kept for the life of the store: the pure-Go SQLite spends as long
// compiling a join as running it on a page of keys. Query texts are built
// from a bounded set of fragments (values always travel as arguments), so
// the cache stays small; it stops growing past maxStmts all the same.
type reader struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

const maxStmts = 512

func (r *reader) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if st := r.stmts[q]; st != nil {
		return st, nil
	}
	if len(r.stmts) >= maxStmts {
		return nil, nil
	}
	st, err := r.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	r.stmts[q] = st
	return st, nil
}

// QueryContext runs a query through its prepared statement.
func (r *reader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := r.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return r.db.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row query through its prepared statement.
func (r *reader) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := r.stmt(ctx, q)
	if err != nil || st == nil {
		return r.db.QueryRowContext(ctx, q, args...) // reports the error, if any
	}
	return st.QueryRowContext(ctx, args...)
}

func (r *reader) close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, st := range r.stmts {
		st.Close()
	}
	r.stmts = nil
	return r.db.Close()
}

// order returns the ORDER BY clause for the columns (the last one being the
// key, which breaks ties) in o's direction.
func order(o reseau.ListOptions, cols ...string) string {
	dir := ""
	if o.Desc {
		dir = " DESC"
	}
	for i := range cols {
		cols[i] += dir
	}
	return " ORDER BY " + strings.Join(cols, ", ")
}

// dateSpan returns the first and last day of [start, end]; a missing end is
// the start, and a missing start is the end.
func dateSpan(start, end string) (low, high string) {
	if start == "" {
		start = end
	}
	if end == "" {
		end = start
	}
	return reseau.DateLow(start), reseau.DateHigh(end)
}

// overlap adds to w the condition that the span columns meet [from, to],
// dates that reseau.Checked has checked.
func overlap(w *where, alias, from, to string) {
	if from == "" && to == "" {
		return
	}
	w.add(alias + ".date_low <> ''")
	if from != "" {
		w.add(alias+".date_high >= ?", reseau.DateLow(from))
	}
	if to != "" {
		w.add(alias+".date_low <= ?", reseau.DateHigh(to))
	}
}

// nullable turns "" into NULL, for reference columns under foreign keys.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// exists reports whether a row with key exists in table.
func exists(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, table, key string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE key = ?`, key).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

// tables maps node types to their tables.
var tables = map[string]string{
	reseau.TypeDomain:        "domains",
	reseau.TypeOrganisation:  "organisations",
	reseau.TypePerson:        "people",
	reseau.TypeCollaboration: "collaborations",
	reseau.TypePartnership:   "partnerships",
}

// checkRefs returns an EINVALID error naming field if one of keys is not a
// row of typ's table.
func checkRefs(ctx context.Context, tx *sql.Tx, field, typ string, keys ...string) error {
	for _, k := range keys {
		if k == "" {
			continue
		}
		ok, err := exists(ctx, tx, tables[typ], k)
		if err != nil {
			return err
		}
		if !ok {
			return reseau.MissingRef(field, typ, k)
		}
	}
	return nil
}

// mustExist returns ENOTFOUND if key is not a row of typ's table.
func mustExist(ctx context.Context, tx *sql.Tx, typ, key string) error {
	ok, err := exists(ctx, tx, tables[typ], key)
	if err != nil {
		return err
	}
	if !ok {
		return reseau.NotFound(typ, key)
	}
	return nil
}

// queryer is what reads need: the reader pool or a transaction.
type queryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// count runs a count query.
func count(ctx context.Context, q queryer, query string, args ...any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, formatError(err)
}
