package sqlite

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// migrations are applied in order; PRAGMA user_version is the number of
// migrations applied. Never edit one that has shipped: append another.
//
// Keys are TEXT primary keys of WITHOUT ROWID tables: every lookup is by key,
// and one b-tree per table is cheaper to fill on import than a table plus an
// index. The *_fold columns hold reseau.Fold of the text they follow, for
// accent-insensitive filters, ordering and search. date_low/date_high are the
// padded first and last day of a [start, end] span (a missing end is the
// start), so that overlap filters are two comparisons.
// Lists of domains are kept twice: as a JSON column, which is what the node
// is read and compared with, and as a join table indexed by domain, which is
// what filters use.
var migrations = []string{
	`
CREATE TABLE domains (
	key      TEXT PRIMARY KEY,
	label_fr TEXT NOT NULL,
	label_nl TEXT NOT NULL DEFAULT '',
	fold     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE organisations (
	key          TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	short_name   TEXT NOT NULL DEFAULT '',
	sector       TEXT NOT NULL DEFAULT '',
	parent_key   TEXT REFERENCES organisations(key) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
	domains      TEXT NOT NULL DEFAULT '',
	commune      TEXT NOT NULL DEFAULT '',
	languages    TEXT NOT NULL DEFAULT '',
	aliases      TEXT NOT NULL DEFAULT '',
	name_fold    TEXT NOT NULL DEFAULT '',
	commune_fold TEXT NOT NULL DEFAULT '',
	fold         TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX organisations_name ON organisations(name_fold);
CREATE INDEX organisations_parent ON organisations(parent_key) WHERE parent_key IS NOT NULL;
CREATE INDEX organisations_sector ON organisations(sector);
CREATE INDEX organisations_commune ON organisations(commune_fold);

CREATE TABLE organisation_domains (
	domain_key TEXT NOT NULL REFERENCES domains(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	org_key    TEXT NOT NULL REFERENCES organisations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	PRIMARY KEY (domain_key, org_key)
) WITHOUT ROWID;
CREATE INDEX organisation_domains_org ON organisation_domains(org_key);

CREATE TABLE people (
	key        TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	email      TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	visibility TEXT NOT NULL,
	name_fold  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX people_name ON people(name_fold);

CREATE TABLE memberships (
	person_key TEXT NOT NULL REFERENCES people(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	org_key    TEXT NOT NULL REFERENCES organisations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	role       TEXT NOT NULL DEFAULT '',
	since      TEXT NOT NULL DEFAULT '',
	until      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (person_key, org_key)
) WITHOUT ROWID;
CREATE INDEX memberships_org ON memberships(org_key);

CREATE TABLE collaborations (
	key                TEXT PRIMARY KEY,
	kind               TEXT NOT NULL,
	title              TEXT NOT NULL,
	domains            TEXT NOT NULL DEFAULT '',
	start_date         TEXT NOT NULL DEFAULT '',
	end_date           TEXT NOT NULL DEFAULT '',
	status             TEXT NOT NULL DEFAULT '',
	parent_key         TEXT REFERENCES collaborations(key) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
	location_key       TEXT REFERENCES organisations(key) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
	participants_count INTEGER,
	description        TEXT NOT NULL DEFAULT '',
	title_fold         TEXT NOT NULL DEFAULT '',
	date_low           TEXT NOT NULL DEFAULT '',
	date_high          TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX collaborations_title ON collaborations(title_fold);
CREATE INDEX collaborations_date ON collaborations(date_low);
CREATE INDEX collaborations_kind ON collaborations(kind);
CREATE INDEX collaborations_parent ON collaborations(parent_key) WHERE parent_key IS NOT NULL;
CREATE INDEX collaborations_location ON collaborations(location_key) WHERE location_key IS NOT NULL;

CREATE TABLE collaboration_domains (
	domain_key TEXT NOT NULL REFERENCES domains(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	collab_key TEXT NOT NULL REFERENCES collaborations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	PRIMARY KEY (domain_key, collab_key)
) WITHOUT ROWID;
CREATE INDEX collaboration_domains_collab ON collaboration_domains(collab_key);

CREATE TABLE participations (
	collab_key TEXT NOT NULL REFERENCES collaborations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	org_key    TEXT NOT NULL REFERENCES organisations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	role       TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (collab_key, org_key)
) WITHOUT ROWID;
CREATE INDEX participations_org ON participations(org_key, role);

CREATE TABLE person_participations (
	collab_key TEXT NOT NULL REFERENCES collaborations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	person_key TEXT NOT NULL REFERENCES people(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	role       TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (collab_key, person_key)
) WITHOUT ROWID;
CREATE INDEX person_participations_person ON person_participations(person_key, role);

CREATE TABLE partnerships (
	key         TEXT PRIMARY KEY,
	kind        TEXT NOT NULL,
	title       TEXT NOT NULL,
	start_date  TEXT NOT NULL DEFAULT '',
	end_date    TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	title_fold  TEXT NOT NULL DEFAULT '',
	date_low    TEXT NOT NULL DEFAULT '',
	date_high   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX partnerships_title ON partnerships(title_fold);
CREATE INDEX partnerships_date ON partnerships(date_low);

CREATE TABLE parties (
	partnership_key TEXT NOT NULL REFERENCES partnerships(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	org_key         TEXT NOT NULL REFERENCES organisations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	role            TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (partnership_key, org_key)
) WITHOUT ROWID;
CREATE INDEX parties_org ON parties(org_key);

CREATE TABLE knows (
	person_key TEXT NOT NULL REFERENCES people(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	other_key  TEXT NOT NULL REFERENCES people(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	since      TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (person_key, other_key)
) WITHOUT ROWID;
CREATE INDEX knows_other ON knows(other_key);

CREATE TABLE audit (
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	actor  TEXT NOT NULL,
	action TEXT NOT NULL,
	type   TEXT NOT NULL DEFAULT '',
	key    TEXT NOT NULL DEFAULT '',
	before TEXT NOT NULL DEFAULT '',
	after  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_subject ON audit(type, key);
CREATE INDEX audit_actor ON audit(actor);
`,
	// Partners finds the network of a membership without reading every member.
	`CREATE INDEX parties_role ON parties(partnership_key, role);`,
	// The change log that keeps every process's caches fresh (changes.go).
	changeLogMigration(),
	directoryMigration,
	// The keys that merges left, and the nodes they resolve to (merge.go):
	// a redirect goes with the node it leads to.
	`
CREATE TABLE organisation_redirects (
	key    TEXT PRIMARY KEY,
	target TEXT NOT NULL REFERENCES organisations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX organisation_redirects_target ON organisation_redirects(target);
CREATE TABLE person_redirects (
	key    TEXT PRIMARY KEY,
	target TEXT NOT NULL REFERENCES people(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX person_redirects_target ON person_redirects(target);
`,
	// A domain's English label (issue 13); empty: English shows labelFr.
	`ALTER TABLE domains ADD COLUMN label_en TEXT NOT NULL DEFAULT '';`,
	// Communes compared in French whatever the language they were written in
	// (reseau.FoldCommune): the folds stored before are rewritten.
	communeFoldMigration(),
}

// communeFoldMigration rewrites the commune folds of organisations and
// addresses stored with a Brussels commune's Dutch name to its French one.
func communeFoldMigration() string {
	nl := slices.Sorted(maps.Keys(reseau.CommuneFoldsToUpdate()))
	var b strings.Builder
	b.WriteString("CASE commune_fold")
	for _, k := range nl {
		fmt.Fprintf(&b, " WHEN '%s' THEN '%s'", k, reseau.CommuneFoldsToUpdate()[k])
	}
	b.WriteString(" ELSE commune_fold END")
	return "UPDATE organisations SET commune_fold = " + b.String() + " WHERE commune_fold != '';\n" +
		"UPDATE organisation_addresses SET commune_fold = " + b.String() + ";\n"
}

// directoryMigration stores an organisation's directory record (issue 12)
// as it stores its domains: whole, as the JSON column directory (what the
// node is read and compared with; empty when it has none), and as index
// tables that the list filters read, each indexed by what it is filtered
// on: addresses by postcode and by folded commune, opening hours by day and
// time (one row per day of a schedule), languages spoken by language (from
// the languages column, filled here for the stores that predate it). Their
// rows follow the node's in every write, and go with it by cascade. No
// change-log trigger: the organisations row changes in the same write, and
// no cache reads these tables.
const directoryMigration = `
ALTER TABLE organisations ADD COLUMN directory TEXT NOT NULL DEFAULT '';

CREATE TABLE organisation_addresses (
	org_key      TEXT NOT NULL REFERENCES organisations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	position     INTEGER NOT NULL,
	postcode     TEXT NOT NULL,
	commune_fold TEXT NOT NULL,
	PRIMARY KEY (org_key, position)
) WITHOUT ROWID;
CREATE INDEX organisation_addresses_postcode ON organisation_addresses(postcode);
CREATE INDEX organisation_addresses_commune ON organisation_addresses(commune_fold);

CREATE TABLE organisation_hours (
	org_key  TEXT NOT NULL REFERENCES organisations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	position INTEGER NOT NULL,
	day      TEXT NOT NULL,
	opens    TEXT NOT NULL,
	closes   TEXT NOT NULL,
	PRIMARY KEY (org_key, position, day)
) WITHOUT ROWID;
CREATE INDEX organisation_hours_day ON organisation_hours(day, opens, closes);

CREATE TABLE organisation_languages (
	language TEXT NOT NULL,
	org_key  TEXT NOT NULL REFERENCES organisations(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	PRIMARY KEY (language, org_key)
) WITHOUT ROWID;
CREATE INDEX organisation_languages_org ON organisation_languages(org_key);
INSERT OR IGNORE INTO organisation_languages(language, org_key)
	SELECT j.value, o.key FROM organisations o, json_each(o.languages) j WHERE o.languages != '';
`

// migrate brings the schema to the latest version, in one transaction: a
// crash mid-migration leaves the previous version intact.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return formatError(err)
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return formatError(err)
	}
	if v > len(migrations) {
		return fmt.Errorf("sqlite: %s has schema version %d, newer than this program's %d", s.path, v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("sqlite: migration %d: %w", i+1, err)
		}
	}
	if v == len(migrations) {
		return nil
	}
	// PRAGMA takes no parameters; the value is ours.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations))); err != nil {
		return formatError(err)
	}
	return formatError(tx.Commit())
}
