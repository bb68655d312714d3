// Package sqlitetest opens real embedded stores for the tests of other
// packages: a SQLite file in the test's temporary folder, closed when the
// test ends.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// Open opens an empty store in a new file of t's temporary folder.
func Open(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatalf("open the store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Demo opens a store holding the demo dataset: the Schaerbeek network and
// its fictional staff.
func Demo(t testing.TB) *sqlite.Store {
	t.Helper()
	s := Open(t)
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatalf("demo dataset: %v", err)
	}
	if _, err := s.Import(context.Background(), ds); err != nil {
		t.Fatalf("import the demo: %v", err)
	}
	return s
}
