// The whole label, filtered: the page when no filter names keys; with keys
// to start from, Go runs seek_collaborations instead (same filter and page).
// One round trip. The total counts what the filter keeps, only when the
// caller asks for it ($count; ListOptions.SkipCount): the filter then runs
// once more for it. The page is the top $offset + $limit of what the filter
// keeps, sorted (ties by key), kept as the rows stream by rather than
// collected whole first.
// Each item carries its sortKey: Go sorts the page again (see findPage),
// since only the order of rows, not of a collect()ed list, is guaranteed.
// Date overlap: spanLow/spanHigh are the span padded to whole days (see
// reseau.Overlaps); a collaboration without any date has none and only
// matches an unbounded range.
CALL () {
  WITH $count AS counting WHERE counting
  MATCH (c:Collaboration)
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
  RETURN count(c) AS total
}
CALL () {
  MATCH (c:Collaboration)
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
RETURN total, items
