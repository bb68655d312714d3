// Every reason two visible people are acquainted, for all asked people in
// one query. UNION drops the duplicate of a KNOWS declared both ways. A
// collaboration ties people only with a tie-making status ($tieStatuses:
// reseau.TieStatuses).
UNWIND $keys AS k
MATCH (p:Person {key: k})
WHERE NOT $scopeNone
  AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
       OR EXISTS { (p)-[:WORKS_AT]->(s:Organisation) WHERE s.key IN $scopeOrgs })
CALL (p) {
  MATCH (p)-[r1:TOOK_PART_IN]->(c:Collaboration)<-[r2:TOOK_PART_IN]-(q:Person)
  WHERE q <> p
    AND toLower(trim(coalesce(c.status, ''))) IN $tieStatuses
    AND coalesce(r1.role, '') <> $inviteAbsent
    AND coalesce(r2.role, '') <> $inviteAbsent
  RETURN q, $reasonCollaboration AS kind, c.key AS reason
  UNION
  MATCH (p)-[:WORKS_AT]->(o:Organisation)<-[:WORKS_AT]-(q:Person)
  WHERE q <> p
  RETURN q, $reasonOrganisation AS kind, o.key AS reason
  UNION
  MATCH (p)-[:KNOWS]-(q:Person)
  WHERE q <> p
  RETURN q, $reasonKnows AS kind, '' AS reason
}
WITH k, q, kind, reason
WHERE $scopeAll OR q.key = $scopeSelf OR q.visibility = $network
  OR EXISTS { (q)-[:WORKS_AT]->(t:Organisation) WHERE t.key IN $scopeOrgs }
RETURN k AS person, q.key AS other, collect({kind: kind, key: reason}) AS reasons
