// Properties only: link_organisations sets PART_OF and ACTIVE_IN once every
// node of the batch exists, so that references may point forward. The
// directory record is properties too (docs/neo4j.md, "Directory records"):
// phones, addresses, schedules, identifiers and services as JSON strings,
// postcodes, addressCommunes and openingHours as the lists the filters test.
UNWIND $rows AS row
MERGE (o:Organisation {key: row.key})
SET o.name = row.name, o.shortName = row.shortName, o.sector = row.sector, o.commune = row.commune,
    o.languages = row.languages, o.aliases = row.aliases,
    o.fold = row.fold, o.sortName = row.sortName, o.communeFold = row.communeFold,
    o.nameFr = row.nameFr, o.nameNl = row.nameNl, o.descriptionFr = row.descriptionFr, o.descriptionNl = row.descriptionNl,
    o.website = row.website, o.emails = row.emails, o.phones = row.phones, o.addresses = row.addresses,
    o.schedules = row.schedules, o.hoursNoteFr = row.hoursNoteFr, o.hoursNoteNl = row.hoursNoteNl,
    o.eligibilityFr = row.eligibilityFr, o.eligibilityNl = row.eligibilityNl, o.accessFr = row.accessFr,
    o.accessNl = row.accessNl, o.costFr = row.costFr, o.costNl = row.costNl,
    o.identifiers = row.identifiers, o.services = row.services,
    o.postcodes = row.postcodes, o.addressCommunes = row.addressCommunes, o.openingHours = row.openingHours
