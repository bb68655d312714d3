package neo4j

import "testing"

// NewModelStore returns the Neo4j store over the in-memory model of the
// cypher files, for the external parity test.
func NewModelStore(t *testing.T) *Store { return newStore(newModel(t)) }
