MATCH (p:Person)-[w:WORKS_AT]->(o:Organisation)
WHERE NOT $scopeNone
  AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
       OR EXISTS { (p)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })
RETURN p.key AS person, o.key AS organisation, w.role AS role, w.since AS since, w.until AS until
ORDER BY person, organisation
