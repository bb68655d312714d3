package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
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
