package reseau_test

import (
	"context"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// recorder is a store that records the methods it is asked; any other
// method panics (its embedded Store is nil), so a test that reaches one
// fails loudly.
type recorder struct {
	reseau.Store
	asked    []string
	resolved int
	patched  bool // an update was asked, whose apply refuses inside the store
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

func (r *recorder) CreateOrganisation(context.Context, *reseau.Organisation) error {
	r.ask("CreateOrganisation")
	return nil
}

func (r *recorder) CreatePerson(_ context.Context, p *reseau.Person, _ ...reseau.Membership) error {
	r.ask("CreatePerson")
	return nil
}

func (r *recorder) CreateCollaboration(context.Context, *reseau.Collaboration) error {
	r.ask("CreateCollaboration")
	return nil
}

// UpdateOrganisation patches a stored organisation as a store does, and
// records the write only when apply accepts the result.
func (r *recorder) UpdateOrganisation(_ context.Context, key string, apply func(*reseau.Organisation) error) (*reseau.Organisation, error) {
	r.patched = true
	o := &reseau.Organisation{Key: key, Name: "Le Méridien", Sector: reseau.SectorAssociatif}
	if err := apply(o); err != nil {
		return nil, err
	}
	r.ask("UpdateOrganisation")
	return o, nil
}

// Redirects answers that no key was merged. It is not recorded: Checked
// resolves the keys of a good input before passing it on (resolved counts
// it), never those of a bad one, but for an update, whose patch is judged
// inside the store's write, once its key is resolved.
func (r *recorder) Redirects(context.Context, string, []string) (map[string]string, error) {
	r.resolved++
	return map[string]string{}, nil
}

func (r *recorder) MergeOrganisations(_ context.Context, into, _ string) (*reseau.Organisation, error) {
	r.ask("MergeOrganisations")
	return &reseau.Organisation{Key: into}, nil
}

func (r *recorder) MergePeople(_ context.Context, into, _ string) (*reseau.Person, error) {
	r.ask("MergePeople")
	return &reseau.Person{Key: into}, nil
}

func (r *recorder) PutMembership(context.Context, reseau.Membership) error {
	r.ask("PutMembership")
	return nil
}

func (r *recorder) PutKnows(context.Context, reseau.Knows) error {
	r.ask("PutKnows")
	return nil
}

func (r *recorder) Import(context.Context, *reseau.Dataset) (*reseau.ImportStats, error) {
	r.ask("Import")
	return &reseau.ImportStats{}, nil
}

func update(o *reseau.Organisation, err error) error { return err }

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
	{"organisations open on a day at a time, by postcode and language", "", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindOrganisations(ctx, reseau.OrganisationFilter{Postcode: "1030", Language: "nl", OpenOn: "WE", OpenAt: "14:00"}, reseau.ListOptions{}))
	}},
	{"organisations of a postcode of 3 digits", "postcode", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindOrganisations(ctx, reseau.OrganisationFilter{Postcode: "103"}, reseau.ListOptions{}))
	}},
	{"organisations speaking no known language", "languageSpoken", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindOrganisations(ctx, reseau.OrganisationFilter{Language: "FR"}, reseau.ListOptions{}))
	}},
	{"organisations open on no day", "openOn", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindOrganisations(ctx, reseau.OrganisationFilter{OpenOn: "lundi"}, reseau.ListOptions{}))
	}},
	{"organisations open at a time of no day", "openAt", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindOrganisations(ctx, reseau.OrganisationFilter{OpenAt: "10:00"}, reseau.ListOptions{}))
	}},
	{"organisations open at no time", "openAt", func(ctx context.Context, s reseau.Store) error {
		return find(s.FindOrganisations(ctx, reseau.OrganisationFilter{OpenOn: "MO", OpenAt: "25:00"}, reseau.ListOptions{}))
	}},
	{"create an organisation with a bad postcode", "addresses[0].postcode", func(ctx context.Context, s reseau.Store) error {
		return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "m", Name: "M", Directory: reseau.Directory{
			Addresses: []reseau.Address{{Street: "Rue", Postcode: "999", Commune: "Schaerbeek"}}}})
	}},
	{"give an organisation a schedule closing before it opens", "schedules[0].closes", func(ctx context.Context, s reseau.Store) error {
		return update(s.UpdateOrganisation(ctx, "meridien", func(o *reseau.Organisation) error {
			o.Schedules = []reseau.Schedule{{Days: []string{"MO"}, Opens: "14:00", Closes: "09:00"}}
			return nil
		}))
	}},
	{"import a service without name", "services[0].nameFr", func(ctx context.Context, s reseau.Store) error {
		_, err := s.Import(ctx, &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "a", Name: "A", Directory: reseau.Directory{Services: []reseau.Service{{Key: "s"}}}}}})
		return err
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
	{"create an organisation", "", func(ctx context.Context, s reseau.Store) error {
		return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "meridien", Name: "Le Méridien", Domains: []string{"sante"}})
	}},
	{"create an organisation without name", "name", func(ctx context.Context, s reseau.Store) error {
		return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "meridien", Name: " "})
	}},
	{"create an organisation with a domain twice", "domains", func(ctx context.Context, s reseau.Store) error {
		return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "meridien", Name: "M", Domains: []string{"a", "a"}})
	}},
	{"create a collaboration ending before it starts", "endDate", func(ctx context.Context, s reseau.Store) error {
		return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "gt", Kind: "gt", Title: "GT", StartDate: "2022", EndDate: "2021"})
	}},
	{"create a person without key", "", func(ctx context.Context, s reseau.Store) error {
		return s.CreatePerson(ctx, &reseau.Person{Name: "Ana", Visibility: reseau.VisibilityNetwork}, reseau.Membership{OrganisationKey: "cpas"})
	}},
	{"create a person with a bad key", "key", func(ctx context.Context, s reseau.Store) error {
		return s.CreatePerson(ctx, &reseau.Person{Key: "Ana!", Name: "Ana", Visibility: reseau.VisibilityNetwork})
	}},
	{"create a person with a bad membership date", "since", func(ctx context.Context, s reseau.Store) error {
		return s.CreatePerson(ctx, &reseau.Person{Name: "Ana", Visibility: reseau.VisibilityNetwork}, reseau.Membership{OrganisationKey: "cpas", Since: "hier"})
	}},
	{"rename an organisation", "", func(ctx context.Context, s reseau.Store) error {
		return update(s.UpdateOrganisation(ctx, "meridien", func(o *reseau.Organisation) error { o.Name = "Méridien"; return nil }))
	}},
	{"empty an organisation's name", "name", func(ctx context.Context, s reseau.Store) error {
		return update(s.UpdateOrganisation(ctx, "meridien", func(o *reseau.Organisation) error { o.Name = ""; return nil }))
	}},
	{"change an organisation's key", "key", func(ctx context.Context, s reseau.Store) error {
		return update(s.UpdateOrganisation(ctx, "meridien", func(o *reseau.Organisation) error { o.Key = "other"; return nil }))
	}},
	{"put a membership", "", func(ctx context.Context, s reseau.Store) error {
		return s.PutMembership(ctx, reseau.Membership{PersonKey: "ana", OrganisationKey: "cpas", Since: "2020"})
	}},
	{"put a membership until before since", "until", func(ctx context.Context, s reseau.Store) error {
		return s.PutMembership(ctx, reseau.Membership{PersonKey: "ana", OrganisationKey: "cpas", Since: "2020", Until: "2019"})
	}},
	{"put a person knowing themself", "other", func(ctx context.Context, s reseau.Store) error {
		return s.PutKnows(ctx, reseau.Knows{PersonKey: "ana", OtherKey: "ana"})
	}},
	{"import", "", func(ctx context.Context, s reseau.Store) error {
		_, err := s.Import(ctx, &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "a", Name: "A", ParentKey: "stored"}}})
		return err
	}},
	{"import a key twice", "key", func(ctx context.Context, s reseau.Store) error {
		_, err := s.Import(ctx, &reseau.Dataset{Domains: []reseau.Domain{{Key: "a", LabelFR: "A"}, {Key: "a", LabelFR: "B"}}})
		return err
	}},
	{"import a PART_OF cycle", "parent", func(ctx context.Context, s reseau.Store) error {
		_, err := s.Import(ctx, &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "a", Name: "A", ParentKey: "b"}, {Key: "b", Name: "B", ParentKey: "a"}}})
		return err
	}},
	{"merge organisations", "", func(ctx context.Context, s reseau.Store) error {
		_, err := s.MergeOrganisations(ctx, "meridien", "meridien-2")
		return err
	}},
	{"merge an organisation into itself", "from", func(ctx context.Context, s reseau.Store) error {
		_, err := s.MergeOrganisations(ctx, "meridien", "meridien")
		return err
	}},
	{"merge into a bad key", "into", func(ctx context.Context, s reseau.Store) error {
		_, err := s.MergeOrganisations(ctx, "Méridien", "meridien")
		return err
	}},
	{"merge people", "", func(ctx context.Context, s reseau.Store) error {
		_, err := s.MergePeople(ctx, "ana", "ana-2")
		return err
	}},
	{"merge a person into themself", "from", func(ctx context.Context, s reseau.Store) error {
		_, err := s.MergePeople(ctx, "ana", "ana")
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
			if len(rec.asked) > 0 || rec.resolved > 0 && !rec.patched {
				t.Fatalf("the store was asked %q (and %d redirects) for a bad input", rec.asked, rec.resolved)
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

// OrganisationsByKeys knows two organisations, cpas and meridien.
func (r *recorder) OrganisationsByKeys(_ context.Context, keys []string) (map[string]*reseau.Organisation, error) {
	r.ask("OrganisationsByKeys")
	out := map[string]*reseau.Organisation{}
	for _, k := range keys {
		if k == "cpas" || k == "meridien" {
			out[k] = &reseau.Organisation{Key: k}
		}
	}
	return out, nil
}

// TestCheckedTieConditions proves the rules of tiedTo and notTiedTo: an
// unknown sector or tie kind, a condition that names no target and a key no
// organisation has are EINVALID on the condition's field, and never reach
// the list; a good condition reaches it after one lookup of its keys (none
// when it names only sectors).
func TestCheckedTieConditions(t *testing.T) {
	cpas := []reseau.Sector{reseau.SectorCPAS}
	for _, tt := range []struct {
		name  string
		f     reseau.OrganisationFilter
		field string // "" when the list must be asked
		asked []string
	}{
		{"tied to a sector", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Sectors: cpas}}, "", []string{"FindOrganisations"}},
		{"not tied to an organisation by collaboration", reseau.OrganisationFilter{NotTiedTo: reseau.TieCondition{Organisations: []string{"cpas", "meridien"}, Kinds: []reseau.TieKind{reseau.TieCollaboration}}},
			"", []string{"OrganisationsByKeys", "FindOrganisations"}},
		{"both", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Organisations: []string{"meridien"}}, NotTiedTo: reseau.TieCondition{Sectors: cpas, Kinds: []reseau.TieKind{reseau.TiePartnership}}},
			"", []string{"OrganisationsByKeys", "FindOrganisations"}},
		{"tied to an unknown organisation", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Organisations: []string{"cpas", "nulle-part"}}},
			"tiedTo.organisations", []string{"OrganisationsByKeys"}},
		{"not tied to an unknown organisation", reseau.OrganisationFilter{NotTiedTo: reseau.TieCondition{Organisations: []string{"cpa"}}},
			"notTiedTo.organisations", []string{"OrganisationsByKeys"}},
		{"not tied to an unknown sector", reseau.OrganisationFilter{NotTiedTo: reseau.TieCondition{Sectors: []reseau.Sector{"BANQUE"}}}, "notTiedTo.sectors", nil},
		{"tied to nobody", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Kinds: []reseau.TieKind{reseau.TieCollaboration}}}, "tiedTo.organisations", nil},
		{"tied by an unknown kind", reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Sectors: cpas, Kinds: []reseau.TieKind{"KNOWS"}}}, "tiedTo.kinds", nil},
		{"an empty key", reseau.OrganisationFilter{NotTiedTo: reseau.TieCondition{Organisations: []string{""}}}, "notTiedTo.organisations", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			_, err := reseau.Checked(rec).FindOrganisations(context.Background(), tt.f, reseau.ListOptions{})
			if tt.field == "" && err != nil {
				t.Fatalf("err = %v, want none", err)
			}
			if tt.field != "" && (reseau.ErrorCode(err) != reseau.EINVALID || field(err) != tt.field) {
				t.Fatalf("err = %v, want EINVALID on %s", err, tt.field)
			}
			if !slices.Equal(rec.asked, tt.asked) {
				t.Fatalf("store asked %q, want %q", rec.asked, tt.asked)
			}
		})
	}
}
