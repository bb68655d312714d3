package sqlite_test

import (
	"fmt"
	"context"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

func BenchmarkProbeFind(b *testing.B) {
	p := storeFile(b, "M")
	ctx := context.Background()
	s, _ := sqlite.Open(ctx, p)
	defer s.Close()
	for _, tc := range []struct {
		name string
		f    reseau.OrganisationFilter
		o    reseau.ListOptions
	}{
		{"count only", reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 1, OrderBy: "key"}},
		{"50 by key", reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 50, OrderBy: "key"}},
		{"50 by name", reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 50}},
		{"50 by name offset 2000", reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 50, Offset: 2000}},
		{"domain", reseau.OrganisationFilter{Domains: []string{"jeunesse"}}, reseau.ListOptions{Limit: 50}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				s.FindOrganisations(ctx, tc.f, tc.o)
			}
		})
	}
	keys := make([]string, 0, 50)
	page, _ := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 50})
	for _, o := range page.Items {
		keys = append(keys, o.Key)
	}
	b.Run("bykeys", func(b *testing.B) {
		for b.Loop() {
			s.OrganisationsByKeys(ctx, keys)
		}
	})
	b.Run("partners", func(b *testing.B) {
		for b.Loop() {
			s.Partners(ctx, keys)
		}
	})
	b.Run("collab cached", func(b *testing.B) {
		for b.Loop() {
			s.Collaborators(ctx, keys, reseau.TieFilter{})
		}
	})
}

func BenchmarkProbePartners(b *testing.B) {
	p := storeFile(b, "M")
	ctx := context.Background()
	s, _ := sqlite.Open(ctx, p)
	defer s.Close()
	page, _ := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 50})
	var keys []string
	for _, o := range page.Items {
		keys = append(keys, o.Key)
	}
	got, _ := s.Partners(ctx, keys)
	n := 0
	for _, v := range got {
		n += len(v)
	}
	b.Logf("%d partners", n)
	for _, k := range []int{1, 10, 50} {
		b.Run(fmt.Sprint(k), func(b *testing.B) {
			for b.Loop() {
				s.Partners(ctx, keys[:k])
			}
		})
	}
	b.Run("empty", func(b *testing.B) {
		for b.Loop() {
			s.Partners(ctx, nil)
		}
	})
	b.Run("domains", func(b *testing.B) {
		for b.Loop() {
			s.DomainsByKeys(ctx, []string{"jeunesse"})
		}
	})
}
