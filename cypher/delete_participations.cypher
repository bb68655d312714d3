UNWIND $rows AS row
MATCH (:Organisation {key: row.organisation})-[r:TOOK_PART_IN]->(:Collaboration {key: row.collaboration})
DELETE r
RETURN count(*) AS deleted
