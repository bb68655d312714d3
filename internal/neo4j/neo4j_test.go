package neo4j

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// wipe empties the database (the schema stays): each contract test starts
// from an empty store.
func wipe(ctx context.Context, s *Store) error {
	return formatError(s.run.writeTx(ctx, func(q query) error {
		_, err := q("delete_everything", map[string]any{})
		return err
	}))
}

// TestContract runs the store contract suite against the Neo4j named by
// NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE). Without it the
// test is skipped; with it, an unreachable server fails the test. The suite
// empties that database: never point it at one that holds real data.
func TestContract(t *testing.T) {
	cfg := ConfigFromEnv(os.Getenv)
	if cfg.URI == "" {
		t.Skip("NEO4J_URI is not set: the Neo4j half of the contract suite is skipped (docker compose up neo4j, then NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... go test ./internal/neo4j/)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Open(ctx, cfg) // connectivity and migration, once
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	storetest.Run(t, func(t *testing.T) reseau.Store {
		t.Helper()
		if err := wipe(context.Background(), s); err != nil {
			t.Fatalf("empty the test database: %v", err)
		}
		return shared{s}
	})
}

// shared is the one store of TestContract, handed to each subtest emptied;
// closing it is the test's business, not the subtest's.
type shared struct{ *Store }

func (shared) Close() error { return nil }
