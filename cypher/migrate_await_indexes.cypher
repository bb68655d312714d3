// Blocks until the indexes of migrate_schema are online, so that the first
// query after start-up is served by them.
CALL db.awaitIndexes($timeoutSeconds)
