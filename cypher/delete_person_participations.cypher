UNWIND $rows AS row
MATCH (:Person {key: row.person})-[r:TOOK_PART_IN]->(:Collaboration {key: row.collaboration})
DELETE r
RETURN count(*) AS deleted
