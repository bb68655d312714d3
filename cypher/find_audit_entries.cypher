// Newest first: the total of the entries the filter keeps, and one page.
// Go sorts the page again by id (see Store.Audit): only the order of rows,
// not of a collect()ed list, is guaranteed.
MATCH (a:AuditEntry)
WHERE ($actor = '' OR a.actor = $actor)
  AND ($type = '' OR a.type = $type)
  AND ($key = '' OR a.key = $key)
  AND ($since = '' OR a.at >= $since)
WITH collect(a) AS matched
CALL (matched) {
  UNWIND matched AS a
  WITH a ORDER BY a.id DESC
  SKIP $offset LIMIT $limit
  RETURN collect(a {.id, .at, .actor, .action, .type, .key, .before, .after}) AS items
}
RETURN size(matched) AS total, items
