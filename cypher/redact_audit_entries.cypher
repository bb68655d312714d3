// Erasure: earlier entries about an erased person keep that a change
// happened, not what it said.
MATCH (a:AuditEntry)
WHERE a.type = $type AND a.key = $key
SET a.before = CASE WHEN a.before = '' THEN '' ELSE $redacted END,
    a.after = CASE WHEN a.after = '' THEN '' ELSE $redacted END
