package e2e_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/neo4j"
	"github.com/reseau-bxl/reseau/internal/neo4j/neo4jtest"
)

// TestGraphQLStatementCount sends real GraphQL queries, through the
// resolvers and their dataloaders, to the Neo4j store (over the model of its
// cypher files) and counts the Cypher statements they cost: a page of
// organisations with their domains, partners and collaborators (and the
// collaborators' names) costs the same handful of statements for 5
// organisations as for 50 — a bound set by the query's depth, not by its rows.
func TestGraphQLStatementCount(t *testing.T) {
	m := neo4jtest.NewModel(t)
	s := neo4j.OverRunner(m)
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	c := client.New(httpserver.NewGraphQL(&graph.Resolver{Store: s}, nil))
	counts := map[int]int{}
	for _, n := range []int{5, 50} {
		m.Count() // forget the statements of the import and earlier pages
		var resp struct {
			Organisations struct {
				Nodes []struct {
					Key           string
					Domains       []struct{ LabelFr string }
					Partners      []struct{ Name string }
					Collaborators []struct {
						Organisation struct{ Name string }
						Weight       int
					}
				}
			}
		}
		q := fmt.Sprintf(`{ organisations(first: %d) { nodes { key domains { labelFr } partners { name }
			collaborators(first: 10) { organisation { name } weight } } } }`, n)
		if err := c.Post(q, &resp, client.Path("/graphql")); err != nil {
			t.Fatalf("first %d: %v", n, err)
		}
		if len(resp.Organisations.Nodes) != n {
			t.Fatalf("first %d: %d organisations", n, len(resp.Organisations.Nodes))
		}
		ties := 0
		for _, o := range resp.Organisations.Nodes {
			ties += len(o.Collaborators)
		}
		if ties == 0 {
			t.Fatalf("first %d: no collaborator at all; the query proves nothing", n)
		}
		counts[n] = m.Count()
	}
	// A statement for the page, one per relation (domains, partners,
	// collaborators) and for the organisations those name: six, whatever
	// the page size.
	if counts[5] != counts[50] || counts[50] > 6 {
		t.Errorf("statements: %d for 5 organisations, %d for 50; want the same small number", counts[5], counts[50])
	}
	t.Logf("statements per page: %v", counts)
}
