package sqlite

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/lazy"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestTieCacheBounded asks every organisation's ties of the demo, twice, of
// a store whose tie cache holds a tenth of them: the cache stays within its
// bound and the answers are those of a store whose cache holds them all.
func TestTieCacheBounded(t *testing.T) {
	ctx := context.Background()
	ds, err := demo.DemoDataset()
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
		// Built: until then, ties are read from SQL and not cached.
		if err := s.Warm(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	var keys []string
	for _, o := range ds.Organisations {
		keys = append(keys, o.Key)
	}
	full := open()
	want, err := full.Collaborators(ctx, keys, reseau.TieFilter{})
	if err != nil {
		t.Fatal(err)
	}
	_, all := full.ties.cache.Len()
	if all < 10 {
		t.Fatalf("the demo's ties cost %d in the cache: too few to test a bound", all)
	}
	small := open()
	small.ties.cache = lazy.NewLRU[string](all/10, tieCost)
	for range 2 {
		for _, k := range keys {
			got, err := small.Collaborators(ctx, []string{k}, reseau.TieFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[k], want[k]) {
				t.Fatalf("ties of %s with a small cache: %+v, want %+v", k, got[k], want[k])
			}
			if _, cost := small.ties.cache.Len(); cost > all/10 {
				t.Fatalf("cache holds %d, over its bound %d", cost, all/10)
			}
		}
	}
}

// TestTieIndexSharesDates: the six date strings of each collaboration of
// the tie index (1.2 million at scale L, a few thousand values) share one
// copy of each value.
func TestTieIndexSharesDates(t *testing.T) {
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
	g, err := s.ties.graph.Get(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]*byte{}
	for _, c := range g.collabs {
		for _, d := range []string{c.start, c.end, c.low, c.high, c.startLow, c.lastHigh} {
			if d == "" {
				continue
			}
			if p, ok := first[d]; !ok {
				first[d] = unsafe.StringData(d)
			} else if p != unsafe.StringData(d) {
				t.Fatalf("collaboration %s: date %q is a copy of an earlier one", c.key, d)
			}
		}
	}
	if len(first) == 0 {
		t.Fatal("no dates: the test proves nothing")
	}
}
