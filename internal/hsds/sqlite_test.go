package hsds_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/hsds"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

var system = reseau.WithCaller(context.Background(), reseau.System)

// throughSQLite imports ds into a new SQLite file (through the rules, as
// `reseau import` does) and exports the store.
func throughSQLite(t *testing.T, ds *reseau.Dataset) *reseau.Dataset {
	t.Helper()
	s := sqlitetest.Open(t)
	if _, err := reseau.Checked(s).Import(system, ds); err != nil {
		t.Fatalf("import: %v", err)
	}
	out, err := s.Export(system)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSQLiteRoundTrip: a store's directory, exported as HSDS, imported into
// another SQLite store and exported again, gives the same files byte for
// byte; the organisations keep every field the store holds (the demo
// network and the generated S network with directory records).
func TestSQLiteRoundTrip(t *testing.T) {
	demoDS, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	filled, _ := demo.Scale("S")
	demo.FillDirectories(filled)
	for _, c := range []struct {
		name string
		ds   *reseau.Dataset
	}{{"demo", demoDS}, {"S with directories", filled}} {
		t.Run(c.name, func(t *testing.T) {
			first := throughSQLite(t, c.ds)
			a := export(t, first)
			read, _, err := hsds.ReadDir(a)
			if err != nil {
				t.Fatal(err)
			}
			second := throughSQLite(t, read)
			sameDirectory(t, c.name, directory(second), directory(first))
			b := export(t, second)
			for _, name := range hsds.Files() {
				x, _ := os.ReadFile(filepath.Join(a, name))
				y, _ := os.ReadFile(filepath.Join(b, name))
				if !bytes.Equal(x, y) {
					t.Errorf("%s differs after HSDS → SQLite → HSDS", name)
				}
			}
		})
	}
}

// TestSQLiteKeepsDirectory: the fixture's directory records (every field of
// reseau.Directory) survive a SQLite store and an HSDS round trip through it.
// It needs the storage of directory records (issue 12's storage branch):
// until that lands the store drops them, and this test fails on those fields
// only (Name, Sector, Domains... pass).
func TestSQLiteKeepsDirectory(t *testing.T) {
	ds := directoryDataset()
	stored := throughSQLite(t, ds)
	sameDirectory(t, "stored", directory(stored), directory(ds))
	read, _, err := hsds.ReadDir(export(t, stored))
	if err != nil {
		t.Fatal(err)
	}
	sameDirectory(t, "stored, exported as HSDS, read and stored again", directory(throughSQLite(t, read)), directory(ds))
}
