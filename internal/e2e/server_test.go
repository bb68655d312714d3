package e2e_test

import (
	"context"
	"os"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/cypher"
	"github.com/reseau-bxl/reseau/internal/neo4j"
)

// openTestServer returns the store on the Neo4j named by NEO4J_URI,
// emptied first (cypher/delete_everything.cypher), closed when t ends; nil
// when NEO4J_URI is not set. An unreachable server fails t. It empties that
// database: never point it at one that holds real data.
func openTestServer(t *testing.T) *neo4j.Store {
	t.Helper()
	cfg := neo4j.ConfigFromEnv(os.Getenv)
	if cfg.URI == "" {
		return nil
	}
	ctx := context.Background()
	d, err := driver.NewDriverWithContext(cfg.URI, driver.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	_, err = driver.ExecuteQuery(ctx, d, cypher.Load().Get("delete_everything"), map[string]any{},
		driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database))
	d.Close(ctx)
	if err != nil {
		t.Fatalf("empty the test database: %v", err)
	}
	s, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
