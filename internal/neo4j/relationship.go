// Relationship writes: one edgeKind per relationship type, upserted and
// deleted by its find_/merge_/delete_ statements in one write each.

package neo4j

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// edgeKind describes the statements of one relationship type.
type edgeKind struct {
	typ    string    // audit type: "Membership", ...
	noun   string    // find_<noun>, merge_<noun>, delete_<noun>
	ends   [2]string // node types of the audit key's two ends
	fields [2]string // row fields of those ends
	cols   []string  // columns of find_<noun>, as the domain struct's JSON names
	people bool      // an end is a person: find_<noun> takes the people scope
}

// params adds the people scope to p when the statements take it.
func (e edgeKind) params(ctx context.Context, p map[string]any) map[string]any {
	if e.people {
		return scope(ctx, p)
	}
	return p
}

var (
	membershipEdge = edgeKind{typ: "Membership", noun: "memberships", ends: [2]string{reseau.TypePerson, reseau.TypeOrganisation},
		fields: [2]string{"person", "organisation"}, cols: membershipCols, people: true}
	participationEdge = edgeKind{typ: "Participation", noun: "participations", ends: [2]string{reseau.TypeCollaboration, reseau.TypeOrganisation},
		fields: [2]string{"collaboration", "organisation"}, cols: participationCols}
	personParticipationEdge = edgeKind{typ: "PersonParticipation", noun: "person_participations", ends: [2]string{reseau.TypeCollaboration, reseau.TypePerson},
		fields: [2]string{"collaboration", "person"}, cols: personParticipationCols, people: true}
	partyEdge = edgeKind{typ: "Party", noun: "parties", ends: [2]string{reseau.TypePartnership, reseau.TypeOrganisation},
		fields: [2]string{"partnership", "organisation"}, cols: partyCols}
	knowsEdge = edgeKind{typ: "Knows", noun: "knows", ends: [2]string{reseau.TypePerson, reseau.TypePerson},
		fields: [2]string{"person", "other"}, cols: knowsCols, people: true}
)

// filter is the EdgeFilter of find_<noun> that selects the row a–b: From is
// the person or organisation end.
func (e edgeKind) filter(a, b string) map[string]any {
	from, to := a, b
	if e.ends[0] == reseau.TypeCollaboration || e.ends[0] == reseau.TypePartnership {
		from, to = b, a
	}
	return e.params(systemCtx, map[string]any{"from": []string{from}, "to": []string{to}})
}

// current returns the row a–b as the audit log shows it (non-empty columns
// by JSON name), or nil.
func (e edgeKind) current(q query, a, b string) (map[string]string, error) {
	recs, err := q("find_"+e.noun, e.filter(a, b))
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		m, err := columns(rec, e.cols...)
		if err != nil {
			return nil, err
		}
		if str(m, e.fields[0]) != a || str(m, e.fields[1]) != b {
			continue // KNOWS matches either end: b–a is another row
		}
		out := map[string]string{}
		for _, c := range e.cols {
			if v := str(m, c); v != "" {
				out[c] = v
			}
		}
		return out, nil
	}
	return nil, nil
}

// auditKey names one relationship in the audit log.
func auditKey(a, b string) string { return a + "|" + b }

// putEdge upserts one relationship: ENOTFOUND if an end does not exist.
func (s *Store) putEdge(ctx context.Context, e edgeKind, a, b string, row map[string]any, after any) error {
	return s.write(ctx, func(q query) (*entry, error) {
		want := map[string][]string{}
		want[e.ends[0]] = append(want[e.ends[0]], a)
		want[e.ends[1]] = append(want[e.ends[1]], b) // both ends may be people (KNOWS)
		have, err := existing(q, want)
		if err != nil {
			return nil, err
		}
		for i, k := range []string{a, b} {
			if !have[e.ends[i]][k] {
				return nil, reseau.NotFound(e.ends[i], k)
			}
		}
		before, err := e.current(q, a, b)
		if err != nil {
			return nil, err
		}
		if _, err := q("merge_"+e.noun, map[string]any{"rows": []map[string]any{row}}); err != nil {
			return nil, err
		}
		var b4 any
		if before != nil {
			b4 = before
		}
		return &entry{action: "put" + e.typ, typ: e.typ, key: auditKey(a, b), before: b4, after: after}, nil
	})
}

// deleteEdge deletes one relationship: ENOTFOUND if absent.
func (s *Store) deleteEdge(ctx context.Context, e edgeKind, a, b string) error {
	return s.write(ctx, func(q query) (*entry, error) {
		before, err := e.current(q, a, b)
		if err != nil {
			return nil, err
		}
		if before == nil {
			return nil, reseau.EdgeNotFound(e.typ, a, b)
		}
		if _, err := q("delete_"+e.noun, map[string]any{"rows": []map[string]any{{e.fields[0]: a, e.fields[1]: b}}}); err != nil {
			return nil, err
		}
		return &entry{action: "delete" + e.typ, typ: e.typ, key: auditKey(a, b), before: before}, nil
	})
}

// PutMembership upserts m.
func (s *Store) PutMembership(ctx context.Context, m reseau.Membership) error {
	return s.putEdge(ctx, membershipEdge, m.PersonKey, m.OrganisationKey, membershipRow(m), m)
}

// DeleteMembership removes a WORKS_AT.
func (s *Store) DeleteMembership(ctx context.Context, personKey, orgKey string) error {
	return s.deleteEdge(ctx, membershipEdge, personKey, orgKey)
}

// PutParticipation upserts p.
func (s *Store) PutParticipation(ctx context.Context, p reseau.Participation) error {
	return s.putEdge(ctx, participationEdge, p.CollaborationKey, p.OrganisationKey, participationRow(p), p)
}

// DeleteParticipation removes an organisation's TOOK_PART_IN.
func (s *Store) DeleteParticipation(ctx context.Context, collabKey, orgKey string) error {
	return s.deleteEdge(ctx, participationEdge, collabKey, orgKey)
}

// PutPersonParticipation upserts p.
func (s *Store) PutPersonParticipation(ctx context.Context, p reseau.PersonParticipation) error {
	return s.putEdge(ctx, personParticipationEdge, p.CollaborationKey, p.PersonKey, personParticipationRow(p), p)
}

// DeletePersonParticipation removes a person's TOOK_PART_IN.
func (s *Store) DeletePersonParticipation(ctx context.Context, collabKey, personKey string) error {
	return s.deleteEdge(ctx, personParticipationEdge, collabKey, personKey)
}

// PutParty upserts p.
func (s *Store) PutParty(ctx context.Context, p reseau.Party) error {
	return s.putEdge(ctx, partyEdge, p.PartnershipKey, p.OrganisationKey, partyRow(p), p)
}

// DeleteParty removes a PARTY_TO.
func (s *Store) DeleteParty(ctx context.Context, partnershipKey, orgKey string) error {
	return s.deleteEdge(ctx, partyEdge, partnershipKey, orgKey)
}

// PutKnows upserts k.
func (s *Store) PutKnows(ctx context.Context, k reseau.Knows) error {
	return s.putEdge(ctx, knowsEdge, k.PersonKey, k.OtherKey, knowsRow(k), k)
}

// DeleteKnows removes a KNOWS.
func (s *Store) DeleteKnows(ctx context.Context, personKey, otherKey string) error {
	return s.deleteEdge(ctx, knowsEdge, personKey, otherKey)
}
