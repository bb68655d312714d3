package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// relationship describes one relationship table for the generic put, delete
// and read code shared by memberships, participations, parties and knows.
type relationship struct {
	typ        string // audit type: "Membership", ...
	table      string
	keys       [2]string // key columns, in the primary key's order
	ends       [2]string // node type of each key column
	props      []string  // other columns
	json       []string  // JSON names of keys then props, as in the domain struct
	personEnds []int     // indexes of key columns that hold people (scope applies)
}

// auditKey names one relationship in the audit log.
func auditKey(a, b string) string { return a + "|" + b }

// put upserts one row: ENOTFOUND if an end does not exist.
func (s *Store) put(ctx context.Context, r relationship, a, b string, props []any, after any, hook func()) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, r.ends[0], a); err != nil {
			return err
		}
		if err := mustExist(ctx, tx, r.ends[1], b); err != nil {
			return err
		}
		before, err := r.get(ctx, tx, a, b)
		if err != nil {
			return err
		}
		cols := append([]string{r.keys[0], r.keys[1]}, r.props...)
		set := make([]string, len(r.props))
		for i, p := range r.props {
			set[i] = p + " = excluded." + p
		}
		q := `INSERT INTO ` + r.table + `(` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `)
			ON CONFLICT(` + r.keys[0] + `, ` + r.keys[1] + `) DO UPDATE SET ` + strings.Join(set, ", ")
		if _, err := tx.ExecContext(ctx, q, append([]any{a, b}, props...)...); err != nil {
			return err
		}
		if hook != nil {
			s.onCommit(hook)
		}
		action := "put" + r.typ
		var b4 any
		if before != nil {
			b4 = before
		}
		return s.audit(ctx, tx, action, r.typ, auditKey(a, b), b4, after)
	})
}

// del deletes one row: ENOTFOUND if absent.
func (s *Store) del(ctx context.Context, r relationship, a, b string, hook func()) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := r.get(ctx, tx, a, b)
		if err != nil {
			return err
		}
		if before == nil {
			return reseau.EdgeNotFound(r.typ, a, b)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+r.table+` WHERE `+r.keys[0]+` = ? AND `+r.keys[1]+` = ?`, a, b); err != nil {
			return err
		}
		if hook != nil {
			s.onCommit(hook)
		}
		return s.audit(ctx, tx, "delete"+r.typ, r.typ, auditKey(a, b), before, nil)
	})
}

// get returns the row's columns as a map for the audit log, or nil.
func (r relationship) get(ctx context.Context, tx *sql.Tx, a, b string) (map[string]string, error) {
	cols := append([]string{r.keys[0], r.keys[1]}, r.props...)
	vals := make([]string, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := tx.QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+r.table+` WHERE `+r.keys[0]+` = ? AND `+r.keys[1]+` = ?`, a, b).Scan(ptrs...)
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	// Like the domain struct's JSON, so that before and after compare.
	m := map[string]string{}
	for i := range cols {
		if vals[i] != "" {
			m[r.json[i]] = vals[i]
		}
	}
	return m, nil
}

var (
	memberships = relationship{typ: "Membership", table: "memberships", keys: [2]string{"person_key", "org_key"},
		ends: [2]string{reseau.TypePerson, reseau.TypeOrganisation}, props: []string{"role", "since", "until"},
		json: []string{"person", "organisation", "role", "since", "until"}, personEnds: []int{0}}
	participations = relationship{typ: "Participation", table: "participations", keys: [2]string{"collab_key", "org_key"},
		ends: [2]string{reseau.TypeCollaboration, reseau.TypeOrganisation}, props: []string{"role"},
		json: []string{"collaboration", "organisation", "role"}}
	personParticipations = relationship{typ: "PersonParticipation", table: "person_participations", keys: [2]string{"collab_key", "person_key"},
		ends: [2]string{reseau.TypeCollaboration, reseau.TypePerson}, props: []string{"role"},
		json: []string{"collaboration", "person", "role"}, personEnds: []int{1}}
	parties = relationship{typ: "Party", table: "parties", keys: [2]string{"partnership_key", "org_key"},
		ends: [2]string{reseau.TypePartnership, reseau.TypeOrganisation}, props: []string{"role"},
		json: []string{"partnership", "organisation", "role"}}
	knows = relationship{typ: "Knows", table: "knows", keys: [2]string{"person_key", "other_key"},
		ends: [2]string{reseau.TypePerson, reseau.TypePerson}, props: []string{"since", "source"},
		json: []string{"person", "other", "since", "source"}, personEnds: []int{0, 1}}
)

// PutMembership upserts m.
func (s *Store) PutMembership(ctx context.Context, m reseau.Membership) error {
	return s.put(ctx, memberships, m.PersonKey, m.OrganisationKey, []any{m.Role, m.Since, m.Until}, m, nil)
}

// DeleteMembership removes a WORKS_AT.
func (s *Store) DeleteMembership(ctx context.Context, personKey, orgKey string) error {
	return s.del(ctx, memberships, personKey, orgKey, nil)
}

// PutParticipation upserts p.
func (s *Store) PutParticipation(ctx context.Context, p reseau.Participation) error {
	return s.put(ctx, participations, p.CollaborationKey, p.OrganisationKey, []any{p.Role}, p, func() {
		s.ties.setParticipation(p.CollaborationKey, p.OrganisationKey, p.Role)
	})
}

// DeleteParticipation removes an organisation's TOOK_PART_IN.
func (s *Store) DeleteParticipation(ctx context.Context, collabKey, orgKey string) error {
	return s.del(ctx, participations, collabKey, orgKey, func() { s.ties.removeParticipation(collabKey, orgKey) })
}

// PutPersonParticipation upserts p.
func (s *Store) PutPersonParticipation(ctx context.Context, p reseau.PersonParticipation) error {
	return s.put(ctx, personParticipations, p.CollaborationKey, p.PersonKey, []any{p.Role}, p, nil)
}

// DeletePersonParticipation removes a person's TOOK_PART_IN.
func (s *Store) DeletePersonParticipation(ctx context.Context, collabKey, personKey string) error {
	return s.del(ctx, personParticipations, collabKey, personKey, nil)
}

// PutParty upserts p.
func (s *Store) PutParty(ctx context.Context, p reseau.Party) error {
	return s.put(ctx, parties, p.PartnershipKey, p.OrganisationKey, []any{p.Role}, p, s.partners.reset)
}

// DeleteParty removes a PARTY_TO.
func (s *Store) DeleteParty(ctx context.Context, partnershipKey, orgKey string) error {
	return s.del(ctx, parties, partnershipKey, orgKey, s.partners.reset)
}

// PutKnows upserts k.
func (s *Store) PutKnows(ctx context.Context, k reseau.Knows) error {
	return s.put(ctx, knows, k.PersonKey, k.OtherKey, []any{k.Since, k.Source}, k, nil)
}

// DeleteKnows removes a KNOWS.
func (s *Store) DeleteKnows(ctx context.Context, personKey, otherKey string) error {
	return s.del(ctx, knows, personKey, otherKey, nil)
}

// edgeWhere builds the conditions of a relationship read: from and to select
// by the given columns, and every person column must be visible.
func edgeWhere(ctx context.Context, r relationship, f reseau.EdgeFilter, fromCols, toCols []string) *where {
	var w where
	match := func(cols []string, keys []string) {
		conds := make([]string, len(cols))
		args := make([]any, len(cols))
		for i, c := range cols {
			conds[i] = inList(c)
			args[i] = list(keys)
		}
		w.add("("+strings.Join(conds, " OR ")+")", args...)
	}
	if len(f.From) > 0 {
		match(fromCols, f.From)
	}
	if len(f.To) > 0 {
		match(toCols, f.To)
	}
	for _, i := range r.personEnds {
		vis, args := visible(ctx, r.keys[i])
		w.add(vis, args...)
	}
	return &w
}

// Memberships returns WORKS_AT rows of visible people; From = people, To = organisations.
func (s *Store) Memberships(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Membership, error) {
	return readMemberships(ctx, s.reads(ctx), f)
}

func readMemberships(ctx context.Context, q queryer, f reseau.EdgeFilter) ([]reseau.Membership, error) {
	return membershipRows(ctx, f).list(ctx, q)
}

func membershipRows(ctx context.Context, f reseau.EdgeFilter) rowQuery[reseau.Membership] {
	w := edgeWhere(ctx, memberships, f, []string{"person_key"}, []string{"org_key"})
	return rowQuery[reseau.Membership]{`SELECT person_key, org_key, role, since, until FROM memberships` + w.String() + ` ORDER BY person_key, org_key`, w.args,
		func(row interface{ Scan(...any) error }) (reseau.Membership, error) {
			var m reseau.Membership
			err := row.Scan(&m.PersonKey, &m.OrganisationKey, &m.Role, &m.Since, &m.Until)
			return m, err
		}}
}

// Participations returns organisations' TOOK_PART_IN rows; From = organisations, To = collaborations.
func (s *Store) Participations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Participation, error) {
	return readParticipations(ctx, s.reads(ctx), f)
}

func readParticipations(ctx context.Context, q queryer, f reseau.EdgeFilter) ([]reseau.Participation, error) {
	return participationRows(ctx, f).list(ctx, q)
}

func participationRows(ctx context.Context, f reseau.EdgeFilter) rowQuery[reseau.Participation] {
	w := edgeWhere(ctx, participations, f, []string{"org_key"}, []string{"collab_key"})
	return rowQuery[reseau.Participation]{`SELECT collab_key, org_key, role FROM participations` + w.String() + ` ORDER BY collab_key, org_key`, w.args,
		func(row interface{ Scan(...any) error }) (reseau.Participation, error) {
			var p reseau.Participation
			err := row.Scan(&p.CollaborationKey, &p.OrganisationKey, &p.Role)
			return p, err
		}}
}

// PersonParticipations returns visible people's TOOK_PART_IN rows; From = people, To = collaborations.
func (s *Store) PersonParticipations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.PersonParticipation, error) {
	return readPersonParticipations(ctx, s.reads(ctx), f)
}

func readPersonParticipations(ctx context.Context, q queryer, f reseau.EdgeFilter) ([]reseau.PersonParticipation, error) {
	return personParticipationRows(ctx, f).list(ctx, q)
}

func personParticipationRows(ctx context.Context, f reseau.EdgeFilter) rowQuery[reseau.PersonParticipation] {
	w := edgeWhere(ctx, personParticipations, f, []string{"person_key"}, []string{"collab_key"})
	return rowQuery[reseau.PersonParticipation]{`SELECT collab_key, person_key, role FROM person_participations` + w.String() + ` ORDER BY collab_key, person_key`, w.args,
		func(row interface{ Scan(...any) error }) (reseau.PersonParticipation, error) {
			var p reseau.PersonParticipation
			err := row.Scan(&p.CollaborationKey, &p.PersonKey, &p.Role)
			return p, err
		}}
}

// Parties returns PARTY_TO rows; From = organisations, To = partnerships.
func (s *Store) Parties(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Party, error) {
	return readParties(ctx, s.reads(ctx), f)
}

func readParties(ctx context.Context, q queryer, f reseau.EdgeFilter) ([]reseau.Party, error) {
	return partyRows(ctx, f).list(ctx, q)
}

func partyRows(ctx context.Context, f reseau.EdgeFilter) rowQuery[reseau.Party] {
	w := edgeWhere(ctx, parties, f, []string{"org_key"}, []string{"partnership_key"})
	return rowQuery[reseau.Party]{`SELECT partnership_key, org_key, role FROM parties` + w.String() + ` ORDER BY partnership_key, org_key`, w.args,
		func(row interface{ Scan(...any) error }) (reseau.Party, error) {
			var p reseau.Party
			err := row.Scan(&p.PartnershipKey, &p.OrganisationKey, &p.Role)
			return p, err
		}}
}

// Knows returns KNOWS rows between visible people; From and To each match
// either end.
func (s *Store) Knows(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Knows, error) {
	return readKnows(ctx, s.reads(ctx), f)
}

func readKnows(ctx context.Context, q queryer, f reseau.EdgeFilter) ([]reseau.Knows, error) {
	return knowsRows(ctx, f).list(ctx, q)
}

func knowsRows(ctx context.Context, f reseau.EdgeFilter) rowQuery[reseau.Knows] {
	ends := []string{"person_key", "other_key"}
	w := edgeWhere(ctx, knows, f, ends, ends)
	return rowQuery[reseau.Knows]{`SELECT person_key, other_key, since, source FROM knows` + w.String() + ` ORDER BY person_key, other_key`, w.args,
		func(row interface{ Scan(...any) error }) (reseau.Knows, error) {
			var k reseau.Knows
			err := row.Scan(&k.PersonKey, &k.OtherKey, &k.Since, &k.Source)
			return k, err
		}}
}

// rowQuery is a read of relationship rows: its SQL, arguments and scanner.
type rowQuery[T any] struct {
	sql  string
	args []any
	scan func(interface{ Scan(...any) error }) (T, error)
}

// list returns every row.
func (r rowQuery[T]) list(ctx context.Context, q queryer) ([]T, error) {
	return queryList(ctx, q, r.scan, r.sql, r.args...)
}

// each hands the rows to emit in runs of at most n, in order, holding no
// more than one run.
func (r rowQuery[T]) each(ctx context.Context, q queryer, n int, emit func([]T) error) error {
	rows, err := q.QueryContext(ctx, r.sql, r.args...)
	if err != nil {
		return formatError(err)
	}
	defer rows.Close()
	run := make([]T, 0, n)
	for rows.Next() {
		v, err := r.scan(rows)
		if err != nil {
			return formatError(err)
		}
		if run = append(run, v); len(run) == n {
			if err := emit(run); err != nil {
				return err
			}
			run = make([]T, 0, n)
		}
	}
	if err := rows.Err(); err != nil {
		return formatError(err)
	}
	if len(run) > 0 {
		return emit(run)
	}
	return nil
}
