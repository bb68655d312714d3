// The keys of the organisations tied to each of $keys, for a walk of the
// graph (an organisation path while the analytics index is built): the ties
// of find_collaborators ($collaborations: a shared collaboration of a status
// in $tieStatuses, neither side $inviteAbsent) and of find_partners
// ($partnerships: a shared partnership, in a membership from or to the
// network only), without their collaborations, dates and weights. One row
// per asked organisation with ties.
UNWIND $keys AS k
MATCH (t:Organisation {key: k})
CALL (t) {
  // Each branch is cut before it expands when its kind is not asked.
  WITH t WHERE $collaborations
  MATCH (t)-[r1:TOOK_PART_IN]->(c:Collaboration)<-[r2:TOOK_PART_IN]-(o:Organisation)
  WHERE o <> t
    AND toLower(trim(coalesce(c.status, ''))) IN $tieStatuses
    AND coalesce(r1.role, '') <> $inviteAbsent
    AND coalesce(r2.role, '') <> $inviteAbsent
  RETURN o
  UNION
  WITH t WHERE $partnerships
  MATCH (t)-[r1:PARTY_TO]->(p:Partnership)
  WITH t, p,
    r1.role = $networkRole OR p.kind <> $membershipKind
      OR NOT EXISTS { (:Organisation)-[n:PARTY_TO]->(p) WHERE n.role = $networkRole } AS anyParty
  MATCH (p)<-[r2:PARTY_TO]-(o:Organisation)
  WHERE o <> t AND (anyParty OR r2.role = $networkRole)
  RETURN o
}
RETURN k AS organisation, collect(DISTINCT o.key) AS tied
