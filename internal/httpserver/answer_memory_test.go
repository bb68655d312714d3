package httpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// countingWriter is a ResponseWriter that keeps nothing but the size of
// what it was given, so that the test measures the server's allocations,
// not a recorder's.
type countingWriter struct {
	h http.Header
	n int
}

func (w *countingWriter) Header() http.Header         { return w.h }
func (w *countingWriter) WriteHeader(int)             {}
func (w *countingWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// TestLargeAnswerAllocatesAboutItsSize asks the nested dashboard query of
// issue 9 (50 organisations of the generated scale S with their domains,
// collaborators and partners: 700 KB) through the whole HTTP handler and measures the bytes the
// process allocates per answer: the answer written by OnePass into a
// recycled buffer, copied once by gqlgen's executor, and escaped straight
// to the connection: about 2.6 times the answer's size in all, loaders
// included. Growing a fresh buffer per answer and copying the whole answer
// again to escape it allocated 6.4 times its size per request, which at 50
// connections set the server's peak memory.
func TestLargeAnswerAllocatesAboutItsSize(t *testing.T) {
	store := sqlitetest.Open(t)
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Import(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	if err := store.Warm(context.Background()); err != nil { // as serve does
		t.Fatal(err)
	}
	srv := httpserver.New(&graph.Resolver{Store: store}, nil)
	srv.CallerFunc = func(*http.Request) (*reseau.Caller, error) { return reseau.System, nil }
	h := srv.Handler()
	body, err := json.Marshal(map[string]string{"query": `{ organisations(first: 50, orderBy: {field: KEY}) { nodes { key name sector domains { key labelFr } collaborators(first: 500) { organisation { key name sector } weight } partners { key name } } } }`})
	if err != nil {
		t.Fatal(err)
	}
	ask := func() int {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := &countingWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
		return w.n
	}
	size := ask() // warms the caches and the query cache
	const n = 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range n {
		ask()
	}
	runtime.ReadMemStats(&after)
	per := float64(after.TotalAlloc-before.TotalAlloc) / n
	t.Logf("answer %d bytes, %.0f bytes allocated per request (%.2f times the answer)", size, per, per/float64(size))
	if size < 100_000 {
		t.Fatalf("the answer is %d bytes: too small for the test to mean anything", size)
	}
	if per > 3.3*float64(size) {
		t.Errorf("%.0f bytes allocated per answer of %d bytes (%.1f times), want at most 3.3 times", per, size, per/float64(size))
	}
}
