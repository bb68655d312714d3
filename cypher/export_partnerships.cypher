MATCH (p:Partnership)
RETURN p {.key, .kind, .title, .startDate, .endDate, .description} AS partnership
ORDER BY p.key
