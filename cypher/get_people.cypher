// People scope: $scopeNone hides everyone, $scopeAll shows everyone, else
// NETWORK people, the PRIVATE people of one of $scopeOrgs, and $scopeSelf (the
// caller's own person, "" for none).
UNWIND $keys AS k
MATCH (p:Person {key: k})
WHERE NOT $scopeNone
  AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
       OR EXISTS { (p)-[:WORKS_AT]->(w:Organisation) WHERE w.key IN $scopeOrgs })
RETURN p {.key, .name, .email, .phone, .visibility} AS person
