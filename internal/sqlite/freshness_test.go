package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestForeignWritesSeenAtOnce writes on one store and reads on another
// opened on the same file (two connections, as two processes are) while
// writers run on both: a read that starts after a write was acknowledged
// must answer it, from the row cache, the tie index and the search index
// alike. Reads used to skip the look at the file while one of their own
// store's writes ran, and answered the old value for seconds.
func TestForeignWritesSeenAtOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	a := openAt(t, path)
	if _, err := a.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	b := openAt(t, path)
	stores := []reseau.Store{a, b}

	// Background writers on both stores, each on an organisation of its own.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes atomic.Int64
	for i := range 8 {
		s := stores[i%2]
		key := fmt.Sprintf("busy-%d", i)
		if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: key, Name: key, Sector: reseau.SectorAssociatif}); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.UpdateOrganisation(ctx, key, func(o *reseau.Organisation) error {
					o.ShortName = fmt.Sprint(n)
					return nil
				}); err != nil {
					t.Error(err)
					return
				}
				writes.Add(1)
				time.Sleep(10 * time.Millisecond)
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()

	const probes = 25
	stale := 0
	for i := range probes {
		w, r := stores[i%2], stores[(i+1)%2]
		// Warm the reader's caches with the values about to change.
		if _, err := r.OrganisationsByKeys(ctx, []string{"css"}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Collaborators(ctx, []string{"amo"}, reseau.TieFilter{}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Search(ctx, "probe", nil, 5); err != nil {
			t.Fatal(err)
		}

		name := fmt.Sprintf("Probe %d", i)
		if _, err := w.UpdateOrganisation(ctx, "css", func(o *reseau.Organisation) error {
			o.Name = name
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		collab := fmt.Sprintf("probe-%d", i)
		if err := w.CreateCollaboration(ctx, &reseau.Collaboration{Key: collab, Kind: "atelier", Title: collab, StartDate: "2024"}); err != nil {
			t.Fatal(err)
		}
		for _, org := range []string{"amo", "css"} {
			if err := w.PutParticipation(ctx, reseau.Participation{CollaborationKey: collab, OrganisationKey: org}); err != nil {
				t.Fatal(err)
			}
		}

		orgs, err := r.OrganisationsByKeys(ctx, []string{"css"})
		if err != nil {
			t.Fatal(err)
		}
		ties, err := r.Collaborators(ctx, []string{"amo"}, reseau.TieFilter{})
		if err != nil {
			t.Fatal(err)
		}
		hits, err := r.Search(ctx, fmt.Sprintf("probe %d", i), []string{reseau.TypeOrganisation}, 5)
		if err != nil {
			t.Fatal(err)
		}
		okName := orgs["css"] != nil && orgs["css"].Name == name
		okTie := slices.ContainsFunc(ties["amo"], func(t reseau.CollaborationTie) bool {
			return t.OrganisationKey == "css" && slices.Contains(t.CollaborationKeys, collab)
		})
		okSearch := slices.ContainsFunc(hits, func(h reseau.SearchHit) bool { return h.Key == "css" })
		if !okName || !okTie || !okSearch {
			stale++
			t.Logf("probe %d: name fresh %v, tie fresh %v, search fresh %v", i, okName, okTie, okSearch)
		}
	}
	if stale > 0 {
		t.Errorf("%d of %d reads right after another store's acknowledged write answered the old graph", stale, probes)
	}
	t.Logf("%d background writes during the probes", writes.Load())
}

// TestForeignDeleteCascades deletes an organisation through one store and
// reads its ties and its name through another: the rows the cascade removed
// (participations, parties) must leave the other store's indexes too.
func TestForeignDeleteCascades(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	a := openAt(t, path)
	if _, err := a.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	b := openAt(t, path)
	ties, err := b.Collaborators(ctx, []string{"cpas"}, reseau.TieFilter{})
	if err != nil {
		t.Fatal(err)
	}
	isLogement := func(t reseau.CollaborationTie) bool { return t.OrganisationKey == "logement" }
	if !slices.ContainsFunc(ties["cpas"], isLogement) {
		t.Fatalf("fixture: cpas has no tie with logement: %+v", ties["cpas"])
	}
	if hits, err := b.Search(ctx, "service logement", []string{reseau.TypeOrganisation}, 5); err != nil || len(hits) == 0 {
		t.Fatalf("search before: %v, %v", hits, err)
	}
	if err := a.DeleteOrganisation(ctx, "logement"); err != nil {
		t.Fatal(err)
	}
	ties, err = b.Collaborators(ctx, []string{"cpas"}, reseau.TieFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(ties["cpas"], isLogement) {
		t.Errorf("cpas still tied to the deleted logement: %+v", ties["cpas"])
	}
	hits, err := b.Search(ctx, "service logement", []string{reseau.TypeOrganisation}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(hits, func(h reseau.SearchHit) bool { return h.Key == "logement" }) {
		t.Errorf("search still finds the deleted logement: %v", hits)
	}
	if orgs, err := b.OrganisationsByKeys(ctx, []string{"logement"}); err != nil || orgs["logement"] != nil {
		t.Errorf("logement read by key after its deletion: %v, %v", orgs["logement"], err)
	}
}
