UNWIND $rows AS row
MATCH (o:Organisation {key: row.organisation})
MATCH (p:Partnership {key: row.partnership})
MERGE (o)-[r:PARTY_TO]->(p)
SET r.role = row.role
