// find_people, started from index seeks instead of a scan of the
// label. Go fills one $seek… list, from the first filter that names keys
// (keys, then organisations), and leaves the others empty: the other
// branches unwind nothing. The WHERE below is find_people's whole
// filter, the seeded one included.
// One round trip: the filter runs once; the total counts what it keeps (0
// when the caller needs none: $count, ListOptions.SkipCount), and the page
// is the top $offset + $limit of those, sorted (ties by key).
// Each item carries its sortKey: Go sorts the page again (see findPage),
// since only the order of rows, not of a collect()ed list, is guaranteed.
// Hidden people are filtered before counting: a total never reveals them.
CALL () {
  UNWIND $seekKeys AS k
  MATCH (p:Person {key: k})
  RETURN p
  UNION
  UNWIND $seekOrganisations AS k
  MATCH (:Organisation {key: k})<-[:WORKS_AT]-(p:Person)
  RETURN p
}
WITH p
WHERE NOT $scopeNone
  AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
       OR EXISTS { (p)-[:WORKS_AT]->(w:Organisation) WHERE w.key IN $scopeOrgs })
  AND (size($keys) = 0 OR p.key IN $keys)
  AND ($text = '' OR p.fold CONTAINS $text)
  AND (size($organisations) = 0
       OR EXISTS { (p)-[:WORKS_AT]->(o:Organisation) WHERE o.key IN $organisations })
WITH collect(p) AS matched
CALL (matched) {
  UNWIND matched AS p
  WITH p, CASE WHEN $byKey THEN p.key ELSE p.sortName END AS sortKey
  ORDER BY CASE WHEN $desc THEN null ELSE sortKey END ASC, CASE WHEN $desc THEN sortKey END DESC,
    CASE WHEN $desc THEN null ELSE p.key END ASC, CASE WHEN $desc THEN p.key END DESC
  SKIP $offset LIMIT $limit
  RETURN collect(p {sortKey: sortKey, .key, .name, .email, .phone, .visibility}) AS items
}
RETURN CASE WHEN $count THEN size(matched) ELSE 0 END AS total, items
