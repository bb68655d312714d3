package analytics_test

import (
	"math/rand/v2"
	"testing"

	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/demo"
)

// TestImmersionPlanAgainstNetworkx plans random rounds of the scale-S
// network (250 organisations, services PART_OF institutions): one day each
// for 10 to 200 organisations, 1 to 3 days (host and send drawn apart) for
// 6 to 20, wanted domains drawn from the data. Every plan is checked
// against its own round: within capacities, no pair twice, never two
// organisations of one institution, every pair explained (its first reason
// says whether it is a new tie); and its total weight must be networkx's
// optimum for the round's pairs and capacities.
func TestImmersionPlanAgainstNetworkx(t *testing.T) {
	requireNetworkx(t)
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	parent := map[string]string{}
	var keys, domains []string
	for _, o := range ds.Organisations {
		parent[o.Key] = o.ParentKey
		keys = append(keys, o.Key)
	}
	for _, d := range ds.Domains {
		domains = append(domains, d.Key)
	}
	top := func(k string) string {
		for i := 0; parent[k] != "" && i < len(parent); i++ {
			k = parent[k]
		}
		return k
	}
	x := analytics.NewIndex(ds)

	r := rand.New(rand.NewPCG(13, 2022))
	var rounds []analytics.ImmersionRound
	draw := func(n, maxDays int) {
		var round analytics.ImmersionRound
		for _, i := range r.Perm(len(keys))[:n] {
			p := analytics.ImmersionParticipant{Organisation: keys[i], Host: 1 + r.IntN(maxDays), Send: 1 + r.IntN(maxDays)}
			if r.IntN(2) == 0 {
				p.DiscoverDomains = []string{domains[r.IntN(len(domains))]}
			}
			round.Participants = append(round.Participants, p)
		}
		rounds = append(rounds, round)
	}
	for _, n := range []int{10, 40, 80, 120, 160, 200} {
		draw(n, 1)
	}
	for _, n := range []int{6, 10, 14, 17, 20} {
		draw(n, 3)
		draw(n, 3)
	}

	var instances []bInstance
	var plans []*analytics.ImmersionPlan
	for _, round := range rounds {
		plan, err := x.ImmersionPlan(round)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, plan)
		capacity, edges, err := analytics.ImmersionGraph(x, round)
		if err != nil {
			t.Fatal(err)
		}
		in := bInstance{Capacity: capacity, Edges: [][3]int64{}}
		for _, e := range edges {
			in.Edges = append(in.Edges, [3]int64{int64(e.I), int64(e.J), e.Weight})
		}
		instances = append(instances, in)
	}
	want := networkxBMatching(t, instances)
	for i, plan := range plans {
		capacity := map[string]int{}
		for _, p := range rounds[i].Participants {
			capacity[p.Organisation] = min(p.Host, p.Send)
		}
		count := map[string]int{}
		seen := map[[2]string]bool{}
		total := 0
		for _, p := range plan.Pairs {
			if seen[[2]string{p.A, p.B}] || p.A >= p.B {
				t.Fatalf("round %d: pair %s–%s twice or out of order", i, p.A, p.B)
			}
			seen[[2]string{p.A, p.B}] = true
			if top(p.A) == top(p.B) {
				t.Fatalf("round %d: %s and %s are both of institution %s", i, p.A, p.B, top(p.A))
			}
			if len(p.Reasons) == 0 || (p.Reasons[0].Code != analytics.ImmersionNewTie && p.Reasons[0].Code != analytics.ImmersionAlreadyTied) {
				t.Fatalf("round %d: pair %s–%s: reasons %+v", i, p.A, p.B, p.Reasons)
			}
			count[p.A]++
			count[p.B]++
			total += p.Weight
		}
		for k, n := range count {
			if n > capacity[k] {
				t.Fatalf("round %d: %s in %d pairs, capacity %d", i, k, n, capacity[k])
			}
		}
		if total != plan.TotalWeight || int64(plan.TotalWeight) != want[i] {
			t.Errorf("round %d (%d organisations): total weight %d (pairs add up to %d), networkx %d", i, len(rounds[i].Participants), plan.TotalWeight, total, want[i])
		}
	}
	t.Logf("%d rounds agree with networkx", len(rounds))
}
