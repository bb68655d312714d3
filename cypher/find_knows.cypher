// From and To each match either end of a KNOWS (as the embedded store
// does); both people must be visible to the caller.
CALL () {
  UNWIND $from AS k
  MATCH (:Person {key: k})-[r:KNOWS]-(:Person)
  WITH DISTINCT r
  MATCH (a:Person)-[r]->(b:Person)
  WHERE size($to) = 0 OR a.key IN $to OR b.key IN $to
  RETURN a, r, b
  UNION
  UNWIND CASE WHEN size($from) = 0 THEN $to ELSE [] END AS k
  MATCH (:Person {key: k})-[r:KNOWS]-(:Person)
  WITH DISTINCT r
  MATCH (a:Person)-[r]->(b:Person)
  RETURN a, r, b
}
WITH a, r, b
WHERE NOT $scopeNone
  AND ($scopeAll
       OR ((a.key = $scopeSelf OR a.visibility = $network OR EXISTS { (a)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })
           AND (b.key = $scopeSelf OR b.visibility = $network OR EXISTS { (b)-[:WORKS_AT]->(t:Organisation) WHERE t.key IN $scopeOrgs })))
RETURN a.key AS person, b.key AS other, r.since AS since, r.source AS source
