// Lints every cypher/*.cypher file with Neo4j's own Cypher front end
// (@neo4j-cypher/language-support, pinned in package.json), against the
// project's schema: labels, relationship types, property keys, each file's
// own parameters, and Neo4j's built-in functions and procedures (without the
// apoc.* and gds.* plugins, which docker-compose.yml does not install).
// Any diagnostic, error or warning, fails: a warning is how the front end
// reports an unknown label, relationship type or a deprecated form.
//
// Usage: node lint.cjs [cypher-dir]   (default: ../../cypher)
// It first proves that it catches deliberately broken queries.
'use strict';
const fs = require('fs');
const path = require('path');
const { lintCypherQuery, testData } = require('@neo4j-cypher/language-support');

const LABELS = ['Domain', 'Organisation', 'Person', 'Collaboration', 'Partnership', 'AuditEntry', 'Counter', 'ImportRun', 'Redirect'];
const REL_TYPES = ['PART_OF', 'ACTIVE_IN', 'ABOUT', 'WORKS_AT', 'TOOK_PART_IN', 'HELD_AT', 'PARTY_TO', 'KNOWS', 'RESOLVES_TO'];
const PROPERTY_KEYS = [
  'key', 'name', 'labelFr', 'labelNl', 'labelEn', 'shortName', 'sector', 'commune', 'languages', 'aliases',
  'email', 'phone', 'visibility', 'kind', 'title', 'startDate', 'endDate', 'status', 'participantsCount',
  'description', 'role', 'since', 'until', 'source', 'fold', 'sortName', 'sortTitle', 'communeFold',
  'sortDate', 'position', 'spanLow', 'spanHigh', 'id', 'at', 'actor', 'action', 'type', 'before', 'after', 'value',
  'total', 'written', 'startedAt', 'updatedAt',
  // An organisation's directory record (docs/neo4j.md).
  'nameFr', 'nameNl', 'descriptionFr', 'descriptionNl', 'website', 'emails', 'phones', 'addresses', 'schedules',
  'hoursNoteFr', 'hoursNoteNl', 'eligibilityFr', 'eligibilityNl', 'accessFr', 'accessNl', 'costFr', 'costNl',
  'identifiers', 'services', 'postcodes', 'addressCommunes', 'openingHours',
];

// Keep only Neo4j's own catalogue: the plugins are not installed.
function builtIns(registry) {
  const out = {};
  for (const [version, entries] of Object.entries(registry)) {
    out[version] = {};
    for (const [name, entry] of Object.entries(entries)) {
      if (!name.startsWith('apoc.') && !name.startsWith('gds.')) out[version][name] = entry;
    }
  }
  return out;
}
const FUNCTIONS = builtIns(testData.mockSchema.functions);
const PROCEDURES = builtIns(testData.mockSchema.procedures);

// A file's parameters are the $names it uses: the Go side passes them by
// the same names (internal/neo4j tests check that every parameter a file
// names is passed).
function parameters(src) {
  const params = {};
  for (const m of stripComments(src).matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) params[m[1]] = null;
  return params;
}

function stripComments(src) {
  return src.replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

function schemaFor(src, language) {
  return {
    defaultLanguage: language,
    labels: LABELS,
    relationshipTypes: REL_TYPES,
    propertyKeys: PROPERTY_KEYS,
    parameters: parameters(src),
    functions: FUNCTIONS,
    procedures: PROCEDURES,
  };
}

// Property keys are not checked by the front end; a misspelled one would
// silently read null, so they are checked here: every `.name` after a
// variable or in a map projection, and every `name:` in a node or
// relationship pattern, must be a known key.
function unknownProperties(src) {
  const code = stripComments(src)
    .replace(/'(?:[^'\\]|\\.)*'/g, "''")
    .replace(/`[^`]*`/g, '``')
    .replace(/\bCALL\s+[A-Za-z_.]+/g, 'CALL proc'); // procedure names are not properties
  const found = new Set();
  for (const m of code.matchAll(/(?:\b([a-z][A-Za-z0-9_]*)|[{,]\s*)\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
    // row is the UNWIND variable of a $rows parameter: its keys are the
    // parameter's, not the graph's.
    if (m[1] !== 'row') found.add(m[2]);
  }
  for (const m of code.matchAll(/\(\s*[A-Za-z0-9_]*\s*:[A-Za-z|]+\s*\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:/g)) found.add(m[1]);
  return [...found].filter((k) => !PROPERTY_KEYS.includes(k));
}

// Neo4j 5 runs Cypher 5; Neo4j 2025+ also runs Cypher 25. Every statement
// must pass both, so that a server upgrade needs no query change.
const LANGUAGES = ['CYPHER 5', 'CYPHER 25'];

function lint(src) {
  const problems = [];
  for (const language of LANGUAGES) {
    for (const statement of statements(src)) {
      for (const d of lintCypherQuery(statement, schemaFor(src, language))) {
        const sev = d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info';
        const line = d.range ? d.range.start.line + 1 : '?';
        problems.push(`${sev} (${language}, statement line ${line}): ${d.message}`);
      }
    }
  }
  for (const k of unknownProperties(src)) problems.push(`error: unknown property key ${k}`);
  return problems;
}

// The migration holds several statements; the Go side splits it the same way
// (cypher.Statements: on a semicolon that ends a line).
function statements(src) {
  return src.split(';\n').map((s) => s.trim()).filter((s) => stripComments(s).trim() !== '');
}

// Self-test: each of these must be rejected, or the lint proves nothing.
const BROKEN = {
  'syntax error': 'MATCH (o:Organisation {key: $key} RETURN o',
  'undefined variable': 'MATCH (o:Organisation {key: $key}) RETURN p.name',
  'unknown function': 'MATCH (o:Organisation {key: $key}) RETURN toUpperr(o.name)',
  'plugin function': 'MATCH (o:Organisation {key: $key}) RETURN apoc.text.clean(o.name)',
  'unknown label': 'MATCH (o:Organization {key: $key}) RETURN o.name',
  'unknown relationship type': 'MATCH (o:Organisation {key: $key})-[:WORKS_FOR]->(p) RETURN p',
  'unknown property': 'MATCH (o:Organisation {key: $key}) RETURN o.nmae',
  'unknown procedure': "CALL db.index.fulltext.queryNode('reseau_search', $q) YIELD node RETURN node",
  'deprecated subquery': 'MATCH (o:Organisation {key: $key}) CALL { WITH o RETURN 1 AS x } RETURN x',
  'type mismatch': 'MATCH (o:Organisation {key: $key}) WHERE o.key IN 1 RETURN o',
  'variable out of scope': 'MATCH (o:Organisation {key: $key}) WITH o.name AS name RETURN o.key',
  'union columns': 'MATCH (o:Organisation) RETURN o.key AS a UNION MATCH (p:Person) RETURN p.key AS b',
  'unknown procedure output': "CALL db.index.fulltext.queryNodes('reseau_search', $q) YIELD nod RETURN nod",
};

function main() {
  let failed = false;
  for (const [name, q] of Object.entries(BROKEN)) {
    if (lint(q).length === 0) {
      console.error(`self-test: the lint accepts a query with a ${name}: ${q}`);
      failed = true;
    }
  }
  if (lint('MATCH (o:Organisation {key: $key}) RETURN o.name').length !== 0) {
    console.error('self-test: the lint rejects a correct query');
    failed = true;
  }
  if (failed) process.exit(2);

  const dir = process.argv[2] || path.join(__dirname, '..', '..', 'cypher');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cypher')).sort();
  if (files.length === 0) {
    console.error(`no .cypher file in ${dir}`);
    process.exit(2);
  }
  let bad = 0;
  for (const f of files) {
    const problems = lint(fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const p of problems) console.error(`${f}: ${p}`);
    if (problems.length > 0) bad++;
  }
  console.log(`cypher-lint: ${files.length} files, ${bad} with problems (self-test: ${Object.keys(BROKEN).length} broken queries rejected)`);
  process.exit(bad > 0 ? 1 : 0);
}

main();
