package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestBackupUnderWrites takes backups while writers commit to the store:
// each backup is an SQLite file that passes PRAGMA integrity_check, opens
// as a store and holds every write acknowledged before the backup began.
func TestBackupUnderWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "reseau.db")
	s := openAt(t, path)
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("w%d-%d", w, i)
				if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: key, Name: key, Sector: reseau.SectorPublic}); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, key)
				mu.Unlock()
			}
		}()
	}
	for b := range 4 {
		mu.Lock()
		before := append([]string(nil), acked...)
		mu.Unlock()
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", b))
		if _, err := sqlite.Backup(ctx, path, out, false); err != nil {
			t.Fatalf("backup %d: %v", b, err)
		}
		checkIntegrity(t, out)
		copy := openAt(t, out)
		orgs, err := copy.OrganisationsByKeys(ctx, before)
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != len(before) {
			t.Errorf("backup %d holds %d of the %d organisations acknowledged before it began", b, len(orgs), len(before))
		}
		t.Logf("backup %d: %d acknowledged writes before it", b, len(before))
	}
	close(stop)
	wg.Wait()
}

func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity of %s: %q, %v", path, res, err)
	}
}

// TestBackupRestoreRoundTrip restores a backup over a store that changed
// since: the store is the backup again, and the refusals hold.
func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "reseau.db")
	backup := filepath.Join(dir, "backup.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Backup(ctx, path, backup, false); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: "after-backup", Name: "After", Sector: reseau.SectorPublic}); err != nil {
		t.Fatal(err)
	}
	want := exportJSON(t, backup)

	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte("not a database at all, just text"), 0o600); err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "damaged.db")
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	// Scribble over every page but the header: the file still opens, the
	// check finds the damage.
	for i := 4096; i+100 < len(data); i += 4096 {
		copy(data[i+40:], "scribbled over by a broken disk......")
	}
	if err := os.WriteFile(damaged, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		run  func() error
		code string
	}{
		{"backup of a missing store", func() error {
			_, err := sqlite.Backup(ctx, filepath.Join(dir, "missing.db"), filepath.Join(dir, "x.db"), false)
			return err
		}, reseau.ENOTFOUND},
		{"backup over an existing file", func() error { _, err := sqlite.Backup(ctx, path, backup, false); return err }, reseau.ECONFLICT},
		{"backup onto the store", func() error { _, err := sqlite.Backup(ctx, path, path, true); return err }, reseau.EINVALID},
		{"restore of a missing backup", func() error { return sqlite.Restore(ctx, filepath.Join(dir, "missing.db"), path, true) }, reseau.ENOTFOUND},
		{"restore of a file that is not a database", func() error { return sqlite.Restore(ctx, garbage, path, true) }, reseau.EINVALID},
		{"restore of a damaged backup", func() error { return sqlite.Restore(ctx, damaged, path, true) }, reseau.EINVALID},
		{"restore over a store without force", func() error { return sqlite.Restore(ctx, backup, path, false) }, reseau.ECONFLICT},
		{"restore over an open store", func() error { return sqlite.Restore(ctx, backup, path, true) }, reseau.ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := reseau.ErrorCode(tc.run()); got != tc.code {
				t.Errorf("code %q, want %q", got, tc.code)
			}
		})
	}
	// Nothing refused changed the store.
	if orgs, err := s.OrganisationsByKeys(ctx, []string{"after-backup"}); err != nil || orgs["after-backup"] == nil {
		t.Fatalf("a refused restore changed the store: %v, %v", orgs, err)
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.Restore(ctx, backup, path, true); err != nil {
		t.Fatal(err)
	}
	if got := exportJSON(t, path); got != want {
		t.Error("the restored store differs from the backup")
	}
	r := openAt(t, path)
	if orgs, err := r.OrganisationsByKeys(ctx, []string{"after-backup", "amo"}); err != nil || orgs["after-backup"] != nil || orgs["amo"] == nil {
		t.Errorf("restored store: %v, %v; want amo and not the organisation created after the backup", orgs, err)
	}
	// Into a new path, without force.
	fresh := filepath.Join(dir, "fresh.db")
	if err := sqlite.Restore(ctx, backup, fresh, false); err != nil {
		t.Fatal(err)
	}
	checkIntegrity(t, fresh)
}

func exportJSON(t *testing.T, path string) string {
	t.Helper()
	s := openAt(t, path)
	ds, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	b, err := json.Marshal(ds)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
