UNWIND $rows AS row
MATCH (:Organisation {key: row.organisation})-[r:PARTY_TO]->(:Partnership {key: row.partnership})
DELETE r
RETURN count(*) AS deleted
