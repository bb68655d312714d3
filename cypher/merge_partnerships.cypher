UNWIND $rows AS row
MERGE (p:Partnership {key: row.key})
SET p.kind = row.kind, p.title = row.title, p.startDate = row.startDate, p.endDate = row.endDate,
    p.description = row.description,
    p.fold = row.fold, p.sortTitle = row.sortTitle, p.sortDate = row.sortDate,
    p.spanLow = row.spanLow, p.spanHigh = row.spanHigh
