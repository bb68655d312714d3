package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestMergedKeysTravel merges two organisations, then moves the store with
// the commands: `reseau export` to a JSON snapshot and `reseau import` into
// another file, `reseau backup` and `reseau restore` into a third. In both
// copies the merged key still names the organisation it was merged into,
// and a new organisation cannot take it.
func TestMergedKeysTravel(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "reseau.db")
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	store := reseau.Checked(s)
	if _, err := store.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	if _, err := store.MergeOrganisations(ctx, "amo", "logement"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	env := func(k string) string { return map[string]string{"RESEAU_DB": db}[k] }
	snap := filepath.Join(dir, "snapshot.json")
	for _, args := range [][]string{
		{"export", snap},
		{"import", snap, "--db", filepath.Join(dir, "copy.db")},
		{"backup", filepath.Join(dir, "backup.db")},
		{"restore", "--db", filepath.Join(dir, "restored.db"), filepath.Join(dir, "backup.db")},
	} {
		if err := run(ctx, args, env, log); err != nil {
			t.Fatalf("reseau %s: %v", strings.Join(args, " "), err)
		}
	}
	for _, file := range []string{"copy.db", "restored.db"} {
		t.Run(file, func(t *testing.T) {
			s, err := sqlite.Open(ctx, filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			store := reseau.Checked(s)
			m, err := store.OrganisationsByKeys(ctx, []string{"logement"})
			if err != nil {
				t.Fatal(err)
			}
			if m["logement"] == nil || m["logement"].Key != "amo" {
				t.Errorf("logement in %s: %+v, want amo", file, m["logement"])
			}
			err = store.CreateOrganisation(ctx, &reseau.Organisation{Key: "logement", Name: "Logement"})
			if reseau.ErrorCode(err) != reseau.ECONFLICT {
				t.Errorf("creating logement in %s: %v, want CONFLICT", file, err)
			}
		})
	}
	if a, b := exportOf(t, db), exportOf(t, filepath.Join(dir, "copy.db")); a != b || !strings.Contains(a, `"redirects":[{"type":"Organisation","key":"logement","into":"amo"}]`) {
		t.Errorf("the snapshot round trip: %v, the export holds the redirect: %v", a == b, strings.Contains(a, `"redirects"`))
	}
}
