// Imports that did not commit (status 'running' or 'failed'), oldest
// first: Open logs them, so that an interrupted import is not forgotten.
// A short label: one node per import that needed several transactions.
MATCH (r:ImportRun)
WHERE r.status <> 'committed'
RETURN r {.id, .status, .actor, .total, .written, .startedAt, .updatedAt} AS run
ORDER BY run.startedAt, run.id
