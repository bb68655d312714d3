// find_partnerships, started from index seeks instead of a scan of the
// label. Go fills one $seek… list, from the first filter that names keys
// (keys, then organisations), and leaves the others empty: the other
// branches unwind nothing. The WHERE below is find_partnerships's whole
// filter, the seeded one included.
// One round trip: the filter runs once; the total counts what it keeps (0
// when the caller needs none: $count, ListOptions.SkipCount), and the page
// is the top $offset + $limit of those, sorted (ties by key).
// Each item carries its sortKey: Go sorts the page again (see findPage),
// since only the order of rows, not of a collect()ed list, is guaranteed.
CALL () {
  UNWIND $seekKeys AS k
  MATCH (p:Partnership {key: k})
  RETURN p
  UNION
  UNWIND $seekOrganisations AS k
  MATCH (:Organisation {key: k})-[:PARTY_TO]->(p:Partnership)
  RETURN p
}
WITH p
WHERE (size($keys) = 0 OR p.key IN $keys)
  AND (size($kinds) = 0 OR p.kind IN $kinds)
  AND ($text = '' OR p.fold CONTAINS $text)
  AND (($fromLow = '' AND $toHigh = '')
       OR (p.spanLow IS NOT NULL
           AND ($fromLow = '' OR p.spanHigh >= $fromLow)
           AND ($toHigh = '' OR p.spanLow <= $toHigh)))
  AND (size($organisations) = 0
       OR EXISTS { (o:Organisation)-[:PARTY_TO]->(p) WHERE o.key IN $organisations })
WITH collect(p) AS matched
CALL (matched) {
  UNWIND matched AS p
  WITH p, CASE $orderBy WHEN $orderKey THEN p.key WHEN $orderStart THEN p.sortDate ELSE p.sortTitle END AS sortKey
  ORDER BY CASE WHEN $desc THEN null ELSE sortKey END ASC, CASE WHEN $desc THEN sortKey END DESC,
    CASE WHEN $desc THEN null ELSE p.key END ASC, CASE WHEN $desc THEN p.key END DESC
  SKIP $offset LIMIT $limit
  RETURN collect(p {sortKey: sortKey, .key, .kind, .title, .startDate, .endDate, .description}) AS items
}
RETURN CASE WHEN $count THEN size(matched) ELSE 0 END AS total, items
