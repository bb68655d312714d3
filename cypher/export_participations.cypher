MATCH (o:Organisation)-[r:TOOK_PART_IN]->(c:Collaboration)
RETURN c.key AS collaboration, o.key AS organisation, r.role AS role
ORDER BY collaboration, organisation
