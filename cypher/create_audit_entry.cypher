// Last statement of every write, in the same transaction: who did what, with
// the node or relationship before and after (JSON, "" for none).
CREATE (:AuditEntry {id: $id, at: $at, actor: $actor, action: $action, type: $type, key: $key, before: $before, after: $after})
