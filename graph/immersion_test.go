package graph_test

import (
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// TestImmersionPlanAndAccept asks the demo (real SQLite file) for a plan
// of the 2022 immersion organisations through GraphQL, accepts it, and
// reads back one immersion collaboration per pair with both organisations;
// a plan with a bad pair records nothing (the mutation is atomic).
func TestImmersionPlanAndAccept(t *testing.T) {
	s := sqlitetest.Demo(t)
	c := client.New(httpserver.NewGraphQL(&graph.Resolver{Store: s, Analytics: analytics.NewEngine(s)}, nil))
	var plan struct {
		ImmersionPlan struct {
			Pairs []struct {
				A, B    struct{ Key string }
				Reasons []struct{ Code string }
			}
		}
	}
	c.MustPost(`{ immersionPlan(round: {participants: [
		{organisation: "cpas-pole-jeunes", host: 1, send: 1}, {organisation: "cpas-des", host: 1, send: 1},
		{organisation: "titeca", host: 1, send: 1}, {organisation: "le-meridien", host: 1, send: 1},
		{organisation: "sapv", host: 1, send: 1}, {organisation: "mission-locale", host: 1, send: 1}]})
		{ pairs { a { key } b { key } reasons { code } } } }`, &plan)
	pairs := plan.ImmersionPlan.Pairs
	if len(pairs) != 3 {
		t.Fatalf("%d pairs, want 3: %+v", len(pairs), pairs)
	}
	for _, p := range pairs {
		if (p.A.Key == "cpas-des" && p.B.Key == "cpas-pole-jeunes") || len(p.Reasons) == 0 {
			t.Fatalf("pair %+v: within the CPAS, or unexplained", p)
		}
	}
	bad := `mutation { acceptImmersionPlan(title: "Immersions 2026", date: "2026-05-12", pairs: [{a: "sapv", b: "titeca"}, {a: "sapv", b: "sapv"}]) { key } }`
	if code := codeOf(t, c, bad); code != "INVALID" && code != "EINVALID" {
		t.Fatalf("bad pair: code %q", code)
	}
	var none struct{ Collaboration *struct{ Key string } }
	c.MustPost(`{ collaboration(key: "immersion-2026-05-12-sapv-titeca") { key } }`, &none)
	if none.Collaboration != nil {
		t.Fatal("a rejected plan left a collaboration behind")
	}
	var acc struct {
		AcceptImmersionPlan []struct {
			Key, Kind    string
			Participants []struct{ Organisation struct{ Key string } }
		}
	}
	c.MustPost(`mutation { acceptImmersionPlan(title: "Immersions 2026", date: "2026-05-12", pairs: [{a: "`+pairs[0].A.Key+`", b: "`+pairs[0].B.Key+`"}]) { key kind participants { organisation { key } } } }`, &acc)
	if len(acc.AcceptImmersionPlan) != 1 || acc.AcceptImmersionPlan[0].Kind != "immersion" || len(acc.AcceptImmersionPlan[0].Participants) != 2 {
		t.Fatalf("accepted: %+v", acc)
	}
}
