// Newest first: the total of the entries the filter keeps (only when the
// caller asks for it: $count, ListOptions.SkipCount; 0 otherwise), and one
// page. The total is counted as the entries stream by (nothing is held);
// the page walks the audit_entry_id index from the highest id down (a.id IS
// NOT NULL lets the index give the order) and stops after $offset + $limit
// kept entries, instead of collecting and sorting the whole log.
// Go sorts the page again by id (see Store.Audit): only the order of rows,
// not of a collect()ed list, is guaranteed.
CALL () {
  WITH $count AS counting WHERE counting
  MATCH (a:AuditEntry)
  WHERE ($actor = '' OR a.actor = $actor)
    AND ($type = '' OR a.type = $type)
    AND ($key = '' OR a.key = $key)
    AND ($since = '' OR a.at >= $since)
  RETURN count(a) AS total
}
CALL () {
  MATCH (a:AuditEntry)
  WHERE a.id IS NOT NULL
    AND ($actor = '' OR a.actor = $actor)
    AND ($type = '' OR a.type = $type)
    AND ($key = '' OR a.key = $key)
    AND ($since = '' OR a.at >= $since)
  WITH a ORDER BY a.id DESC
  SKIP $offset LIMIT $limit
  RETURN collect(a {.id, .at, .actor, .action, .type, .key, .before, .after}) AS items
}
RETURN total, items
