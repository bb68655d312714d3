// The keys that merges leave (Redirect): their rules in a dataset, and how
// every call resolves them (resolving, which Checked puts in front of a
// store), so that a merged key keeps naming the node it was merged into.

package reseau

import (
	"context"
	"errors"
)

// Validate checks r's own fields.
func (r *Redirect) Validate() error {
	if r.Type != TypeOrganisation && r.Type != TypePerson {
		return FieldErrorf("type", "%q is not %s or %s: only organisations and people are merged", r.Type, TypeOrganisation, TypePerson)
	}
	if err := firstErr(checkKey("key", r.Key), checkKey("into", r.Into)); err != nil {
		return err
	}
	if r.Key == r.Into {
		return FieldErrorf("into", "%q cannot resolve to itself", r.Key)
	}
	return nil
}

// checkRedirects checks the redirects of d: each row's fields, keys listed
// twice, and keys that name a node of d too (a merged key names no node).
func (d *Dataset) checkRedirects() error {
	nodes := map[string]map[string]bool{TypeOrganisation: {}, TypePerson: {}}
	for _, o := range d.Organisations {
		nodes[TypeOrganisation][o.Key] = true
	}
	for _, p := range d.People {
		nodes[TypePerson][p.Key] = true
	}
	seen := map[[2]string]bool{}
	for i := range d.Redirects {
		r := &d.Redirects[i]
		if err := r.Validate(); err != nil {
			return rowError("redirects", i, err)
		}
		if seen[[2]string{r.Type, r.Key}] {
			return rowError("redirects", i, FieldErrorf("key", "%q appears twice", r.Key))
		}
		seen[[2]string{r.Type, r.Key}] = true
		if nodes[r.Type][r.Key] {
			return rowError("redirects", i, FieldErrorf("key", "%q is the key of an %s of this dataset: a merged key names no node", r.Key, typeName(r.Type)))
		}
	}
	return nil
}

// checkRedirectRefs checks, as CheckRefs, that every redirect leads to a
// node of d or of the store, and that no stored node has a merged key.
func (d *Dataset) checkRedirectRefs(in map[string]map[string]bool, exists func(typ, key string) bool) error {
	for i, r := range d.Redirects {
		if !in[r.Type][r.Into] && (exists == nil || !exists(r.Type, r.Into)) {
			return rowError("redirects", i, MissingRef("into", r.Type, r.Into))
		}
		if exists != nil && exists(r.Type, r.Key) {
			return rowError("redirects", i, FieldErrorf("key", "%s %q exists: a merged key names no node", typeName(r.Type), r.Key))
		}
	}
	return nil
}

// MergedKey is the ECONFLICT of a key that a merge left, given to a new
// node: it resolves to into.
func MergedKey(typ, key, into string) *Error {
	return &Error{Code: ECONFLICT, Field: "key", Message: typeName(typ) + " " + quote(key) + " was merged into " + quote(into) +
		": the key resolves to " + quote(into) + " now; give that key to name it, or another key for a new " + typeName(typ)}
}

func quote(s string) string { return `"` + s + `"` }

// Redirected returns d with every reference to a merged key replaced by the
// key it resolves to: orgs and people map merged keys to their nodes (the
// store's Redirects), d's own Redirects add to them. Relationship rows that
// become one (a membership at both organisations of a merge) fold as a
// merge folds them; a PART_OF or a KNOWS that would join a node to itself
// is dropped. A node row whose key is merged is left as it is, for the
// store to refuse (CheckMergedKeys). d is not changed.
func (d *Dataset) Redirected(orgs, people map[string]string) *Dataset {
	to := map[string]map[string]string{TypeOrganisation: {}, TypePerson: {}}
	for k, v := range orgs {
		to[TypeOrganisation][k] = v
	}
	for k, v := range people {
		to[TypePerson][k] = v
	}
	out := *d
	out.Redirects = make([]Redirect, len(d.Redirects))
	for i, r := range d.Redirects {
		if into, ok := to[r.Type][r.Into]; ok {
			r.Into = into
		}
		out.Redirects[i] = r
	}
	for _, r := range out.Redirects {
		if _, ok := to[r.Type]; ok {
			to[r.Type][r.Key] = r.Into
		}
	}
	if len(d.Redirects) == 0 {
		out.Redirects = nil
	}
	if len(to[TypeOrganisation]) == 0 && len(to[TypePerson]) == 0 {
		return &out
	}
	org := func(k string) string {
		if v, ok := to[TypeOrganisation][k]; ok {
			return v
		}
		return k
	}
	person := func(k string) string {
		if v, ok := to[TypePerson][k]; ok {
			return v
		}
		return k
	}
	out.Organisations = make([]Organisation, len(d.Organisations))
	for i, o := range d.Organisations {
		if o.ParentKey = org(o.ParentKey); o.ParentKey == o.Key {
			o.ParentKey = ""
		}
		out.Organisations[i] = o
	}
	out.Collaborations = make([]Collaboration, len(d.Collaborations))
	for i, c := range d.Collaborations {
		c.LocationKey = org(c.LocationKey)
		out.Collaborations[i] = c
	}
	out.Memberships = refold(d.Memberships, func(m *Membership) [2]string {
		m.PersonKey, m.OrganisationKey = person(m.PersonKey), org(m.OrganisationKey)
		return [2]string{m.PersonKey, m.OrganisationKey}
	}, MergeMembership)
	out.Participations = refold(d.Participations, func(p *Participation) [2]string {
		p.OrganisationKey = org(p.OrganisationKey)
		return [2]string{p.CollaborationKey, p.OrganisationKey}
	}, func(a, b Participation) Participation { a.Role = MergedRole(a.Role, b.Role); return a })
	out.PersonParticipations = refold(d.PersonParticipations, func(p *PersonParticipation) [2]string {
		p.PersonKey = person(p.PersonKey)
		return [2]string{p.CollaborationKey, p.PersonKey}
	}, func(a, b PersonParticipation) PersonParticipation { a.Role = MergedRole(a.Role, b.Role); return a })
	out.Parties = refold(d.Parties, func(p *Party) [2]string {
		p.OrganisationKey = org(p.OrganisationKey)
		return [2]string{p.PartnershipKey, p.OrganisationKey}
	}, func(a, b Party) Party { a.Role = MergedRole(a.Role, b.Role); return a })
	knows := refold(d.Knows, func(k *Knows) [2]string {
		k.PersonKey, k.OtherKey = person(k.PersonKey), person(k.OtherKey)
		return [2]string{k.PersonKey, k.OtherKey}
	}, MergeKnows)
	out.Knows = knows[:0:0]
	for _, k := range knows {
		if k.PersonKey != k.OtherKey {
			out.Knows = append(out.Knows, k)
		}
	}
	if d.Knows == nil {
		out.Knows = nil
	}
	return &out
}

// CheckMergedKeys refuses the node rows of d whose key a merge left
// (merged answers the key it resolves to): an import never brings a merged
// node back. Stores call it inside an import's transaction. The error is
// MergedKey's ECONFLICT, at the row.
func (d *Dataset) CheckMergedKeys(merged func(typ, key string) (string, bool)) error {
	for i, r := range d.Organisations {
		if into, ok := merged(TypeOrganisation, r.Key); ok {
			return placed(MergedKey(TypeOrganisation, r.Key, into), "organisations", i)
		}
	}
	for i, r := range d.People {
		if into, ok := merged(TypePerson, r.Key); ok {
			return placed(MergedKey(TypePerson, r.Key, into), "people", i)
		}
	}
	return nil
}

// refold rewrites the ends of rows (ends returns the pair after), and folds
// rows whose pairs became one into the first of them.
func refold[T any](rows []T, ends func(*T) [2]string, combine func(have, other T) T) []T {
	if rows == nil {
		return nil
	}
	out := make([]T, 0, len(rows))
	at := make(map[[2]string]int, len(rows))
	for _, r := range rows {
		e := ends(&r)
		if i, ok := at[e]; ok {
			out[i] = combine(out[i], r)
			continue
		}
		at[e] = len(out)
		out = append(out, r)
	}
	return out
}

// placed places e at a row of a dataset section, keeping its code.
func placed(e *Error, section string, row int) *Error {
	e.Section, e.Row = section, row
	return e
}

// resolving is the Store that Checked puts in front of a store: every key
// of an organisation or a person that a call names is resolved through the
// store's Redirects first, so that a merged key keeps naming the node it
// was merged into, in reads by key (organisation(key:), person(key:),
// node(id:)), writes and imports alike. Lists filtered by keys, ties and
// analytics take the keys they are given as they are.
//
// Reads by key ask Redirects only for the keys they did not find; writes
// ask it for the keys they name before the write, except the parent or
// location that an update's apply sets, which is resolved only when the
// store refuses it as missing (the update then runs once more).
type resolving struct{ Store }

// resolve returns the redirects of the non-empty keys of type typ.
func (r resolving) resolve(ctx context.Context, typ string, keys ...string) (map[string]string, error) {
	ks := make([]string, 0, len(keys))
	for _, k := range keys {
		if k != "" {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return nil, nil
	}
	return r.Store.Redirects(ctx, typ, ks)
}

// to returns the key k resolves to in m.
func to(m map[string]string, k string) string {
	if v, ok := m[k]; ok {
		return v
	}
	return k
}

// one resolves a single key.
func (r resolving) one(ctx context.Context, typ, key string) (string, error) {
	m, err := r.resolve(ctx, typ, key)
	return to(m, key), err
}

// byKeys completes a read by keys with the nodes that missing merged keys
// resolve to, under the keys asked.
func byKeys[T any](ctx context.Context, r resolving, typ string, keys []string, read func(context.Context, []string) (map[string]*T, error)) (map[string]*T, error) {
	found, err := read(ctx, keys)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, k := range keys {
		if _, ok := found[k]; !ok && k != "" {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return found, nil
	}
	m, err := r.Store.Redirects(ctx, typ, missing)
	if err != nil || len(m) == 0 {
		return found, err
	}
	targets := make([]string, 0, len(m))
	for _, v := range m {
		targets = append(targets, v)
	}
	more, err := read(ctx, targets)
	if err != nil {
		return nil, err
	}
	for k, v := range m {
		if n, ok := more[v]; ok {
			found[k] = n
		}
	}
	return found, nil
}

// OrganisationsByKeys implements Store.
func (r resolving) OrganisationsByKeys(ctx context.Context, keys []string) (map[string]*Organisation, error) {
	return byKeys(ctx, r, TypeOrganisation, keys, r.Store.OrganisationsByKeys)
}

// PeopleByKeys implements Store.
func (r resolving) PeopleByKeys(ctx context.Context, keys []string) (map[string]*Person, error) {
	return byKeys(ctx, r, TypePerson, keys, r.Store.PeopleByKeys)
}

// CreateOrganisation implements Store. A merged key given to the new
// organisation is the store's to refuse (MergedKey), after authorisation:
// the answer says where the key leads.
func (r resolving) CreateOrganisation(ctx context.Context, o *Organisation) error {
	if err := r.org(ctx, &o.ParentKey); err != nil {
		return err
	}
	return r.Store.CreateOrganisation(ctx, o)
}

// refused reports whether err is the EINVALID of a reference (field) that
// does not exist.
func refused(err error, field string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == EINVALID && e.Field == field
}

// updateRef runs an update whose apply may set a reference to an
// organisation (field): when the store refuses the reference as missing and
// it is a merged key, the update runs once more with it resolved.
func updateRef[T any](ctx context.Context, r resolving, key, field string, apply func(*T) error, ref func(*T) *string,
	update func(context.Context, string, func(*T) error) (*T, error)) (*T, error) {
	var seen string
	var redirect map[string]string
	wrapped := func(v *T) error {
		if err := apply(v); err != nil {
			return err
		}
		p := ref(v)
		*p = to(redirect, *p)
		seen = *p
		return nil
	}
	out, err := update(ctx, key, wrapped)
	if !refused(err, field) || seen == "" {
		return out, err
	}
	redirect, rerr := r.resolve(ctx, TypeOrganisation, seen)
	if rerr != nil {
		return nil, rerr
	}
	if len(redirect) == 0 {
		return nil, err
	}
	return update(ctx, key, wrapped)
}

// UpdateOrganisation implements Store.
func (r resolving) UpdateOrganisation(ctx context.Context, key string, apply func(*Organisation) error) (*Organisation, error) {
	key, err := r.one(ctx, TypeOrganisation, key)
	if err != nil {
		return nil, err
	}
	return updateRef(ctx, r, key, "parent", apply, func(o *Organisation) *string { return &o.ParentKey }, r.Store.UpdateOrganisation)
}

// DeleteOrganisation implements Store.
func (r resolving) DeleteOrganisation(ctx context.Context, key string) error {
	key, err := r.one(ctx, TypeOrganisation, key)
	if err != nil {
		return err
	}
	return r.Store.DeleteOrganisation(ctx, key)
}

// CreatePerson implements Store: memberships name resolved organisations
// (a merged key given to the person is the store's to refuse, as for
// CreateOrganisation).
func (r resolving) CreatePerson(ctx context.Context, p *Person, memberships ...Membership) error {
	orgs := make([]string, len(memberships))
	for i, m := range memberships {
		orgs[i] = m.OrganisationKey
	}
	m, err := r.resolve(ctx, TypeOrganisation, orgs...)
	if err != nil {
		return err
	}
	for i := range memberships {
		memberships[i].OrganisationKey = to(m, memberships[i].OrganisationKey)
	}
	return r.Store.CreatePerson(ctx, p, memberships...)
}

// UpdatePerson implements Store.
func (r resolving) UpdatePerson(ctx context.Context, key string, apply func(*Person) error) (*Person, error) {
	key, err := r.one(ctx, TypePerson, key)
	if err != nil {
		return nil, err
	}
	return r.Store.UpdatePerson(ctx, key, apply)
}

// DeletePerson implements Store.
func (r resolving) DeletePerson(ctx context.Context, key string) error {
	key, err := r.one(ctx, TypePerson, key)
	if err != nil {
		return err
	}
	return r.Store.DeletePerson(ctx, key)
}

// CreateCollaboration implements Store.
func (r resolving) CreateCollaboration(ctx context.Context, c *Collaboration) error {
	loc, err := r.one(ctx, TypeOrganisation, c.LocationKey)
	if err != nil {
		return err
	}
	c.LocationKey = loc
	return r.Store.CreateCollaboration(ctx, c)
}

// UpdateCollaboration implements Store.
func (r resolving) UpdateCollaboration(ctx context.Context, key string, apply func(*Collaboration) error) (*Collaboration, error) {
	return updateRef(ctx, r, key, "location", apply, func(c *Collaboration) *string { return &c.LocationKey }, r.Store.UpdateCollaboration)
}

// org and person resolve the organisation and the person ends of a row.
func (r resolving) org(ctx context.Context, key *string) error {
	k, err := r.one(ctx, TypeOrganisation, *key)
	*key = k
	return err
}

func (r resolving) person(ctx context.Context, key *string) error {
	k, err := r.one(ctx, TypePerson, *key)
	*key = k
	return err
}

// PutMembership implements Store.
func (r resolving) PutMembership(ctx context.Context, m Membership) error {
	if err := firstErr(r.person(ctx, &m.PersonKey), r.org(ctx, &m.OrganisationKey)); err != nil {
		return err
	}
	return r.Store.PutMembership(ctx, m)
}

// DeleteMembership implements Store.
func (r resolving) DeleteMembership(ctx context.Context, personKey, orgKey string) error {
	if err := firstErr(r.person(ctx, &personKey), r.org(ctx, &orgKey)); err != nil {
		return err
	}
	return r.Store.DeleteMembership(ctx, personKey, orgKey)
}

// PutParticipation implements Store.
func (r resolving) PutParticipation(ctx context.Context, p Participation) error {
	if err := r.org(ctx, &p.OrganisationKey); err != nil {
		return err
	}
	return r.Store.PutParticipation(ctx, p)
}

// DeleteParticipation implements Store.
func (r resolving) DeleteParticipation(ctx context.Context, collabKey, orgKey string) error {
	if err := r.org(ctx, &orgKey); err != nil {
		return err
	}
	return r.Store.DeleteParticipation(ctx, collabKey, orgKey)
}

// PutPersonParticipation implements Store.
func (r resolving) PutPersonParticipation(ctx context.Context, p PersonParticipation) error {
	if err := r.person(ctx, &p.PersonKey); err != nil {
		return err
	}
	return r.Store.PutPersonParticipation(ctx, p)
}

// DeletePersonParticipation implements Store.
func (r resolving) DeletePersonParticipation(ctx context.Context, collabKey, personKey string) error {
	if err := r.person(ctx, &personKey); err != nil {
		return err
	}
	return r.Store.DeletePersonParticipation(ctx, collabKey, personKey)
}

// PutParty implements Store.
func (r resolving) PutParty(ctx context.Context, p Party) error {
	if err := r.org(ctx, &p.OrganisationKey); err != nil {
		return err
	}
	return r.Store.PutParty(ctx, p)
}

// DeleteParty implements Store.
func (r resolving) DeleteParty(ctx context.Context, partnershipKey, orgKey string) error {
	if err := r.org(ctx, &orgKey); err != nil {
		return err
	}
	return r.Store.DeleteParty(ctx, partnershipKey, orgKey)
}

// PutKnows implements Store.
func (r resolving) PutKnows(ctx context.Context, k Knows) error {
	if err := r.pair(ctx, TypePerson, &k.PersonKey, &k.OtherKey); err != nil {
		return err
	}
	return r.Store.PutKnows(ctx, k)
}

// DeleteKnows implements Store.
func (r resolving) DeleteKnows(ctx context.Context, personKey, otherKey string) error {
	if err := r.pair(ctx, TypePerson, &personKey, &otherKey); err != nil {
		return err
	}
	return r.Store.DeleteKnows(ctx, personKey, otherKey)
}

// pair resolves two keys of one type that must name two nodes. When both
// lead to one node (a merged key and the node it was merged into), they are
// left as given: the store, after authorisation, answers that the merged
// one is not found, and a caller who may not see the node learns nothing.
func (r resolving) pair(ctx context.Context, typ string, a, b *string) error {
	m, err := r.resolve(ctx, typ, *a, *b)
	if err != nil {
		return err
	}
	if to(m, *a) != to(m, *b) {
		*a, *b = to(m, *a), to(m, *b)
	}
	return nil
}

// Import implements Store: the dataset is Redirected through every merged
// key of the store.
func (r resolving) Import(ctx context.Context, ds *Dataset) (*ImportStats, error) {
	orgs, err := r.Store.Redirects(ctx, TypeOrganisation, nil)
	if err != nil {
		return nil, err
	}
	people, err := r.Store.Redirects(ctx, TypePerson, nil)
	if err != nil {
		return nil, err
	}
	if len(orgs) == 0 && len(people) == 0 && len(ds.Redirects) == 0 {
		return r.Store.Import(ctx, ds)
	}
	return r.Store.Import(ctx, ds.Redirected(orgs, people))
}

// MergeOrganisations implements Store (see pair for a key merged into the
// other already).
func (r resolving) MergeOrganisations(ctx context.Context, into, from string) (*Organisation, error) {
	if err := r.pair(ctx, TypeOrganisation, &into, &from); err != nil {
		return nil, err
	}
	return r.Store.MergeOrganisations(ctx, into, from)
}

// MergePeople implements Store, as MergeOrganisations.
func (r resolving) MergePeople(ctx context.Context, into, from string) (*Person, error) {
	if err := r.pair(ctx, TypePerson, &into, &from); err != nil {
		return nil, err
	}
	return r.Store.MergePeople(ctx, into, from)
}
