// Anchored on whichever end is given, so both directions are index seeks.
// An empty filter reads export_memberships instead.
CALL () {
  UNWIND $from AS k
  MATCH (p:Person {key: k})-[w:WORKS_AT]->(o:Organisation)
  WHERE size($to) = 0 OR o.key IN $to
  RETURN p, w, o
  UNION
  UNWIND CASE WHEN size($from) = 0 THEN $to ELSE [] END AS k
  MATCH (p:Person)-[w:WORKS_AT]->(o:Organisation {key: k})
  RETURN p, w, o
}
WITH p, w, o
WHERE NOT $scopeNone
  AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
       OR EXISTS { (p)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })
RETURN p.key AS person, o.key AS organisation, w.role AS role, w.since AS since, w.until AS until
