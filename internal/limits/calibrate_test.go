package limits_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// Calibration queries: what a dashboard asks (cheap) and what should be
// refused (expensive). docs/security.md lists their measured times at scale
// M (BenchmarkCalibration) beside their estimated cost.
var (
	cheapQueries = map[string]string{
		"dashboard": `{ organisations(first: 50) { totalCount nodes { key name sector domains { key labelFr } collaborators { organisation { key name sector } weight collaborations { key title startDate } } partners { key name } children { key name } } } }`,
		"orgs100":   `{ organisations(first: 100) { nodes { key name sector domains { key } } } }`,
		"collabs":   `{ collaborations(first: 50) { nodes { key title startDate participants { role organisation { key name sector } } } } }`,
		"people":    `{ people(first: 50) { nodes { key name memberships { role organisation { key name } } } } }`,
		"count":     `{ organisations { totalCount } }`,
		"wide":      `{ organisations(first: 500) { nodes { key name sector collaborators(first: 20) { weight organisation { key name } } } } }`,
		"brokers":   `{ brokers(first: 20) { betweenness closeness organisation { key name } } summary { organisations ties diameter } }`,
		"analytics": `{ gaps { isolated { key } } communities { modularity communities { size } } mixing { ei } }`,
	}
	expensiveQueries = map[string]string{
		"collaborators³":      `{ organisations(first: 50) { nodes { collaborators(first: 500) { organisation { collaborators(first: 500) { organisation { collaborators(first: 500) { weight organisation { key } } } } } } } } }`,
		"collaborators² x500": `{ organisations(first: 500) { nodes { collaborators(first: 500) { organisation { collaborators(first: 500) { weight organisation { key name } } } } } } }`,
		"brokers x20":         "{ " + aliased("brokers(first: 100) { betweenness organisation { key } }", 20) + " }",
		"gapBrokers x3":       "{ " + aliased(`gapBrokers(domain: "d", sectorA: CPAS, sectorB: ASSOCIATIF) { connectedPairs }`, 3) + " }",
		"network x4":          "{ " + aliased("network { nodes { id } edges { source target } }", 4) + " }",
		"pages x30":           "{ " + aliased("organisations(first: 500) { nodes { key name partners { key } } }", 30) + " }",
	}
)

func aliased(field string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("a")
		b.WriteString(strings.Repeat("x", i+1))
		b.WriteString(": ")
		b.WriteString(field)
		b.WriteString(" ")
	}
	return b.String()
}

// BenchmarkCalibration measures the cheap queries over HTTP on a SQLite
// store of scale M, warm (analytics index and caches built), with the cost
// limit off; the estimated cost is reported beside the time, which is what
// the cost model is fitted to (docs/security.md, "Complexity").
func BenchmarkCalibration(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "reseau.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ds, err := demo.Scale("M")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		b.Fatal(err)
	}
	lim := limits.Defaults(false)
	lim.MaxComplexity = 1 << 30
	lim.Timeout = 10 * time.Minute // the first brokers' computation, shared, is not what is measured
	srv := httpserver.NewSecure(&graph.Resolver{Store: s, Analytics: analytics.NewEngine(s)}, nil, httpserver.Security{Limits: lim})
	h := srv.Handler()
	schema := loadSchemaB(b)
	for name, q := range cheapQueries {
		b.Run(name, func(b *testing.B) {
			body := `{"query":` + quote(q) + `}`
			run := func() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewBufferString(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%d %.300s", rec.Code, rec.Body.String())
				}
			}
			run() // warm
			cpu0 := cpuTime()
			for b.Loop() {
				run()
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(estimate(b, schema, q)), "cost")
		})
	}
}
