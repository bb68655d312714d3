package sqlite_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestWritesOfAnotherProcess checks that a store notices commits made to its
// file through other connections (a `reseau import` run while the server
// serves the file): its in-memory indexes and caches must not keep answering
// the graph as it was. Two Stores on one file stand for the two processes.
func TestWritesOfAnotherProcess(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	server := openAt(t, path)
	if _, err := server.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	// Warm every cache: ties, partners, rows, search, version.
	ties, err := server.Collaborators(ctx, []string{"amo"}, reseau.TieFilter{})
	if err != nil {
		t.Fatal(err)
	}
	partners, err := server.Partners(ctx, []string{"amo"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := server.OrganisationsByKeys(ctx, []string{"css"}); err != nil {
		t.Fatal(err)
	}
	if hits, err := server.Search(ctx, "zebulon", nil, 5); err != nil || len(hits) != 0 {
		t.Fatalf("search before: %v, %v", hits, err)
	}
	v0, _ := server.Version(ctx)

	cli := openAt(t, path)
	if _, err := cli.Import(ctx, &reseau.Dataset{
		Organisations: []reseau.Organisation{
			{Key: "css", Name: "Coordination Sociale de Schaerbeek (renamed)", ShortName: "CSS", Sector: reseau.SectorMixte, Commune: "Schaerbeek"},
			{Key: "zebulon", Name: "Zébulon asbl", Sector: reseau.SectorAssociatif},
		},
		Collaborations: []reseau.Collaboration{{Key: "new-meeting", Kind: "rencontre_reseau", Title: "New meeting", StartDate: "2025-01-10"}},
		Participations: []reseau.Participation{
			{CollaborationKey: "new-meeting", OrganisationKey: "amo"},
			{CollaborationKey: "new-meeting", OrganisationKey: "zebulon"},
		},
		Partnerships: []reseau.Partnership{{Key: "new-convention", Kind: "convention", Title: "New convention"}},
		Parties: []reseau.Party{
			{PartnershipKey: "new-convention", OrganisationKey: "amo"},
			{PartnershipKey: "new-convention", OrganisationKey: "zebulon"},
		},
	}); err != nil {
		t.Fatal(err)
	}

	if v, _ := server.Version(ctx); v == v0 {
		t.Errorf("version still %d after another process's commit", v)
	}
	after, err := server.Collaborators(ctx, []string{"amo"}, reseau.TieFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after["amo"]) != len(ties["amo"])+1 || !slices.ContainsFunc(after["amo"], func(t reseau.CollaborationTie) bool { return t.OrganisationKey == "zebulon" }) {
		t.Errorf("collaborators of amo: %+v, want the old %d plus zebulon", after["amo"], len(ties["amo"]))
	}
	p, err := server.Partners(ctx, []string{"amo"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p["amo"]) != len(partners["amo"])+1 || !slices.Contains(p["amo"], "zebulon") {
		t.Errorf("partners of amo: %v, want %v plus zebulon", p["amo"], partners["amo"])
	}
	orgs, err := server.OrganisationsByKeys(ctx, []string{"css"})
	if err != nil {
		t.Fatal(err)
	}
	if got := orgs["css"].Name; got != "Coordination Sociale de Schaerbeek (renamed)" {
		t.Errorf("css read by key: %q, the name before the other process's import", got)
	}
	hits, err := server.Search(ctx, "zebulon", nil, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Key != "zebulon" {
		t.Errorf("search zebulon: %v", hits)
	}
}

// TestWriteSeesAnotherProcess checks that a write looks for another
// process's commits when it begins: reads skip the look while one of the
// store's writes runs, so without it they answered from caches that predate
// the other process's commit for as long as that write ran (an import over
// HTTP runs for seconds). The read inside apply runs while the write holds
// the store's write lock, as a concurrent request's read would.
func TestWriteSeesAnotherProcess(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	server := openAt(t, path)
	if _, err := server.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	if _, err := server.OrganisationsByKeys(ctx, []string{"css"}); err != nil {
		t.Fatal(err)
	}
	const renamed = "Coordination Sociale de Schaerbeek (renamed)"
	cli := openAt(t, path)
	if _, err := cli.UpdateOrganisation(ctx, "css", func(o *reseau.Organisation) error {
		o.Name = renamed
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var during string
	if _, err := server.UpdateOrganisation(ctx, "amo", func(o *reseau.Organisation) error {
		orgs, err := server.OrganisationsByKeys(ctx, []string{"css"})
		if err != nil {
			return err
		}
		during = orgs["css"].Name
		o.ShortName = "AMO"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if during != renamed {
		t.Errorf("css read during a write: %q, the name before the other process's commit", during)
	}
}
