// Package neo4jtest is test support for the Neo4j store: the in-memory model
// of the cypher files (a second reading of every statement, in Go) and the
// recorder that checks each statement's name and parameters. It imports
// nothing of the store, so that the store's own tests use it too; a test
// elsewhere runs the store over the model with neo4j.OverRunner(NewModel(t)).
package neo4jtest

import (
	"context"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Query runs one statement by name inside a transaction.
type Query = func(name string, params map[string]any) ([]*driver.Record, error)

type query = Query

// Model is the in-memory model of the cypher files, with the methods of
// neo4j.Runner. Every statement goes through a Recorder's checks.
type Model struct{ m *model }

// NewModel returns an empty model; a failed check fails t.
func NewModel(t *testing.T) *Model { return &Model{newModel(t)} }

// Read runs one read statement.
func (x *Model) Read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	return x.m.read(ctx, name, params)
}

// ReadTx runs work in one read transaction.
func (x *Model) ReadTx(ctx context.Context, work func(q Query) error) error {
	return x.m.readTx(ctx, work)
}

// WriteTx runs work in one write transaction: all or nothing, one at a time.
func (x *Model) WriteTx(ctx context.Context, work func(q Query) error) error {
	return x.m.writeTx(ctx, work)
}

// Begin starts an operation's transaction: a copy of the graph that its
// statements change, put in place by Commit, holding the write lock until
// it ends.
func (x *Model) Begin(ctx context.Context) (Tx, error) {
	tx, err := x.m.begin(ctx)
	if err != nil {
		return nil, err
	}
	return &modelTxOps{tx}, nil
}

// Tx is an operation's transaction, the same type as neo4j.Tx (both are
// aliases of this unnamed interface; this package cannot import the store).
type Tx = interface {
	Read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error)
	ReadTx(ctx context.Context, work func(q func(name string, params map[string]any) ([]*driver.Record, error)) error) error
	WriteTx(ctx context.Context, work func(q func(name string, params map[string]any) ([]*driver.Record, error)) error) error
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// modelTxOps is an operation's transaction on the model, as a Tx.
type modelTxOps struct{ tx *modelTx }

// Read runs one read statement in the transaction.
func (x *modelTxOps) Read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	return x.tx.read(ctx, name, params)
}

// ReadTx runs work in the transaction.
func (x *modelTxOps) ReadTx(ctx context.Context, work func(q Query) error) error {
	return x.tx.readTx(ctx, work)
}

// WriteTx runs work in the transaction; a failed unit leaves nothing.
func (x *modelTxOps) WriteTx(ctx context.Context, work func(q Query) error) error {
	return x.tx.writeTx(ctx, work)
}

// Commit puts the transaction's graph in place.
func (x *modelTxOps) Commit(ctx context.Context) error { return x.tx.commit(ctx) }

// Rollback drops the transaction's graph.
func (x *modelTxOps) Rollback(ctx context.Context) error { return x.tx.rollback(ctx) }

// Schema accepts a migration statement (the model has no schema).
func (x *Model) Schema(ctx context.Context, stmt string, params map[string]any) error {
	return x.m.schema(ctx, stmt, params)
}

// Close does nothing.
func (x *Model) Close(ctx context.Context) error { return x.m.close(ctx) }

// OpenWrites returns how many write transactions (operations included) are
// open now, a transaction waiting for the write lock included, and the most
// that were open at once: on a server, each holds a connection.
func (x *Model) OpenWrites() (now, most int) { return x.m.writes.get() }

// Count returns the number of statements run since the last Count.
func (x *Model) Count() int { return x.m.rec.Count() }

// GetCols is the column each get_<noun> statement answers in.
var GetCols = map[string]string{
	"get_domains": "domain", "get_organisations": "organisation", "get_people": "person",
	"get_collaborations": "collaboration", "get_partnerships": "partnership",
}

var getCols = GetCols

// KeyConstraints are the uniqueness constraints of migrate_schema, as the
// store checks them at start (its own list; a test of the store checks that
// both are the same).
var KeyConstraints = []string{
	"Domain.key", "Organisation.key", "Person.key", "Collaboration.key", "Partnership.key",
	"AuditEntry.id", "Counter.name", "Redirect.id",
}

// EveryConstraint answers show_constraints with KeyConstraints but skip
// ("Person.key"), as Neo4j 5.26 names their type, beside an existence
// constraint that does not count.
func EveryConstraint(skip string) []*driver.Record {
	var recs []*driver.Record
	for _, c := range KeyConstraints {
		if c != skip {
			label, prop, _ := strings.Cut(c, ".")
			recs = append(recs, record("type", "UNIQUENESS", "entityType", "NODE", "labelsOrTypes", []any{label}, "properties", []any{prop}))
		}
	}
	return append(recs, record("type", "NODE_PROPERTY_EXISTENCE", "entityType", "NODE", "labelsOrTypes", []any{"Person"}, "properties", []any{"key"}))
}

func everyConstraint(skip string) []*driver.Record { return EveryConstraint(skip) }
