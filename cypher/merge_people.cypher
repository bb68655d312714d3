UNWIND $rows AS row
MERGE (p:Person {key: row.key})
SET p.name = row.name, p.email = row.email, p.phone = row.phone, p.visibility = row.visibility,
    p.fold = row.fold, p.sortName = row.sortName
