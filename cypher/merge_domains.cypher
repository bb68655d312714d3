UNWIND $rows AS row
MERGE (d:Domain {key: row.key})
SET d.labelFr = row.labelFr, d.labelNl = row.labelNl, d.labelEn = row.labelEn, d.fold = row.fold
