package sqlite

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

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
