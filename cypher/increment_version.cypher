// First statement of every write: it takes the write lock on the one
// Counter node (SET reading its own property locks before reading), so that
// writes are serialised like the embedded store's single writer and each
// check-then-write unit (exists? then create) is atomic. The new value is
// the version and the id of the write's audit entry; a rolled-back write
// leaves it unchanged.
MERGE (c:Counter {name: $counter})
ON CREATE SET c.value = 0
SET c.value = c.value + 1
RETURN c.value AS version
