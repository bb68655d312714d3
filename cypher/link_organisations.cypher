// Replaces each organisation's own outgoing PART_OF and ACTIVE_IN: all are
// deleted, then created from the row, one ACTIVE_IN per position of the
// domain list. CREATE, not MERGE: nothing of these types is left to match,
// and a domain listed twice must keep both positions, as the embedded store
// keeps the list as given (MERGE would fold it into one, at the last
// position). Each clause takes the graph as the previous clause left it for
// every row (Cypher manual, "Clause composition"; the planner adds an Eager
// barrier where a later write conflicts with an earlier read), so the
// OPTIONAL MATCH never sees, and deletes, what a CREATE made. Re-running the
// statement gives the same relationships: a retried transaction is safe.
UNWIND $rows AS row
MATCH (o:Organisation {key: row.key})
OPTIONAL MATCH (o)-[old:PART_OF|ACTIVE_IN]->()
DELETE old
WITH DISTINCT o, row
CALL (o, row) {
  MATCH (p:Organisation {key: row.parent})
  CREATE (o)-[:PART_OF]->(p)
}
CALL (o, row) {
  UNWIND range(0, size(row.domains) - 1) AS i
  MATCH (d:Domain {key: row.domains[i]})
  CREATE (o)-[:ACTIVE_IN {position: i}]->(d)
}
