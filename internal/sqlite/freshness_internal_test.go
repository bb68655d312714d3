package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestForeignWriteKeepsOtherCaches checks that another process's commit
// that changes one organisation drops only what it changed: the cached rows
// of other organisations, and the tie, partner and search indexes, stay.
// Each foreign commit used to drop every cache and index, which took a
// two-level query from hundreds of requests a second to a dozen.
func TestForeignWriteKeepsOtherCaches(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	warm := func() {
		t.Helper()
		// The indexes themselves: reads before they are built read SQL.
		if err := b.Warm(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := b.OrganisationsByKeys(ctx, []string{"css", "amo", "cpas"}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.DomainsByKeys(ctx, []string{"jeunesse"}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Collaborators(ctx, []string{"amo"}, reseau.TieFilter{}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Partners(ctx, []string{"amo"}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Search(ctx, "gerbe", nil, 5); err != nil {
			t.Fatal(err)
		}
	}
	warm()

	if _, err := a.UpdateOrganisation(ctx, "css", func(o *reseau.Organisation) error {
		o.Name = "Renamed"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	orgs, err := b.OrganisationsByKeys(ctx, []string{"css"})
	if err != nil {
		t.Fatal(err)
	}
	if orgs["css"].Name != "Renamed" {
		t.Fatalf("css = %q after the other store renamed it", orgs["css"].Name)
	}
	_, amo := b.orgs.rows.Get("amo")
	_, cpas := b.orgs.rows.Get("cpas")
	if !amo || !cpas {
		t.Errorf("cached organisations amo %v, cpas %v: dropped by a commit that changed css only", amo, cpas)
	}
	_, dom := b.domains.rows.Get("jeunesse")
	if !dom {
		t.Error("cached domain dropped by a commit that changed an organisation")
	}
	_, ties := b.ties.graph.Peek()
	_, partners := b.partners.graph.Peek()
	_, search := b.search.names.Peek()
	if !ties || !partners || !search {
		t.Errorf("indexes still built: ties %v, partners %v, search %v; a renamed organisation changes none of their ties", ties, partners, search)
	}
}
