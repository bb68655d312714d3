package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestContractOnModelInBatches runs the contract suite with imports written
// three rows per transaction: a batched import must answer as one
// transaction does (counts, audit, rejected datasets changing nothing).
func TestContractOnModelInBatches(t *testing.T) {
	storetest.Run(t, func(t *testing.T) reseau.Store {
		s := newStore(newModel(t))
		s.importTxRows = 3
		return s
	})
}

// interrupting is a runner that fails or interferes with chosen write
// transactions, between the import's batches.
type interrupting struct {
	runner
	mu     sync.Mutex
	n      int                       // write transactions begun
	ran    map[string]bool           // statements run by committed-or-not transactions so far
	failAt int                       // the write transaction to fail (0: none)
	before func(ran map[string]bool) // called before each write transaction
}

func (r *interrupting) writeTx(ctx context.Context, work func(q query) error) error {
	r.mu.Lock()
	r.n++
	n, before := r.n, r.before
	ran := map[string]bool{}
	for k := range r.ran {
		ran[k] = true
	}
	r.mu.Unlock()
	if before != nil {
		before(ran)
	}
	return r.runner.writeTx(ctx, func(q query) error {
		if n == r.failAt {
			// What Neo4j answers a transaction over db.memory.transaction.max.
			return &driver.Neo4jError{Code: "Neo.TransientError.General.TransactionMemoryLimit", Msg: "The allocation of an extra 2.0 MiB would use more than the limit"}
		}
		return work(func(name string, p map[string]any) ([]*driver.Record, error) {
			r.mu.Lock()
			if r.ran == nil {
				r.ran = map[string]bool{}
			}
			r.ran[name] = true
			r.mu.Unlock()
			return q(name, p)
		})
	})
}

func exportOf(t *testing.T, s *Store) string {
	t.Helper()
	ds, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return storetest.Canonical(t, ds)
}

func importEntries(t *testing.T, s *Store) []*reseau.AuditEntry {
	t.Helper()
	page, err := s.Audit(reseau.WithCaller(context.Background(), reseau.System), reseau.AuditFilter{}, reseau.ListOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []*reseau.AuditEntry
	for _, e := range page.Items {
		if e.Action == "import" {
			out = append(out, e)
		}
	}
	return out
}

// TestImportInterrupted: a batched import whose third transaction runs out
// of transaction memory answers EINVALID ("too large", not "unavailable,
// try again"), keeps the batches it committed, says so in its run
// ('failed', rows written) and in one audit entry; running the same import
// again finishes it, closes the run and leaves the store as one
// uninterrupted import does.
func TestImportInterrupted(t *testing.T) {
	ctx := context.Background()
	want := newStore(newModel(t))
	if _, err := want.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}

	r := &interrupting{runner: newModel(t), failAt: 3}
	s := newStore(r)
	s.importTxRows = 4
	ds := storetest.Fixture()
	_, err := s.Import(ctx, ds)
	if code := reseau.ErrorCode(err); code != reseau.EINVALID {
		t.Fatalf("interrupted import: %v (%s), want %s", err, code, reseau.EINVALID)
	}
	runs, err := s.unfinishedImports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Validation, then one batch of domains (3 rows), then the failure.
	if len(runs) != 1 || runs[0].Status != "failed" || runs[0].Written != 3 || runs[0].Rows != int64(ds.Rows()) {
		t.Fatalf("unfinished imports %+v, want one failed run with 3 of %d rows written", runs, ds.Rows())
	}
	if es := importEntries(t, s); len(es) != 1 || !strings.Contains(es[0].After, `"interrupted":true`) {
		t.Errorf("audit after the interruption: %+v, want one interrupted import entry", es)
	}
	if exportOf(t, s) == exportOf(t, want) {
		t.Fatal("the interrupted import wrote everything")
	}

	r.failAt = 0
	st, err := s.Import(ctx, storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	if wantSt := (reseau.ImportStats{Rows: ds.Rows(), Created: ds.Rows() - 3, Unchanged: 3}); *st != wantSt {
		t.Errorf("second run = %+v, want %+v", *st, wantSt)
	}
	if got := exportOf(t, s); got != exportOf(t, want) {
		t.Errorf("after running it again:\n%s\nwant\n%s", got, exportOf(t, want))
	}
	if runs, _ := s.unfinishedImports(ctx); len(runs) != 0 {
		t.Errorf("unfinished imports after the second run: %+v", runs)
	}
	es := importEntries(t, s)
	var stats reseau.ImportStats
	if len(es) != 2 || json.Unmarshal([]byte(es[0].After), &stats) != nil || stats != *st {
		t.Errorf("audit: %d import entries, newest %+v, want 2, the newest with %+v", len(es), es, *st)
	}
}

// TestImportBatchSeesDeletes: a person deleted between the import's
// batches, after the dataset was validated, fails the batch that relates
// them (ECONFLICT) instead of dropping its rows silently.
func TestImportBatchSeesDeletes(t *testing.T) {
	ctx := context.Background()
	m := newModel(t)
	other := newStore(m)
	r := &interrupting{runner: m}
	fired := false
	r.before = func(ran map[string]bool) {
		if ran["link_collaborations"] && !fired {
			fired = true
			if err := other.DeletePerson(ctx, "alice"); err != nil {
				t.Errorf("delete alice: %v", err)
			}
		}
	}
	s := newStore(r)
	s.importTxRows = 4
	_, err := s.Import(ctx, storetest.Fixture())
	if !fired {
		t.Fatal("the import never reached its relationships")
	}
	if code := reseau.ErrorCode(err); code != reseau.ECONFLICT {
		t.Fatalf("import after a concurrent delete: %v (%s), want %s", err, code, reseau.ECONFLICT)
	}
	var re *reseau.Error
	if !errors.As(err, &re) || !strings.Contains(re.Message, "alice") {
		t.Errorf("the error does not name the deleted person: %v", err)
	}
}

// TestImportOneTransactionWhenSmall: a dataset within importTxRows is one
// transaction, as before, and leaves no :ImportRun.
func TestImportOneTransactionWhenSmall(t *testing.T) {
	ctx := context.Background()
	r := &interrupting{runner: newModel(t)}
	s := newStore(r)
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	if r.n != 1 || r.ran["merge_import_run"] {
		t.Errorf("a small import ran %d write transactions (merge_import_run: %v), want 1 and none", r.n, r.ran["merge_import_run"])
	}
}
