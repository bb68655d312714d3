// Every merged key that resolves to a node, by type then key; those of
// people only when the person they lead to is in the caller's scope (as
// export_people).
MATCH (r:Redirect)-[:RESOLVES_TO]->(n)
WHERE r.type = 'Organisation'
   OR (r.type = 'Person' AND NOT $scopeNone
       AND ($scopeAll OR n.key = $scopeSelf OR n.visibility = $network
            OR EXISTS { (n)-[:WORKS_AT]->(w:Organisation) WHERE w.key IN $scopeOrgs }))
RETURN r.type AS type, r.key AS key, n.key AS into
ORDER BY type, key
