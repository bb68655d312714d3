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
	// Schema runs one migration statement.
	Schema(ctx context.Context, stmt string, params map[string]any) error
	Close(ctx context.Context) error
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

func (e exported) schema(ctx context.Context, stmt string, params map[string]any) error {
	return e.r.Schema(ctx, stmt, params)
}

func (e exported) close(ctx context.Context) error { return e.r.Close(ctx) }
