MATCH (d:Domain)
RETURN d {.key, .labelFr, .labelNl} AS domain
ORDER BY d.key
