package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Runner is a way for the store to reach Neo4j other than the driver: the
// in-memory model of the cypher files (neo4jtest.NewModel), with which tests
// outside this package run the store without a server. Statements are
// named by their cypher file.
type Runner interface {
	// Read runs one read statement.
	Read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error)
	// ReadTx runs several read statements in one transaction.
	ReadTx(ctx context.Context, work func(q func(name string, params map[string]any) ([]*driver.Record, error)) error) error
	// WriteTx runs work in one write transaction, all or nothing; work
	// may run more than once.
	WriteTx(ctx context.Context, work func(q func(name string, params map[string]any) ([]*driver.Record, error)) error) error
	// Begin starts the explicit write transaction of an operation
	// (Store.Atomic): its statements see its writes, and nobody else's
	// writes run until it commits or rolls back.
	Begin(ctx context.Context) (Tx, error)
	// Schema runs one migration statement.
	Schema(ctx context.Context, stmt string, params map[string]any) error
	Close(ctx context.Context) error
}

// Tx is a Runner's operation transaction: its statements, then Commit or
// Rollback. It is an alias of an unnamed interface, so that a runner in a
// package this one cannot import (neo4jtest) can name the same type.
type Tx = interface {
	Read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error)
	ReadTx(ctx context.Context, work func(q func(name string, params map[string]any) ([]*driver.Record, error)) error) error
	WriteTx(ctx context.Context, work func(q func(name string, params map[string]any) ([]*driver.Record, error)) error) error
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// OverRunner returns the store over r, not migrated.
func OverRunner(r Runner) *Store { return newStore(exported{r}) }

// exported is a Runner as the store's runner.
type exported struct{ r Runner }

func (e exported) read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	return e.r.Read(ctx, name, params)
}

func (e exported) readTx(ctx context.Context, work func(q query) error) error {
	return e.r.ReadTx(ctx, func(q func(string, map[string]any) ([]*driver.Record, error)) error { return work(q) })
}

func (e exported) writeTx(ctx context.Context, work func(q query) error) error {
	return e.r.WriteTx(ctx, func(q func(string, map[string]any) ([]*driver.Record, error)) error { return work(q) })
}

func (e exported) begin(ctx context.Context) (transaction, error) {
	tx, err := e.r.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return exportedTx{tx}, nil
}

// exportedTx is a Tx as the store's transaction.
type exportedTx struct{ tx Tx }

func (e exportedTx) read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	return e.tx.Read(ctx, name, params)
}

func (e exportedTx) readTx(ctx context.Context, work func(q query) error) error {
	return e.tx.ReadTx(ctx, func(q func(string, map[string]any) ([]*driver.Record, error)) error { return work(q) })
}

func (e exportedTx) writeTx(ctx context.Context, work func(q query) error) error {
	return e.tx.WriteTx(ctx, func(q func(string, map[string]any) ([]*driver.Record, error)) error { return work(q) })
}

func (e exportedTx) commit(ctx context.Context) error   { return e.tx.Commit(ctx) }
func (e exportedTx) rollback(ctx context.Context) error { return e.tx.Rollback(ctx) }

func (e exported) schema(ctx context.Context, stmt string, params map[string]any) error {
	return e.r.Schema(ctx, stmt, params)
}

func (e exported) close(ctx context.Context) error { return e.r.Close(ctx) }
