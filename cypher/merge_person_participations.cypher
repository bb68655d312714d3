UNWIND $rows AS row
MATCH (p:Person {key: row.person})
MATCH (c:Collaboration {key: row.collaboration})
MERGE (p)-[r:TOOK_PART_IN]->(c)
SET r.role = row.role
