package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestConcurrentReadsAndWrites runs writers and readers of the derived ties
// at once (run it with -race): the in-memory indexes must stay consistent
// with the database, and every write must be acknowledged.
func TestConcurrentReadsAndWrites(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			key := fmt.Sprintf("c%d", i)
			if err := s.CreateCollaboration(ctx, &reseau.Collaboration{Key: key, Kind: "atelier", Title: key, StartDate: "2023"}); err != nil {
				errs <- err
				return
			}
			for _, org := range []string{"meridien", "amo"} {
				if err := s.PutParticipation(ctx, reseau.Participation{CollaborationKey: key, OrganisationKey: org}); err != nil {
					errs <- err
				}
			}
			if err := s.PutParty(ctx, reseau.Party{PartnershipKey: "css-adhesion", OrganisationKey: "amo", Role: "membre"}); err != nil {
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := s.Collaborators(ctx, []string{"meridien", "amo"}, reseau.TieFilter{}); err != nil {
				errs <- err
			}
			if _, err := s.Partners(ctx, []string{"amo", "css"}); err != nil {
				errs <- err
			}
			if _, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Text: "a"}, reseau.ListOptions{Limit: 3}); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	ties, err := s.Collaborators(ctx, []string{"meridien"}, reseau.TieFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tie := range ties["meridien"] {
		if tie.OrganisationKey == "amo" && tie.Weight != 2+n {
			t.Errorf("meridien–amo weight = %d, want %d", tie.Weight, 2+n)
		}
	}
}
