// Replaces each organisation's own outgoing PART_OF and ACTIVE_IN.
UNWIND $rows AS row
MATCH (o:Organisation {key: row.key})
OPTIONAL MATCH (o)-[old:PART_OF|ACTIVE_IN]->()
DELETE old
WITH DISTINCT o, row
CALL (o, row) {
  MATCH (p:Organisation {key: row.parent})
  MERGE (o)-[:PART_OF]->(p)
}
CALL (o, row) {
  UNWIND range(0, size(row.domains) - 1) AS i
  MATCH (d:Domain {key: row.domains[i]})
  MERGE (o)-[r:ACTIVE_IN]->(d)
  SET r.position = i
}
