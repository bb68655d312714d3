-- Réseau's model as a generic relational schema, for PostGraphile 4 on PostgreSQL 15.
-- One table per node type, one per relationship, foreign keys and an index on each
-- referencing column so that PostGraphile exposes (and can serve) every relation.
-- Keys are the import keys (text) of the generated CSV; dates stay text because the
-- data holds partial dates (2015, 2015-06) exactly as Réseau does.

DROP SCHEMA IF EXISTS public CASCADE;
DROP SCHEMA IF EXISTS staging CASCADE;
CREATE SCHEMA public;

CREATE TYPE sector AS ENUM ('cpas', 'associatif', 'communal', 'public', 'mixte');
CREATE TYPE visibility AS ENUM ('network', 'private');

CREATE TABLE domains (
  key text PRIMARY KEY,
  label_fr text NOT NULL,
  label_nl text NOT NULL DEFAULT ''
);

CREATE TABLE organisations (
  key text PRIMARY KEY,
  name text NOT NULL,
  short_name text NOT NULL DEFAULT '',
  sector sector,
  parent_key text REFERENCES organisations (key),
  commune text NOT NULL DEFAULT '',
  languages text[] NOT NULL DEFAULT '{}',
  aliases text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX ON organisations (parent_key);
CREATE INDEX ON organisations (name);

CREATE TABLE organisation_domains (
  org_key text NOT NULL REFERENCES organisations (key),
  domain_key text NOT NULL REFERENCES domains (key),
  PRIMARY KEY (org_key, domain_key)
);
CREATE INDEX ON organisation_domains (domain_key);

CREATE TABLE collaborations (
  key text PRIMARY KEY,
  kind text NOT NULL,
  title text NOT NULL,
  start_date text,
  end_date text,
  status text NOT NULL DEFAULT '',
  parent_key text REFERENCES collaborations (key),
  location_key text REFERENCES organisations (key),
  participants_count int,
  description text NOT NULL DEFAULT ''
);
CREATE INDEX ON collaborations (parent_key);
CREATE INDEX ON collaborations (location_key);
CREATE INDEX ON collaborations (title);

CREATE TABLE collaboration_domains (
  collab_key text NOT NULL REFERENCES collaborations (key),
  domain_key text NOT NULL REFERENCES domains (key),
  PRIMARY KEY (collab_key, domain_key)
);
CREATE INDEX ON collaboration_domains (domain_key);

-- (Organisation)-[:TOOK_PART_IN {role}]->(Collaboration)
CREATE TABLE participations (
  collab_key text NOT NULL REFERENCES collaborations (key),
  org_key text NOT NULL REFERENCES organisations (key),
  role text NOT NULL,
  PRIMARY KEY (collab_key, org_key)
);
CREATE INDEX ON participations (org_key, collab_key);

CREATE TABLE partnerships (
  key text PRIMARY KEY,
  kind text NOT NULL,
  title text NOT NULL,
  start_date text,
  end_date text,
  description text NOT NULL DEFAULT ''
);

-- (Organisation)-[:PARTY_TO {role}]->(Partnership)
CREATE TABLE parties (
  partnership_key text NOT NULL REFERENCES partnerships (key),
  org_key text NOT NULL REFERENCES organisations (key),
  role text NOT NULL,
  PRIMARY KEY (partnership_key, org_key)
);
CREATE INDEX ON parties (org_key, partnership_key);

CREATE TABLE people (
  key text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  visibility visibility NOT NULL DEFAULT 'network'
);
CREATE INDEX ON people (name);

-- (Person)-[:WORKS_AT]->(Organisation)
CREATE TABLE memberships (
  person_key text NOT NULL REFERENCES people (key),
  org_key text NOT NULL REFERENCES organisations (key),
  role text NOT NULL DEFAULT '',
  since text,
  until text,
  PRIMARY KEY (person_key, org_key)
);
CREATE INDEX ON memberships (org_key);

-- (Person)-[:TOOK_PART_IN {role}]->(Collaboration)
CREATE TABLE person_participations (
  collab_key text NOT NULL REFERENCES collaborations (key),
  person_key text NOT NULL REFERENCES people (key),
  role text NOT NULL,
  PRIMARY KEY (collab_key, person_key)
);
CREATE INDEX ON person_participations (person_key);

-- (Person)-[:KNOWS]->(Person)
CREATE TABLE knows (
  person_key text NOT NULL REFERENCES people (key),
  other_key text NOT NULL REFERENCES people (key),
  since text,
  source text NOT NULL DEFAULT '',
  PRIMARY KEY (person_key, other_key)
);
CREATE INDEX ON knows (other_key);

-- Derived ties, the way a generic server gets them: SQL views that PostGraphile
-- exposes as relations of organisations through smart-comment foreign keys.
-- PostgreSQL pushes the parent's key (a grouping column) down into the view, so
-- one organisation's ties cost one index range scan and a hash aggregate.

-- Collaborators: the organisations that took part in the same collaborations;
-- invite_absent on either side makes no tie, nor a collaboration that did not
-- take place (Réseau's reseau.MakesTies: held, active, closed or no status);
-- weight = shared collaborations (participations' primary key makes each
-- shared collaboration count once).
CREATE VIEW collaborator_ties AS
SELECT a.org_key, b.org_key AS other_key, count(*)::int AS weight
FROM participations a
JOIN participations b ON b.collab_key = a.collab_key AND b.org_key <> a.org_key
JOIN collaborations c ON c.key = a.collab_key
WHERE a.role <> 'invite_absent' AND b.role <> 'invite_absent'
  AND lower(trim(c.status)) IN ('held', 'active', 'closed', '')
GROUP BY a.org_key, b.org_key;
COMMENT ON VIEW collaborator_ties IS E'@foreignKey (org_key) references organisations (key)\n@foreignKey (other_key) references organisations (key)';

-- Partners: organisations party to the same partnership, except that in a
-- membership (an adhesion with a party of role reseau) members are tied to the
-- network only, never to each other.
CREATE VIEW partner_ties AS
SELECT DISTINCT a.org_key, b.org_key AS other_key
FROM parties a
JOIN parties b ON b.partnership_key = a.partnership_key AND b.org_key <> a.org_key
JOIN partnerships p ON p.key = a.partnership_key
WHERE a.role = 'reseau' OR b.role = 'reseau'
   OR NOT (p.kind = 'adhesion'
           AND EXISTS (SELECT 1 FROM parties n WHERE n.partnership_key = p.key AND n.role = 'reseau'));
COMMENT ON VIEW partner_ties IS E'@foreignKey (org_key) references organisations (key)\n@foreignKey (other_key) references organisations (key)';
