package neo4j

import (
	"context"
	"reflect"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestInvalidArguments checks that the store, behind the domain's rules as
// every caller uses it, refuses bad arguments before any statement runs.
func TestInvalidArguments(t *testing.T) {
	rec := newRecorder(t, nil)
	s := reseau.Checked(newStore(rec))
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"organisation order", func() error {
			_, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderTitle})
			return err
		}},
		{"sector", func() error {
			_, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Sectors: []reseau.Sector{"PRIVE"}}, reseau.ListOptions{})
			return err
		}},
		{"collaboration date", func() error {
			_, err := s.FindCollaborations(ctx, reseau.CollaborationFilter{To: "2022-13"}, reseau.ListOptions{})
			return err
		}},
		{"tie date", func() error {
			_, err := s.Collaborators(ctx, []string{"o"}, reseau.TieFilter{Since: "hier"})
			return err
		}},
		{"search type", func() error { _, err := s.Search(ctx, "x", []string{"Nope"}, 1); return err }},
		{"organisation name", func() error { return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x"}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := reseau.ErrorCode(tt.call()); code != reseau.EINVALID {
				t.Errorf("code = %q, want %q", code, reseau.EINVALID)
			}
			if calls := rec.Calls(); len(calls) > 0 {
				t.Errorf("statements ran for a bad argument: %q", calls)
			}
		})
	}
}

// TestSearchQuery checks the full-text query a search sends: each folded
// word as a whole word, a prefix and an infix, boosted in that order, ORed
// (the infix selects the candidates as the embedded store does), and the
// ranking of what comes back.
func TestSearchQuery(t *testing.T) {
	var sent map[string]any
	r := newRecorder(t, func(name string, p map[string]any) []*driver.Record {
		sent = p
		return []*driver.Record{
			record("type", reseau.TypeOrganisation, "key", "memoire", "fold", "memoire vivante\nmemoire vivante ssm la gerbe asbl"),
			record("type", reseau.TypeOrganisation, "key", "gerbe", "fold", "la gerbe service de sante mentale\nla gerbe\ngerbe la ssm\nssm la gerbe asbl"),
			record("type", reseau.TypeCollaboration, "key", "unrelated", "fold", "journees"),
		}
	})
	hits, err := newStore(r).Search(context.Background(), "SSM  La Gèrbe", nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sent["query"], "ssm^4 OR ssm*^2 OR *ssm* OR la^4 OR la*^2 OR *la* OR gerbe^4 OR gerbe*^2 OR *gerbe*"; got != want {
		t.Errorf("query = %q, want %q", got, want)
	}
	if len(hits) != 2 || hits[0].Key != "gerbe" || hits[1].Key != "memoire" {
		t.Errorf("hits = %+v, want gerbe then memoire (and no zero-score hit)", hits)
	}
}

// TestRepeatedKeys asks the tie methods for a key twice: each tie comes once.
func TestRepeatedKeys(t *testing.T) {
	s := NewModelStore(t)
	ctx := context.Background()
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	ties, err := s.Collaborators(ctx, []string{"meridien", "meridien"}, reseau.TieFilter{})
	if err != nil || len(ties["meridien"]) != 4 {
		t.Errorf("Collaborators(meridien twice) = %d ties, %v; want 4", len(ties["meridien"]), err)
	}
	acq, err := s.Acquaintances(ctx, []string{"alice", "alice"})
	if err != nil || len(acq["alice"]) != 4 {
		t.Errorf("Acquaintances(alice twice) = %d, %v; want 4", len(acq["alice"]), err)
	}
}

func TestTie(t *testing.T) {
	got := tie("amo", []any{
		map[string]any{"key": "meeting-2018", "startDate": "2018-05-14", "endDate": "2018-05-14"},
		map[string]any{"key": "immersion-2022", "startDate": "2022-03-01", "endDate": "2022-06-30"},
		map[string]any{"key": "undated"},
	})
	want := reseau.CollaborationTie{OrganisationKey: "amo", Weight: 3, FirstDate: "2018-05-14", LastDate: "2022-06-30",
		CollaborationKeys: []string{"immersion-2022", "meeting-2018", "undated"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tie = %+v, want %+v", got, want)
	}
}

func TestParameters(t *testing.T) {
	got := parameters("// uses $notThis\nMATCH (n {key: $key}) WHERE n.x IN $keys AND n.y = $key\n")
	if !reflect.DeepEqual(got, []string{"key", "keys"}) {
		t.Errorf("Parameters = %v", got)
	}
}
