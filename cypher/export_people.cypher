MATCH (p:Person)
WHERE NOT $scopeNone
  AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
       OR EXISTS { (p)-[:WORKS_AT]->(w:Organisation) WHERE w.key IN $scopeOrgs })
RETURN p {.key, .name, .email, .phone, .visibility} AS person
ORDER BY p.key
