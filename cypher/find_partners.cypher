// Partnership ties; in a membership (kind $membershipKind with a party of
// role $networkRole) a member is tied to the network only. Whether o's
// partnership ties it to every other party (anyParty) is decided once per
// (organisation, partnership), before the other parties are expanded: in
// the pair pattern the membership test ran once per pair, a scan of the
// parties for each of them (quadratic in a many-member adhesion).
UNWIND $keys AS k
MATCH (o:Organisation {key: k})-[r1:PARTY_TO]->(p:Partnership)
WITH k, o, p,
  r1.role = $networkRole OR p.kind <> $membershipKind
    OR NOT EXISTS { (:Organisation)-[n:PARTY_TO]->(p) WHERE n.role = $networkRole } AS anyParty
MATCH (p)<-[r2:PARTY_TO]-(other:Organisation)
WHERE other <> o AND (anyParty OR r2.role = $networkRole)
RETURN k AS organisation, collect(DISTINCT other.key) AS partners
