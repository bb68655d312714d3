MATCH (o:Organisation)
RETURN o {
  .key, .name, .shortName, .sector, .commune, .languages, .aliases,
  .nameFr, .nameNl, .descriptionFr, .descriptionNl, .website, .emails, .phones, .addresses, .schedules,
  .hoursNoteFr, .hoursNoteNl, .eligibilityFr, .eligibilityNl, .accessFr, .accessNl, .costFr, .costNl,
  .identifiers, .services,
  parent: head([(o)-[:PART_OF]->(p:Organisation) | p.key]),
  domains: [(o)-[r:ACTIVE_IN]->(d:Domain) | {key: d.key, position: r.position}]
} AS organisation
ORDER BY o.key
