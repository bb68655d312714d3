UNWIND $rows AS row
MATCH (:Person {key: row.person})-[w:WORKS_AT]->(:Organisation {key: row.organisation})
DELETE w
RETURN count(*) AS deleted
