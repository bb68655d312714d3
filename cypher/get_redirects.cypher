// Where merged keys lead: each of $keys of type $type (Organisation or
// Person) that a merge left, and the key of the node it resolves to. One
// index seek per key (the redirect_id constraint); a redirect whose node
// was deleted since has lost its RESOLVES_TO and answers nothing.
UNWIND $keys AS k
MATCH (r:Redirect {id: $type + '/' + k})-[:RESOLVES_TO]->(n)
RETURN r.key AS key, n.key AS into
