MATCH (c:Collaboration)
RETURN c {
  .key, .kind, .title, .startDate, .endDate, .status, .participantsCount, .description,
  parent: head([(c)-[:PART_OF]->(p:Collaboration) | p.key]),
  location: head([(c)-[:HELD_AT]->(l:Organisation) | l.key]),
  domains: [(c)-[r:ABOUT]->(d:Domain) | {key: d.key, position: r.position}]
} AS collaboration
ORDER BY c.key
