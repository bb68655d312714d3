-- Loads the CSV folder written by `reseau generate` into schema.sql's tables: raw files
-- into staging tables with \copy, then typed rows, list columns (a;b;c) split into
-- relationship tables or arrays. setup.sh replaces @DIR@ with the folder (psql does
-- not interpolate variables in \copy).
\set ON_ERROR_STOP on
CREATE SCHEMA staging;
CREATE TABLE staging.domains (id text, label_fr text, label_nl text);
CREATE TABLE staging.organisations (id text, name text, short_name text, sector text, parent_id text,
  domains text, commune text, languages text, aliases text);
CREATE TABLE staging.collaborations (id text, kind text, title text, domains text, start_date text,
  end_date text, status text, parent_id text, location_id text, participants_count int, description text);
CREATE TABLE staging.collaboration_participants (collaboration_id text, organisation_id text, role text);
CREATE TABLE staging.partnerships (id text, kind text, title text, start_date text, end_date text, description text);
CREATE TABLE staging.partnership_parties (partnership_id text, organisation_id text, role text);
CREATE TABLE staging.people (id text, name text, email text, phone text, organisation_id text, role text,
  since text, until text, visibility text);
CREATE TABLE staging.collaboration_people (collaboration_id text, person_id text, role text);
CREATE TABLE staging.knows (person_id text, other_person_id text, since text, source text);

\copy staging.domains FROM '@DIR@/domains.csv' WITH (FORMAT csv, HEADER true)
\copy staging.organisations FROM '@DIR@/organisations.csv' WITH (FORMAT csv, HEADER true)
\copy staging.collaborations FROM '@DIR@/collaborations.csv' WITH (FORMAT csv, HEADER true)
\copy staging.collaboration_participants FROM '@DIR@/collaboration_participants.csv' WITH (FORMAT csv, HEADER true)
\copy staging.partnerships FROM '@DIR@/partnerships.csv' WITH (FORMAT csv, HEADER true)
\copy staging.partnership_parties FROM '@DIR@/partnership_parties.csv' WITH (FORMAT csv, HEADER true)
\copy staging.people FROM '@DIR@/people.csv' WITH (FORMAT csv, HEADER true)
\copy staging.collaboration_people FROM '@DIR@/collaboration_people.csv' WITH (FORMAT csv, HEADER true)
\copy staging.knows FROM '@DIR@/knows.csv' WITH (FORMAT csv, HEADER true)

BEGIN;
INSERT INTO domains SELECT id, label_fr, coalesce(label_nl, '') FROM staging.domains;
INSERT INTO organisations
  SELECT id, name, coalesce(short_name, ''), nullif(sector, '')::sector, NULL, coalesce(commune, ''),
         coalesce(string_to_array(languages, ';'), '{}'), coalesce(string_to_array(aliases, ';'), '{}')
  FROM staging.organisations;
UPDATE organisations o SET parent_key = s.parent_id FROM staging.organisations s
  WHERE s.id = o.key AND s.parent_id IS NOT NULL;
INSERT INTO organisation_domains
  SELECT DISTINCT id, d FROM staging.organisations, unnest(string_to_array(domains, ';')) d WHERE d <> '';
INSERT INTO collaborations
  SELECT id, kind, title, start_date, end_date, coalesce(status, ''), NULL, location_id, participants_count,
         coalesce(description, '')
  FROM staging.collaborations;
UPDATE collaborations c SET parent_key = s.parent_id FROM staging.collaborations s
  WHERE s.id = c.key AND s.parent_id IS NOT NULL;
INSERT INTO collaboration_domains
  SELECT DISTINCT id, d FROM staging.collaborations, unnest(string_to_array(domains, ';')) d WHERE d <> '';
INSERT INTO participations SELECT collaboration_id, organisation_id, coalesce(role, '') FROM staging.collaboration_participants;
INSERT INTO partnerships SELECT id, kind, title, start_date, end_date, coalesce(description, '') FROM staging.partnerships;
INSERT INTO parties SELECT partnership_id, organisation_id, coalesce(role, '') FROM staging.partnership_parties;
INSERT INTO people
  SELECT DISTINCT ON (id) id, name, coalesce(email, ''), coalesce(phone, ''), coalesce(nullif(visibility, ''), 'network')::visibility
  FROM staging.people ORDER BY id;
INSERT INTO memberships
  SELECT id, organisation_id, coalesce(role, ''), since, until FROM staging.people WHERE organisation_id IS NOT NULL;
INSERT INTO person_participations SELECT collaboration_id, person_id, coalesce(role, '') FROM staging.collaboration_people;
INSERT INTO knows SELECT person_id, other_person_id, since, coalesce(source, '') FROM staging.knows;
COMMIT;
DROP SCHEMA staging CASCADE;
VACUUM ANALYZE;
