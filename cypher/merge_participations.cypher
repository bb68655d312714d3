UNWIND $rows AS row
MATCH (o:Organisation {key: row.organisation})
MATCH (c:Collaboration {key: row.collaboration})
MERGE (o)-[r:TOOK_PART_IN]->(c)
SET r.role = row.role
