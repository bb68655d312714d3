// What loses domain $key when it is deleted: the organisations active in it
// (ACTIVE_IN) and the collaborations about it (ABOUT).
MATCH (d:Domain {key: $key})
RETURN [(o:Organisation)-[:ACTIVE_IN]->(d) | o.key] AS organisations,
       [(c:Collaboration)-[:ABOUT]->(d) | c.key] AS collaborations
