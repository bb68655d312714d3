// The rules of a dataset as a whole: what Checked checks of an import
// (Dataset.Check), and what a store checks with the stored graph
// (Dataset.CheckRefs, Dataset.CheckPartOf).

package reseau

// onPartOfCycle returns the keys that lie on a PART_OF cycle of the graph
// parent describes (child key → parent key; chains leaving the map end
// there), in time linear in its size: each key is walked once, and a walk
// that meets a key of its own path has found a cycle.
func onPartOfCycle(parent map[string]string) map[string]bool {
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[string]int8, len(parent))
	cycle := map[string]bool{}
	var path []string
	for start := range parent {
		if state[start] != unseen {
			continue
		}
		path = path[:0]
		k := start
		for k != "" && state[k] == unseen {
			state[k] = onPath
			path = append(path, k)
			k = parent[k]
		}
		if k != "" && state[k] == onPath {
			// k is on this walk's own path: everything from k on is a cycle.
			for i := len(path) - 1; ; i-- {
				cycle[path[i]] = true
				if path[i] == k {
					break
				}
			}
		}
		for _, p := range path {
			state[p] = done
		}
	}
	return cycle
}

// CheckPartOf checks that importing d into a store whose organisations and
// collaborations have the given parents (child key → parent key) closes no
// PART_OF cycle: d's rows replace the stored parents of their keys. Stores
// call it when d.ReachesStoredParents(); Validate covers the rest. The error
// is EINVALID and names the first row of d on a cycle.
func (d *Dataset) CheckPartOf(storedOrgParents, storedCollabParents map[string]string) error {
	check := func(section string, stored map[string]string, keys []string, parents []string) error {
		merged := make(map[string]string, len(stored)+len(keys))
		for k, p := range stored {
			merged[k] = p
		}
		for i, k := range keys {
			merged[k] = parents[i]
		}
		cycle := onPartOfCycle(merged)
		for i, k := range keys {
			if cycle[k] {
				return rowError(section, i, FieldErrorf("parent", "%q would be part of itself through its parents", k))
			}
		}
		return nil
	}
	keys, parents := make([]string, len(d.Organisations)), make([]string, len(d.Organisations))
	for i, o := range d.Organisations {
		keys[i], parents[i] = o.Key, o.ParentKey
	}
	if err := check("organisations", storedOrgParents, keys, parents); err != nil {
		return err
	}
	keys, parents = make([]string, len(d.Collaborations)), make([]string, len(d.Collaborations))
	for i, c := range d.Collaborations {
		keys[i], parents[i] = c.Key, c.ParentKey
	}
	return check("collaborations", storedCollabParents, keys, parents)
}

// ReachesStoredParents reports whether a row of d has a parent outside d: only
// then can an import close a PART_OF cycle through rows already stored.
func (d *Dataset) ReachesStoredParents() bool {
	orgs := make(map[string]bool, len(d.Organisations))
	for _, o := range d.Organisations {
		orgs[o.Key] = true
	}
	for _, o := range d.Organisations {
		if o.ParentKey != "" && !orgs[o.ParentKey] {
			return true
		}
	}
	collabs := make(map[string]bool, len(d.Collaborations))
	for _, c := range d.Collaborations {
		collabs[c.Key] = true
	}
	for _, c := range d.Collaborations {
		if c.ParentKey != "" && !collabs[c.ParentKey] {
			return true
		}
	}
	return false
}

// rowError places err, an *Error about one field, at a row of a section.
func rowError(section string, row int, err error) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	out := *e
	out.Code = EINVALID
	out.Section, out.Row = section, row
	return &out
}

// Validate checks d as Check does, then its references as CheckRefs does.
// The first error found is returned, an EINVALID *Error naming Section, Row
// and Field.
func (d *Dataset) Validate(exists func(typ, key string) bool) error {
	if err := d.Check(); err != nil {
		return err
	}
	return d.CheckRefs(exists)
}

// Check checks what of d needs no store: every row's own fields, keys and
// rows that appear twice, and PART_OF cycles within d. It first puts the
// rows that have one in their normal form, in place (Directory.Normalise). Checked runs it
// before an import reaches a store. The first error found is returned, an
// EINVALID *Error naming Section, Row and Field.
func (d *Dataset) Check() error {
	if err := firstErr(checkRows("domains", d.Domains), checkRows("organisations", d.Organisations),
		checkRows("people", d.People), checkRows("collaborations", d.Collaborations),
		checkRows("partnerships", d.Partnerships)); err != nil {
		return err
	}
	// A PART_OF chain inside the dataset must end: a cycle would make an
	// organisation (or a collaboration) part of itself. Chains leaving the
	// dataset are the store's to check (CheckPartOf).
	if err := d.CheckPartOf(nil, nil); err != nil {
		return err
	}
	if err := d.checkRedirects(); err != nil {
		return err
	}
	return firstErr(checkEdges("memberships", d.Memberships, func(m *Membership) [2]string { return [2]string{m.PersonKey, m.OrganisationKey} }),
		checkEdges("participations", d.Participations, func(p *Participation) [2]string { return [2]string{p.CollaborationKey, p.OrganisationKey} }),
		checkEdges("personParticipations", d.PersonParticipations, func(p *PersonParticipation) [2]string { return [2]string{p.CollaborationKey, p.PersonKey} }),
		checkEdges("parties", d.Parties, func(p *Party) [2]string { return [2]string{p.PartnershipKey, p.OrganisationKey} }),
		checkEdges("knows", d.Knows, func(k *Knows) [2]string { return [2]string{k.PersonKey, k.OtherKey} }))
}

// checkRows checks the nodes of one section: each row's fields, and keys
// that appear twice.
func checkRows[T any, P Patched[T]](section string, rows []T) error {
	seen := make(map[string]bool, len(rows))
	for i := range rows {
		row := P(&rows[i])
		normalise(row)
		if err := row.Validate(); err != nil {
			return rowError(section, i, err)
		}
		if seen[row.nodeKey()] {
			return rowError(section, i, FieldErrorf("key", "%q appears twice", row.nodeKey()))
		}
		seen[row.nodeKey()] = true
	}
	return nil
}

// checkEdges checks the relationship rows of one section: each row's fields,
// and pairs that appear twice.
func checkEdges[T any, P interface {
	*T
	Validate() error
}](section string, rows []T, ends func(P) [2]string) error {
	seen := make(map[[2]string]bool, len(rows))
	for i := range rows {
		row := P(&rows[i])
		if err := row.Validate(); err != nil {
			return rowError(section, i, err)
		}
		e := ends(row)
		if seen[e] {
			return rowError(section, i, FieldErrorf("key", "%q – %q appears twice", e[0], e[1]))
		}
		seen[e] = true
	}
	return nil
}

// CheckRefs checks that every key a row of d refers to is a row of d or,
// through exists, of the store (exists may be nil when d is the whole
// graph). Stores call it inside an import's transaction, which alone knows
// what exists. The first missing key is an EINVALID *Error naming Section,
// Row and Field.
func (d *Dataset) CheckRefs(exists func(typ, key string) bool) error {
	in := map[string]map[string]bool{
		TypeDomain: {}, TypeOrganisation: {}, TypePerson: {}, TypeCollaboration: {}, TypePartnership: {},
	}
	for _, x := range d.Domains {
		in[TypeDomain][x.Key] = true
	}
	for _, x := range d.Organisations {
		in[TypeOrganisation][x.Key] = true
	}
	for _, x := range d.People {
		in[TypePerson][x.Key] = true
	}
	for _, x := range d.Collaborations {
		in[TypeCollaboration][x.Key] = true
	}
	for _, x := range d.Partnerships {
		in[TypePartnership][x.Key] = true
	}
	ref := func(section string, row int, field, typ string, keys ...string) error {
		for _, key := range keys {
			if key == "" || in[typ][key] || (exists != nil && exists(typ, key)) {
				continue
			}
			return rowError(section, row, MissingRef(field, typ, key))
		}
		return nil
	}
	for i := range d.Organisations {
		for _, r := range d.Organisations[i].Refs() {
			if err := ref("organisations", i, r.Field, r.Type, r.Keys...); err != nil {
				return err
			}
		}
	}
	for i, c := range d.Collaborations {
		if err := firstErr(ref("collaborations", i, "parent", TypeCollaboration, c.ParentKey),
			ref("collaborations", i, "location", TypeOrganisation, c.LocationKey),
			ref("collaborations", i, "domains", TypeDomain, c.Domains...)); err != nil {
			return err
		}
	}
	for i, m := range d.Memberships {
		if err := firstErr(ref("memberships", i, "person", TypePerson, m.PersonKey),
			ref("memberships", i, "organisation", TypeOrganisation, m.OrganisationKey)); err != nil {
			return err
		}
	}
	for i, p := range d.Participations {
		if err := firstErr(ref("participations", i, "collaboration", TypeCollaboration, p.CollaborationKey),
			ref("participations", i, "organisation", TypeOrganisation, p.OrganisationKey)); err != nil {
			return err
		}
	}
	for i, p := range d.PersonParticipations {
		if err := firstErr(ref("personParticipations", i, "collaboration", TypeCollaboration, p.CollaborationKey),
			ref("personParticipations", i, "person", TypePerson, p.PersonKey)); err != nil {
			return err
		}
	}
	for i, p := range d.Parties {
		if err := firstErr(ref("parties", i, "partnership", TypePartnership, p.PartnershipKey),
			ref("parties", i, "organisation", TypeOrganisation, p.OrganisationKey)); err != nil {
			return err
		}
	}
	for i, k := range d.Knows {
		if err := firstErr(ref("knows", i, "person", TypePerson, k.PersonKey),
			ref("knows", i, "other", TypePerson, k.OtherKey)); err != nil {
			return err
		}
	}
	return d.checkRedirectRefs(in, exists)
}
