package neo4j

import (
	"context"
	"os"
	"slices"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/cypher"
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

// TestDomainOrder: a node's domain list comes back in the order given (one
// relationship per domain, with its position), relinking replaces it whole,
// and a domain listed twice is refused by the domain's rules (reseau.Checked,
// as every caller reaches the store) before any Cypher runs.
func TestDomainOrder(t *testing.T) {
	ctx := context.Background()
	for name, s := range semanticStores(t) {
		t.Run(name, func(t *testing.T) {
			for _, k := range []string{"a", "b", "c"} {
				if err := s.CreateDomain(ctx, &reseau.Domain{Key: k, LabelFR: k}); err != nil {
					t.Fatal(err)
				}
			}
			if err := reseau.Checked(s).CreateOrganisation(ctx, &reseau.Organisation{Key: "twice", Name: "T", Domains: []string{"b", "a", "b"}}); reseau.ErrorCode(err) != reseau.EINVALID {
				t.Errorf("a domain listed twice: %v, want %s", err, reseau.EINVALID)
			}
			if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: "o", Name: "O", Domains: []string{"c", "a", "b"}}); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "c", Kind: "projet", Title: "C", Domains: []string{"b", "c", "a"}}); err != nil {
				t.Fatal(err)
			}
			orgs, err := s.OrganisationsByKeys(ctx, []string{"o", "twice"})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := orgs["o"].Domains, []string{"c", "a", "b"}; !slices.Equal(got, want) {
				t.Errorf("organisation domains = %v, want %v", got, want)
			}
			if orgs["twice"] != nil {
				t.Errorf("the refused organisation exists: %+v", orgs["twice"])
			}
			cs, err := s.CollaborationsByKeys(ctx, []string{"c"})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := cs["c"].Domains, []string{"b", "c", "a"}; !slices.Equal(got, want) {
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

// racingSchema answers the first migration statement with err, as a
// server does to the second of two processes creating the same schema.
type racingSchema struct {
	*recorder
	err   error
	calls int
}

func (r *racingSchema) schema(ctx context.Context, stmt string, params map[string]any) error {
	r.calls++
	if r.calls == 1 {
		return r.err
	}
	return r.recorder.schema(ctx, stmt, params)
}

// TestMigrateRace: a concurrent migration's "already exists" is the no-op
// IF NOT EXISTS promises; any other schema error still stops the start.
func TestMigrateRace(t *testing.T) {
	tests := []struct {
		name, code string
		ok         bool
	}{
		{"equivalent rule", "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists", true},
		{"constraint name", "Neo.ClientError.Schema.ConstraintWithNameAlreadyExists", true},
		{"conflicting data", "Neo.ClientError.Schema.ConstraintCreationFailed", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &racingSchema{recorder: newRecorder(t, world(true)), err: &driver.Neo4jError{Code: tt.code}}
			err := newStore(r).Migrate(context.Background())
			if (err == nil) != tt.ok {
				t.Errorf("Migrate = %v, want ok %v", err, tt.ok)
			}
			if tt.ok && r.calls != len(cypher.Statements(cypher.Load().Get("migrate_schema")))+1 {
				t.Errorf("%d schema statements run, want every one and the wait", r.calls)
			}
		})
	}
}

func TestSupported(t *testing.T) {
	tests := []struct {
		name, agent string
		ok          bool
	}{
		{"5.26", "Neo4j/5.26.0", true},
		{"5.23", "Neo4j/5.23.0", true},
		{"calendar version", "Neo4j/2025.01.0", true},
		{"aura", "Neo4j/5.27-aura", true},
		{"5.22", "Neo4j/5.22.0", false},
		{"4.4", "Neo4j/4.4.30", false},
		{"unreadable", "Memgraph/2.0", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := supported(tt.agent)
			if tt.ok && err != nil {
				t.Errorf("supported(%q) = %v", tt.agent, err)
			}
			if !tt.ok && reseau.ErrorCode(err) != reseau.EINVALID {
				t.Errorf("supported(%q) code = %q, want %q", tt.agent, reseau.ErrorCode(err), reseau.EINVALID)
			}
		})
	}
}

// TestExportRereadsWhenWritten: a read transaction is read-committed, so a
// write committed during an export shows as a moved version counter, and
// the export reads again rather than return sections that disagree.
func TestExportRereadsWhenWritten(t *testing.T) {
	tests := []struct {
		name   string
		writes int // exports during which a write commits
		code   string
	}{
		{"quiet", 0, ""},
		{"one write meanwhile", 1, ""},
		{"writes all along", exportAttempts, reseau.EUNAVAILABLE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var version int64
			reads, writes := 0, tt.writes
			r := newRecorder(t, func(name string, p map[string]any) []*driver.Record {
				if name != "get_version" {
					return nil
				}
				reads++
				if reads%2 == 0 && writes > 0 { // the second read of an attempt
					writes--
					version++
				}
				return []*driver.Record{record("version", version)}
			})
			_, err := newStore(r).Export(context.Background())
			if code := reseau.ErrorCode(err); code != tt.code {
				t.Fatalf("Export code = %q (%v), want %q", code, err, tt.code)
			}
			if want := 2 * min(tt.writes+1, exportAttempts); reads != want {
				t.Errorf("%d version reads, want %d", reads, want)
			}
		})
	}
}

// TestSearchKeepsBestAtTheCut: when more nodes hold a word than a search
// reads from the index, the ones it reads are the whole-word hits first,
// then the prefixes, never an arbitrary subset of equal scores: the exact
// name is found even when its key comes last.
func TestSearchKeepsBestAtTheCut(t *testing.T) {
	ctx := reseau.WithCaller(context.Background(), &reseau.Caller{Subject: "c", Roles: []string{reseau.RoleCoordinator}})
	for name, s := range semanticStores(t) {
		t.Run(name, func(t *testing.T) {
			for key, n := range map[string]string{
				"a-inside": "Excentrés asbl", "b-inside": "Décentre", "c-prefix": "Centres sociaux",
				"d-prefix": "Centrex", "e-inside": "Recentrer", "z-exact": "Centre",
			} {
				if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: key, Name: n}); err != nil {
					t.Fatal(err)
				}
			}
			s.candidates = 2
			defer func() { s.candidates = maxCandidates }()
			hits, err := s.Search(ctx, "centre", nil, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != 1 || hits[0].Key != "z-exact" {
				t.Errorf("search centre, 2 candidates = %+v, want z-exact", hits)
			}
		})
	}
}
