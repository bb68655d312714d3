package neo4j

import (
	"context"
	"sync"
)

// writerHeadroom is how many of the driver's connections no writer may
// hold: a write waits for the :Counter lock holding its connection, so with
// as many writers as connections, the waiting writers would hold them all
// and the reads of every request (an operation's included) would wait for
// one until the acquisition timeout.
const writerHeadroom = 10

// writerSlots is how many write transactions may ask for a connection at
// once with a pool of pool connections: pool-writerHeadroom, or half a
// small pool, and at least one.
func writerSlots(pool int) int {
	if pool <= 0 {
		pool = defaultMaxConnections
	}
	if pool > 2*writerHeadroom {
		return pool - writerHeadroom
	}
	return max(1, pool/2)
}

// writers is the semaphore of write transactions: every managed write and
// every operation (Store.Atomic) takes a slot before it asks the driver for
// a connection, and gives it back when its transaction ends. Waiting writers
// then wait here, holding nothing, and the lock holder always finds a
// connection for the statements it still has to run.
type writers chan struct{}

func newWriters(pool int) writers { return make(writers, writerSlots(pool)) }

// acquire takes a slot, or gives up when ctx ends (ctx.Err()).
func (w writers) acquire(ctx context.Context) error {
	select {
	case w <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w writers) release() { <-w }

// capped is the runner's statements with writes behind the semaphore;
// reads pass.
type capped struct {
	statements
	w writers
}

func (c capped) writeTx(ctx context.Context, work func(q query) error) error {
	if err := c.w.acquire(ctx); err != nil {
		return err
	}
	defer c.w.release()
	return c.statements.writeTx(ctx, work)
}

// begin starts an operation's transaction once it holds a slot, which it
// keeps until it commits or rolls back.
func (s *Store) begin(ctx context.Context) (transaction, error) {
	if err := s.writers.acquire(ctx); err != nil {
		return nil, err
	}
	tx, err := s.run.begin(ctx)
	if err != nil {
		s.writers.release()
		return nil, err
	}
	return &cappedTx{transaction: tx, release: sync.OnceFunc(s.writers.release)}, nil
}

// cappedTx is an operation's transaction holding a writer slot.
type cappedTx struct {
	transaction
	release func()
}

func (t *cappedTx) commit(ctx context.Context) error {
	defer t.release()
	return t.transaction.commit(ctx)
}

func (t *cappedTx) rollback(ctx context.Context) error {
	defer t.release()
	return t.transaction.rollback(ctx)
}
