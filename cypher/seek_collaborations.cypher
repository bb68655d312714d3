// find_collaborations, started from index seeks instead of a scan of the
// label. Go fills one $seek… list, from the first filter that names keys
// (keys, then parents for subEvents, organisations, locations, domains),
// and leaves the others empty: the other branches unwind nothing. The WHERE below is find_collaborations's whole
// filter, the seeded one included.
// One round trip: the filter runs once; the total counts what it keeps (0
// when the caller needs none: $count, ListOptions.SkipCount), and the page
// is the top $offset + $limit of those, sorted (ties by key).
// Each item carries its sortKey: Go sorts the page again (see findPage),
// since only the order of rows, not of a collect()ed list, is guaranteed.
// Date overlap: spanLow/spanHigh are the span padded to whole days (see
// reseau.Overlaps); a collaboration without any date has none and only
// matches an unbounded range.
CALL () {
  UNWIND $seekKeys AS k
  MATCH (c:Collaboration {key: k})
  RETURN c
  UNION
  UNWIND $seekParents AS k
  MATCH (:Collaboration {key: k})<-[:PART_OF]-(c:Collaboration)
  RETURN c
  UNION
  UNWIND $seekOrganisations AS k
  MATCH (:Organisation {key: k})-[:TOOK_PART_IN]->(c:Collaboration)
  RETURN c
  UNION
  UNWIND $seekLocations AS k
  MATCH (:Organisation {key: k})<-[:HELD_AT]-(c:Collaboration)
  RETURN c
  UNION
  UNWIND $seekDomains AS k
  MATCH (:Domain {key: k})<-[:ABOUT]-(c:Collaboration)
  RETURN c
}
WITH c
WHERE (size($keys) = 0 OR c.key IN $keys)
  AND (size($kinds) = 0 OR c.kind IN $kinds)
  AND (size($statuses) = 0 OR c.status IN $statuses)
  AND ($text = '' OR c.fold CONTAINS $text)
  AND (($fromLow = '' AND $toHigh = '')
       OR (c.spanLow IS NOT NULL
           AND ($fromLow = '' OR c.spanHigh >= $fromLow)
           AND ($toHigh = '' OR c.spanLow <= $toHigh)))
  AND (size($domains) = 0 OR EXISTS { (c)-[:ABOUT]->(d:Domain) WHERE d.key IN $domains })
  AND (size($parents) = 0 OR EXISTS { (c)-[:PART_OF]->(p:Collaboration) WHERE p.key IN $parents })
  AND (size($organisations) = 0
       OR EXISTS { (o:Organisation)-[:TOOK_PART_IN]->(c) WHERE o.key IN $organisations })
  AND (size($locations) = 0 OR EXISTS { (c)-[:HELD_AT]->(l:Organisation) WHERE l.key IN $locations })
WITH collect(c) AS matched
CALL (matched) {
  UNWIND matched AS c
  WITH c, CASE $orderBy WHEN $orderKey THEN c.key WHEN $orderStart THEN c.sortDate ELSE c.sortTitle END AS sortKey
  ORDER BY CASE WHEN $desc THEN null ELSE sortKey END ASC, CASE WHEN $desc THEN sortKey END DESC,
    CASE WHEN $desc THEN null ELSE c.key END ASC, CASE WHEN $desc THEN c.key END DESC
  SKIP $offset LIMIT $limit
  RETURN collect(c {
    sortKey: sortKey,
    .key, .kind, .title, .startDate, .endDate, .status, .participantsCount, .description,
    parent: head([(c)-[:PART_OF]->(p:Collaboration) | p.key]),
    location: head([(c)-[:HELD_AT]->(l:Organisation) | l.key]),
    domains: [(c)-[r:ABOUT]->(d:Domain) | {key: d.key, position: r.position}]
  }) AS items
}
RETURN CASE WHEN $count THEN size(matched) ELSE 0 END AS total, items
