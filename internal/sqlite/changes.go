package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// The change log: every committed write, whichever process makes it, adds
// rows (seq, kind, key) to the changes table, written by triggers in the
// write's own transaction, so that no write path can forget it and a
// cascade logs what it removed. A store caught up to seq S has applied every
// change up to S to its caches; a read that answers from memory first asks
// the file for its last seq (one cheap query on a read connection, no lock of
// ours) and, if it moved, applies the new rows: it drops or reloads just the
// keys they name. So a read that starts after a commit was acknowledged,
// here or in another process, sees it, and a foreign commit of one
// organisation leaves the rest of the caches warm.
//
// The store's own writes keep their caches in step through their hooks too
// (immediately, for the writer's next read); applying their rows again is
// harmless, as every application reloads the current state of a key.
//
// The log keeps about changeLogKeep rows (a trigger trims it); a store that
// fell further behind, or sees an import's "*" row, resets every cache.
// Imports mute the row triggers (changes_muted) and log one "*" instead of a
// row per imported row.

// changeLogKeep is how many rows of the log stay; a store more than that
// behind resets its caches rather than replaying.
const changeLogKeep = 8192

// maxReplay is the most rows applied one by one; more reset every cache.
const maxReplay = 2000

// changeKinds maps each table to the kind of its change rows and the column
// that keys them: the key of the cached row or index entry to reload.
var changeKinds = []struct{ table, kind, key string }{
	{"domains", "domain", "key"},
	{"organisations", "organisation", "key"},
	{"organisation_domains", "organisation", "org_key"},
	{"people", "person", "key"},
	{"memberships", "membership", "person_key"},
	{"collaborations", "collaboration", "key"},
	{"collaboration_domains", "collaboration", "collab_key"},
	{"participations", "participation", "collab_key"},
	{"person_participations", "person_participation", "collab_key"},
	{"partnerships", "partnership", "key"},
	{"parties", "party", "partnership_key"},
	{"knows", "knows", "person_key"},
}

// changeLogMigration creates the log, its trimming, the mute and one trigger
// per table and statement kind.
func changeLogMigration() string {
	var b strings.Builder
	b.WriteString(`
CREATE TABLE changes (
	seq  INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	key  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE changes_muted (one INTEGER);
CREATE TRIGGER changes_trim AFTER INSERT ON changes WHEN new.seq % 512 = 0 BEGIN
	DELETE FROM changes WHERE seq <= new.seq - ` + strconv.Itoa(changeLogKeep) + `;
END;
`)
	const muted = ` WHEN NOT EXISTS (SELECT 1 FROM changes_muted)`
	for _, c := range changeKinds {
		ins := func(row string) string {
			return `INSERT INTO changes(kind, key) VALUES ('` + c.kind + `', ` + row + `.` + c.key + `);`
		}
		b.WriteString(`CREATE TRIGGER changes_` + c.table + `_insert AFTER INSERT ON ` + c.table + muted + ` BEGIN ` + ins("new") + ` END;
CREATE TRIGGER changes_` + c.table + `_delete AFTER DELETE ON ` + c.table + muted + ` BEGIN ` + ins("old") + ` END;
CREATE TRIGGER changes_` + c.table + `_update AFTER UPDATE ON ` + c.table + muted + ` BEGIN ` + ins("new") + `
	INSERT INTO changes(kind, key) SELECT '` + c.kind + `', old.` + c.key + ` WHERE old.` + c.key + ` IS NOT new.` + c.key + `;
END;
`)
	}
	return b.String()
}

// muteChanges stops the row triggers for the rest of tx; logAll, which must
// follow before tx commits, unmutes them and logs one change that resets
// every cache. An import uses them: one row instead of hundreds of
// thousands, and its readers rebuild from scratch anyway.
func muteChanges(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO changes_muted(one) VALUES (1)`)
	return err
}

func logAll(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM changes_muted`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO changes(kind, key) VALUES ('*', '')`)
	return err
}

// changeLog is a store's place in the log.
type changeLog struct {
	mu      sync.Mutex // one catch-up at a time
	applied atomic.Int64
}

const lastChangeSQL = `SELECT coalesce(max(seq), 0) FROM changes`

// refresh brings the in-memory caches and indexes up to the last commit
// made to the file by any connection, this store's or another process's.
// Reads that answer from memory call it first. It takes no lock of the
// writer's: a read during a long write still sees other processes' commits.
func (s *Store) refresh(ctx context.Context) {
	var last int64
	if err := s.rd.QueryRowContext(ctx, lastChangeSQL).Scan(&last); err != nil {
		return // the caller's own query reports a broken store
	}
	if last != s.log.applied.Load() {
		s.catchUp(ctx, last)
	}
}

// catchUp applies the log's rows after the store's place, last being the
// last seq its caller saw.
func (s *Store) catchUp(ctx context.Context, last int64) {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	from := s.log.applied.Load()
	if from == last {
		return // another read caught up meanwhile
	}
	var ch changes
	rows, err := s.rd.QueryContext(ctx, `SELECT seq, kind, key FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`, from, maxReplay+1)
	if err != nil {
		return
	}
	n, to := 0, from
	for rows.Next() {
		var seq int64
		var kind, key string
		if err := rows.Scan(&seq, &kind, &key); err != nil {
			rows.Close()
			return
		}
		if n == 0 && seq != from+1 {
			ch.all = true // trimmed past our place
		}
		ch.add(kind, key)
		n, to = n+1, seq
	}
	rows.Close()
	if rows.Err() != nil {
		return
	}
	if n == 0 || n > maxReplay {
		// The file went back (replaced under us) or moved too far: find
		// where it is now before dropping everything, so that no commit
		// lands between the reset and the place recorded.
		if err := s.rd.QueryRowContext(ctx, lastChangeSQL).Scan(&to); err != nil {
			return
		}
		ch.all = true
	}
	if ch.all {
		s.orgs.reset()
		s.domains.reset()
		s.search.reset()
		s.ties.reset()
		s.partners.reset()
	} else {
		s.apply(ctx, &ch)
	}
	s.log.applied.Store(to)
	s.version.Add(1)
}

// changes gathers the keys a run of log rows touches.
type changes struct {
	all      bool
	orgs     []string
	domains  []string
	collabs  map[string]bool // collaborations whose dates or participants changed
	partners bool
	search   map[string]map[string]bool // node type → keys
}

func (c *changes) add(kind, key string) {
	found := func(typ string) {
		if c.search == nil {
			c.search = map[string]map[string]bool{}
		}
		if c.search[typ] == nil {
			c.search[typ] = map[string]bool{}
		}
		c.search[typ][key] = true
	}
	collab := func() {
		if c.collabs == nil {
			c.collabs = map[string]bool{}
		}
		c.collabs[key] = true
	}
	switch kind {
	case "*":
		c.all = true
	case "organisation":
		c.orgs = append(c.orgs, key)
		found(reseau.TypeOrganisation)
	case "domain":
		c.domains = append(c.domains, key)
		found(reseau.TypeDomain)
	case "person":
		found(reseau.TypePerson)
	case "collaboration":
		collab()
		found(reseau.TypeCollaboration)
	case "participation":
		collab()
	case "partnership":
		c.partners = true
		found(reseau.TypePartnership)
	case "party":
		c.partners = true
	}
	// memberships, person participations, knows and collaboration domains
	// are read through SQL: the version bump is all they need.
}

// apply drops or reloads what c names; an index it cannot reload is reset.
func (s *Store) apply(ctx context.Context, c *changes) {
	if len(c.orgs) > 0 {
		s.orgs.drop(c.orgs...)
	}
	if len(c.domains) > 0 {
		s.domains.drop(c.domains...)
	}
	if c.partners {
		s.partners.reset()
	}
	if len(c.collabs) > 0 {
		s.ties.reload(ctx, s.r, c.collabs) // an error resets the index
	}
	for typ, keys := range c.search {
		s.search.reload(ctx, s.r, typ, keys) // an error resets the index
	}
}

// reload reads the dates and participants of collabs again; a deleted one
// leaves the index. It reads inside the edit, so that no other edit lands
// between what it reads and what it publishes; an error drops the index.
func (ix *tieIndex) reload(ctx context.Context, db *sql.DB, collabs map[string]bool) {
	ix.edit(func(g *tieGraph) ([]string, error) {
		keys := make([]string, 0, len(collabs))
		for k := range collabs {
			keys = append(keys, k)
		}
		nodes := map[string]*collabNode{}
		rows, err := db.QueryContext(ctx, `SELECT key, start_date, end_date, status FROM collaborations WHERE `+inList("key"), list(keys))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key, start, end, status string
			if err := rows.Scan(&key, &start, &end, &status); err != nil {
				rows.Close()
				return nil, err
			}
			n := newCollabNode(start, end, status)
			n.key = key
			nodes[key] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows, err = db.QueryContext(ctx, `SELECT collab_key, org_key FROM participations WHERE `+inList("collab_key")+` AND role <> ?`, list(keys), reseau.RoleInviteAbsent)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var ck, org string
			if err := rows.Scan(&ck, &org); err != nil {
				rows.Close()
				return nil, err
			}
			if n := nodes[ck]; n != nil {
				n.orgs = append(n.orgs, org)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		var touched []string
		for _, k := range keys {
			if old := g.collabs[k]; old != nil {
				for _, o := range old.orgs {
					g.orgs[o] = without(g.orgs[o], k)
					if len(g.orgs[o]) == 0 {
						delete(g.orgs, o)
					}
				}
				touched = append(touched, old.orgs...)
				delete(g.collabs, k)
			}
			if n := nodes[k]; n != nil {
				for _, o := range n.orgs {
					g.orgs[o] = append(slices.Clip(g.orgs[o]), k)
				}
				touched = append(touched, n.orgs...)
				g.collabs[k] = n
			}
		}
		return touched, nil
	})
}

// reload reads the folded names of keys of one node type again; a deleted
// node leaves the index. As the tie index's, it reads inside the edit.
func (ix searchIndex) reload(ctx context.Context, db *sql.DB, typ string, keys map[string]bool) {
	var src struct{ typ, table, fold, private string }
	for _, s := range searchSources {
		if s.typ == typ {
			src = s
		}
	}
	if src.typ == "" {
		return
	}
	ix.edit(typ, func(l *foldList) error {
		ks := make([]string, 0, len(keys))
		for k := range keys {
			ks = append(ks, k)
		}
		rows, err := db.QueryContext(ctx, `SELECT key, `+src.fold+`, `+src.private+` FROM `+src.table+` WHERE `+inList("key"), list(ks))
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		l.positions() // up to maxReplay keys: each found through a map
		for rows.Next() {
			var key, fold string
			var private bool
			if err := rows.Scan(&key, &fold, &private); err != nil {
				rows.Close()
				return err
			}
			l.set(key, fold, private)
			seen[key] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range ks {
			if !seen[k] {
				l.remove(k)
			}
		}
		return nil
	})
}
