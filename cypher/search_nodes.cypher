// Search candidates: the nodes whose folded names hold one of the query's
// words, anywhere in a word ($query is `*w1* OR *w2*`; Neo4j's full-text
// parser allows the leading wildcard). Hidden people are dropped here, before
// any limit; Go ranks the candidates with reseau.SearchScore, as every store.
CALL db.index.fulltext.queryNodes($index, $query, {limit: $candidates}) YIELD node
WITH node, [l IN labels(node) WHERE l IN $types][0] AS type
WHERE type IS NOT NULL
  AND (type <> $personType
       OR (NOT $scopeNone
           AND ($scopeAll OR node.visibility = $network
                OR EXISTS { (node)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })))
RETURN type, node.key AS key, node.fold AS fold
