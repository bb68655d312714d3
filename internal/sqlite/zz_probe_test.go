package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

func BenchmarkProbe(b *testing.B) {
	p := storeFile(b, "M")
	ctx := context.Background()
	s, _ := sqlite.Open(ctx, p)
	defer s.Close()
	for off := 0; off < 1000; off += 50 {
		t0 := time.Now()
		page, _ := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Offset: off, Limit: 50})
		t1 := time.Now()
		var keys, domains []string
		for _, o := range page.Items {
			keys = append(keys, o.Key)
			domains = append(domains, o.Domains...)
		}
		s.DomainsByKeys(ctx, domains)
		t2 := time.Now()
		partners, _ := s.Partners(ctx, keys)
		t3 := time.Now()
		ties, _ := s.Collaborators(ctx, keys, reseau.TieFilter{})
		t4 := time.Now()
		n, m := 0, 0
		for _, p := range partners { n += len(p) }
		for _, p := range ties { m += len(p) }
		b.Logf("find %v domains %v partners %v (%d) collab %v (%d)", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), n, t4.Sub(t3), m)
	}
}
