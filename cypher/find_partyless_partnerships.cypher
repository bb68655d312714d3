// The partnerships among $keys that no organisation is a party to any more:
// deleting an organisation deletes those it leaves binding nobody.
UNWIND $keys AS k
MATCH (p:Partnership {key: k})
WHERE NOT EXISTS { (:Organisation)-[:PARTY_TO]->(p) }
RETURN p.key AS partnership
