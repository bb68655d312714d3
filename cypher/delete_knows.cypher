UNWIND $rows AS row
MATCH (:Person {key: row.person})-[r:KNOWS]->(:Person {key: row.other})
DELETE r
RETURN count(*) AS deleted
