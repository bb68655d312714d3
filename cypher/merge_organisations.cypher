// Properties only: link_organisations sets PART_OF and ACTIVE_IN once every
// node of the batch exists, so that references may point forward.
UNWIND $rows AS row
MERGE (o:Organisation {key: row.key})
SET o.name = row.name, o.shortName = row.shortName, o.sector = row.sector, o.commune = row.commune,
    o.languages = row.languages, o.aliases = row.aliases,
    o.fold = row.fold, o.sortName = row.sortName, o.communeFold = row.communeFold
