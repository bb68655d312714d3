// The organisations tied to a tie condition's targets (the organisations
// of $sectors and those of $keys), for the tiedTo and notTiedTo filters of
// find_organisations: Go passes the answer as its keys, or its except keys.
// The ties are those of find_collaborators ($collaborations: a shared
// collaboration of a status in $tieStatuses, neither side $inviteAbsent)
// and of find_partners ($partnerships: a shared partnership, in a
// membership from or to the network only). Walked from the targets, a few
// organisations, not from every candidate: one row, the keys.
CALL () {
  UNWIND $keys AS k
  MATCH (t:Organisation {key: k})
  RETURN t
  UNION
  MATCH (t:Organisation)
  WHERE t.sector IN $sectors
  RETURN t
}
CALL (t) {
  MATCH (t)-[r1:TOOK_PART_IN]->(c:Collaboration)<-[r2:TOOK_PART_IN]-(o:Organisation)
  WHERE $collaborations AND o <> t
    AND toLower(trim(coalesce(c.status, ''))) IN $tieStatuses
    AND coalesce(r1.role, '') <> $inviteAbsent
    AND coalesce(r2.role, '') <> $inviteAbsent
  RETURN o
  UNION
  MATCH (t)-[r1:PARTY_TO]->(p:Partnership)
  WHERE $partnerships
  WITH t, p,
    r1.role = $networkRole OR p.kind <> $membershipKind
      OR NOT EXISTS { (:Organisation)-[n:PARTY_TO]->(p) WHERE n.role = $networkRole } AS anyParty
  MATCH (p)<-[r2:PARTY_TO]-(o:Organisation)
  WHERE o <> t AND (anyParty OR r2.role = $networkRole)
  RETURN o
}
RETURN collect(DISTINCT o.key) AS keys
