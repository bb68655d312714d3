// Idempotent schema migration, run at every start. One statement per
// semicolon-terminated line group; every statement is IF NOT EXISTS.

// Keys: one uniqueness constraint per label (it also backs every {key: $k} lookup).
CREATE CONSTRAINT domain_key IF NOT EXISTS FOR (n:Domain) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT organisation_key IF NOT EXISTS FOR (n:Organisation) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT collaboration_key IF NOT EXISTS FOR (n:Collaboration) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT partnership_key IF NOT EXISTS FOR (n:Partnership) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT counter_name IF NOT EXISTS FOR (n:Counter) REQUIRE n.name IS UNIQUE;

// Orderings and equality filters of the find_* queries.
CREATE INDEX organisation_sort_name IF NOT EXISTS FOR (n:Organisation) ON (n.sortName);
CREATE INDEX organisation_sector IF NOT EXISTS FOR (n:Organisation) ON (n.sector);
CREATE INDEX organisation_commune_fold IF NOT EXISTS FOR (n:Organisation) ON (n.communeFold);
CREATE INDEX person_sort_name IF NOT EXISTS FOR (n:Person) ON (n.sortName);
CREATE INDEX person_visibility IF NOT EXISTS FOR (n:Person) ON (n.visibility);
CREATE INDEX collaboration_sort_title IF NOT EXISTS FOR (n:Collaboration) ON (n.sortTitle);
CREATE INDEX collaboration_kind IF NOT EXISTS FOR (n:Collaboration) ON (n.kind);
CREATE INDEX collaboration_status IF NOT EXISTS FOR (n:Collaboration) ON (n.status);
CREATE INDEX collaboration_span IF NOT EXISTS FOR (n:Collaboration) ON (n.spanLow, n.spanHigh);
CREATE INDEX partnership_sort_title IF NOT EXISTS FOR (n:Partnership) ON (n.sortTitle);
CREATE INDEX partnership_kind IF NOT EXISTS FOR (n:Partnership) ON (n.kind);
CREATE INDEX partnership_span IF NOT EXISTS FOR (n:Partnership) ON (n.spanLow, n.spanHigh);
CREATE INDEX audit_entry_actor IF NOT EXISTS FOR (n:AuditEntry) ON (n.actor);
CREATE INDEX audit_entry_subject IF NOT EXISTS FOR (n:AuditEntry) ON (n.type, n.key);

// Substring filters (Text): CONTAINS on a folded copy is served by a text index.
CREATE TEXT INDEX organisation_fold IF NOT EXISTS FOR (n:Organisation) ON (n.fold);
CREATE TEXT INDEX person_fold IF NOT EXISTS FOR (n:Person) ON (n.fold);
CREATE TEXT INDEX collaboration_fold IF NOT EXISTS FOR (n:Collaboration) ON (n.fold);
CREATE TEXT INDEX partnership_fold IF NOT EXISTS FOR (n:Partnership) ON (n.fold);

// Search: the folded copy (reseau.Fold: lower case, accents stripped) is
// what the full-text index sees, so the analyzer need not fold accents.
// Not eventually consistent: a search right after a write finds it.
CREATE FULLTEXT INDEX reseau_search IF NOT EXISTS
FOR (n:Organisation|Person|Collaboration|Partnership|Domain) ON EACH [n.fold]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false}};
