package neo4j

import (
	"context"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/internal/neo4j/neo4jtest"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// recorder is a runner without a server (neo4jtest.Recorder): it checks
// every statement a method issues (the name exists, the parameters are
// exactly those the file names) and answers with what answer returns. It
// counts round trips: one per read, one per statement inside a transaction.
type recorder struct{ *neo4jtest.Recorder }

func newRecorder(t *testing.T, answer func(string, map[string]any) []*driver.Record) *recorder {
	return &recorder{neo4jtest.NewRecorder(t, answer)}
}

func (r *recorder) exec(name string, params map[string]any) ([]*driver.Record, error) {
	return r.Exec(name, params)
}

func (r *recorder) read(_ context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	return r.exec(name, params)
}

func (r *recorder) readTx(_ context.Context, work func(q query) error) error { return work(r.exec) }

func (r *recorder) writeTx(_ context.Context, work func(q query) error) error { return work(r.exec) }

// begin runs an operation's statements like the others: the recorder has
// no state to isolate.
func (r *recorder) begin(context.Context) (transaction, error) { return r, nil }
func (r *recorder) commit(context.Context) error               { return nil }
func (r *recorder) rollback(context.Context) error             { return nil }

func (r *recorder) schema(ctx context.Context, stmt string, params map[string]any) error {
	return r.Schema(ctx, stmt, params)
}

func (r *recorder) close(context.Context) error { return nil }

// used returns the distinct statements run so far.
func (r *recorder) used() map[string]bool { return r.Used() }

// count returns the number of statements run since the last count.
func (r *recorder) count() int { return r.Count() }

// record builds a driver record.
func record(kv ...any) *driver.Record { return neo4jtest.Record(kv...) }

// parameters returns the $parameters a statement names (comments excluded).
func parameters(stmt string) []string { return neo4jtest.Parameters(stmt) }

// TestOperationLocksFirst checks that an operation takes the write lock
// (increment_version) before anything else: authz reads the facts a write
// depends on before the write, and another commit must not change them in
// between. Before, the lock came with the operation's first write.
func TestOperationLocksFirst(t *testing.T) {
	r := newRecorder(t, nil)
	s := newStore(r)
	err := s.Atomic(reseau.WithCaller(context.Background(), reseau.System), func(ctx context.Context) error {
		_, err := s.Memberships(ctx, reseau.EdgeFilter{From: []string{"p"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := r.Calls()
	if len(calls) < 2 || calls[0] != "increment_version" {
		t.Errorf("an operation ran %v: want increment_version first", calls)
	}
}
