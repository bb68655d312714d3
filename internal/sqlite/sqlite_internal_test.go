package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
)

func TestLists(t *testing.T) {
	tests := []struct {
		name string
		list []string
	}{
		{"none", nil},
		{"one", []string{"fr"}},
		{"several", []string{"CPAS 1030", "OCMW Schaarbeek", "Mémoire Vivante- SSM La Gerbe asbl"}},
		{"quotes and separators", []string{`a","b`, `"`, `\`, `<&>`, ""}},
		{"empty strings", []string{"", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseList(strList(tt.list)); !slices.Equal(got, tt.list) {
				t.Errorf("parseList(strList(%q)) = %q", tt.list, got)
			}
		})
	}
}

// TestPragmas checks the durability settings of both pools: WAL, FULL
// synchronous commits (an acknowledged write survives a power cut), foreign
// keys, and a busy timeout instead of immediate SQLITE_BUSY.
func TestPragmas(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, db := range map[string]*sql.DB{"writer": s.w, "reader": s.r} {
		for _, p := range []struct{ pragma, want string }{
			{"journal_mode", "wal"},
			{"synchronous", "2"},
			{"foreign_keys", "1"},
			{"busy_timeout", "10000"},
		} {
			var got string
			if err := db.QueryRow("PRAGMA " + p.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != p.want {
				t.Errorf("%s: PRAGMA %s = %s, want %s", name, p.pragma, got, p.want)
			}
		}
	}
}
