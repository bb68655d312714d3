package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
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
// keys, and a busy timeout instead of immediate SQLITE_BUSY; and the page
// cache of each connection, 2 MiB: with 32 MiB, the index builds' table
// scans left up to that much on each of the pool's connections (65 MiB of
// a server's 340 MiB at scale M, issue 9).
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
			{"cache_size", "-2000"},
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

// TestOrganisationClone checks the copies the organisation cache answers:
// equal lists (nil and empty kept apart), and no edit of one reaching the
// original or a neighbouring list.
func TestOrganisationClone(t *testing.T) {
	clone := newOrgCache().clone
	tests := []struct {
		name string
		org  reseau.Organisation
	}{
		{"no lists", reseau.Organisation{Key: "a"}},
		{"empty lists", reseau.Organisation{Key: "a", Domains: []string{}, Languages: []string{}, Aliases: []string{}}},
		{"every list", reseau.Organisation{Key: "a", Domains: []string{"d1", "d2"}, Languages: []string{"fr"}, Aliases: []string{"x", "y"}}},
		{"some lists", reseau.Organisation{Key: "a", Domains: []string{"d1"}, Aliases: []string{"x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.org
			domains, aliases := slices.Clone(o.Domains), slices.Clone(o.Aliases)
			c := clone(&o)
			for _, l := range [][2][]string{{o.Domains, c.Domains}, {o.Languages, c.Languages}, {o.Aliases, c.Aliases}} {
				if !slices.Equal(l[0], l[1]) || (l[0] == nil) != (l[1] == nil) {
					t.Fatalf("clone = %+v, want %+v", c, o)
				}
			}
			c.Domains = append(c.Domains, "new")
			c.Languages = append(c.Languages, "nl")
			if len(c.Domains) > 1 {
				c.Domains[0] = "edited"
			}
			if !slices.Equal(c.Aliases, aliases) || !slices.Equal(o.Domains, domains) {
				t.Errorf("an edit of the clone reached another list: %+v, original %+v", c, o)
			}
		})
	}
}

// TestBest checks that keeping the best hits as they come answers what
// sorting them all and cutting would.
func TestBest(t *testing.T) {
	var hits []reseau.SearchHit
	for i := range 200 {
		hits = append(hits, reseau.SearchHit{Type: []string{"Organisation", "Person"}[i%2], Key: fmt.Sprintf("k%03d", (i*37)%101), Score: float64((i*13)%7) / 7})
	}
	sorted := slices.Clone(hits)
	slices.SortFunc(sorted, func(a, b reseau.SearchHit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Key, b.Key))
	})
	for _, limit := range []int{0, 1, 5, 20, 199, 200, 500} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			want := sorted
			if limit > 0 && limit < len(want) {
				want = want[:limit]
			}
			if got := best(slices.Clone(hits), limit); !slices.Equal(got, want) {
				t.Errorf("best(%d) = %v, want %v", limit, got, want)
			}
		})
	}
}
