// From = people, To = collaborations; hidden people's rows are dropped.
CALL () {
  UNWIND $from AS k
  MATCH (p:Person {key: k})-[r:TOOK_PART_IN]->(c:Collaboration)
  WHERE size($to) = 0 OR c.key IN $to
  RETURN p, r, c
  UNION
  UNWIND CASE WHEN size($from) = 0 THEN $to ELSE [] END AS k
  MATCH (p:Person)-[r:TOOK_PART_IN]->(c:Collaboration {key: k})
  RETURN p, r, c
}
WITH p, r, c
WHERE NOT $scopeNone
  AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
       OR EXISTS { (p)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })
RETURN c.key AS collaboration, p.key AS person, r.role AS role
