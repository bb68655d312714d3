// Which of the given keys exist, per label: one round trip for all the
// references an import or a write must check, each an index seek.
CALL () {
  UNWIND $domains AS k
  MATCH (n:Domain {key: k})
  RETURN collect(n.key) AS domains
}
CALL () {
  UNWIND $organisations AS k
  MATCH (n:Organisation {key: k})
  RETURN collect(n.key) AS organisations
}
CALL () {
  UNWIND $people AS k
  MATCH (n:Person {key: k})
  RETURN collect(n.key) AS people
}
CALL () {
  UNWIND $collaborations AS k
  MATCH (n:Collaboration {key: k})
  RETURN collect(n.key) AS collaborations
}
CALL () {
  UNWIND $partnerships AS k
  MATCH (n:Partnership {key: k})
  RETURN collect(n.key) AS partnerships
}
RETURN domains, organisations, people, collaborations, partnerships
