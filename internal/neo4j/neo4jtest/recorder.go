package neo4jtest

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

// Recorder checks every statement a store method issues (the name exists,
// the parameters are exactly those the file names) and answers with what
// its answer function returns. It counts round trips: one per read, one per
// statement inside a transaction.
type Recorder struct {
	t      *testing.T
	qs     cypher.Set
	answer func(name string, params map[string]any) []*driver.Record

	mu    sync.Mutex
	calls []string
}

// NewRecorder returns a recorder that answers with answer (nil: no rows).
func NewRecorder(t *testing.T, answer func(string, map[string]any) []*driver.Record) *Recorder {
	if answer == nil {
		answer = func(string, map[string]any) []*driver.Record { return nil }
	}
	return &Recorder{t: t, qs: cypher.Load(), answer: answer}
}

// Exec checks and answers the statement name with params.
func (r *Recorder) Exec(name string, params map[string]any) ([]*driver.Record, error) {
	r.t.Helper()
	stmt, ok := r.qs[name]
	if !ok {
		r.t.Errorf("statement %q has no cypher/%s.cypher", name, name)
		return nil, fmt.Errorf("no statement %s", name)
	}
	want := Parameters(stmt)
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

// exec is Exec, under the name the model calls.
func (r *Recorder) exec(name string, params map[string]any) ([]*driver.Record, error) {
	r.t.Helper()
	return r.Exec(name, params)
}

// Schema records a migration statement, which must be in a cypher file.
func (r *Recorder) Schema(_ context.Context, stmt string, params map[string]any) error {
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

// Used returns the distinct statements run so far.
func (r *Recorder) Used() map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	u := map[string]bool{}
	for _, c := range r.calls {
		u[c] = true
	}
	return u
}

// Calls returns the statements run since the last Count, in order.
func (r *Recorder) Calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// Count returns the number of statements run since the last Count.
func (r *Recorder) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.calls)
	r.calls = nil
	return n
}

// Record builds a driver record from keys and values.
func Record(kv ...any) *driver.Record {
	rec := &driver.Record{}
	for i := 0; i < len(kv); i += 2 {
		rec.Keys = append(rec.Keys, kv[i].(string))
		rec.Values = append(rec.Values, kv[i+1])
	}
	return rec
}

func record(kv ...any) *driver.Record { return Record(kv...) }

var paramName = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// Parameters returns the $parameters a statement names (comments excluded),
// which is what its caller must pass: the recorder checks it on every call.
func Parameters(stmt string) []string {
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
