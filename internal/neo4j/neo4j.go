// Package neo4j is the production reseau.Store on Neo4j 5, through the
// official Go driver: one driver per process, reads routed to readers,
// multi-statement writes in managed write transactions, a Store.Atomic
// operation in one explicit write transaction (atomic.go), and every
// statement in cypher/*.cypher (values only as $parameters).
//
// Every query goes through the small runner interface, so that tests can
// count and check the statements a method issues without a server; the
// contract suite (internal/storetest) runs against a real server when
// NEO4J_URI is set.
package neo4j

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/reseau-bxl/reseau/cypher"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

var _ reseau.Store = (*Store)(nil)

// Config says which Neo4j to use and how. Database "" is the server's
// default, which Open asks for once and then names in every transaction.
type Config struct {
	URI      string // bolt://host:7687, neo4j://host (cluster routing), neo4j+s://… (Aura)
	User     string
	Password string
	Database string
	// MaxConnections is the driver's pool size (default 50).
	MaxConnections int
	// TxTimeout bounds every transaction on the server (default 30s), except
	// an import's and an export's, which are as long as their data.
	TxTimeout time.Duration
	// ImportTxRows is how many dataset rows an import writes per
	// transaction (default 20,000): a larger import commits in batches.
	ImportTxRows int
}

// Defaults of the driver configuration. A request waits at most
// acquireTimeout for a connection and the driver retries a transient error
// for at most retryTime: both well below the HTTP request timeout (15 s by
// default), so that a saturated pool or a failing server is answered as
// such, not as a cut connection.
const (
	defaultMaxConnections = 50
	defaultTxTimeout      = 30 * time.Second
	acquireTimeout        = 5 * time.Second
	retryTime             = 10 * time.Second
	defaultImportTxRows   = 20000
)

// ConfigFromEnv reads NEO4J_URI, NEO4J_USER (default "neo4j"),
// NEO4J_PASSWORD, NEO4J_DATABASE, NEO4J_MAX_CONNECTIONS, NEO4J_TX_TIMEOUT and
// NEO4J_IMPORT_TX_ROWS through getenv (os.Getenv, or a map in tests). A value that does not
// parse keeps the default.
func ConfigFromEnv(getenv func(string) string) Config {
	c := Config{
		URI:            getenv("NEO4J_URI"),
		User:           getenv("NEO4J_USER"),
		Password:       getenv("NEO4J_PASSWORD"),
		Database:       getenv("NEO4J_DATABASE"),
		MaxConnections: defaultMaxConnections,
		TxTimeout:      defaultTxTimeout,
		ImportTxRows:   defaultImportTxRows,
	}
	if c.User == "" {
		c.User = "neo4j"
	}
	if n, err := strconv.Atoi(getenv("NEO4J_MAX_CONNECTIONS")); err == nil && n > 0 {
		c.MaxConnections = n
	}
	if d, err := time.ParseDuration(getenv("NEO4J_TX_TIMEOUT")); err == nil && d > 0 {
		c.TxTimeout = d
	}
	if n, err := strconv.Atoi(getenv("NEO4J_IMPORT_TX_ROWS")); err == nil && n > 0 {
		c.ImportTxRows = n
	}
	return c
}

// driverConfig is the driver's configuration for c.
func (c Config) driverConfig(conf *config.Config) {
	conf.MaxConnectionPoolSize = c.MaxConnections
	if conf.MaxConnectionPoolSize <= 0 {
		conf.MaxConnectionPoolSize = defaultMaxConnections
	}
	conf.ConnectionAcquisitionTimeout = acquireTimeout
	conf.MaxTransactionRetryTime = retryTime
}

// RegisterFlags adds --neo4j-uri, --neo4j-user, --neo4j-password and
// --neo4j-database to fs, defaulting to c's current values (the environment
// twins), so that flags win over the environment.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.URI, "neo4j-uri", c.URI, "Neo4j URI, bolt:// or neo4j:// (env NEO4J_URI); selects the Neo4j store")
	fs.StringVar(&c.User, "neo4j-user", c.User, "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&c.Password, "neo4j-password", c.Password, "Neo4j password (env NEO4J_PASSWORD; prefer the environment)")
	fs.StringVar(&c.Database, "neo4j-database", c.Database, "Neo4j database, empty for the server's default (env NEO4J_DATABASE)")
	fs.IntVar(&c.MaxConnections, "neo4j-max-connections", c.MaxConnections, "Neo4j driver connection pool size (env NEO4J_MAX_CONNECTIONS)")
	fs.DurationVar(&c.TxTimeout, "neo4j-tx-timeout", c.TxTimeout, "Neo4j transaction timeout, imports and exports excepted (env NEO4J_TX_TIMEOUT)")
	fs.IntVar(&c.ImportTxRows, "neo4j-import-tx-rows", c.ImportTxRows, "dataset rows an import writes per Neo4j transaction; a larger import commits in batches (env NEO4J_IMPORT_TX_ROWS)")
}

// Selected reports whether the Neo4j store is asked for: store (--store or
// RESEAU_STORE) is "neo4j", or it is empty and a Neo4j URI is configured.
// Any other store name ("sqlite") keeps the embedded store.
func Selected(store string, c Config) bool {
	return store == "neo4j" || (store == "" && c.URI != "")
}

// Store is the Neo4j reseau.Store.
type Store struct {
	run runner
	// writers caps concurrent write transactions below the pool size.
	writers writers
	// importTxRows is how many dataset rows an import writes per
	// transaction (Config.ImportTxRows).
	importTxRows int
	// now is the clock of audit entries.
	now func() time.Time
	// candidates is maxCandidates, smaller in tests of the cut.
	candidates int
}

// Open connects to Neo4j, checks that the server answers (VerifyConnectivity)
// and runs the idempotent schema migration. An unreachable server is
// EUNAVAILABLE.
func Open(ctx context.Context, c Config) (*Store, error) {
	if c.URI == "" {
		return nil, reseau.Errorf(reseau.EINVALID, "NEO4J_URI is not set")
	}
	d, err := driver.NewDriverWithContext(c.URI, driver.BasicAuth(c.User, c.Password, ""), c.driverConfig)
	if err != nil {
		return nil, reseau.Errorf(reseau.EINVALID, "neo4j: %v", err)
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		_ = d.Close(ctx)
		if unauthorized(err) {
			return nil, reseau.Errorf(reseau.EINVALID, "neo4j at %s refused the credentials of user %q: check NEO4J_USER and NEO4J_PASSWORD (NEO4J_AUTH sets a Docker image's password on its first boot only)", c.URI, c.User)
		}
		return nil, &reseau.Error{Code: reseau.EUNAVAILABLE, Message: fmt.Sprintf("neo4j at %s cannot be used: %v", c.URI, err)}
	}
	if info, err := d.GetServerInfo(ctx); err == nil {
		if err := supported(info.Agent()); err != nil {
			_ = d.Close(ctx)
			return nil, err
		}
	}
	r := &driverRunner{d: d, db: c.Database, qs: cypher.Load(), txTimeout: c.TxTimeout}
	s := newStore(r)
	s.writers = newWriters(c.MaxConnections)
	if c.ImportTxRows > 0 {
		s.importTxRows = c.ImportTxRows
	}
	if r.db == "" {
		// Named in every transaction, the database needs no lookup of the
		// user's home database per session, and stays the same one if the
		// server's default changes while the API runs.
		if r.db, err = s.database(ctx); err != nil {
			_ = d.Close(ctx)
			return nil, err
		}
	}
	if err := s.Migrate(ctx); err != nil {
		_ = d.Close(ctx)
		return nil, err
	}
	s.warnUnfinishedImports(ctx, slog.Default())
	return s, nil
}

func newStore(r runner) *Store {
	return &Store{run: r, writers: newWriters(defaultMaxConnections), importTxRows: defaultImportTxRows,
		now: time.Now, candidates: maxCandidates}
}

// Migrate creates the constraints and indexes (every statement is IF NOT
// EXISTS, so it runs at every start) and waits until they are online.
func (s *Store) Migrate(ctx context.Context) error {
	qs := cypher.Load()
	for _, stmt := range cypher.Statements(qs.Get("migrate_schema")) {
		if err := s.run.schema(ctx, stmt, nil); err != nil && !alreadyExists(err) {
			return formatError(err)
		}
	}
	if err := s.run.schema(ctx, qs.Get("migrate_await_indexes"), map[string]any{"timeoutSeconds": 300}); err != nil {
		return formatError(err)
	}
	return s.checkConstraints(ctx)
}

// keyConstraints are the uniqueness constraints of migrate_schema, as
// label.property: every lookup by key seeks them, and they alone keep two
// nodes from sharing a key.
var keyConstraints = []string{
	"Domain.key", "Organisation.key", "Person.key", "Collaboration.key", "Partnership.key",
	"AuditEntry.id", "Counter.name", "Redirect.id",
}

// checkConstraints refuses to start without every key constraint. The
// migration lets "already exists" pass (a concurrent start), but Neo4j also
// answers so when an index (say, made by hand) holds the constraint's label
// and property: the constraint is then missing and nothing says so.
func (s *Store) checkConstraints(ctx context.Context) error {
	recs, err := s.read(ctx, "show_constraints", map[string]any{})
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, rec := range recs {
		m, err := columns(rec, "type", "entityType", "labelsOrTypes", "properties")
		if err != nil {
			return err
		}
		labels, _ := m["labelsOrTypes"].([]any)
		props, _ := m["properties"].([]any)
		switch m["type"] {
		case "UNIQUENESS", "NODE_PROPERTY_UNIQUENESS", "NODE_KEY":
		default:
			continue
		}
		if m["entityType"] == "NODE" && len(labels) == 1 && len(props) == 1 {
			have[fmt.Sprint(labels[0], ".", props[0])] = true
		}
	}
	var missing []string
	for _, c := range keyConstraints {
		if !have[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return reseau.Errorf(reseau.EINTERNAL, "neo4j: no uniqueness constraint on %s: an index on the same property keeps migrate_schema from creating it; drop that index (SHOW INDEXES, DROP INDEX name) and start again",
			strings.Join(missing, ", "))
	}
	return nil
}

// supported refuses a server older than Neo4j 5.23, whose Cypher lacks the
// scope clause of CALL (x) { … } subqueries that many statements use: better
// one clear error at start than a syntax error on the first query. An agent
// string it cannot read ("Neo4j/5.26.0", "Neo4j/2025.01.0", "Neo4j/5.27-aura")
// is let through.
func supported(agent string) error {
	v, ok := strings.CutPrefix(agent, "Neo4j/")
	if !ok {
		return nil
	}
	parts := strings.SplitN(v, ".", 3)
	num := func(s string) (int, bool) {
		n, digits := 0, 0
		for _, r := range s {
			if r < '0' || r > '9' {
				break
			}
			n, digits = n*10+int(r-'0'), digits+1
		}
		return n, digits > 0
	}
	major, ok := num(parts[0])
	if !ok || len(parts) < 2 {
		return nil
	}
	minor, ok := num(parts[1])
	if !ok || major > 5 || (major == 5 && minor >= 23) {
		return nil
	}
	return reseau.Errorf(reseau.EINVALID, "neo4j: %s is too old, Réseau needs Neo4j 5.23 or later", agent)
}

// alreadyExists reports a schema error saying that what a statement creates
// is already there. IF NOT EXISTS makes that a no-op, but two processes
// migrating at once (replicas starting together) can both pass the check,
// and the one that commits second gets this error instead: for an
// IF NOT EXISTS migration, the same outcome as the no-op.
func alreadyExists(err error) bool {
	var ne *driver.Neo4jError
	return errors.As(err, &ne) && strings.HasPrefix(ne.Code, "Neo.ClientError.Schema.") && strings.HasSuffix(ne.Code, "AlreadyExists")
}

// unauthorized reports a refused login: a wrong user or password, which
// waiting will not fix.
func unauthorized(err error) bool {
	var ne *driver.Neo4jError
	return errors.As(err, &ne) && (ne.Code == "Neo.ClientError.Security.Unauthorized" ||
		ne.Code == "Neo.ClientError.Security.AuthenticationRateLimit")
}

// Close closes the driver.
func (s *Store) Close() error {
	return formatError(s.run.close(context.Background()))
}

// query runs one named statement with parameters inside a transaction.
type query func(name string, params map[string]any) ([]*driver.Record, error)

// statements is how the store's methods run Cypher: through the runner, or
// inside an operation's transaction (see Store.Atomic).
type statements interface {
	// read runs one read statement, routed to a reader.
	read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error)
	// readTx runs several read statements in one transaction (one snapshot).
	readTx(ctx context.Context, work func(q query) error) error
	// writeTx runs work in one managed write transaction. The driver retries
	// work on transient errors, so work must be safe to run again: it keeps no
	// state across attempts except what it resets first.
	writeTx(ctx context.Context, work func(q query) error) error
}

// runner is every way the store reaches Neo4j. Statements are named (the
// cypher file), so that a fake can count and check them.
type runner interface {
	statements
	// begin starts the explicit write transaction of an operation.
	begin(ctx context.Context) (transaction, error)
	// schema runs one migration statement (text, not a name: the migration
	// file holds several) in its own auto-commit transaction on the writer.
	schema(ctx context.Context, stmt string, params map[string]any) error
	close(ctx context.Context) error
}

// database returns the name of the database the server serves by default.
func (s *Store) database(ctx context.Context) (string, error) {
	recs, err := s.read(ctx, "get_database", map[string]any{})
	if err != nil {
		return "", err
	}
	if len(recs) == 0 {
		return "", reseau.Errorf(reseau.EINTERNAL, "neo4j: the server names no default database")
	}
	return value[string](recs[0], "name")
}

// longTx marks a context whose transactions may outlast Config.TxTimeout:
// an import or an export lasts as long as its data.
type longTx struct{}

func withoutTxTimeout(ctx context.Context) context.Context {
	return context.WithValue(ctx, longTx{}, true)
}

// transaction is the explicit write transaction of an operation: read,
// readTx and writeTx all run their statements in it, one at a time (a
// transaction is one connection), and none is retried.
type transaction interface {
	statements
	commit(ctx context.Context) error
	rollback(ctx context.Context) error
}

// driverRunner is the runner on a real driver.
type driverRunner struct {
	d         driver.DriverWithContext
	db        string
	qs        cypher.Set
	txTimeout time.Duration
}

// txConfig bounds a transaction by the server-side timeout, unless ctx is
// an import's or an export's.
func (r *driverRunner) txConfig(ctx context.Context) func(*driver.TransactionConfig) {
	return func(tc *driver.TransactionConfig) {
		if r.txTimeout > 0 && ctx.Value(longTx{}) == nil {
			tc.Timeout = r.txTimeout
		}
	}
}

func (r *driverRunner) read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	res, err := driver.ExecuteQuery(ctx, r.d, r.qs.Get(name), params, driver.EagerResultTransformer,
		driver.ExecuteQueryWithReadersRouting(), driver.ExecuteQueryWithDatabase(r.db),
		driver.ExecuteQueryWithTransactionConfig(r.txConfig(ctx)))
	if err != nil {
		return nil, err
	}
	logNotifications(slog.Default(), name, res.Summary.Notifications())
	return res.Records, nil
}

// logNotifications logs what the server says about a statement it ran
// (deprecations, cartesian products, unbounded paths…), once per run: such
// a statement still answers, and a maintainer should hear of it.
func logNotifications(log *slog.Logger, name string, ns []driver.Notification) {
	for _, n := range ns {
		log.Warn("neo4j notification", "statement", name, "code", n.Code(), "severity", n.RawSeverityLevel(),
			"title", n.Title(), "description", n.Description())
	}
}

// session shares ExecuteQuery's bookmark manager, so that a read after a
// write sees it even on a cluster (causal consistency).
func (r *driverRunner) session(ctx context.Context, mode driver.AccessMode) driver.SessionWithContext {
	return r.d.NewSession(ctx, driver.SessionConfig{
		DatabaseName:    r.db,
		AccessMode:      mode,
		BookmarkManager: r.d.ExecuteQueryBookmarkManager(),
	})
}

func (r *driverRunner) tx(ctx context.Context, mode driver.AccessMode, work func(q query) error) error {
	sess := r.session(ctx, mode)
	defer sess.Close(ctx)
	fn := func(tx driver.ManagedTransaction) (any, error) {
		return nil, work(func(name string, params map[string]any) ([]*driver.Record, error) {
			res, err := tx.Run(ctx, r.qs.Get(name), params)
			if err != nil {
				return nil, notRetried(err)
			}
			recs, err := res.Collect(ctx)
			if err != nil {
				return nil, notRetried(err)
			}
			if sum, err := res.Consume(ctx); err == nil {
				logNotifications(slog.Default(), name, sum.Notifications())
			}
			return recs, nil
		})
	}
	var err error
	if mode == driver.AccessModeRead {
		_, err = sess.ExecuteRead(ctx, fn, r.txConfig(ctx))
	} else {
		_, err = sess.ExecuteWrite(ctx, fn, r.txConfig(ctx))
	}
	return err
}

func (r *driverRunner) readTx(ctx context.Context, work func(q query) error) error {
	return r.tx(ctx, driver.AccessModeRead, work)
}

func (r *driverRunner) writeTx(ctx context.Context, work func(q query) error) error {
	return r.tx(ctx, driver.AccessModeWrite, work)
}

func (r *driverRunner) begin(ctx context.Context) (transaction, error) {
	sess := r.session(ctx, driver.AccessModeWrite)
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		_ = sess.Close(ctx)
		return nil, err
	}
	return &driverTx{sess: sess, tx: tx, qs: r.qs}, nil
}

// driverTx is an operation's transaction on a real driver. The resolvers of
// one GraphQL answer read concurrently, and a driver transaction runs one
// statement at a time: mu takes them in turn.
type driverTx struct {
	mu   sync.Mutex
	sess driver.SessionWithContext
	tx   driver.ExplicitTransaction
	qs   cypher.Set
}

func (t *driverTx) run(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	res, err := t.tx.Run(ctx, t.qs.Get(name), params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

func (t *driverTx) read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	return t.run(ctx, name, params)
}

func (t *driverTx) readTx(ctx context.Context, work func(q query) error) error {
	return work(func(name string, params map[string]any) ([]*driver.Record, error) { return t.run(ctx, name, params) })
}

func (t *driverTx) writeTx(ctx context.Context, work func(q query) error) error {
	return t.readTx(ctx, work)
}

func (t *driverTx) commit(ctx context.Context) error {
	defer t.sess.Close(ctx)
	return t.tx.Commit(ctx)
}

func (t *driverTx) rollback(ctx context.Context) error {
	defer t.sess.Close(ctx)
	return t.tx.Rollback(ctx)
}

func (r *driverRunner) schema(ctx context.Context, stmt string, params map[string]any) error {
	_, err := driver.ExecuteQuery(ctx, r.d, stmt, params, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(r.db))
	return err
}

func (r *driverRunner) close(ctx context.Context) error { return r.d.Close(ctx) }

// memoryCodes are the status codes of a transaction that needed more memory
// than the server lets it have: the limit of one transaction
// (db.memory.transaction.max, TransactionMemoryLimit; TransactionOutOfMemoryError
// before 5.x) or of all of them (dbms.memory.transaction.total.max,
// MemoryPoolOutOfMemoryError). Neo4j calls them transient, so the driver
// would run the same too large transaction again until its retry time ran
// out, and the store would answer "unavailable, try again": a wrong answer,
// as the same request fails again.
var memoryCodes = map[string]bool{
	"Neo.TransientError.General.TransactionMemoryLimit":      true,
	"Neo.TransientError.General.MemoryPoolOutOfMemoryError":  true,
	"Neo.ClientError.General.TransactionOutOfMemoryError":    true,
	"Neo.TransientError.General.TransactionOutOfMemoryError": true,
}

// errTooLarge is the answer to a memory error: EINVALID, not retried.
func errTooLarge() error {
	return &reseau.Error{Code: reseau.EINVALID, Message: "the change is too large for the graph database's transaction memory " +
		"(db.memory.transaction.max, dbms.memory.transaction.total.max); nothing of it was written: " +
		"import in smaller transactions (NEO4J_IMPORT_TX_ROWS) or smaller files, or give Neo4j more memory"}
}

// notRetried turns a statement's memory error into errTooLarge, which is
// not a driver error, so that the driver's managed transaction gives up at
// once instead of running it again.
func notRetried(err error) error {
	var ne *driver.Neo4jError
	if errors.As(err, &ne) && memoryCodes[ne.Code] {
		return errTooLarge()
	}
	return err
}

// formatError translates a driver error into a *reseau.Error at the store's
// boundary; a *reseau.Error passes through.
func formatError(err error) error {
	if err == nil {
		return nil
	}
	if known, ok := reseau.KnownError(err); ok {
		return known
	}
	var ne *driver.Neo4jError
	if errors.As(err, &ne) && memoryCodes[ne.Code] {
		return errTooLarge()
	}
	if errors.As(err, &ne) {
		switch ne.Code {
		case "Neo.ClientError.Schema.ConstraintValidationFailed":
			return reseau.Errorf(reseau.ECONFLICT, "the key already exists")
		case "Neo.ClientError.Transaction.TransactionTimedOut", "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return &reseau.Error{Code: reseau.EUNAVAILABLE, Message: "the graph database took longer than the transaction timeout (NEO4J_TX_TIMEOUT); nothing was changed"}
		case "Neo.ClientError.Transaction.Terminated", "Neo.TransientError.Transaction.Terminated",
			"Neo.ClientError.Transaction.LockClientStopped", "Neo.TransientError.Transaction.LockClientStopped":
			// The driver reclassifies both as client errors, never retried:
			// the server stopped the transaction (a timeout, an administrator,
			// a shutdown), so the request can be tried again as a whole.
			return &reseau.Error{Code: reseau.EUNAVAILABLE, Message: "the graph database stopped the transaction; nothing was changed, try again"}
		}
	}
	if unauthorized(err) {
		// Masked from users as any internal error, logged for the operator.
		return reseau.Errorf(reseau.EINTERNAL, "neo4j refused the credentials (NEO4J_USER, NEO4J_PASSWORD)")
	}
	// Retries exhausted (TransactionExecutionLimit), a lost connection or a
	// transient error: the request may succeed if the client tries again.
	if driver.IsConnectivityError(err) || driver.IsRetryable(err) || driver.IsTransactionExecutionLimit(err) {
		return &reseau.Error{Code: reseau.EUNAVAILABLE, Message: "the graph database is unavailable, try again"}
	}
	return fmt.Errorf("neo4j: %w", err)
}
