package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestTotalCountKeptPerVersion counts a list again and again while writes
// land on the same store and on another store opened on the file (another
// process): the total, kept for the store version, follows every write at
// once. A list asked with SkipCount answers its page with no total.
func TestTotalCountKeptPerVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	a := openAt(t, path)
	if _, err := a.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	b := openAt(t, path)
	filter := reseau.OrganisationFilter{Sectors: []reseau.Sector{reseau.SectorPublic}}
	total := func() int {
		t.Helper()
		p, err := a.FindOrganisations(ctx, filter, reseau.ListOptions{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return p.TotalCount
	}
	n := total()
	if again := total(); again != n {
		t.Fatalf("the same count answered %d then %d", n, again)
	}
	for i, w := range []reseau.Store{a, b, a} {
		o := &reseau.Organisation{Key: "new-" + string(rune('a'+i)), Name: "New", Sector: reseau.SectorPublic}
		if err := w.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		if got := total(); got != n+i+1 {
			t.Errorf("after write %d the total is %d, want %d", i+1, got, n+i+1)
		}
	}
	p, err := a.FindOrganisations(ctx, filter, reseau.ListOptions{Limit: 2, SkipCount: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.TotalCount != 0 {
		t.Errorf("SkipCount answered %d items and a total of %d, want 2 and 0", len(p.Items), p.TotalCount)
	}
}
