package httpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// scaleDB returns the path of a SQLite file holding the synthetic network of
// scale, built on first use and kept in the system's temporary folder (an M
// import takes a while, and the benchmarks only read it).
func scaleDB(b *testing.B, scale string) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "reseau-bench")
	path := filepath.Join(dir, scale+".db")
	done := path + ".complete"
	if _, err := os.Stat(done); err == nil {
		// A file left by another version of the store is rebuilt.
		if s, err := sqlite.Open(context.Background(), path); err == nil {
			s.Close()
			return path
		}
		_ = os.Remove(done)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(path + suffix)
	}
	ds, err := demo.Scale(scale)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := s.Import(ctx, ds); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %s: %d rows in %v", path, ds.Rows(), time.Since(start))
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// reportLatency reports the median and 99th percentile of ds.
func reportLatency(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	ms := func(q float64) float64 {
		return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// twoLevelQuery is the bar's query: a page of organisations, their domains
// and their heaviest collaborators' names.
const twoLevelQuery = `{"query":"{ organisations(first: 20) { nodes { name domains { labelFr } collaborators(first: 5) { weight organisation { name } } } } }"}`

// BenchmarkOrganisationQueryM times the two-level organisation query at
// scale M, through the whole HTTP handler (parse, validate, execute, encode)
// without the network.
func BenchmarkOrganisationQueryM(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, scaleDB(b, "M"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Warm(ctx); err != nil { // as serve does at start
		b.Fatal(err)
	}
	srv := httpserver.New(&graph.Resolver{Store: s}, nil)
	srv.CallerFunc = func(*http.Request) (*reseau.Caller, error) { return reseau.System, nil }
	h := srv.Handler()
	do := func() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(twoLevelQuery))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	do() // warm the query cache and the store's
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		do()
		ds = append(ds, time.Since(t0))
	}
	reportLatency(b, ds)
}

// The issue 9 dashboard queries, as bench/queries/*.reseau.graphql asks them
// of Réseau and of its PostgreSQL peer.
var dashboardQueries = []struct{ name, query string }{
	{"Nested", `{ organisations(first: 50, orderBy: {field: KEY}) { nodes { key name sector domains { key labelFr } collaborators(first: 500) { organisation { key name sector } weight } partners { key name } } } }`},
	{"Collaborations", `{ collaborations(first: 50, orderBy: {field: KEY}) { nodes { key kind title startDate endDate participants { role organisation { key name sector } } } } }`},
	{"People", `{ people(first: 50, orderBy: {field: KEY}) { nodes { key name email memberships { role since until organisation { key name sector } } } } }`},
	{"TotalCount", `{ organisations { totalCount } collaborations { totalCount } people { totalCount } }`},
}

// BenchmarkDashboardM times the issue 9 dashboard queries at scale M through
// the whole HTTP handler, as the system caller (people included), and
// reports the answer's size. Run with -benchmem for the allocations.
func BenchmarkDashboardM(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, scaleDB(b, "M"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Warm(ctx); err != nil { // as serve does at start
		b.Fatal(err)
	}
	// The cost limit is another part of issue 9 (its calibration): the
	// nested query is measured here whatever the limit says of it.
	lim := limits.Defaults(false)
	lim.MaxComplexity = 1 << 30
	srv := httpserver.NewSecure(&graph.Resolver{Store: s}, nil, httpserver.Security{Limits: lim})
	srv.CallerFunc = func(*http.Request) (*reseau.Caller, error) { return reseau.System, nil }
	h := srv.Handler()
	for _, q := range dashboardQueries {
		body, err := json.Marshal(map[string]string{"query": q.query})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(q.name, func(b *testing.B) {
			var size int
			do := func() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
				size = rec.Body.Len()
			}
			do() // warm the query cache and the store's
			ds := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				t0 := time.Now()
				do()
				ds = append(ds, time.Since(t0))
			}
			reportLatency(b, ds)
			b.ReportMetric(float64(size), "bytes/answer")
		})
	}
}

// BenchmarkNestedParallelM asks the nested dashboard query from 10
// concurrent clients (SetParallelism over GOMAXPROCS), as a loaded server
// is: the cost per request must not grow with the concurrency.
func BenchmarkNestedParallelM(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, scaleDB(b, "M"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Warm(ctx); err != nil { // as serve does at start
		b.Fatal(err)
	}
	lim := limits.Defaults(false)
	lim.MaxComplexity = 1 << 30
	srv := httpserver.NewSecure(&graph.Resolver{Store: s}, nil, httpserver.Security{Limits: lim})
	srv.CallerFunc = func(*http.Request) (*reseau.Caller, error) { return reseau.System, nil }
	h := srv.Handler()
	body, err := json.Marshal(map[string]string{"query": dashboardQueries[0].query})
	if err != nil {
		b.Fatal(err)
	}
	do := func() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
			b.Errorf("%d %.300s", rec.Code, rec.Body)
		}
	}
	do()
	b.ReportAllocs()
	b.SetParallelism(max(1, 10/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			do()
		}
	})
}

// BenchmarkStartupM times what a restart costs before the first answer:
// opening an existing M store and answering a first query.
func BenchmarkStartupM(b *testing.B) {
	path := scaleDB(b, "M")
	ctx := context.Background()
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		t0 := time.Now()
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		srv := httpserver.New(&graph.Resolver{Store: s}, nil)
		req := httptest.NewRequest(http.MethodPost, "/graphql",
			strings.NewReader(`{"query":"{ organisations(first: 1) { totalCount nodes { name collaborators(first: 3) { organisation { name } } } } }"}`))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		ds = append(ds, time.Since(t0))
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportLatency(b, ds)
}
