UNWIND $rows AS row
MATCH (a:Person {key: row.person})
MATCH (b:Person {key: row.other})
MERGE (a)-[r:KNOWS]->(b)
SET r.since = row.since, r.source = row.source
