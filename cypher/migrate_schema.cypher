// Idempotent schema migration, run at every start: each statement is
// IF NOT EXISTS. Statements end with a semicolon at the end of a line.
//
// Only indexes that the statements use are created. Every lookup by key (the
// batch reads, merges, links, existence checks, deletes) seeks the index of a
// uniqueness constraint; search reads the full-text index. The list filters
// (find_*) test optional parameters (`size($kinds) = 0 OR c.kind IN $kinds`),
// which no index can serve: they scan the label once, on properties folded at
// write time, and sort with a top-k (ORDER BY … LIMIT) — fine at the M scale
// (5k organisations, 50k people). Indexes per filter would need one statement
// per combination of filters; add them with such statements, not before.

// Keys: one uniqueness constraint per label.
CREATE CONSTRAINT domain_key IF NOT EXISTS FOR (n:Domain) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT organisation_key IF NOT EXISTS FOR (n:Organisation) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT collaboration_key IF NOT EXISTS FOR (n:Collaboration) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT partnership_key IF NOT EXISTS FOR (n:Partnership) REQUIRE n.key IS UNIQUE;
// The audit log is numbered by the version counter, one node serialising
// every write (increment_version).
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT counter_name IF NOT EXISTS FOR (n:Counter) REQUIRE n.name IS UNIQUE;

// Search: the folded copy of the names (reseau.Fold: lower case, accents and
// punctuation gone) is what the full-text index sees, so search is accent-
// and case-insensitive whatever the analyzer; standard-no-stop-words keeps
// "la" and "de", which are names here. Not eventually consistent: a search
// right after a write finds it.
CREATE FULLTEXT INDEX reseau_search IF NOT EXISTS
FOR (n:Organisation|Person|Collaboration|Partnership|Domain) ON EACH [n.fold]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false}};
