package neo4j

import (
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/neo4j/neo4jtest"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// newModel returns the in-memory model of the cypher files
// (neo4jtest.Model), as the store's runner.
func newModel(t *testing.T) runner { return exported{neo4jtest.NewModel(t)} }

// TestContractOnModel runs the whole contract suite on the store over the
// model. A failure here is a bug of the Go half (or of the model); success
// says nothing about Neo4j itself, which TestContract checks.
func TestContractOnModel(t *testing.T) {
	storetest.Run(t, func(t *testing.T) reseau.Store {
		return newStore(newModel(t))
	})
}

// TestModelKnowsTheConstraints checks that the model answers
// show_constraints with the constraints the store checks at start.
func TestModelKnowsTheConstraints(t *testing.T) {
	if !slices.Equal(neo4jtest.KeyConstraints, keyConstraints) {
		t.Errorf("neo4jtest.KeyConstraints %v, the store checks %v", neo4jtest.KeyConstraints, keyConstraints)
	}
}
