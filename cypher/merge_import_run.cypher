// The record of an import committed in several transactions (Store.Import):
// created with status 'running' once the whole dataset is valid, brought up
// to date by every batch ($written rows so far), and set to 'committed' by
// the transaction that writes the import's audit entry ('failed' when the
// store saw a batch fail). A run left 'running' or 'failed' is an
// interrupted import: the rows it wrote stay, and running the same import
// again finishes it (every row is an upsert by key).
MERGE (r:ImportRun {id: $id})
ON CREATE SET r.startedAt = $at, r.actor = $actor, r.total = $total
SET r.status = $status, r.written = $written, r.updatedAt = $at
