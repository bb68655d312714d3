package neo4j

import (
	"context"
	"encoding/json"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// entry is the audit record a write's work returns; write stores it in the
// same transaction.
type entry struct {
	action, typ, key string
	before, after    any // marshalled as JSON; nil is ""
}

// write runs work in one managed write transaction that first takes the
// store's write lock (increment_version) and last records the audit entry.
// work may run more than once (the driver retries transient failures): it
// starts from the database state every time and keeps nothing across attempts.
func (s *Store) write(ctx context.Context, work func(q query) (*entry, error)) error {
	actor := reseau.CallerFrom(ctx).Subject
	err := s.stmts(ctx).writeTx(ctx, func(q query) error {
		recs, err := q("increment_version", map[string]any{"counter": versionCounter})
		if err != nil {
			return err
		}
		var id int64
		if len(recs) > 0 {
			if id, err = value[int64](recs[0], "version"); err != nil {
				return err
			}
		}
		e, err := work(q)
		if err != nil {
			return err
		}
		before, err := marshal(e.before)
		if err != nil {
			return err
		}
		after, err := marshal(e.after)
		if err != nil {
			return err
		}
		_, err = q("create_audit_entry", map[string]any{
			"id": id, "at": s.now().UTC().Format(time.RFC3339), "actor": actor,
			"action": e.action, "type": e.typ, "key": e.key, "before": before, "after": after,
		})
		return err
	})
	return formatError(err)
}

func marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// nodeKind describes the statements of one node label.
type nodeKind struct {
	typ    string // reseau.Type*
	get    string // get_* statement, one column col
	col    string
	merge  string // merge_* statement: properties
	link   string // link_* statement: own outgoing references, "" if none
	del    string // delete_* statement
	cycle  string // find_*_cycle statement, "" if the label has no PART_OF
	decode func(map[string]any) any
}

var (
	domainKind = nodeKind{typ: reseau.TypeDomain, get: "get_domains", col: "domain", merge: "merge_domains",
		del: "delete_domains", decode: func(m map[string]any) any { return decodeDomain(m) }}
	organisationKind = nodeKind{typ: reseau.TypeOrganisation, get: "get_organisations", col: "organisation",
		merge: "merge_organisations", link: "link_organisations", del: "delete_organisations", cycle: "find_organisation_cycle",
		decode: func(m map[string]any) any { return decodeOrganisation(m) }}
	personKind = nodeKind{typ: reseau.TypePerson, get: "get_people", col: "person", merge: "merge_people",
		del: "delete_people", decode: func(m map[string]any) any { return decodePerson(m) }}
	collaborationKind = nodeKind{typ: reseau.TypeCollaboration, get: "get_collaborations", col: "collaboration",
		merge: "merge_collaborations", link: "link_collaborations", del: "delete_collaborations", cycle: "find_collaboration_cycle",
		decode: func(m map[string]any) any { return decodeCollaboration(m) }}
	partnershipKind = nodeKind{typ: reseau.TypePartnership, get: "get_partnerships", col: "partnership",
		merge: "merge_partnerships", del: "delete_partnerships", decode: func(m map[string]any) any { return decodePartnership(m) }}
)

// getParams are a get_* statement's parameters inside a write: the store
// sees every person.
func (k nodeKind) getParams(keys []string) map[string]any {
	p := map[string]any{"keys": keys}
	if k.typ == reseau.TypePerson {
		p = scope(systemCtx, p)
	}
	return p
}

// current returns the node with key as a domain value, or nil.
func (k nodeKind) current(q query, key string) (any, error) {
	recs, err := q(k.get, k.getParams([]string{key}))
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	m, err := value[map[string]any](recs[0], k.col)
	if err != nil {
		return nil, err
	}
	return k.decode(m), nil
}

// ref is a reference a node write makes: field names it in errors.
type ref struct {
	field, typ string
	keys       []string
}

// missing returns the EINVALID error of the first reference (in refs order)
// that does not exist, in one query for all of them.
func missing(q query, refs []ref) error {
	want := map[string][]string{}
	for _, r := range refs {
		for _, k := range r.keys {
			if k != "" {
				want[r.typ] = append(want[r.typ], k)
			}
		}
	}
	if len(want) == 0 {
		return nil
	}
	have, err := existing(q, want)
	if err != nil {
		return err
	}
	for _, r := range refs {
		for _, k := range r.keys {
			if k != "" && !have[r.typ][k] {
				return reseau.MissingRef(r.field, r.typ, k)
			}
		}
	}
	return nil
}

// existingCols maps node types to find_existing_keys' parameters and columns.
var existingCols = map[string]string{
	reseau.TypeDomain: "domains", reseau.TypeOrganisation: "organisations", reseau.TypePerson: "people",
	reseau.TypeCollaboration: "collaborations", reseau.TypePartnership: "partnerships",
}

// existing returns which of the keys exist, by type, in one query.
func existing(q query, want map[string][]string) (map[string]map[string]bool, error) {
	p := map[string]any{}
	for typ, col := range existingCols {
		p[col] = keys(want[typ])
	}
	recs, err := q("find_existing_keys", p)
	if err != nil {
		return nil, err
	}
	have := map[string]map[string]bool{}
	for typ, col := range existingCols {
		have[typ] = map[string]bool{}
		if len(recs) == 0 {
			continue
		}
		l, err := value[[]any](recs[0], col)
		if err != nil {
			return nil, err
		}
		for _, k := range strs(l) {
			have[typ][k] = true
		}
	}
	return have, nil
}

// put creates one node: ECONFLICT if its key exists or a merge left it
// (reseau.MergedKey), then EINVALID for a missing reference, as the
// embedded store checks them.
func (s *Store) put(ctx context.Context, k nodeKind, key string, row map[string]any, refs []ref, v any) error {
	return s.write(ctx, func(q query) (*entry, error) {
		before, err := k.current(q, key)
		if err != nil {
			return nil, err
		}
		if before != nil {
			return nil, reseau.AlreadyExists(k.typ, key)
		}
		if err := notMerged(q, k, key); err != nil {
			return nil, err
		}
		if err := writeNode(q, k, false, key, "", row, refs); err != nil {
			return nil, err
		}
		return &entry{action: "create" + k.typ, typ: k.typ, key: key, after: v}, nil
	})
}

// patch applies apply to the node with key inside one write transaction,
// after write has taken the store's write lock: the node it reads is the
// last committed one, and no other write can slip in before this one
// commits. fields gives the patched node's parent, row and references.
// ENOTFOUND if absent; an error from apply is returned as is.
func patch[T any, P reseau.Patched[T]](ctx context.Context, s *Store, k nodeKind, key string, apply func(*T) error,
	fields func(*T) (parent string, row map[string]any, refs []ref)) (*T, error) {
	var out *T
	var applyErr error
	err := s.write(ctx, func(q query) (*entry, error) {
		// The driver may run this again: nothing of a failed attempt stays.
		out, applyErr = nil, nil
		cur, err := k.current(q, key)
		if err != nil {
			return nil, err
		}
		if cur == nil {
			return nil, reseau.NotFound(k.typ, key)
		}
		before := cur.(*T)
		after, err := reseau.ApplyPatch[T, P](before, func(v *T) error {
			applyErr = apply(v)
			return applyErr
		})
		if err != nil {
			return nil, err
		}
		parent, row, refs := fields(after)
		if err := writeNode(q, k, true, key, parent, row, refs); err != nil {
			return nil, err
		}
		out = after
		return &entry{action: "update" + k.typ, typ: k.typ, key: key, before: before, after: after}, nil
	})
	if applyErr != nil {
		return nil, applyErr
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// writeNode writes one node's properties and own outgoing references:
// EINVALID for a missing reference or (on update) a PART_OF cycle.
func writeNode(q query, k nodeKind, update bool, key, parent string, row map[string]any, refs []ref) error {
	if err := missing(q, refs); err != nil {
		return err
	}
	if update && k.cycle != "" && parent != "" {
		recs, err := q(k.cycle, map[string]any{"key": key, "parent": parent})
		if err != nil {
			return err
		}
		if len(recs) > 0 {
			if cycle, err := value[bool](recs[0], "cycle"); err != nil {
				return err
			} else if cycle {
				return reseau.PartOfCycle(parent, key)
			}
		}
	}
	rows := map[string]any{"rows": []map[string]any{row}}
	if _, err := q(k.merge, rows); err != nil {
		return err
	}
	if k.link != "" {
		if _, err := q(k.link, rows); err != nil {
			return err
		}
	}
	return nil
}

// remove deletes one node and all its relationships: ENOTFOUND if absent.
func (s *Store) remove(ctx context.Context, k nodeKind, key string) error {
	return s.write(ctx, func(q query) (*entry, error) {
		before, err := k.current(q, key)
		if err != nil {
			return nil, err
		}
		if before == nil {
			return nil, reseau.NotFound(k.typ, key)
		}
		r, err := removedWith(q, k, key)
		if err != nil {
			return nil, err
		}
		if _, err := q(k.del, map[string]any{"keys": []string{key}}); err != nil {
			return nil, err
		}
		if k.typ == reseau.TypeOrganisation {
			if r.Partnerships, err = deletePartyless(q, r.Parties); err != nil {
				return nil, err
			}
		}
		if k.typ != reseau.TypePerson {
			before = reseau.Deletion{Node: before, Removed: r}
		} else {
			// Erasure is for good: the log keeps that the person existed, not who.
			redacted, _ := json.Marshal(erased{Key: key, Erased: true})
			if _, err := q("redact_audit_entries", map[string]any{"type": k.typ, "key": key, "redacted": string(redacted)}); err != nil {
				return nil, err
			}
			before = erased{Key: key, Erased: true}
		}
		return &entry{action: "delete" + k.typ, typ: k.typ, key: key, before: before}, nil
	})
}

// removedWith reads, inside a delete's transaction and before it, what
// deleting node key of kind k removes or changes besides the node (a
// person's erasure keeps nothing, so none is read for it).
func removedWith(q query, k nodeKind, key string) (r reseau.Removed, err error) {
	none, own := []string{}, []string{key}
	switch k.typ {
	case reseau.TypeOrganisation:
		if r.Memberships, err = findEdges(q, membershipEdge, none, own, decodeMembership, lessMembership); err != nil {
			return r, err
		}
		if r.Participations, err = findEdges(q, participationEdge, own, none, decodeParticipation, lessParticipation); err != nil {
			return r, err
		}
		if r.Parties, err = findEdges(q, partyEdge, own, none, decodeParty, lessParty); err != nil {
			return r, err
		}
		recs, err := q("find_organisation_dependents", map[string]any{"key": key})
		if err != nil || len(recs) == 0 {
			return r, err
		}
		r.Services, r.HeldHere = strs(recs[0].AsMap()["services"]), strs(recs[0].AsMap()["heldHere"])
	case reseau.TypeCollaboration:
		if r.Participations, err = findEdges(q, participationEdge, none, own, decodeParticipation, lessParticipation); err != nil {
			return r, err
		}
		if r.PersonParticipations, err = findEdges(q, personParticipationEdge, none, own, decodePersonParticipation, lessPersonParticipation); err != nil {
			return r, err
		}
		recs, err := q("find_collaboration_dependents", map[string]any{"key": key})
		if err != nil || len(recs) == 0 {
			return r, err
		}
		r.SubEvents = strs(recs[0].AsMap()["subEvents"])
	case reseau.TypePartnership:
		r.Parties, err = findEdges(q, partyEdge, none, own, decodeParty, lessParty)
	case reseau.TypeDomain:
		recs, err := q("find_domain_dependents", map[string]any{"key": key})
		if err != nil || len(recs) == 0 {
			return r, err
		}
		r.Organisations, r.Collaborations = strs(recs[0].AsMap()["organisations"]), strs(recs[0].AsMap()["collaborations"])
	}
	return r, err
}

// findEdges reads relationship rows inside a write, every person seen.
func findEdges[T any](q query, e edgeKind, from, to []string, decode func(map[string]any) T, less func(a, b T) int) ([]T, error) {
	recs, err := q("find_"+e.noun, e.params(systemCtx, map[string]any{"from": from, "to": to}))
	if err != nil {
		return nil, err
	}
	return decodeEdges(recs, e.cols, decode, less)
}

// deletePartyless deletes the partnerships of parties that no organisation
// is a party to any more, and returns them as they were.
func deletePartyless(q query, parties []reseau.Party) ([]reseau.Partnership, error) {
	if len(parties) == 0 {
		return nil, nil
	}
	keys := make([]string, len(parties))
	for i, p := range parties {
		keys[i] = p.PartnershipKey
	}
	recs, err := q("find_partyless_partnerships", map[string]any{"keys": keys})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	var gone []reseau.Partnership
	goneKeys := []string{}
	for _, rec := range recs {
		k, err := value[string](rec, "partnership")
		if err != nil {
			return nil, err
		}
		p, err := partnershipKind.current(q, k)
		if err != nil {
			return nil, err
		}
		if p, ok := p.(*reseau.Partnership); ok {
			gone = append(gone, *p)
			goneKeys = append(goneKeys, k)
		}
	}
	if _, err := q(partnershipKind.del, map[string]any{"keys": goneKeys}); err != nil {
		return nil, err
	}
	return gone, nil
}

// systemCtx is the context of the store's own lookups inside writes: it
// sees every person.
var systemCtx = reseau.WithCaller(context.Background(), reseau.System)

// erased is what the audit log keeps of an erased person.
type erased struct {
	Key    string `json:"key"`
	Erased bool   `json:"erased"`
}

// CreateDomain creates d: ECONFLICT if its key exists.
func (s *Store) CreateDomain(ctx context.Context, d *reseau.Domain) error {
	return s.put(ctx, domainKind, d.Key, domainRow(d), nil, d)
}

// UpdateDomain patches a domain's labels under the write lock (see
// reseau.Store).
func (s *Store) UpdateDomain(ctx context.Context, key string, apply func(*reseau.Domain) error) (*reseau.Domain, error) {
	return patch(ctx, s, domainKind, key, apply, func(d *reseau.Domain) (string, map[string]any, []ref) {
		return "", domainRow(d), nil
	})
}

// DeleteDomain removes a domain and its ACTIVE_IN and ABOUT relationships;
// the audit entry's before names the organisations and collaborations that
// lost it.
func (s *Store) DeleteDomain(ctx context.Context, key string) error {
	return s.remove(ctx, domainKind, key)
}

// organisationRefs are reseau.Organisation.Refs: its parent, its domains
// and its services' domains.
func organisationRefs(o *reseau.Organisation) []ref {
	var out []ref
	for _, r := range o.Refs() {
		out = append(out, ref{r.Field, r.Type, r.Keys})
	}
	return out
}

// CreateOrganisation creates o: ECONFLICT if its key exists, EINVALID if a
// referenced parent or domain does not.
func (s *Store) CreateOrganisation(ctx context.Context, o *reseau.Organisation) error {
	return s.put(ctx, organisationKind, o.Key, organisationRow(o), organisationRefs(o), o)
}

// UpdateOrganisation patches an organisation's properties, parent and
// domains under the write lock (see reseau.Store).
func (s *Store) UpdateOrganisation(ctx context.Context, key string, apply func(*reseau.Organisation) error) (*reseau.Organisation, error) {
	return patch(ctx, s, organisationKind, key, apply, func(o *reseau.Organisation) (string, map[string]any, []ref) {
		return o.ParentKey, organisationRow(o), organisationRefs(o)
	})
}

// DeleteOrganisation removes the organisation and all its relationships; its
// children and the collaborations held there lose their PART_OF / HELD_AT.
func (s *Store) DeleteOrganisation(ctx context.Context, key string) error {
	return s.remove(ctx, organisationKind, key)
}

// CreatePerson creates p and its memberships (see reseau.Store): ECONFLICT if
// its key exists, EINVALID if an organisation does not.
func (s *Store) CreatePerson(ctx context.Context, p *reseau.Person, memberships ...reseau.Membership) error {
	reseau.PrepareNewPerson(p, memberships)
	orgs := make([]string, len(memberships))
	rows := make([]map[string]any, len(memberships))
	for i, m := range memberships {
		orgs[i], rows[i] = m.OrganisationKey, membershipRow(m)
	}
	return s.write(ctx, func(q query) (*entry, error) {
		before, err := personKind.current(q, p.Key)
		if err != nil {
			return nil, err
		}
		if before != nil {
			return nil, reseau.AlreadyExists(reseau.TypePerson, p.Key)
		}
		if err := notMerged(q, personKind, p.Key); err != nil {
			return nil, err
		}
		if err := writeNode(q, personKind, false, p.Key, "", personRow(p), []ref{{"organisation", reseau.TypeOrganisation, orgs}}); err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			if _, err := q("merge_memberships", map[string]any{"rows": rows}); err != nil {
				return nil, err
			}
		}
		return &entry{action: "createPerson", typ: reseau.TypePerson, key: p.Key, after: reseau.NewPerson{Person: p, Memberships: memberships}}, nil
	})
}

// UpdatePerson patches a person's properties under the write lock (see
// reseau.Store).
func (s *Store) UpdatePerson(ctx context.Context, key string, apply func(*reseau.Person) error) (*reseau.Person, error) {
	return patch(ctx, s, personKind, key, apply, func(p *reseau.Person) (string, map[string]any, []ref) {
		return "", personRow(p), nil
	})
}

// DeletePerson erases a person for good: the node, every relationship of
// theirs, and the personal data that earlier audit entries recorded.
func (s *Store) DeletePerson(ctx context.Context, key string) error {
	return s.remove(ctx, personKind, key)
}

func collaborationRefs(c *reseau.Collaboration) []ref {
	return []ref{{"parent", reseau.TypeCollaboration, []string{c.ParentKey}},
		{"location", reseau.TypeOrganisation, []string{c.LocationKey}}, {"domains", reseau.TypeDomain, c.Domains}}
}

// CreateCollaboration creates c: ECONFLICT if its key exists, EINVALID if a
// referenced parent, location or domain does not.
func (s *Store) CreateCollaboration(ctx context.Context, c *reseau.Collaboration) error {
	return s.put(ctx, collaborationKind, c.Key, collaborationRow(c), collaborationRefs(c), c)
}

// UpdateCollaboration patches a collaboration's properties, parent,
// location and domains under the write lock (see reseau.Store).
func (s *Store) UpdateCollaboration(ctx context.Context, key string, apply func(*reseau.Collaboration) error) (*reseau.Collaboration, error) {
	return patch(ctx, s, collaborationKind, key, apply, func(c *reseau.Collaboration) (string, map[string]any, []ref) {
		return c.ParentKey, collaborationRow(c), collaborationRefs(c)
	})
}

// DeleteCollaboration removes a collaboration and its relationships; its
// sub-events lose their PART_OF.
func (s *Store) DeleteCollaboration(ctx context.Context, key string) error {
	return s.remove(ctx, collaborationKind, key)
}

// CreatePartnership creates p: ECONFLICT if its key exists.
func (s *Store) CreatePartnership(ctx context.Context, p *reseau.Partnership) error {
	return s.put(ctx, partnershipKind, p.Key, partnershipRow(p), nil, p)
}

// UpdatePartnership patches a partnership's properties under the write lock
// (see reseau.Store).
func (s *Store) UpdatePartnership(ctx context.Context, key string, apply func(*reseau.Partnership) error) (*reseau.Partnership, error) {
	return patch(ctx, s, partnershipKind, key, apply, func(p *reseau.Partnership) (string, map[string]any, []ref) {
		return "", partnershipRow(p), nil
	})
}

// DeletePartnership removes a partnership and its PARTY_TO relationships.
func (s *Store) DeletePartnership(ctx context.Context, key string) error {
	return s.remove(ctx, partnershipKind, key)
}
