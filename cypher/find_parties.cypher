// From = organisations, To = partnerships; anchored on the given end.
CALL () {
  UNWIND $from AS k
  MATCH (o:Organisation {key: k})-[r:PARTY_TO]->(p:Partnership)
  WHERE size($to) = 0 OR p.key IN $to
  RETURN o, r, p
  UNION
  UNWIND CASE WHEN size($from) = 0 THEN $to ELSE [] END AS k
  MATCH (o:Organisation)-[r:PARTY_TO]->(p:Partnership {key: k})
  RETURN o, r, p
}
RETURN p.key AS partnership, o.key AS organisation, r.role AS role
