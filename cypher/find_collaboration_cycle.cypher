// Would making $key PART_OF $parent close a loop? True when $key is already
// above $parent (or is $parent).
MATCH (p:Collaboration {key: $parent})
RETURN EXISTS { (p)-[:PART_OF*0..]->(:Collaboration {key: $key}) } AS cycle
