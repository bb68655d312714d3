package neo4j

import (
	"context"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/cypher"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestMigrateChecksConstraints: a key constraint missing after the
// migration (an index on Person.key made Neo4j answer "already exists")
// stops the start, naming it; all present, the start goes on.
func TestMigrateChecksConstraints(t *testing.T) {
	for _, skip := range []string{"", "Person.key", "AuditEntry.id"} {
		r := &racingSchema{recorder: newRecorder(t, func(name string, p map[string]any) []*driver.Record {
			return everyConstraint(skip)
		}), err: &driver.Neo4jError{Code: "Neo.ClientError.Schema.IndexAlreadyExists"}}
		err := newStore(r).Migrate(context.Background())
		switch {
		case skip == "" && err != nil:
			t.Errorf("every constraint there: Migrate = %v", err)
		case skip != "" && (reseau.ErrorCode(err) != reseau.EINTERNAL || !strings.Contains(err.Error(), skip)):
			t.Errorf("without %s: Migrate = %v, want %s naming it", skip, err, reseau.EINTERNAL)
		}
	}
	// The migration creates what the check asks for.
	all := cypher.Load().Get("migrate_schema")
	for _, c := range keyConstraints {
		label, prop, _ := strings.Cut(c, ".")
		if !strings.Contains(all, "FOR (n:"+label+") REQUIRE n."+prop+" IS UNIQUE") {
			t.Errorf("migrate_schema creates no constraint on %s", c)
		}
	}
}

// TestMigrationStatements checks the migration: idempotent statements, a
// uniqueness constraint on the key of each node label, the full-text index
// that Search names, and the audit log index that erasure seeks.
func TestMigrationStatements(t *testing.T) {
	stmts := cypher.Statements(cypher.Load().Get("migrate_schema"))
	all := strings.Join(stmts, "\n")
	for _, s := range stmts {
		if !strings.Contains(s, "IF NOT EXISTS") && !(strings.HasPrefix(s, "DROP ") && strings.HasSuffix(s, " IF EXISTS")) {
			t.Errorf("migration statement is not idempotent: %s", s)
		}
	}
	for _, label := range searchTypes {
		if !strings.Contains(all, "FOR (n:"+label+") REQUIRE n.key IS UNIQUE") {
			t.Errorf("no uniqueness constraint on %s.key", label)
		}
	}
	for _, label := range searchTypes {
		// One index per type, on the folded names, cut into words as
		// reseau.Fold cuts them.
		want := "CREATE FULLTEXT INDEX " + searchIndexes[label] + " IF NOT EXISTS FOR (n:" + label + ") ON EACH [n.fold]\n" +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'"
		if !strings.Contains(all, want) {
			t.Errorf("no full-text index %s on %s.fold with the whitespace analyzer", searchIndexes[label], label)
		}
	}
	// redact_audit_entries filters the audit log on type and key.
	if !strings.Contains(all, "FOR (n:AuditEntry) ON (n.type, n.key)") {
		t.Errorf("no index on AuditEntry (type, key)")
	}
}
