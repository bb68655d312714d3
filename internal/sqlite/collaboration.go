package sqlite

import (
	"context"
	"database/sql"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

const collabCols = `c.key, c.kind, c.title, c.domains, c.start_date, c.end_date, c.status, coalesce(c.parent_key, ''),
	coalesce(c.location_key, ''), c.participants_count, c.description`

func scanCollaboration(row interface{ Scan(...any) error }) (*reseau.Collaboration, error) {
	var c reseau.Collaboration
	var domains string
	var n sql.NullInt64
	if err := row.Scan(&c.Key, &c.Kind, &c.Title, &domains, &c.StartDate, &c.EndDate, &c.Status, &c.ParentKey,
		&c.LocationKey, &n, &c.Description); err != nil {
		return nil, err
	}
	c.Domains = parseList(domains)
	if n.Valid {
		v := int(n.Int64)
		c.ParticipantsCount = &v
	}
	return &c, nil
}

// collabValues are the column values of c, in the order of collabInsert.
func collabValues(c *reseau.Collaboration) []any {
	var n any
	if c.ParticipantsCount != nil {
		n = int64(*c.ParticipantsCount)
	}
	low, high := dateSpan(c.StartDate, c.EndDate)
	return []any{c.Key, c.Kind, c.Title, strList(c.Domains), c.StartDate, c.EndDate, c.Status, nullable(c.ParentKey),
		nullable(c.LocationKey), n, c.Description, reseau.Fold(c.Title), low, high}
}

const collabInsert = `INSERT INTO collaborations(key, kind, title, domains, start_date, end_date, status, parent_key,
	location_key, participants_count, description, title_fold, date_low, date_high)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// CollaborationsByKeys returns the collaborations with the given keys.
func (s *Store) CollaborationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Collaboration, error) {
	return queryMap(ctx, s.reads(ctx), scanCollaboration, func(c *reseau.Collaboration) string { return c.Key },
		`SELECT `+collabCols+` FROM collaborations c WHERE `+inList("c.key"), list(keys))
}

// FindCollaborations returns a page of the collaborations f selects.
func (s *Store) FindCollaborations(ctx context.Context, f reseau.CollaborationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Collaboration], error) {
	var w where
	if len(f.Keys) > 0 {
		w.add(inList("c.key"), list(f.Keys))
	}
	if len(f.Kinds) > 0 {
		w.add(inList("c.kind"), list(f.Kinds))
	}
	if len(f.Statuses) > 0 {
		w.add(inList("c.status"), list(f.Statuses))
	}
	if len(f.Domains) > 0 {
		w.add(`c.key IN (SELECT collab_key FROM collaboration_domains WHERE `+inList("domain_key")+`)`, list(f.Domains))
	}
	if t := reseau.Fold(f.Text); t != "" {
		w.add(`instr(c.title_fold, ?) > 0`, t)
	}
	overlap(&w, "c", f.From, f.To)
	if len(f.Parents) > 0 {
		w.add(inList("c.parent_key"), list(f.Parents))
	}
	if len(f.Organisations) > 0 {
		w.add(`c.key IN (SELECT collab_key FROM participations WHERE `+inList("org_key")+`)`, list(f.Organisations))
	}
	if len(f.Locations) > 0 {
		w.add(inList("c.location_key"), list(f.Locations))
	}
	var by string
	switch o.OrderBy {
	case reseau.OrderKey:
		by = order(o, "c.key")
	case reseau.OrderStartDate:
		by = order(o, "c.date_low", "c.key")
	default: // by title; reseau.Checked refuses other orderings
		by = order(o, "c.title_fold", "c.key")
	}
	total, err := s.total(ctx, s.reads(ctx), o, `SELECT count(*) FROM collaborations c`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	items, err := queryList(ctx, s.reads(ctx), scanCollaboration, `SELECT `+collabCols+` FROM collaborations c`+w.String()+by+page(o), append(w.args, pageArgs(o)...)...)
	if err != nil {
		return nil, err
	}
	return &reseau.Page[*reseau.Collaboration]{Items: items, TotalCount: total}, nil
}

func getCollaboration(ctx context.Context, q queryer, key string) (*reseau.Collaboration, error) {
	c, err := scanCollaboration(q.QueryRowContext(ctx, `SELECT `+collabCols+` FROM collaborations c WHERE c.key = ?`, key))
	if err == sql.ErrNoRows {
		return nil, reseau.NotFound(reseau.TypeCollaboration, key)
	}
	return c, err
}

func checkCollaboration(ctx context.Context, tx *sql.Tx, c *reseau.Collaboration) error {
	if err := checkRefs(ctx, tx, "parent", reseau.TypeCollaboration, c.ParentKey); err != nil {
		return err
	}
	if err := checkRefs(ctx, tx, "location", reseau.TypeOrganisation, c.LocationKey); err != nil {
		return err
	}
	return checkRefs(ctx, tx, "domains", reseau.TypeDomain, c.Domains...)
}

// CreateCollaboration creates c: ECONFLICT if its key exists.
func (s *Store) CreateCollaboration(ctx context.Context, c *reseau.Collaboration) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "collaborations", c.Key); err != nil {
			return err
		} else if ok {
			return reseau.AlreadyExists(reseau.TypeCollaboration, c.Key)
		}
		if err := checkCollaboration(ctx, tx, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, collabInsert, collabValues(c)...); err != nil {
			return err
		}
		if err := setDomains(ctx, tx, "collaboration_domains", "collab_key", c.Key, c.Domains); err != nil {
			return err
		}
		s.onCommit(func() { s.ties.setCollaboration(c.Key, c.StartDate, c.EndDate, c.Status) })
		key, fold := c.Key, reseau.Fold(c.Title)
		s.onCommit(func() { s.search.set(reseau.TypeCollaboration, key, fold, false) })
		return s.audit(ctx, tx, "createCollaboration", reseau.TypeCollaboration, c.Key, nil, c)
	})
}

// UpdateCollaboration patches the collaboration's properties, parent,
// location and domains in one write transaction (see reseau.Store).
func (s *Store) UpdateCollaboration(ctx context.Context, key string, apply func(*reseau.Collaboration) error) (*reseau.Collaboration, error) {
	return update(ctx, s, key, apply, getCollaboration, func(tx *sql.Tx, before, c *reseau.Collaboration) error {
		if err := checkCollaboration(ctx, tx, c); err != nil {
			return err
		}
		if err := checkParentCycle(ctx, tx, "collaborations", c.Key, c.ParentKey); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE collaborations SET kind = ?, title = ?, domains = ?, start_date = ?, end_date = ?,
			status = ?, parent_key = ?, location_key = ?, participants_count = ?, description = ?, title_fold = ?, date_low = ?, date_high = ?
			WHERE key = ?`, append(collabValues(c)[1:], c.Key)...); err != nil {
			return err
		}
		if err := setDomains(ctx, tx, "collaboration_domains", "collab_key", c.Key, c.Domains); err != nil {
			return err
		}
		s.onCommit(func() { s.ties.setCollaboration(c.Key, c.StartDate, c.EndDate, c.Status) })
		key, fold := c.Key, reseau.Fold(c.Title)
		s.onCommit(func() { s.search.set(reseau.TypeCollaboration, key, fold, false) })
		return s.audit(ctx, tx, "updateCollaboration", reseau.TypeCollaboration, c.Key, before, c)
	})
}

// DeleteCollaboration removes the collaboration and all its relationships;
// its sub-events lose their PART_OF. The audit entry's before keeps the
// participations of organisations and people and the sub-events.
func (s *Store) DeleteCollaboration(ctx context.Context, key string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := getCollaboration(ctx, tx, key)
		if err != nil {
			return err
		}
		all := reseau.WithCaller(ctx, reseau.System)
		var r reseau.Removed
		own := reseau.EdgeFilter{To: []string{key}}
		if r.Participations, err = readParticipations(all, tx, own); err != nil {
			return err
		}
		if r.PersonParticipations, err = readPersonParticipations(all, tx, own); err != nil {
			return err
		}
		if r.SubEvents, err = keysWhere(ctx, tx, `SELECT key FROM collaborations WHERE parent_key = ?`, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM collaborations WHERE key = ?`, key); err != nil {
			return err
		}
		s.onCommit(func() { s.ties.removeCollaboration(key) })
		s.onCommit(func() { s.search.remove(reseau.TypeCollaboration, key) })
		return s.audit(ctx, tx, "deleteCollaboration", reseau.TypeCollaboration, key, reseau.Deletion{Node: before, Removed: r}, nil)
	})
}
