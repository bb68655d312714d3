package neo4j

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// semanticStores returns the store over the model and, when NEO4J_URI is
// set, the store on that server, emptied: the cases below pin how the
// Cypher must behave where Neo4j's execution, not the Go half, decides.
func semanticStores(t *testing.T) map[string]*Store {
	t.Helper()
	out := map[string]*Store{"model": newStore(newModel(t))}
	if cfg := ConfigFromEnv(os.Getenv); cfg.URI != "" {
		s, err := Open(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := wipe(context.Background(), s); err != nil {
			t.Fatal(err)
		}
		out["server"] = s
	}
	return out
}

// TestDomainListedTwice: the embedded store keeps a node's domain list as
// given; link_* must create one relationship per position (a MERGE would
// fold a repeated domain into one, at its last position).
func TestDomainListedTwice(t *testing.T) {
	ctx := context.Background()
	for name, s := range semanticStores(t) {
		t.Run(name, func(t *testing.T) {
			for _, k := range []string{"a", "b"} {
				if err := s.CreateDomain(ctx, &reseau.Domain{Key: k, LabelFR: k}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: "o", Name: "O", Domains: []string{"b", "a", "b"}}); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "c", Kind: "projet", Title: "C", Domains: []string{"a", "b", "a"}}); err != nil {
				t.Fatal(err)
			}
			orgs, err := s.OrganisationsByKeys(ctx, []string{"o"})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := orgs["o"].Domains, []string{"b", "a", "b"}; !slices.Equal(got, want) {
				t.Errorf("organisation domains = %v, want %v", got, want)
			}
			cs, err := s.CollaborationsByKeys(ctx, []string{"c"})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := cs["c"].Domains, []string{"a", "b", "a"}; !slices.Equal(got, want) {
				t.Errorf("collaboration domains = %v, want %v", got, want)
			}
			// Relinking replaces the list: nothing of the old one is left.
			up, err := s.UpdateOrganisation(ctx, "o", func(o *reseau.Organisation) error { o.Domains = []string{"a"}; return nil })
			if err != nil {
				t.Fatal(err)
			}
			orgs, err = s.OrganisationsByKeys(ctx, []string{"o"})
			if err != nil {
				t.Fatal(err)
			}
			if got := orgs["o"].Domains; !slices.Equal(got, []string{"a"}) || !slices.Equal(up.Domains, []string{"a"}) {
				t.Errorf("after update, domains = %v (returned %v), want [a]", got, up.Domains)
			}
		})
	}
}
