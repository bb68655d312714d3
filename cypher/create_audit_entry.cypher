// Every write ends with this statement in its own transaction: it bumps the
// version counter (which also numbers the entries) and records the entry.
MERGE (c:Counter {name: $counter})
ON CREATE SET c.value = 0
SET c.value = c.value + 1
CREATE (a:AuditEntry {id: c.value, at: $at, actor: $actor, action: $action, type: $type, key: $key, before: $before, after: $after})
RETURN c.value AS version
