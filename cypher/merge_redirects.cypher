// Makes each row's key, of type row.type (Organisation or Person), resolve
// to the node row.into: the :Redirect is created, or taken up (one whose
// node was deleted has no RESOLVES_TO left), and its RESOLVES_TO replaced.
// Re-running the statement gives the same relationships: a retried
// transaction is safe. The label is chosen by a filter in each branch, as
// a label cannot be a parameter: each branch is one index seek.
UNWIND $rows AS row
MERGE (r:Redirect {id: row.type + '/' + row.key})
SET r.type = row.type, r.key = row.key
WITH r, row
OPTIONAL MATCH (r)-[old:RESOLVES_TO]->()
DELETE old
WITH DISTINCT r, row
CALL (r, row) {
  MATCH (o:Organisation {key: row.into})
  WHERE row.type = 'Organisation'
  CREATE (r)-[:RESOLVES_TO]->(o)
}
CALL (r, row) {
  MATCH (p:Person {key: row.into})
  WHERE row.type = 'Person'
  CREATE (r)-[:RESOLVES_TO]->(p)
}
