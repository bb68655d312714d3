// The whole label, filtered: the page when no filter names keys; with keys
// to start from, Go runs seek_partnerships instead (same filter and page).
// One round trip. The total counts what the filter keeps, only when the
// caller asks for it ($count; ListOptions.SkipCount): the filter then runs
// once more for it. The page is the top $offset + $limit of what the filter
// keeps, sorted (ties by key), kept as the rows stream by rather than
// collected whole first.
// Each item carries its sortKey: Go sorts the page again (see findPage),
// since only the order of rows, not of a collect()ed list, is guaranteed.
CALL () {
  WITH $count AS counting WHERE counting
  MATCH (p:Partnership)
  WHERE (size($keys) = 0 OR p.key IN $keys)
    AND (size($kinds) = 0 OR p.kind IN $kinds)
    AND ($text = '' OR p.fold CONTAINS $text)
    AND (($fromLow = '' AND $toHigh = '')
         OR (p.spanLow IS NOT NULL
             AND ($fromLow = '' OR p.spanHigh >= $fromLow)
             AND ($toHigh = '' OR p.spanLow <= $toHigh)))
    AND (size($organisations) = 0
         OR EXISTS { (o:Organisation)-[:PARTY_TO]->(p) WHERE o.key IN $organisations })
  RETURN count(p) AS total
}
CALL () {
  MATCH (p:Partnership)
  WHERE (size($keys) = 0 OR p.key IN $keys)
    AND (size($kinds) = 0 OR p.kind IN $kinds)
    AND ($text = '' OR p.fold CONTAINS $text)
    AND (($fromLow = '' AND $toHigh = '')
         OR (p.spanLow IS NOT NULL
             AND ($fromLow = '' OR p.spanHigh >= $fromLow)
             AND ($toHigh = '' OR p.spanLow <= $toHigh)))
    AND (size($organisations) = 0
         OR EXISTS { (o:Organisation)-[:PARTY_TO]->(p) WHERE o.key IN $organisations })
  WITH p, CASE $orderBy WHEN $orderKey THEN p.key WHEN $orderStart THEN p.sortDate ELSE p.sortTitle END AS sortKey
  ORDER BY CASE WHEN $desc THEN null ELSE sortKey END ASC, CASE WHEN $desc THEN sortKey END DESC,
    CASE WHEN $desc THEN null ELSE p.key END ASC, CASE WHEN $desc THEN p.key END DESC
  SKIP $offset LIMIT $limit
  RETURN collect(p {sortKey: sortKey, .key, .kind, .title, .startDate, .endDate, .description}) AS items
}
RETURN total, items
