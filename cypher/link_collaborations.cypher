// Replaces each collaboration's own outgoing PART_OF, HELD_AT and ABOUT: all
// are deleted, then created from the row, one ABOUT per position of the
// domain list. CREATE, not MERGE: see link_organisations.
UNWIND $rows AS row
MATCH (c:Collaboration {key: row.key})
OPTIONAL MATCH (c)-[old:PART_OF|HELD_AT|ABOUT]->()
DELETE old
WITH DISTINCT c, row
CALL (c, row) {
  MATCH (p:Collaboration {key: row.parent})
  CREATE (c)-[:PART_OF]->(p)
}
CALL (c, row) {
  MATCH (l:Organisation {key: row.location})
  CREATE (c)-[:HELD_AT]->(l)
}
CALL (c, row) {
  UNWIND range(0, size(row.domains) - 1) AS i
  MATCH (d:Domain {key: row.domains[i]})
  CREATE (c)-[:ABOUT {position: i}]->(d)
}
