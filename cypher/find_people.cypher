// The whole label, filtered: the page when no filter names keys; with keys
// to start from, Go runs seek_people instead (same filter and page).
// One round trip. The total counts what the filter keeps, only when the
// caller asks for it ($count; ListOptions.SkipCount): the filter then runs
// once more for it. The page is the top $offset + $limit of what the filter
// keeps, sorted (ties by key), kept as the rows stream by rather than
// collected whole first.
// Each item carries its sortKey: Go sorts the page again (see findPage),
// since only the order of rows, not of a collect()ed list, is guaranteed.
// Hidden people are filtered before counting: a total never reveals them.
CALL () {
  WITH $count AS counting WHERE counting
  MATCH (p:Person)
  WHERE NOT $scopeNone
    AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
         OR EXISTS { (p)-[:WORKS_AT]->(w:Organisation) WHERE w.key IN $scopeOrgs })
    AND (size($keys) = 0 OR p.key IN $keys)
    AND ($text = '' OR p.fold CONTAINS $text)
    AND (size($organisations) = 0
         OR EXISTS { (p)-[:WORKS_AT]->(o:Organisation) WHERE o.key IN $organisations })
  RETURN count(p) AS total
}
CALL () {
  MATCH (p:Person)
  WHERE NOT $scopeNone
    AND ($scopeAll OR p.key = $scopeSelf OR p.visibility = $network
         OR EXISTS { (p)-[:WORKS_AT]->(w:Organisation) WHERE w.key IN $scopeOrgs })
    AND (size($keys) = 0 OR p.key IN $keys)
    AND ($text = '' OR p.fold CONTAINS $text)
    AND (size($organisations) = 0
         OR EXISTS { (p)-[:WORKS_AT]->(o:Organisation) WHERE o.key IN $organisations })
  WITH p, CASE WHEN $byKey THEN p.key ELSE p.sortName END AS sortKey
  ORDER BY CASE WHEN $desc THEN null ELSE sortKey END ASC, CASE WHEN $desc THEN sortKey END DESC,
    CASE WHEN $desc THEN null ELSE p.key END ASC, CASE WHEN $desc THEN p.key END DESC
  SKIP $offset LIMIT $limit
  RETURN collect(p {sortKey: sortKey, .key, .name, .email, .phone, .visibility}) AS items
}
RETURN total, items
