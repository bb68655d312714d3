OPTIONAL MATCH (c:Counter {name: $counter})
RETURN coalesce(c.value, 0) AS version
