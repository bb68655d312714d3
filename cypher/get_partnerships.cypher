UNWIND $keys AS k
MATCH (p:Partnership {key: k})
RETURN p {.key, .kind, .title, .startDate, .endDate, .description} AS partnership
