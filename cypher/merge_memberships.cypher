UNWIND $rows AS row
MATCH (p:Person {key: row.person})
MATCH (o:Organisation {key: row.organisation})
MERGE (p)-[w:WORKS_AT]->(o)
SET w.role = row.role, w.since = row.since, w.until = row.until
