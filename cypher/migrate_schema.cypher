// Idempotent schema migration, run at every start: each statement is
// IF NOT EXISTS. Statements end with a semicolon at the end of a line.
//
// Only indexes that the statements use are created. Every lookup by key (the
// batch reads, merges, links, existence checks, deletes) seeks the index of a
// uniqueness constraint; search reads the full-text index; erasure seeks the
// audit log's (type, key) index. The list filters (find_*) test optional
// parameters (`size($kinds) = 0 OR c.kind IN $kinds`), which no index can
// serve: the planner solves an OR with indexes only when every branch can
// use one, and `size($kinds) = 0` cannot. So they scan the label once, on
// properties folded at write time, and sort with a top-k (ORDER BY … LIMIT)
// — fine at the M scale (5k organisations, 50k people), a full scan of
// 500k people per page at L (to be measured on a server). An index on
// sector, kind or fold would not be used by these statements; it would take
// one statement per combination of filters; add both together, not before.
//
// IF NOT EXISTS matches by name or by an equivalent schema: a changed
// definition under an existing name (say another analyzer for a search index) is
// silently NOT applied; give it a new name and drop the old one.

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
// The keys that merges left (merge_redirects, get_redirects seek them by
// id, their type and key joined by a slash).
CREATE CONSTRAINT redirect_id IF NOT EXISTS FOR (n:Redirect) REQUIRE n.id IS UNIQUE;
// The record of a batched import (merge_import_run seeks it by id).
CREATE CONSTRAINT import_run_id IF NOT EXISTS FOR (n:ImportRun) REQUIRE n.id IS UNIQUE;
// Erasure (redact_audit_entries: type = $type AND key = $key) would
// otherwise scan the whole audit log, which grows by one entry per write,
// on every DeletePerson. find_audit_entries' optional filters cannot use it.
CREATE INDEX audit_entry_type_key IF NOT EXISTS FOR (n:AuditEntry) ON (n.type, n.key);

// Search: one full-text index per type, so that a search for some types
// reads only their index. What they see is the folded copy of the names
// (reseau.Fold: lower case, accents and punctuation gone, words of letters
// and digits separated by one space, names by a newline), and the
// `whitespace` analyzer (Lucene's WhitespaceAnalyzer: split on white space,
// nothing else) cuts it into exactly reseau.Fold's words, which the query's
// words, folded the same way, are compared to. Not eventually consistent: a
// search right after a write finds it.
CREATE FULLTEXT INDEX search_organisation_words IF NOT EXISTS FOR (n:Organisation) ON EACH [n.fold]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_person_words IF NOT EXISTS FOR (n:Person) ON EACH [n.fold]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_collaboration_words IF NOT EXISTS FOR (n:Collaboration) ON EACH [n.fold]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_partnership_words IF NOT EXISTS FOR (n:Partnership) ON EACH [n.fold]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_domain_words IF NOT EXISTS FOR (n:Domain) ON EACH [n.fold]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};
// The one index of every type that the indexes above replace (its analyzer,
// standard-no-stop-words, split words as Unicode does, not as reseau.Fold).
// No statement reads it any more; a replica still running the previous
// version would, so upgrade every replica together.
DROP INDEX reseau_search IF EXISTS;
