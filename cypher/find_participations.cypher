// From = organisations, To = collaborations; anchored on the given end.
CALL () {
  UNWIND $from AS k
  MATCH (o:Organisation {key: k})-[r:TOOK_PART_IN]->(c:Collaboration)
  WHERE size($to) = 0 OR c.key IN $to
  RETURN o, r, c
  UNION
  UNWIND CASE WHEN size($from) = 0 THEN $to ELSE [] END AS k
  MATCH (o:Organisation)-[r:TOOK_PART_IN]->(c:Collaboration {key: k})
  RETURN o, r, c
}
RETURN c.key AS collaboration, o.key AS organisation, r.role AS role
