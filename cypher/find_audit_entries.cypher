MATCH (a:AuditEntry)
WHERE ($actor = '' OR a.actor = $actor)
  AND ($type = '' OR a.type = $type)
  AND ($key = '' OR a.key = $key)
  AND ($since = '' OR a.at >= $since)
WITH a ORDER BY a.id DESC
WITH collect(a) AS matched
RETURN size(matched) AS total,
  [a IN matched[$offset..$stop] | a {.id, .at, .actor, .action, .type, .key, .before, .after}] AS items
