// Partnership ties; in a membership (kind $membershipKind with a party of
// role $networkRole) a member is tied to the network only.
UNWIND $keys AS k
MATCH (o:Organisation {key: k})-[r1:PARTY_TO]->(p:Partnership)<-[r2:PARTY_TO]-(other:Organisation)
WHERE other <> o
  AND (r1.role = $networkRole OR r2.role = $networkRole
       OR p.kind <> $membershipKind
       OR NOT EXISTS { (:Organisation)-[n:PARTY_TO]->(p) WHERE n.role = $networkRole })
RETURN k AS organisation, collect(DISTINCT other.key) AS partners
