MATCH (o:Organisation)
RETURN o {
  .key, .name, .shortName, .sector, .commune, .languages, .aliases,
  parent: head([(o)-[:PART_OF]->(p:Organisation) | p.key]),
  domains: [(o)-[r:ACTIVE_IN]->(d:Domain) | {key: d.key, position: r.position}]
} AS organisation
ORDER BY o.key
