// The merge of duplicates as a sequence of a store's own writes, run once
// for both stores: each store's MergeOrganisations and MergePeople call the
// functions of the same name here with itself, and records the merge
// (RecordMerge) in its own way.

package reseau

import (
	"context"
	"slices"
)

// Merger is what MergeOrganisations and MergePeople need of a store: its
// own reads and writes in one transaction, the keys earlier merges left,
// and the write that records a merge.
type Merger interface {
	Reader
	Writer
	Transactor
	Redirects(ctx context.Context, typ string, keys []string) (map[string]string, error)
	// RecordMerge makes every key of m.Keys resolve to m.Into (Redirects)
	// and records the merge's audit entry (action m.Action(), type m.Type,
	// key m.Into, m.Before and m.After as JSON), in one write. It is called
	// before m.From is deleted, whose delete must not take the redirects
	// with it.
	RecordMerge(ctx context.Context, m MergeRecord) error
}

// MergeRecord is what a store records of a merge.
type MergeRecord struct {
	Type string // TypeOrganisation or TypePerson
	From string
	Into string
	// Keys resolve to Into from now on: From, and the keys that resolved to
	// From (earlier merges into it), so that no chain of redirects forms.
	Keys []string
	// Before and After are the audit entry's (MergeBefore, MergeAfter).
	Before, After any
}

// Action is the audit action of a merge of type m.Type: the mutation's name.
func (m MergeRecord) Action() string {
	if m.Type == TypePerson {
		return "mergePeople"
	}
	return "mergeOrganisations"
}

// MergeBefore is the "before" of a merge's audit entry: both records.
type MergeBefore struct {
	Into any `json:"into"`
	From any `json:"from"`
}

// MergeAfter is the "after" of a merge's audit entry: into's record as
// written, what moved from from to into (rows as they are on into now), and
// the keys that resolve to into from now on.
type MergeAfter struct {
	Into      any      `json:"into"`
	Moved     Moved    `json:"moved"`
	Redirects []string `json:"redirects"`
}

// Moved is what a merge moved from from to into, each row as it is on into
// after the merge (a row both had is into's, folded with from's).
type Moved struct {
	Memberships          []Membership          `json:"memberships,omitempty"`
	Participations       []Participation       `json:"participations,omitempty"`
	PersonParticipations []PersonParticipation `json:"personParticipations,omitempty"`
	Parties              []Party               `json:"parties,omitempty"`
	Knows                []Knows               `json:"knows,omitempty"`
	Services             []string              `json:"services,omitempty"` // organisations PART_OF from, now of into
	HeldHere             []string              `json:"heldHere,omitempty"` // collaborations HELD_AT from, now at into
}

// mergeFrame checks the two keys and runs fn in one transaction of s, with
// a context that reads everything (the store's own lookups, whoever asks:
// authorisation was decided above the store).
func mergeFrame(ctx context.Context, s Merger, typ, into, from string, fn func(ctx, all context.Context) error) error {
	if into == from {
		return FieldErrorf("from", "%q is the %s to merge into: a merge needs two different ones", from, typeName(typ))
	}
	return s.Atomic(ctx, func(ctx context.Context) error {
		return fn(ctx, WithCaller(ctx, System))
	})
}

func typeName(typ string) string {
	if typ == TypePerson {
		return "person"
	}
	return "organisation"
}

// redirectedTo returns the keys that resolve to key now.
func redirectedTo(ctx context.Context, s Merger, typ, key string) ([]string, error) {
	all, err := s.Redirects(ctx, typ, nil)
	if err != nil {
		return nil, err
	}
	var keys []string
	for k, into := range all {
		if into == key {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys, nil
}

// MergeOrganisations merges organisation from into organisation into on s,
// in one transaction (joining the operation of ctx, if any), and returns
// into as written. Stores implement Store.MergeOrganisations with it, so
// that both merge alike; s is the store itself, not behind Checked or
// authorisation, which the caller's call went through.
//
// In order: into's record becomes MergeOrganisationRecords(into, from)
// (UpdateOrganisation); from's services (organisations PART_OF it) become
// into's, the collaborations held at from are held at into; from's
// memberships, participations and parties move to into, a row into has too
// folding into one (MergeMembership, MergedRole); RecordMerge makes from's
// key (and the keys that resolved to from) resolve to into; from is
// deleted. Each write leaves its own audit entry, the merge one more
// (MergeBefore, MergeAfter).
//
// The hierarchy stays a tree: when into lies under from (through any number
// of organisations), into takes from's place (its parent becomes from's);
// when from lies under into, from's parent is not taken.
//
// Errors: EINVALID if into == from, ENOTFOUND if either does not exist, and
// those of the writes (EINVALID for an invalid merged record).
func MergeOrganisations(ctx context.Context, s Merger, into, from string) (*Organisation, error) {
	var out *Organisation
	err := mergeFrame(ctx, s, TypeOrganisation, into, from, func(ctx, all context.Context) error {
		orgs, err := s.OrganisationsByKeys(all, []string{into, from})
		if err != nil {
			return err
		}
		for _, k := range []string{into, from} {
			if orgs[k] == nil {
				return NotFound(TypeOrganisation, k)
			}
		}
		intoUnder, err := isUnder(all, s, into, from)
		if err != nil {
			return err
		}
		fromUnder, err := isUnder(all, s, from, into)
		if err != nil {
			return err
		}
		before := MergeBefore{Into: orgs[into], From: orgs[from]}
		fromRec := *orgs[from]
		if fromUnder {
			fromRec.ParentKey = into // MergeOrganisationRecords drops it
		}
		after, err := s.UpdateOrganisation(ctx, into, func(o *Organisation) error {
			cur := *o
			if intoUnder {
				cur.ParentKey = from // MergeOrganisationRecords takes from's
			}
			*o = MergeOrganisationRecords(cur, fromRec)
			return o.Validate()
		})
		if err != nil {
			return err
		}
		var moved Moved
		services, err := s.FindOrganisations(all, OrganisationFilter{Parents: []string{from}}, ListOptions{SkipCount: true})
		if err != nil {
			return err
		}
		for _, c := range services.Items {
			if c.Key == into {
				continue
			}
			if _, err := s.UpdateOrganisation(ctx, c.Key, func(o *Organisation) error { o.ParentKey = into; return nil }); err != nil {
				return err
			}
			moved.Services = append(moved.Services, c.Key)
		}
		held, err := s.FindCollaborations(all, CollaborationFilter{Locations: []string{from}}, ListOptions{SkipCount: true})
		if err != nil {
			return err
		}
		for _, c := range held.Items {
			if _, err := s.UpdateCollaboration(ctx, c.Key, func(c *Collaboration) error { c.LocationKey = into; return nil }); err != nil {
				return err
			}
			moved.HeldHere = append(moved.HeldHere, c.Key)
		}
		if moved.Memberships, err = moveRows(ctx, all, s, from, into,
			func(ctx context.Context, k string) ([]Membership, error) {
				return s.Memberships(ctx, EdgeFilter{To: []string{k}})
			},
			func(m Membership) string { return m.PersonKey },
			func(m *Membership) { m.OrganisationKey = into }, MergeMembership, s.PutMembership); err != nil {
			return err
		}
		if moved.Participations, err = moveRows(ctx, all, s, from, into,
			func(ctx context.Context, k string) ([]Participation, error) {
				return s.Participations(ctx, EdgeFilter{From: []string{k}})
			},
			func(p Participation) string { return p.CollaborationKey },
			func(p *Participation) { p.OrganisationKey = into },
			func(a, b Participation) Participation { a.Role = MergedRole(a.Role, b.Role); return a }, s.PutParticipation); err != nil {
			return err
		}
		if moved.Parties, err = moveRows(ctx, all, s, from, into,
			func(ctx context.Context, k string) ([]Party, error) {
				return s.Parties(ctx, EdgeFilter{From: []string{k}})
			},
			func(p Party) string { return p.PartnershipKey },
			func(p *Party) { p.OrganisationKey = into },
			func(a, b Party) Party { a.Role = MergedRole(a.Role, b.Role); return a }, s.PutParty); err != nil {
			return err
		}
		keys, err := redirectedTo(all, s, TypeOrganisation, from)
		if err != nil {
			return err
		}
		keys = append([]string{from}, keys...)
		if err := s.RecordMerge(ctx, MergeRecord{Type: TypeOrganisation, From: from, Into: into, Keys: keys,
			Before: before, After: MergeAfter{Into: after, Moved: moved, Redirects: keys}}); err != nil {
			return err
		}
		if err := s.DeleteOrganisation(ctx, from); err != nil {
			return err
		}
		out = after
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// isUnder reports whether organisation key lies under organisation top
// (PART_OF, through any number of organisations).
func isUnder(ctx context.Context, s Reader, key, top string) (bool, error) {
	seen := map[string]bool{key: true}
	for k := key; ; {
		m, err := s.OrganisationsByKeys(ctx, []string{k})
		if err != nil {
			return false, err
		}
		o := m[k]
		if o == nil || o.ParentKey == "" || seen[o.ParentKey] {
			return false, nil
		}
		if o.ParentKey == top {
			return true, nil
		}
		k = o.ParentKey
		seen[k] = true
	}
}

// moveRows moves the rows of one relationship from from to into: read
// gives a node's rows, other the key of a row's other end, retarget points
// a row of from's at into, combine folds a row of from's into the row into
// has with the same other end. Only rows that change are written; the rows
// left on from go with it. It returns the moved rows as they are on into.
func moveRows[T comparable](ctx, all context.Context, s Merger, from, into string,
	read func(context.Context, string) ([]T, error), other func(T) string, retarget func(*T),
	combine func(have, moved T) T, put func(context.Context, T) error) ([]T, error) {
	fromRows, err := read(all, from)
	if err != nil || len(fromRows) == 0 {
		return nil, err
	}
	intoRows, err := read(all, into)
	if err != nil {
		return nil, err
	}
	have := make(map[string]T, len(intoRows))
	for _, r := range intoRows {
		have[other(r)] = r
	}
	var moved []T
	for _, r := range fromRows {
		next := r
		retarget(&next)
		if cur, ok := have[other(r)]; ok {
			next = combine(cur, next)
			if next == cur {
				moved = append(moved, next)
				continue
			}
		}
		if err := put(ctx, next); err != nil {
			return nil, err
		}
		moved = append(moved, next)
	}
	return moved, nil
}

// MergePeople merges person from into person into on s, as
// MergeOrganisations does organisations, and returns into as written:
// into's record becomes MergePersonRecords(into, from); from's memberships
// and participations move to into (a row both have folding into one:
// MergeMembership, MergedRole); from's KNOWS move to into, except one
// between the two, which disappears, and the acquaintances into and from
// both declared with someone fold into one (MergeKnows, into's row kept);
// RecordMerge makes from's key resolve to into; from is deleted (DeletePerson:
// the earlier audit entries about from are redacted, as for an erasure,
// since a later erasure of into would no longer find them under from's key;
// the merge's own entry, under into's key, keeps from's record).
//
// Errors: EINVALID if into == from, ENOTFOUND if either does not exist.
// Authorisation decides above the store which people a caller may merge
// (coordinators, who see everyone).
func MergePeople(ctx context.Context, s Merger, into, from string) (*Person, error) {
	var out *Person
	err := mergeFrame(ctx, s, TypePerson, into, from, func(ctx, all context.Context) error {
		people, err := s.PeopleByKeys(all, []string{into, from})
		if err != nil {
			return err
		}
		for _, k := range []string{into, from} {
			if people[k] == nil {
				return NotFound(TypePerson, k)
			}
		}
		before := MergeBefore{Into: people[into], From: people[from]}
		fromRec := *people[from]
		after, err := s.UpdatePerson(ctx, into, func(p *Person) error {
			*p = MergePersonRecords(*p, fromRec)
			return p.Validate()
		})
		if err != nil {
			return err
		}
		var moved Moved
		if moved.Memberships, err = moveRows(ctx, all, s, from, into,
			func(ctx context.Context, k string) ([]Membership, error) {
				return s.Memberships(ctx, EdgeFilter{From: []string{k}})
			},
			func(m Membership) string { return m.OrganisationKey },
			func(m *Membership) { m.PersonKey = into }, MergeMembership, s.PutMembership); err != nil {
			return err
		}
		if moved.PersonParticipations, err = moveRows(ctx, all, s, from, into,
			func(ctx context.Context, k string) ([]PersonParticipation, error) {
				return s.PersonParticipations(ctx, EdgeFilter{From: []string{k}})
			},
			func(p PersonParticipation) string { return p.CollaborationKey },
			func(p *PersonParticipation) { p.PersonKey = into },
			func(a, b PersonParticipation) PersonParticipation { a.Role = MergedRole(a.Role, b.Role); return a },
			s.PutPersonParticipation); err != nil {
			return err
		}
		if moved.Knows, err = moveKnows(ctx, all, s, from, into); err != nil {
			return err
		}
		keys, err := redirectedTo(all, s, TypePerson, from)
		if err != nil {
			return err
		}
		keys = append([]string{from}, keys...)
		if err := s.RecordMerge(ctx, MergeRecord{Type: TypePerson, From: from, Into: into, Keys: keys,
			Before: before, After: MergeAfter{Into: after, Moved: moved, Redirects: keys}}); err != nil {
			return err
		}
		if err := s.DeletePerson(ctx, from); err != nil {
			return err
		}
		out = after
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// moveKnows moves from's KNOWS to into (see MergePeople). A KNOWS is one
// acquaintance whichever its direction: into's own row with someone, in
// either direction, takes in from's.
func moveKnows(ctx, all context.Context, s Merger, from, into string) ([]Knows, error) {
	fromRows, err := s.Knows(all, EdgeFilter{From: []string{from}})
	if err != nil || len(fromRows) == 0 {
		return nil, err
	}
	intoRows, err := s.Knows(all, EdgeFilter{From: []string{into}})
	if err != nil {
		return nil, err
	}
	otherOf := func(k Knows, self string) string {
		if k.PersonKey == self {
			return k.OtherKey
		}
		return k.PersonKey
	}
	have := map[string]Knows{}
	for _, k := range intoRows {
		if o := otherOf(k, into); o != from {
			if _, ok := have[o]; !ok {
				have[o] = k
			}
		}
	}
	var moved []Knows
	for _, k := range fromRows {
		o := otherOf(k, from)
		if o == into {
			continue // the two were one person: no acquaintance left
		}
		next := k
		if next.PersonKey == from {
			next.PersonKey = into
		} else {
			next.OtherKey = into
		}
		if cur, ok := have[o]; ok {
			next = MergeKnows(cur, next)
			if next == cur {
				moved = append(moved, next)
				continue
			}
		}
		if err := s.PutKnows(ctx, next); err != nil {
			return nil, err
		}
		have[o] = next
		moved = append(moved, next)
	}
	return moved, nil
}
