// Properties only: link_collaborations sets PART_OF, HELD_AT and ABOUT.
UNWIND $rows AS row
MERGE (c:Collaboration {key: row.key})
SET c.kind = row.kind, c.title = row.title, c.startDate = row.startDate, c.endDate = row.endDate,
    c.status = row.status, c.participantsCount = row.participantsCount, c.description = row.description,
    c.fold = row.fold, c.sortTitle = row.sortTitle, c.sortDate = row.sortDate,
    c.spanLow = row.spanLow, c.spanHigh = row.spanHigh
