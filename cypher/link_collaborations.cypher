// Replaces each collaboration's own outgoing PART_OF, HELD_AT and ABOUT.
UNWIND $rows AS row
MATCH (c:Collaboration {key: row.key})
OPTIONAL MATCH (c)-[old:PART_OF|HELD_AT|ABOUT]->()
DELETE old
WITH DISTINCT c, row
CALL (c, row) {
  MATCH (p:Collaboration {key: row.parent})
  MERGE (c)-[:PART_OF]->(p)
}
CALL (c, row) {
  MATCH (l:Organisation {key: row.location})
  MERGE (c)-[:HELD_AT]->(l)
}
CALL (c, row) {
  UNWIND range(0, size(row.domains) - 1) AS i
  MATCH (d:Domain {key: row.domains[i]})
  MERGE (c)-[r:ABOUT]->(d)
  SET r.position = i
}
