package neo4j

import (
	"context"
	"os"
	"testing"
)

// NewModelStore returns the Neo4j store over the in-memory model of the
// cypher files, for the external tests of this package.
func NewModelStore(t *testing.T) *Store { return newStore(newModel(t)) }

// OpenTestServer returns the store on the Neo4j named by NEO4J_URI, emptied,
// closed when t ends; nil when NEO4J_URI is not set. An unreachable server
// fails t.
func OpenTestServer(t *testing.T) *Store {
	t.Helper()
	cfg := ConfigFromEnv(os.Getenv)
	if cfg.URI == "" {
		return nil
	}
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := wipe(context.Background(), s); err != nil {
		t.Fatalf("empty the test database: %v", err)
	}
	return s
}
