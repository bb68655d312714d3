// People scope: $scopeNone hides everyone, $scopeAll shows everyone, else
// NETWORK people and the PRIVATE people of one of $scopeOrgs.
UNWIND $keys AS k
MATCH (p:Person {key: k})
WHERE NOT $scopeNone
  AND ($scopeAll OR p.visibility = $network
       OR EXISTS { (p)-[:WORKS_AT]->(w:Organisation) WHERE w.key IN $scopeOrgs })
RETURN p {.key, .name, .email, .phone, .visibility} AS person
