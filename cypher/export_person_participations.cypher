MATCH (p:Person)-[r:TOOK_PART_IN]->(c:Collaboration)
WHERE NOT $scopeNone
  AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
       OR EXISTS { (p)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })
RETURN c.key AS collaboration, p.key AS person, r.role AS role
ORDER BY collaboration, person
