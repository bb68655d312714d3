package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

func userVersion(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestMigrate checks that migrations are idempotent, that an older file is
// brought up to date, and that a newer one is refused.
func TestMigrate(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare func(t *testing.T, db *sql.DB) // on a raw file before Open
		wantErr bool
	}{
		{"new file", func(*testing.T, *sql.DB) {}, false},
		{"file at version 1", func(t *testing.T, db *sql.DB) {
			if _, err := db.Exec(migrations[0] + `; PRAGMA user_version = 1`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`INSERT INTO domains(key, label_fr) VALUES ('d', 'D')`); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"file from a newer program", func(t *testing.T, db *sql.DB) {
			if _, err := db.Exec(`PRAGMA user_version = 999`); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "reseau.db")
			raw, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			tt.prepare(t, raw)
			raw.Close()

			s, err := Open(ctx, path)
			if tt.wantErr {
				if err == nil {
					s.Close()
					t.Fatal("Open succeeded")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if v := userVersion(t, s.w); v != len(migrations) {
				t.Fatalf("user_version = %d, want %d", v, len(migrations))
			}
			// Migrating again changes nothing and fails nothing.
			if err := s.migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := s.w.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'parties_role'`).Scan(&n); err != nil || n != 1 {
				t.Fatalf("parties_role index: %d, %v", n, err)
			}
			if v := userVersion(t, s.w); v != len(migrations) {
				t.Fatalf("user_version after a second migration = %d", v)
			}
		})
	}
}
