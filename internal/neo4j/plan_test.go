package neo4j

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/cypher"
)

// notExplained are the statements the plan test does not EXPLAIN, and why.
var notExplained = map[string]string{
	"migrate_schema":        "schema commands have no query plan",
	"migrate_await_indexes": "a procedure that waits, run once at start",
	"show_constraints":      "SHOW commands have no query plan",
}

// allowedScans are the statements meant to read a whole label (or the whole
// graph) and why; any other statement that scans fails the plan test.
var allowedScans = map[string]string{
	"find_organisations":  "a page without a filter naming keys sorts every organisation the filter keeps (and counts them, unless SkipCount)",
	"find_people":         "a page without a filter naming keys sorts every visible person the filter keeps (and counts them, unless SkipCount)",
	"find_collaborations": "a page without a filter naming keys sorts every collaboration the filter keeps (and counts them, unless SkipCount)",
	"find_partnerships":   "a page without a filter naming keys sorts every partnership the filter keeps (and counts them, unless SkipCount)",
	"find_domains":        "every domain, a short list",
	"find_tied_organisations": "the targets of a tie condition that names sectors are every organisation of them: " +
		"the label is scanned once for them (no sector index: migrate_schema says why)",
	"find_audit_entries":   "the total (unless SkipCount) counts the entries the filter keeps as they stream; the page walks the id index",
	"delete_everything":    "empties the database (tests, and an import that replaces everything)",
	"find_import_runs":     "the imports that did not commit, read once at start: one node per batched import",
	"export_organisations": "an export reads every node", "export_people": "an export reads every node",
	"export_collaborations": "an export reads every node", "export_partnerships": "an export reads every node",
	"export_memberships": "an export reads every relationship", "export_participations": "an export reads every relationship",
	"export_person_participations": "an export reads every relationship", "export_parties": "an export reads every relationship",
	"export_knows": "an export reads every relationship",
}

// noSeekNeeded are statements that take a keyed parameter yet read no node.
var noSeekNeeded = map[string]string{
	"create_audit_entry": "$key is the entry's own field; the statement only creates",
}

// keyedParams are the parameters that name nodes by key: a statement that
// takes one must reach its nodes through an index seek.
var keyedParams = []string{"key", "keys", "rows", "from", "to", "parent", "counter",
	"seekKeys", "seekParents", "seekDomains", "seekOrganisations", "seekLocations"}

// planNode is a query plan as the server returns it (driver.Plan), or as a
// test writes it down.
type planNode struct {
	Operator string
	Children []planNode
}

func fromDriverPlan(p driver.Plan) planNode {
	n := planNode{Operator: p.Operator()}
	for _, c := range p.Children() {
		n.Children = append(n.Children, fromDriverPlan(c))
	}
	return n
}

// operators lists a plan's operators, without the runtime suffix that
// Neo4j appends ("NodeByLabelScan@neo4j").
func (p planNode) operators() []string {
	op, _, _ := strings.Cut(p.Operator, "@")
	out := []string{op}
	for _, c := range p.Children {
		out = append(out, c.operators()...)
	}
	return out
}

func isScan(op string) bool {
	switch op {
	case "AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
		"DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
		"DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan":
		return true
	}
	return false
}

// isSeek covers NodeUniqueIndexSeek, NodeIndexSeek, their (Locking) and
// ByRange forms, MultiNodeIndexSeek and the relationship index seeks.
func isSeek(op string) bool { return strings.Contains(op, "IndexSeek") }

// checkPlan returns what is wrong with the plan of statement name, run with
// parameters params: a scan that allowedScans does not list, no seek where
// a parameter names keys, and any notification (a deprecation, a cartesian
// product, an unbounded path…).
func checkPlan(name string, params map[string]any, plan planNode, notes []string) []string {
	var problems []string
	ops := plan.operators()
	for _, op := range ops {
		if isScan(op) && allowedScans[name] == "" {
			problems = append(problems, fmt.Sprintf("%s scans (%s) but is not an allowed scan", name, op))
		}
	}
	keyed := false
	for _, k := range keyedParams {
		_, ok := params[k]
		keyed = keyed || ok
	}
	if keyed && allowedScans[name] == "" && noSeekNeeded[name] == "" && !slices.ContainsFunc(ops, isSeek) {
		problems = append(problems, fmt.Sprintf("%s names keys but its plan has no index seek: %v", name, ops))
	}
	for _, n := range notes {
		problems = append(problems, fmt.Sprintf("%s: notification %s", name, n))
	}
	return problems
}

// sampleParameters are the parameters of every statement, as the store
// sends them: each Store method run once on a recording fake (exercise),
// the first call of each statement kept.
func sampleParameters(t *testing.T) map[string]map[string]any {
	samples := map[string]map[string]any{}
	keep := func(answer func(string, map[string]any) []*driver.Record) func(string, map[string]any) []*driver.Record {
		return func(name string, p map[string]any) []*driver.Record {
			if samples[name] == nil {
				samples[name] = p
			}
			return answer(name, p)
		}
	}
	for _, full := range []bool{true, false} {
		exercise(t, newStore(newRecorder(t, keep(world(full)))), full)
	}
	if err := wipe(context.Background(), newStore(newRecorder(t, keep(world(true))))); err != nil {
		t.Fatal(err)
	}
	return samples
}

// TestEveryStatementHasSampleParameters: the plan test can EXPLAIN every
// statement (but notExplained) with the parameters the store sends, and
// the lists of allowed scans and keyed parameters name no statement that
// is gone.
func TestEveryStatementHasSampleParameters(t *testing.T) {
	samples := sampleParameters(t)
	qs := cypher.Load()
	for _, name := range qs.Names() {
		if notExplained[name] != "" {
			continue
		}
		p, ok := samples[name]
		if !ok {
			t.Errorf("%s has no sample parameters: no Store method in exercise runs it", name)
			continue
		}
		got := slices.Sorted(func(yield func(string) bool) {
			for k := range p {
				if !yield(k) {
					return
				}
			}
		})
		want := parameters(qs[name])
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: sample parameters %v, the statement names %v", name, got, want)
		}
	}
	for name := range allowedScans {
		if _, ok := qs[name]; !ok {
			t.Errorf("allowedScans names %s, which is no statement", name)
		}
	}
	for _, m := range []map[string]string{notExplained, noSeekNeeded} {
		for name := range m {
			if _, ok := qs[name]; !ok {
				t.Errorf("%s is listed but is no statement", name)
			}
		}
	}
}

// TestCheckPlan runs the plan rules on plans written down as the server
// returns them.
func TestCheckPlan(t *testing.T) {
	leaf := func(op string) planNode { return planNode{Operator: op} }
	top := func(ops ...planNode) planNode {
		return planNode{Operator: "ProduceResults@neo4j", Children: []planNode{{Operator: "Projection@neo4j", Children: ops}}}
	}
	keys := map[string]any{"keys": []string{"a"}}
	tests := []struct {
		name, stmt string
		params     map[string]any
		plan       planNode
		notes      []string
		problems   int
	}{
		{"keyed seek", "get_organisations", keys, top(planNode{Operator: "Apply@neo4j", Children: []planNode{leaf("Unwind@neo4j"), leaf("NodeUniqueIndexSeek@neo4j")}}), nil, 0},
		{"keyed merge seek", "merge_people", map[string]any{"rows": nil}, top(leaf("NodeUniqueIndexSeek(Locking)@neo4j")), nil, 0},
		{"keyed scan", "get_people", keys, top(planNode{Operator: "Filter@neo4j", Children: []planNode{leaf("NodeByLabelScan@neo4j")}}), nil, 2},
		{"keyed scan beside a seek", "seek_people", map[string]any{"seekKeys": nil},
			top(planNode{Operator: "Union@neo4j", Children: []planNode{leaf("NodeUniqueIndexSeek@neo4j"), leaf("NodeByLabelScan@neo4j")}}), nil, 1},
		{"allowed scan", "find_people", keys, top(leaf("NodeByLabelScan@neo4j")), nil, 0},
		{"no seek needed", "create_audit_entry", map[string]any{"key": "k"}, top(leaf("Create@neo4j")), nil, 0},
		{"unkeyed, no seek", "get_database", map[string]any{}, top(leaf("ProcedureCall@neo4j")), nil, 0},
		{"all nodes", "get_version", map[string]any{"counter": "v"}, top(leaf("AllNodesScan")), nil, 2},
		{"notification", "get_domains", keys, top(leaf("NodeUniqueIndexSeek")), []string{"Neo.ClientNotification.Statement.CartesianProduct"}, 1},
		{"allowed scan, notification", "export_people", nil, top(leaf("NodeByLabelScan")), []string{"Neo.ClientNotification.Statement.FeatureDeprecationWarning"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkPlan(tt.stmt, tt.params, tt.plan, tt.notes); len(got) != tt.problems {
				t.Errorf("checkPlan = %q, want %d problems", got, tt.problems)
			}
		})
	}
}

// TestPlans EXPLAINs every statement on the Neo4j of NEO4J_URI, with the
// parameters the store sends, and applies checkPlan: index seeks where keys
// are named, scans only where allowedScans says why, no notification. The
// database needs only the schema (Open migrates it), not data: EXPLAIN
// plans without running.
func TestPlans(t *testing.T) {
	s := OpenTestServer(t)
	if s == nil {
		t.Skip("NEO4J_URI is not set: query plans are checked on a server only (docker compose --profile test run --rm contract)")
	}
	r, ok := s.run.(*driverRunner)
	if !ok {
		t.Fatalf("the server store runs on %T", s.run)
	}
	samples := sampleParameters(t)
	qs := cypher.Load()
	for _, name := range qs.Names() {
		if notExplained[name] != "" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			res, err := driver.ExecuteQuery(context.Background(), r.d, "EXPLAIN "+qs[name], samples[name],
				driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(r.db))
			if err != nil {
				t.Fatal(err)
			}
			if res.Summary.Plan() == nil {
				t.Fatal("no plan")
			}
			var notes []string
			for _, n := range res.Summary.Notifications() {
				notes = append(notes, n.Code()+": "+n.Description())
			}
			plan := fromDriverPlan(res.Summary.Plan())
			for _, p := range checkPlan(name, samples[name], plan, notes) {
				t.Error(p)
			}
			t.Logf("%s: %v", name, plan.operators())
		})
	}
}
