package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/lazy"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestWarmBuildsReadIndexes checks that Warm leaves the tie, partnership and
// search indexes built, so that the first read after a start finds them.
func TestWarmBuildsReadIndexes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.ties.graph.Peek(); ok {
		t.Fatal("the tie index is built before any read: the test proves nothing")
	}
	if err := s.Warm(ctx); err != nil {
		t.Fatalf("Warm: %v", err)
	}
	g, ok := s.ties.graph.Peek()
	if !ok || len(g.orgs) == 0 {
		t.Error("the tie index is not built after Warm")
	}
	if p, ok := s.partners.graph.Peek(); !ok || len(p.ships) == 0 {
		t.Error("the partnership index is not built after Warm")
	}
	if n, ok := s.search.names.Peek(); !ok || len(n) == 0 {
		t.Error("the search index is not built after Warm")
	}
}

// TestReadsDoNotWaitForIndexBuilds holds the builds of the tie and
// partnership indexes (as at start, when they take seconds at scale L) and
// checks that ties and partners are answered meanwhile, from SQL, as a warm
// store answers them.
func TestReadsDoNotWaitForIndexBuilds(t *testing.T) {
	ctx := context.Background()
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	open := func() *Store {
		s, err := Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if _, err := s.Import(ctx, ds); err != nil {
			t.Fatal(err)
		}
		return s
	}
	warm, cold := open(), open()
	if err := warm.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	gate := make(chan struct{})
	defer close(gate)
	var builds atomic.Int32
	cold.ties.graph = lazy.New(func(ctx context.Context, _ uint64) (*tieGraph, error) {
		builds.Add(1)
		<-gate
		return buildTies(ctx, cold.r, nil)
	})
	cold.partners.graph = lazy.New(func(ctx context.Context, _ uint64) (*partnerGraph, error) {
		builds.Add(1)
		<-gate
		return buildPartners(ctx, cold.r, nil)
	})
	keys := []string{ds.Organisations[0].Key, ds.Organisations[1].Key, ds.Organisations[7].Key}
	ask, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name string
		read func(*Store) (any, error)
	}{
		{"collaborators", func(s *Store) (any, error) { return s.Collaborators(ask, keys, reseau.TieFilter{}) }},
		{"collaborators over a period", func(s *Store) (any, error) {
			return s.Collaborators(ask, keys, reseau.TieFilter{Since: "2019", Until: "2021"})
		}},
		{"partners", func(s *Store) (any, error) { return s.Partners(ask, keys) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := tc.read(warm)
			if err != nil {
				t.Fatal(err)
			}
			if reflect.ValueOf(want).Len() == 0 {
				t.Fatal("a warm store answers nothing: the test proves nothing")
			}
			got, err := tc.read(cold)
			if err != nil {
				t.Fatalf("while the index is built: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("while the index is built:\n%v\nwarm:\n%v", got, want)
			}
		})
	}
	// Each read started its index's build, once, in the background.
	for deadline := time.Now().Add(5 * time.Second); builds.Load() < 2 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if n := builds.Load(); n != 2 {
		t.Errorf("%d index builds started, want 2 (one each, left running)", n)
	}
}

// TestSearchIndexKeepsNoKeyMap: the search index holds its folded names in
// lists, without a map from key to position (35 MiB at scale L), after it
// is built and after writes edit it (one key, and many through another
// store's writes seen in the change log); searches still find the edits.
func TestSearchIndexKeepsNoKeyMap(t *testing.T) {
	ctx := reseau.WithCaller(context.Background(), reseau.System)
	path := filepath.Join(t.TempDir(), "reseau.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	noMap := func(when string) {
		t.Helper()
		names, ok := s.search.names.Peek()
		if !ok {
			t.Fatalf("%s: no search index", when)
		}
		for typ, l := range names {
			if l.at != nil {
				t.Errorf("%s: the %s names keep a map of %d keys", when, typ, len(l.at))
			}
		}
	}
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	noMap("built")
	if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: "zz-one", Name: "Zanzibar Un"}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := other.CreateOrganisation(ctx, &reseau.Organisation{Key: fmt.Sprintf("zz-%d", i), Name: fmt.Sprintf("Zanzibar %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	hits, err := s.Search(ctx, "zanzibar", nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 4 {
		t.Errorf("%d hits for the four organisations written, want 4: %+v", len(hits), hits)
	}
	noMap("edited")
}
