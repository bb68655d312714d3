package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestMergeSurvivesBackup merges two organisations, backs the store up and
// opens the copy: the merged key still resolves to the organisation it was
// merged into, and is still refused to a new one.
func TestMergeSurvivesBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	raw := openAt(t, filepath.Join(dir, "reseau.db"))
	s := reseau.Checked(raw)
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeOrganisations(ctx, "amo", "logement"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "backup.db")
	if _, err := sqlite.Backup(ctx, filepath.Join(dir, "reseau.db"), out, false); err != nil {
		t.Fatal(err)
	}
	copied := reseau.Checked(openAt(t, out))
	m, err := copied.OrganisationsByKeys(ctx, []string{"logement"})
	if err != nil {
		t.Fatal(err)
	}
	if m["logement"] == nil || m["logement"].Key != "amo" {
		t.Fatalf("logement in the backup: %+v, want amo", m["logement"])
	}
	err = copied.CreateOrganisation(ctx, &reseau.Organisation{Key: "logement", Name: "Logement"})
	if reseau.ErrorCode(err) != reseau.ECONFLICT {
		t.Fatalf("creating logement in the backup: %v, want CONFLICT", err)
	}
}

// TestMergeSeenByOtherStore merges through one store while another one,
// opened on the same file as another process would, has warm caches (ties,
// search, rows by key): its next reads see the merged graph.
func TestMergeSeenByOtherStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	a := reseau.Checked(openAt(t, path))
	if _, err := a.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	b := reseau.Checked(openAt(t, path))
	collaborators := func() string {
		t.Helper()
		ties, err := b.Collaborators(ctx, []string{"amo"}, reseau.TieFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, tie := range ties["amo"] {
			keys = append(keys, tie.OrganisationKey)
		}
		return strings.Join(keys, ",")
	}
	search := func() string {
		t.Helper()
		hits, err := b.Search(ctx, "service logement", []string{reseau.TypeOrganisation}, 1)
		if err != nil || len(hits) == 0 {
			t.Fatalf("search: %v %v", hits, err)
		}
		return hits[0].Key
	}
	if got := collaborators(); got != "meridien,pole-jeunes" {
		t.Fatalf("amo's collaborators before: %s", got)
	}
	if got := search(); got != "logement" {
		t.Fatalf("search before: %s", got)
	}
	if m, _ := b.OrganisationsByKeys(ctx, []string{"logement"}); m["logement"] == nil || m["logement"].Key != "logement" {
		t.Fatal("logement not read before")
	}

	if _, err := a.MergeOrganisations(ctx, "amo", "logement"); err != nil {
		t.Fatal(err)
	}

	if got := collaborators(); got != "meridien,pole-jeunes,cpas" {
		t.Errorf("amo's collaborators after, read by the other store: %s, want cpas too (gt-logement)", got)
	}
	if got := search(); got != "amo" {
		t.Errorf("search after, by the other store: %s, want amo", got)
	}
	m, err := b.OrganisationsByKeys(ctx, []string{"logement"})
	if err != nil {
		t.Fatal(err)
	}
	if m["logement"] == nil || m["logement"].Key != "amo" {
		t.Errorf("logement read by the other store: %+v, want amo", m["logement"])
	}
}
