package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

const personCols = `p.key, p.name, p.email, p.phone, p.visibility`

func scanPerson(row interface{ Scan(...any) error }) (*reseau.Person, error) {
	var p reseau.Person
	err := row.Scan(&p.Key, &p.Name, &p.Email, &p.Phone, &p.Visibility)
	return &p, err
}

// PeopleByKeys returns the visible people with the given keys.
func (s *Store) PeopleByKeys(ctx context.Context, keys []string) (map[string]*reseau.Person, error) {
	vis, vargs := visiblePerson(ctx, "p")
	return queryMap(ctx, s.reads(ctx), scanPerson, func(p *reseau.Person) string { return p.Key },
		`SELECT `+personCols+` FROM people p WHERE `+inList("p.key")+` AND `+vis, append([]any{list(keys)}, vargs...)...)
}

// FindPeople returns a page of the visible people f selects.
func (s *Store) FindPeople(ctx context.Context, f reseau.PersonFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Person], error) {
	var w where
	vis, vargs := visiblePerson(ctx, "p")
	w.add(vis, vargs...)
	if len(f.Keys) > 0 {
		w.add(inList("p.key"), list(f.Keys))
	}
	if len(f.Organisations) > 0 {
		w.add(`p.key IN (SELECT person_key FROM memberships WHERE `+inList("org_key")+`)`, list(f.Organisations))
	}
	if t := reseau.Fold(f.Text); t != "" {
		w.add(`instr(p.name_fold, ?) > 0`, t)
	}
	var by string
	switch o.OrderBy {
	case reseau.OrderKey:
		by = order(o, "p.key")
	default: // by name; reseau.Checked refuses other orderings
		by = order(o, "p.name_fold", "p.key")
	}
	total, err := s.total(ctx, s.reads(ctx), o, `SELECT count(*) FROM people p`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	items, err := queryList(ctx, s.reads(ctx), scanPerson, `SELECT `+personCols+` FROM people p`+w.String()+by+page(o), append(w.args, pageArgs(o)...)...)
	if err != nil {
		return nil, err
	}
	return &reseau.Page[*reseau.Person]{Items: items, TotalCount: total}, nil
}

func getPerson(ctx context.Context, q queryer, key string) (*reseau.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personCols+` FROM people p WHERE p.key = ?`, key))
	if err == sql.ErrNoRows {
		return nil, reseau.NotFound(reseau.TypePerson, key)
	}
	return p, err
}

// CreatePerson creates p and its memberships (see reseau.Store): ECONFLICT if
// its key exists or is a merged person's (reseau.MergedKey).
func (s *Store) CreatePerson(ctx context.Context, p *reseau.Person, memberships ...reseau.Membership) error {
	reseau.PrepareNewPerson(p, memberships)
	return s.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "people", p.Key); err != nil {
			return err
		} else if ok {
			return reseau.AlreadyExists(reseau.TypePerson, p.Key)
		}
		if err := notMerged(ctx, tx, reseau.TypePerson, p.Key); err != nil {
			return err
		}
		for _, m := range memberships {
			if err := checkRefs(ctx, tx, "organisation", reseau.TypeOrganisation, m.OrganisationKey); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO people(key, name, email, phone, visibility, name_fold) VALUES (?, ?, ?, ?, ?, ?)`,
			p.Key, p.Name, p.Email, p.Phone, string(p.Visibility), reseau.Fold(p.Name)); err != nil {
			return err
		}
		for _, m := range memberships {
			if _, err := tx.ExecContext(ctx, `INSERT INTO memberships(person_key, org_key, role, since, until) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT(person_key, org_key) DO UPDATE SET role = excluded.role, since = excluded.since, until = excluded.until`,
				m.PersonKey, m.OrganisationKey, m.Role, m.Since, m.Until); err != nil {
				return err
			}
		}
		key, fold, private := p.Key, reseau.Fold(p.Name), p.Visibility != reseau.VisibilityNetwork
		s.onCommit(func() { s.search.set(reseau.TypePerson, key, fold, private) })
		return s.audit(ctx, tx, "createPerson", reseau.TypePerson, p.Key, nil, reseau.NewPerson{Person: p, Memberships: memberships})
	})
}

// UpdatePerson patches the person's properties in one write transaction
// (see reseau.Store).
func (s *Store) UpdatePerson(ctx context.Context, key string, apply func(*reseau.Person) error) (*reseau.Person, error) {
	return update(ctx, s, key, apply, getPerson, func(tx *sql.Tx, before, p *reseau.Person) error {
		if _, err := tx.ExecContext(ctx, `UPDATE people SET name = ?, email = ?, phone = ?, visibility = ?, name_fold = ? WHERE key = ?`,
			p.Name, p.Email, p.Phone, string(p.Visibility), reseau.Fold(p.Name), p.Key); err != nil {
			return err
		}
		key, fold, private := p.Key, reseau.Fold(p.Name), p.Visibility != reseau.VisibilityNetwork
		s.onCommit(func() { s.search.set(reseau.TypePerson, key, fold, private) })
		return s.audit(ctx, tx, "updatePerson", reseau.TypePerson, p.Key, before, p)
	})
}

// erased is what the audit log keeps of an erased person: the key, so that
// the log still says a person was erased, and nothing personal.
type erased struct {
	Key    string `json:"key"`
	Erased bool   `json:"erased"`
}

// DeletePerson erases a person for good: the node, every relationship of
// theirs, and the personal data that earlier audit entries recorded.
func (s *Store) DeletePerson(ctx context.Context, key string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := getPerson(ctx, tx, key); err != nil {
			return err
		}
		// memberships, participations and knows follow by cascade.
		if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE key = ?`, key); err != nil {
			return err
		}
		s.onCommit(func() { s.search.remove(reseau.TypePerson, key) })
		redacted, _ := json.Marshal(erased{Key: key, Erased: true})
		if _, err := tx.ExecContext(ctx, `UPDATE audit SET
			before = CASE WHEN before = '' THEN '' ELSE ?1 END,
			after = CASE WHEN after = '' THEN '' ELSE ?1 END
			WHERE type = ?2 AND key = ?3`, string(redacted), reseau.TypePerson, key); err != nil {
			return err
		}
		return s.audit(ctx, tx, "deletePerson", reseau.TypePerson, key, erased{Key: key, Erased: true}, nil)
	})
}
