MATCH (d:Domain)
RETURN d {.key, .labelFr, .labelNl, .labelEn} AS domain
ORDER BY d.key
