// DETACH DELETE: the node and every relationship of it, both directions.
UNWIND $keys AS k
MATCH (n:Person {key: k})
DETACH DELETE n
RETURN count(*) AS deleted
