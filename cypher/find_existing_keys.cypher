// Which of the given keys exist, per label: one query for all the
// references an import or a write must check.
RETURN
  [k IN $domains WHERE EXISTS { MATCH (:Domain {key: k}) }] AS domains,
  [k IN $organisations WHERE EXISTS { MATCH (:Organisation {key: k}) }] AS organisations,
  [k IN $people WHERE EXISTS { MATCH (:Person {key: k}) }] AS people,
  [k IN $collaborations WHERE EXISTS { MATCH (:Collaboration {key: k}) }] AS collaborations,
  [k IN $partnerships WHERE EXISTS { MATCH (:Partnership {key: k}) }] AS partnerships
