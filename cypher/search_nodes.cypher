// Candidates from the full-text index over the folded names; Go ranks them
// (exact folded match first) so that both stores rank alike. Hidden people
// are dropped here, before any limit.
CALL db.index.fulltext.queryNodes($index, $query, {limit: $candidates}) YIELD node, score
WITH node, score, [l IN labels(node) WHERE l IN $types][0] AS type
WHERE type IS NOT NULL
  AND (type <> $personType
       OR (NOT $scopeNone
           AND ($scopeAll OR node.visibility = $network
                OR EXISTS { (node)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })))
RETURN type, node.key AS key, node.fold AS fold, score
ORDER BY score DESC, key
