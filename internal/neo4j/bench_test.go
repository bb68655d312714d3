package neo4j

import (
	"context"
	"os"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// openBench opens the Neo4j of NEO4J_URI, emptied, for a benchmark; without
// NEO4J_URI the benchmark is skipped (there are no server-less figures for a
// server).
func openBench(b *testing.B) *Store {
	b.Helper()
	cfg := ConfigFromEnv(os.Getenv)
	if cfg.URI == "" {
		b.Skip("NEO4J_URI is not set: no Neo4j to measure")
	}
	ctx := context.Background()
	s, err := Open(ctx, cfg)
	if err != nil {
		b.Fatalf("neo4j at %s: %v", cfg.URI, err)
	}
	b.Cleanup(func() { s.Close() })
	if err := wipe(ctx, s); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkImportS imports the S network into an empty database; rows/s is
// the import throughput.
func BenchmarkImportS(b *testing.B) {
	ds, err := demo.Scale("S")
	if err != nil {
		b.Fatal(err)
	}
	s := openBench(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := wipe(ctx, s); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.Import(ctx, ds); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ds.Rows()*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkOrganisationPage is a two-level GraphQL page on the S network as
// the dataloaders run it: 50 organisations, their collaborators and those
// organisations, their partners and their domains (five statements).
func BenchmarkOrganisationPage(b *testing.B) {
	ds, err := demo.Scale("S")
	if err != nil {
		b.Fatal(err)
	}
	s := openBench(b)
	ctx := context.Background()
	if _, err := s.Import(ctx, ds); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		var keys, domains, others []string
		for _, o := range page.Items {
			keys = append(keys, o.Key)
			domains = append(domains, o.Domains...)
		}
		ties, err := s.Collaborators(ctx, keys, reseau.TieFilter{})
		if err != nil {
			b.Fatal(err)
		}
		for _, ts := range ties {
			for _, t := range ts {
				others = append(others, t.OrganisationKey)
			}
		}
		if _, err := s.OrganisationsByKeys(ctx, others); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Partners(ctx, keys); err != nil {
			b.Fatal(err)
		}
		if _, err := s.DomainsByKeys(ctx, domains); err != nil {
			b.Fatal(err)
		}
	}
}
