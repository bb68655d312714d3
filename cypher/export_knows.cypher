MATCH (a:Person)-[r:KNOWS]->(b:Person)
WHERE NOT $scopeNone
  AND ($scopeAll
       OR ((a.key = $scopeSelf OR a.visibility = $network OR EXISTS { (a)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })
           AND (b.key = $scopeSelf OR b.visibility = $network OR EXISTS { (b)-[:WORKS_AT]->(t:Organisation) WHERE t.key IN $scopeOrgs })))
RETURN a.key AS person, b.key AS other, r.since AS since, r.source AS source
ORDER BY person, other
