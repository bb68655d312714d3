package reseau_test

import (
	"context"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// recorder is a store that records the methods it is asked; any other
// method panics (its embedded Store is nil), so a test that reaches one
// fails loudly.
type recorder struct {
	reseau.Store
	asked []string
}

func (r *recorder) ask(m string) { r.asked = append(r.asked, m) }

func (r *recorder) FindOrganisations(context.Context, reseau.OrganisationFilter, reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	r.ask("FindOrganisations")
	return &reseau.Page[*reseau.Organisation]{}, nil
}

func (r *recorder) FindPeople(context.Context, reseau.PersonFilter, reseau.ListOptions) (*reseau.Page[*reseau.Person], error) {
	r.ask("FindPeople")
	return &reseau.Page[*reseau.Person]{}, nil
}

func (r *recorder) FindCollaborations(context.Context, reseau.CollaborationFilter, reseau.ListOptions) (*reseau.Page[*reseau.Collaboration], error) {
	r.ask("FindCollaborations")
	return &reseau.Page[*reseau.Collaboration]{}, nil
}

func (r *recorder) FindPartnerships(context.Context, reseau.PartnershipFilter, reseau.ListOptions) (*reseau.Page[*reseau.Partnership], error) {
	r.ask("FindPartnerships")
	return &reseau.Page[*reseau.Partnership]{}, nil
}

func (r *recorder) Collaborators(context.Context, []string, reseau.TieFilter) (map[string][]reseau.CollaborationTie, error) {
	r.ask("Collaborators")
	return nil, nil
}

func (r *recorder) Search(context.Context, string, []string, int) ([]reseau.SearchHit, error) {
	r.ask("Search")
	return nil, nil
}

// checkedCase is one call through Checked: bad inputs are refused with
// EINVALID naming field, before the store is asked; good ones reach it.
type checkedCase struct {
	name  string
	field string // "" for an input that must reach the store
	call  func(ctx context.Context, s reseau.Store) error
}

func find[T any](p *reseau.Page[T], err error) error { return err }

var checkedCases = []checkedCase{
	{"organisations by name", "", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindOrganisations(ctx, reseau.OrganisationFilter{Sectors: []reseau.Sector{reseau.SectorCPAS}}, reseau.ListOptions{OrderBy: reseau.OrderName}))
	}},
	{"organisations by title", "orderBy", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderTitle}))
	}},
	{"organisations of no sector", "sectors", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindOrganisations(ctx, reseau.OrganisationFilter{Sectors: []reseau.Sector{"BANQUE"}}, reseau.ListOptions{}))
	}},
	{"people by key", "", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindPeople(ctx, reseau.PersonFilter{}, reseau.ListOptions{OrderBy: reseau.OrderKey}))
	}},
	{"people by start date", "orderBy", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindPeople(ctx, reseau.PersonFilter{}, reseau.ListOptions{OrderBy: reseau.OrderStartDate}))
	}},
	{"collaborations by start date", "", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindCollaborations(ctx, reseau.CollaborationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderStartDate}))
	}},
	{"collaborations by name", "orderBy", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindCollaborations(ctx, reseau.CollaborationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderName}))
	}},
	{"collaborations from a month", "", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindCollaborations(ctx, reseau.CollaborationFilter{From: "2022-04", To: "2023"}, reseau.ListOptions{}))
	}},
	{"collaborations from no date", "from", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindCollaborations(ctx, reseau.CollaborationFilter{From: "2022-13"}, reseau.ListOptions{}))
	}},
	{"partnerships to no date", "to", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindPartnerships(ctx, reseau.PartnershipFilter{To: "demain"}, reseau.ListOptions{}))
	}},
	{"ties since a year", "", func(ctx context.Context, s reseau.Store) error {
		_, err := s.Collaborators(ctx, []string{"cpas"}, reseau.TieFilter{Since: "2020", Until: "2021-02-28"})
		return err
	}},
	{"ties until no date", "until", func(ctx context.Context, s reseau.Store) error {
		_, err := s.Collaborators(ctx, []string{"cpas"}, reseau.TieFilter{Until: "2021-02-30"})
		return err
	}},
	{"search people", "", func(ctx context.Context, s reseau.Store) error {
		_, err := s.Search(ctx, "meridien", []string{reseau.TypePerson}, 10)
		return err
	}},
	{"search no type", "types", func(ctx context.Context, s reseau.Store) error {
		_, err := s.Search(ctx, "meridien", []string{"Building"}, 10)
		return err
	}},
	{"partnerships by name", "orderBy", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindPartnerships(ctx, reseau.PartnershipFilter{}, reseau.ListOptions{OrderBy: reseau.OrderName}))
	}},
}

// TestCheckedAsksNoStoreForBadInput proves that Checked refuses a bad input
// without asking the store (the recorder's list stays empty, and a method
// it does not record would panic), and passes a good one on, once.
func TestCheckedAsksNoStoreForBadInput(t *testing.T) {
	for _, tt := range checkedCases {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			err := tt.call(context.Background(), reseau.Checked(rec))
			if tt.field == "" {
				if err != nil || len(rec.asked) != 1 {
					t.Fatalf("err = %v, store asked %q: want no error and one call", err, rec.asked)
				}
				return
			}
			if reseau.ErrorCode(err) != reseau.EINVALID || field(err) != tt.field {
				t.Fatalf("err = %v, want EINVALID on %s", err, tt.field)
			}
			if len(rec.asked) > 0 {
				t.Fatalf("the store was asked %q for a bad input", rec.asked)
			}
		})
	}
}

func TestCheckedIsIdempotent(t *testing.T) {
	s := reseau.Checked(&recorder{})
	if reseau.Checked(s) != s {
		t.Fatal("Checked(Checked(s)) wraps twice: every input would be checked twice")
	}
}

func field(err error) string {
	if e, ok := err.(*reseau.Error); ok {
		return e.Field
	}
	return ""
}
