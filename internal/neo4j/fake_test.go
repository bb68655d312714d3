package neo4j

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/cypher"
)

// recorder is a runner without a server: it checks every statement a method
// issues (the name exists, the parameters are exactly those the file names)
// and answers with what answer returns. It counts round trips: one per read,
// one per statement inside a transaction.
type recorder struct {
	t      *testing.T
	qs     cypher.Set
	answer func(name string, params map[string]any) []*driver.Record

	mu    sync.Mutex
	calls []string
}

func newRecorder(t *testing.T, answer func(string, map[string]any) []*driver.Record) *recorder {
	if answer == nil {
		answer = func(string, map[string]any) []*driver.Record { return nil }
	}
	return &recorder{t: t, qs: cypher.Load(), answer: answer}
}

func (r *recorder) exec(name string, params map[string]any) ([]*driver.Record, error) {
	r.t.Helper()
	stmt, ok := r.qs[name]
	if !ok {
		r.t.Errorf("statement %q has no cypher/%s.cypher", name, name)
		return nil, fmt.Errorf("no statement %s", name)
	}
	want := parameters(stmt)
	var got []string
	for k, v := range params {
		got = append(got, k)
		if v == nil {
			continue
		}
		if l, ok := v.([]string); ok && l == nil {
			r.t.Errorf("%s: $%s is a nil list (null in Cypher)", name, k)
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if !slices.Equal(want, got) {
		r.t.Errorf("%s: parameters %v, the statement names %v", name, got, want)
	}
	r.mu.Lock()
	r.calls = append(r.calls, name)
	r.mu.Unlock()
	return r.answer(name, params), nil
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

func (r *recorder) schema(_ context.Context, stmt string, params map[string]any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for name, text := range r.qs {
		if text == stmt || strings.Contains(text, stmt) {
			r.calls = append(r.calls, name)
			return nil
		}
	}
	r.t.Errorf("schema statement is in no cypher file: %s", stmt)
	return nil
}

func (r *recorder) close(context.Context) error { return nil }

// used returns the distinct statements run so far.
func (r *recorder) used() map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	u := map[string]bool{}
	for _, c := range r.calls {
		u[c] = true
	}
	return u
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.calls)
	r.calls = nil
	return n
}

// record builds a driver record.
func record(kv ...any) *driver.Record {
	rec := &driver.Record{}
	for i := 0; i < len(kv); i += 2 {
		rec.Keys = append(rec.Keys, kv[i].(string))
		rec.Values = append(rec.Values, kv[i+1])
	}
	return rec
}

var paramName = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// parameters returns the $parameters a statement names (comments excluded),
// which is what its caller must pass: the recorder checks it on every call.
func parameters(stmt string) []string {
	seen := map[string]bool{}
	var out []string
	for _, line := range strings.Split(stmt, "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		for _, m := range paramName.FindAllStringSubmatch(line, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, m[1])
			}
		}
	}
	return out
}
