// Search candidates: the nodes whose folded names hold one of the query's
// words, anywhere in a word ($query is `*w1* OR *w2*`; Neo4j's full-text
// parser allows the leading wildcard). Nodes of other types and hidden
// people are dropped before LIMIT $candidates, so that they never crowd out
// the nodes asked for (the procedure's own {limit} option would cut before
// this WHERE). Go ranks the candidates with reseau.SearchScore, as every
// store; only a query matching more than $candidates visible nodes (one or
// two letters) can miss some, in the index's score order.
CALL db.index.fulltext.queryNodes($index, $query) YIELD node
WITH node, [l IN labels(node) WHERE l IN $types][0] AS type
WHERE type IS NOT NULL
  AND (type <> $personType
       OR (NOT $scopeNone
           AND ($scopeAll OR node.visibility = $network
                OR EXISTS { (node)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })))
RETURN type, node.key AS key, node.fold AS fold
LIMIT $candidates
