package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// open opens a store in a new file of t's temporary directory.
func open(t *testing.T) *sqlite.Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "reseau.db"))
}

func openAt(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) reseau.Store { return open(t) })
}

// TestReopen checks that committed data survives closing the store, and
// that opening an up-to-date store again migrates nothing and loses nothing.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateDomain(ctx, &reseau.Domain{Key: "emploi", LabelFR: "Emploi"}); err != nil {
		t.Fatal(err)
	}
	before, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		s := openAt(t, path)
		after, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if storetest.Canonical(t, after) != storetest.Canonical(t, before) {
			t.Fatalf("reopen %d: data differs", i+1)
		}
		page, err := s.Audit(ctx, reseau.AuditFilter{}, reseau.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if page.TotalCount != 2 {
			t.Errorf("reopen %d: %d audit entries, want 2", i+1, page.TotalCount)
		}
		s.Close()
	}
}
