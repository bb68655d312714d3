package reseau

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// Checked returns next behind the domain's rules: every input is checked
// before next is asked, so that a store only stores and fetches, and every
// store refuses a bad input with the same EINVALID error. A refused input
// never reaches next: it changes nothing, and costs no query (but the
// lookup below).
//
// What Checked checks needs nothing but the input (list options, filters,
// search types, the fields of a node or a relationship row, a dataset's
// rows), except the organisations a tie condition of an organisation
// filter names, which it looks up in one batch before the list is asked.
// What needs the stored graph for a write (a reference that must exist, a
// key that must not, a PART_OF cycle through stored nodes) is the store's to
// check, in its write transaction, with the rules of this package
// (Dataset.CheckRefs, Dataset.CheckPartOf).
//
// `reseau serve` puts it above authorisation (Checked(authz.New(store))): a
// bad input is answered alike whatever the caller's role, and is refused
// before authorisation reads anything. Checked(Checked(s)) is Checked(s).
//
// Checked also resolves the keys that merges left (resolving, in
// redirect.go), after the checks and before next: a merged key keeps
// naming the node it was merged into, for every store alike.
func Checked(next Store) Store {
	if c, ok := next.(checked); ok {
		return c
	}
	return checked{resolving{next}}
}

// checked is the Store that Checked returns: the methods it does not
// declare pass through to the embedded store.
type checked struct{ Store }

var _ Store = checked{}

// Writes: a node or a row is checked on its own; an update's result is
// checked inside the store's transaction, by the apply it is given.

// CreateDomain implements Store.
func (c checked) CreateDomain(ctx context.Context, d *Domain) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return c.Store.CreateDomain(ctx, d)
}

// UpdateDomain implements Store.
func (c checked) UpdateDomain(ctx context.Context, key string, apply func(*Domain) error) (*Domain, error) {
	return c.Store.UpdateDomain(ctx, key, checkedPatch(apply))
}

// CreateOrganisation implements Store.
func (c checked) CreateOrganisation(ctx context.Context, o *Organisation) error {
	o.Normalise()
	if err := o.Validate(); err != nil {
		return err
	}
	return c.Store.CreateOrganisation(ctx, o)
}

// UpdateOrganisation implements Store.
func (c checked) UpdateOrganisation(ctx context.Context, key string, apply func(*Organisation) error) (*Organisation, error) {
	return c.Store.UpdateOrganisation(ctx, key, checkedPatch(apply))
}

// CreatePerson implements Store: a person without a key is checked without
// one (the store gives it).
func (c checked) CreatePerson(ctx context.Context, p *Person, memberships ...Membership) error {
	if err := checkNewPerson(p, memberships); err != nil {
		return err
	}
	return c.Store.CreatePerson(ctx, p, memberships...)
}

// UpdatePerson implements Store.
func (c checked) UpdatePerson(ctx context.Context, key string, apply func(*Person) error) (*Person, error) {
	return c.Store.UpdatePerson(ctx, key, checkedPatch(apply))
}

// CreateCollaboration implements Store.
func (c checked) CreateCollaboration(ctx context.Context, v *Collaboration) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return c.Store.CreateCollaboration(ctx, v)
}

// UpdateCollaboration implements Store.
func (c checked) UpdateCollaboration(ctx context.Context, key string, apply func(*Collaboration) error) (*Collaboration, error) {
	return c.Store.UpdateCollaboration(ctx, key, checkedPatch(apply))
}

// CreatePartnership implements Store.
func (c checked) CreatePartnership(ctx context.Context, p *Partnership) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return c.Store.CreatePartnership(ctx, p)
}

// UpdatePartnership implements Store.
func (c checked) UpdatePartnership(ctx context.Context, key string, apply func(*Partnership) error) (*Partnership, error) {
	return c.Store.UpdatePartnership(ctx, key, checkedPatch(apply))
}

// PutMembership implements Store.
func (c checked) PutMembership(ctx context.Context, m Membership) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return c.Store.PutMembership(ctx, m)
}

// PutParticipation implements Store.
func (c checked) PutParticipation(ctx context.Context, p Participation) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return c.Store.PutParticipation(ctx, p)
}

// PutPersonParticipation implements Store.
func (c checked) PutPersonParticipation(ctx context.Context, p PersonParticipation) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return c.Store.PutPersonParticipation(ctx, p)
}

// PutParty implements Store.
func (c checked) PutParty(ctx context.Context, p Party) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return c.Store.PutParty(ctx, p)
}

// PutKnows implements Store.
func (c checked) PutKnows(ctx context.Context, k Knows) error {
	if err := k.Validate(); err != nil {
		return err
	}
	return c.Store.PutKnows(ctx, k)
}

// Import implements Store: the rows are checked here (Dataset.Check), their
// references by the store in its transaction (Dataset.CheckRefs).
func (c checked) Import(ctx context.Context, ds *Dataset) (*ImportStats, error) {
	if err := ds.Check(); err != nil {
		return nil, err
	}
	return c.Store.Import(ctx, ds)
}

// MergeOrganisations implements Store: two keys, two different ones.
func (c checked) MergeOrganisations(ctx context.Context, into, from string) (*Organisation, error) {
	if err := checkMerge(TypeOrganisation, into, from); err != nil {
		return nil, err
	}
	return c.Store.MergeOrganisations(ctx, into, from)
}

// MergePeople implements Store, as MergeOrganisations.
func (c checked) MergePeople(ctx context.Context, into, from string) (*Person, error) {
	if err := checkMerge(TypePerson, into, from); err != nil {
		return nil, err
	}
	return c.Store.MergePeople(ctx, into, from)
}

func checkMerge(typ, into, from string) error {
	if err := firstErr(checkKey("into", into), checkKey("from", from)); err != nil {
		return err
	}
	if into == from {
		return FieldErrorf("from", "%q is the %s to merge into: a merge needs two different ones", from, typeName(typ))
	}
	return nil
}

// Redirects implements Store.
func (c checked) Redirects(ctx context.Context, typ string, keys []string) (map[string]string, error) {
	if typ != TypeOrganisation && typ != TypePerson {
		return nil, FieldErrorf("type", "%q is not %s or %s: only organisations and people are merged", typ, TypeOrganisation, TypePerson)
	}
	return c.Store.Redirects(ctx, typ, keys)
}

// Reads: options and filters.

// FindOrganisations implements Store. The keys a tie condition names must
// exist: a typo would otherwise answer "tied to nobody" (everyone, for
// notTiedTo) without a word.
func (c checked) FindOrganisations(ctx context.Context, f OrganisationFilter, o ListOptions) (*Page[*Organisation], error) {
	if err := f.Check(o); err != nil {
		return nil, err
	}
	if err := c.checkTieRefs(ctx, "tiedTo", f.TiedTo); err != nil {
		return nil, err
	}
	if err := c.checkTieRefs(ctx, "notTiedTo", f.NotTiedTo); err != nil {
		return nil, err
	}
	return c.Store.FindOrganisations(ctx, f, o)
}

// checkTieRefs returns EINVALID (field name.organisations) naming the keys
// of tc that no organisation has: the one read input check, a batch lookup
// (organisations are visible to every caller, so the answer tells nothing
// the caller could not read).
func (c checked) checkTieRefs(ctx context.Context, name string, tc TieCondition) error {
	if len(tc.Organisations) == 0 {
		return nil
	}
	found, err := c.Store.OrganisationsByKeys(ctx, tc.Organisations)
	if err != nil {
		return err
	}
	var missing []string
	for _, k := range tc.Organisations {
		if found[k] == nil && !slices.Contains(missing, k) {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return FieldErrorf(name+".organisations", "no organisation has the key %s", strings.Join(quoted(missing), ", "))
	}
	return nil
}

func quoted(ks []string) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = strconv.Quote(k)
	}
	return out
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
