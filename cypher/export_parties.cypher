MATCH (o:Organisation)-[r:PARTY_TO]->(p:Partnership)
RETURN p.key AS partnership, o.key AS organisation, r.role AS role
ORDER BY partnership, organisation
