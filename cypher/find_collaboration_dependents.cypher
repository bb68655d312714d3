// What points at collaboration $key and loses its pointer when it is
// deleted: its sub-events (PART_OF).
MATCH (c:Collaboration {key: $key})
RETURN [(s:Collaboration)-[:PART_OF]->(c) | s.key] AS subEvents
