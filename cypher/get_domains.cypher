UNWIND $keys AS k
MATCH (d:Domain {key: k})
RETURN d {.key, .labelFr, .labelNl, .labelEn} AS domain
