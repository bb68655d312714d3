// Collaboration ties of every asked organisation in one query; Go folds each
// pair's collaborations into weight and first/last dates. Only the
// collaborations of a tie-making status ($tieStatuses: reseau.TieStatuses)
// tie: a postponed meeting ties nobody.
UNWIND $keys AS k
MATCH (o:Organisation {key: k})-[r1:TOOK_PART_IN]->(c:Collaboration)<-[r2:TOOK_PART_IN]-(other:Organisation)
WHERE other <> o
  AND toLower(trim(coalesce(c.status, ''))) IN $tieStatuses
  AND coalesce(r1.role, '') <> $inviteAbsent
  AND coalesce(r2.role, '') <> $inviteAbsent
  AND (($fromLow = '' AND $toHigh = '')
       OR (c.spanLow IS NOT NULL
           AND ($fromLow = '' OR c.spanHigh >= $fromLow)
           AND ($toHigh = '' OR c.spanLow <= $toHigh)))
WITH k, other, collect(DISTINCT c) AS cs
RETURN k AS organisation, other.key AS other,
  [c IN cs | c {.key, .startDate, .endDate}] AS collaborations
