package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/hsds"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// TestExportImportHSDS runs `reseau export --format hsds` on the demo store
// (a folder, and a zip from the extension), `reseau import` of that folder
// into a new SQLite file, and the export of that store: the same files.
// A bad HSDS folder is refused with its file, line and column, and changes
// nothing.
func TestExportImportHSDS(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbA, dbB := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	s, err := sqlite.Open(ctx, dbA)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	s.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	on := func(db string) func(string) string {
		return func(k string) string { return map[string]string{"RESEAU_DB": db}[k] }
	}
	file := func(name string) string { return filepath.Join(dir, name) }

	for _, c := range []struct {
		name string
		args []string
		code string
	}{
		{"folder", []string{"export", "--format", "hsds", file("annuaire")}, ""},
		{"zip from the extension", []string{"export", file("annuaire.zip")}, ""},
		{"zip named for another format", []string{"export", "--format", "json", file("x.zip")}, reseau.EINVALID},
		{"view flags", []string{"export", "--format", "hsds", file("y"), "--sectors", "CPAS"}, reseau.EINVALID},
	} {
		if err := run(ctx, c.args, on(dbA), log); reseau.ErrorCode(err) != c.code {
			t.Fatalf("%s: run %v: %v, want code %q", c.name, c.args, err, c.code)
		}
	}
	for _, name := range hsds.Files() {
		if _, err := os.Stat(file(filepath.Join("annuaire", name))); err != nil {
			t.Errorf("the folder export has no %s: %v", name, err)
		}
	}
	if b, err := os.ReadFile(file("annuaire.zip")); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("annuaire.zip is not a zip: %v", err)
	}

	if err := run(ctx, []string{"import", file("annuaire")}, on(dbB), log); err != nil {
		t.Fatalf("import the HSDS folder: %v", err)
	}
	if err := run(ctx, []string{"export", "--format", "hsds", file("again")}, on(dbB), log); err != nil {
		t.Fatal(err)
	}
	for _, name := range hsds.Files() {
		a, _ := os.ReadFile(file(filepath.Join("annuaire", name)))
		b, _ := os.ReadFile(file(filepath.Join("again", name)))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs after export, import into another store, export", name)
		}
	}

	before := exportOf(t, dbB)
	bad := file("bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(bad, "organizations.csv"), []byte("id,name,description\n0a1b2c3d-0000-4000-8000-000000000001,Maison,X\n"), 0o644)
	os.WriteFile(filepath.Join(bad, "locations.csv"), []byte("id,location_type,organization_id,latitude,longitude\n"+
		"0a1b2c3d-0000-4000-8000-000000000002,physical,0a1b2c3d-0000-4000-8000-000000000001,north,4.3\n"), 0o644)
	os.WriteFile(filepath.Join(bad, "addresses.csv"), []byte("id,location_id,address_1,city,postal_code\n"+
		"0a1b2c3d-0000-4000-8000-000000000003,0a1b2c3d-0000-4000-8000-000000000002,Rue 1,Ville,1000\n"), 0o644)
	err = run(ctx, []string{"import", bad}, on(dbB), log)
	var e *reseau.Error
	if !errors.As(err, &e) || e.Code != reseau.EINVALID || e.File != "locations.csv" || e.Line != 2 || e.Column != "latitude" {
		t.Errorf("bad HSDS folder: %v", err)
	}
	if exportOf(t, dbB) != before {
		t.Error("a refused import changed the store")
	}
}
