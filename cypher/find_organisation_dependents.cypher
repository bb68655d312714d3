// What points at organisation $key and loses its pointer when it is deleted:
// its services (PART_OF) and the collaborations held there (HELD_AT).
MATCH (o:Organisation {key: $key})
RETURN [(s:Organisation)-[:PART_OF]->(o) | s.key] AS services,
       [(c:Collaboration)-[:HELD_AT]->(o) | c.key] AS heldHere
