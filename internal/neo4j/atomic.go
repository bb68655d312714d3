package neo4j

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// op is one Store.Atomic operation: an explicit write transaction in which
// every statement made with the operation's context runs, reads included,
// so that they see its writes. It takes the write lock (increment_version
// on the :Counter node) as it begins, before any read, and holds it until it
// ends: other writes wait, as they wait for a single write, and the facts
// that authz reads before a write cannot change under it (as in SQLite,
// whose operation holds the writer from its start).
type op struct {
	transaction
	mu     sync.Mutex
	failed error // under mu: the database refused a statement, roll back
	done   atomic.Bool
}

// opOf returns the operation of ctx on s, nil if none is running.
func (s *Store) opOf(ctx context.Context) *op {
	o, _ := reseau.OperationOf[*Store, *op](ctx, s)
	return o
}

// Ended reports whether the operation has committed or rolled back.
func (o *op) Ended() bool { return o.done.Load() }

// stmts returns where ctx's statements run: its operation's transaction, or
// the runner, whose writes wait for a writer slot (writers.go).
func (s *Store) stmts(ctx context.Context) statements {
	if o := s.opOf(ctx); o != nil {
		return o
	}
	return capped{s.run, s.writers}
}

// writeTx runs one write's work in the operation's transaction. A write
// refused by the store's own checks (a *reseau.Error) has run no statement
// that changes the graph but the counter's increment, so the operation may
// go on; any other error means that Neo4j refused a statement, after which
// its transaction cannot commit.
func (o *op) writeTx(ctx context.Context, work func(q query) error) error {
	err := o.transaction.writeTx(ctx, work)
	var re *reseau.Error
	if err != nil && !errors.As(err, &re) {
		o.mu.Lock()
		if o.failed == nil {
			o.failed = err
		}
		o.mu.Unlock()
	}
	return err
}

// Atomic runs fn in one explicit write transaction (see reseau.Store). The
// driver's managed transactions retry transient failures; this one is not
// retried, as fn is a whole GraphQL operation: a transient failure fails the
// operation (EUNAVAILABLE), and the client tries again.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if s.opOf(ctx) != nil {
		return fn(ctx)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return formatError(err)
	}
	o := &op{transaction: tx}
	ended := false
	defer func() {
		o.done.Store(true)
		if !ended { // fn failed or panicked
			_ = tx.rollback(context.WithoutCancel(ctx))
		}
	}()
	if err := tx.writeTx(ctx, func(q query) error {
		_, err := q("increment_version", map[string]any{"counter": versionCounter})
		return err
	}); err != nil {
		return formatError(err)
	}
	if err := fn(reseau.WithOperation(ctx, s, o)); err != nil {
		return err
	}
	o.mu.Lock()
	failed := o.failed
	o.mu.Unlock()
	if failed != nil {
		return formatError(failed)
	}
	o.done.Store(true)
	ended = true
	return formatError(tx.commit(ctx))
}
