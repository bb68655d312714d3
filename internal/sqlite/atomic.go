package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// op is one Store.Atomic operation: a transaction of the writer connection,
// begun once under wmu, in which every write made with the operation's
// context runs, and every read too once the operation has written.
//
// The in-memory caches and indexes hold committed rows only: the hooks of
// the operation's writes run once it commits, and its reads go around the
// caches (SQL through the transaction, a private index for ties and
// search) so that they never fill them with what may be rolled back. That
// makes a mutation whose answer derives ties slower than a query; it is the
// rare path.
type op struct {
	tx *sql.Tx
	// mu serialises the operation's writes. Reads never take it: authz reads
	// the store from inside an update's apply, under mu.
	mu     sync.Mutex
	failed error // under mu: the transaction is no longer sound, roll back
	wrote  atomic.Bool
	done   atomic.Bool
}

// opOf returns the operation of ctx on s, nil if none is running.
func (s *Store) opOf(ctx context.Context) *op {
	o, _ := reseau.OperationOf[*Store, *op](ctx, s)
	return o
}

// Ended reports whether the operation has committed or rolled back.
func (o *op) Ended() bool { return o.done.Load() }

// Atomic runs fn in one transaction (see reseau.Store). It holds the write
// lock from start to end: other writes, from this process or another, wait.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if s.opOf(ctx) != nil {
		return fn(ctx)
	}
	var fnErr error
	err := s.transact(ctx, func(tx *sql.Tx) error {
		o := &op{tx: tx}
		defer o.done.Store(true)
		if fnErr = fn(reseau.WithOperation(ctx, s, o)); fnErr != nil {
			return fnErr
		}
		o.mu.Lock()
		defer o.mu.Unlock()
		return o.failed
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

// write runs one write's fn inside the operation, under a savepoint, so that
// a write that fails leaves nothing of itself (nor its commit hooks) and the
// operation may go on.
func (o *op) write(ctx context.Context, s *Store, fn func(tx *sql.Tx) error) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failed != nil {
		return o.failed
	}
	o.wrote.Store(true)
	hooks := len(s.hooks)
	if _, err := o.tx.ExecContext(ctx, `SAVEPOINT write`); err != nil {
		o.failed = formatError(err)
		return o.failed
	}
	err := fn(o.tx)
	if err != nil {
		s.hooks = s.hooks[:hooks]
		if _, rerr := o.tx.ExecContext(ctx, `ROLLBACK TO write`); rerr != nil {
			o.failed = formatError(rerr)
		}
	}
	if _, rerr := o.tx.ExecContext(ctx, `RELEASE write`); rerr != nil && o.failed == nil {
		o.failed = formatError(rerr)
	}
	if err != nil {
		return formatError(err)
	}
	return o.failed
}

// pending returns the transaction of ctx's operation once it has written,
// nil otherwise: the reads of that operation must see its writes, which only
// its transaction holds. Before the first write, the committed state is the
// operation's state (no other write can commit while it runs), and reads
// take their usual way through the reader pool and the caches.
func (s *Store) pending(ctx context.Context) *sql.Tx {
	if o := s.opOf(ctx); o != nil && o.wrote.Load() {
		return o.tx
	}
	return nil
}

// reads returns what ctx's SQL reads run on: the operation's transaction
// (see pending), or the reader pool.
func (s *Store) reads(ctx context.Context) queryer {
	if tx := s.pending(ctx); tx != nil {
		return tx
	}
	return s.rd
}

// readOnly runs read in a read-only transaction of db: several queries, one
// snapshot.
func readOnly[T any](ctx context.Context, db *sql.DB, read func(queryer) (T, error)) (T, error) {
	var zero T
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return zero, formatError(err)
	}
	defer tx.Rollback()
	return read(tx)
}
