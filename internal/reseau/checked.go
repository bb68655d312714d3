package reseau

import "context"

// Checked returns next behind the domain's rules: every input is checked
// before next is asked, so that a store only stores and fetches, and every
// store refuses a bad input with the same EINVALID error. A refused input
// never reaches next: it changes nothing, and costs no query.
//
// What Checked checks needs nothing but the input: list options, filters,
// search types, the fields of a node or a relationship row, a dataset's
// rows. What needs the stored graph (a reference that must exist, a key
// that must not, a PART_OF cycle through stored nodes) is the store's to
// check, in its write transaction, with the rules of this package
// (Dataset.CheckRefs, Dataset.CheckPartOf).
//
// `reseau serve` puts it above authorisation (Checked(authz.New(store))): a
// bad input is answered alike whatever the caller's role, and is refused
// before authorisation reads anything. Checked(Checked(s)) is Checked(s).
func Checked(next Store) Store {
	if c, ok := next.(checked); ok {
		return c
	}
	return checked{next}
}

// checked is the Store that Checked returns: the methods it does not
// declare pass through to the embedded store.
type checked struct{ Store }

var _ Store = checked{}

// FindOrganisations implements Store.
func (c checked) FindOrganisations(ctx context.Context, f OrganisationFilter, o ListOptions) (*Page[*Organisation], error) {
	if err := f.Check(o); err != nil {
		return nil, err
	}
	return c.Store.FindOrganisations(ctx, f, o)
}

// FindPeople implements Store.
func (c checked) FindPeople(ctx context.Context, f PersonFilter, o ListOptions) (*Page[*Person], error) {
	if err := f.Check(o); err != nil {
		return nil, err
	}
	return c.Store.FindPeople(ctx, f, o)
}

// FindCollaborations implements Store.
func (c checked) FindCollaborations(ctx context.Context, f CollaborationFilter, o ListOptions) (*Page[*Collaboration], error) {
	if err := f.Check(o); err != nil {
		return nil, err
	}
	return c.Store.FindCollaborations(ctx, f, o)
}

// Collaborators implements Store.
func (c checked) Collaborators(ctx context.Context, orgKeys []string, f TieFilter) (map[string][]CollaborationTie, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	return c.Store.Collaborators(ctx, orgKeys, f)
}

// Search implements Store.
func (c checked) Search(ctx context.Context, text string, types []string, limit int) ([]SearchHit, error) {
	if err := checkSearchTypes(types); err != nil {
		return nil, err
	}
	return c.Store.Search(ctx, text, types, limit)
}

// FindPartnerships implements Store.
func (c checked) FindPartnerships(ctx context.Context, f PartnershipFilter, o ListOptions) (*Page[*Partnership], error) {
	if err := f.Check(o); err != nil {
		return nil, err
	}
	return c.Store.FindPartnerships(ctx, f, o)
}
