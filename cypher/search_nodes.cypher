// Search candidates: the nodes whose folded names hold one of the query's
// words. Each asked type has its own full-text index ($indexes: one row per
// type, {index, type, bounded}), so the type filter happens in the index.
// $query boosts, for each word w, the whole word over its prefix over its
// inside (`w^4 OR w*^2 OR *w*`; Neo4j's full-text parser allows the
// leading wildcard): Lucene's score puts exact and prefix hits first, so
// that the cut at $candidates keeps them. The procedure's own limit lets
// Lucene keep only the best $candidates (a top-k); it is left out (bounded
// false) for people seen by a scoped caller, whose hidden people are dropped
// by the WHERE after the index and must not crowd out the visible ones.
// Go ranks the candidates with reseau.SearchScore, as every store.
UNWIND $indexes AS row
CALL (row) {
  CALL db.index.fulltext.queryNodes(row.index, $query, CASE WHEN row.bounded THEN {limit: $candidates} ELSE {} END)
  YIELD node, score
  WHERE row.type <> $personType
     OR (NOT $scopeNone
         AND ($scopeAll OR node.key = $scopeSelf OR node.visibility = $network
              OR EXISTS { (node)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs }))
  RETURN node
  ORDER BY score DESC
  LIMIT $candidates
}
RETURN row.type AS type, node.key AS key, node.fold AS fold
