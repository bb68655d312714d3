package analytics

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// immersion2022 is the round of the 2022 immersions (collaboration
// immersion-2022 of the demo data): the CPAS's Pôle Jeunes and DES, and the
// partners that hosted.
var immersion2022 = []string{"cpas-pole-jeunes", "cpas-des", "titeca", "infor-jeunes", "le-meridien", "maison-des-mediations", "mission-locale", "sapv", "soleil-du-nord"}

// TestImmersionPlanDemo2022 plans a round for the 2022 immersion
// organisations, each hosting and sending one day: every pair is
// reciprocal, explained, and never inside the CPAS institution (its two
// services are never paired together), and the plan is as heavy as the best
// one found by brute force.
func TestImmersionPlanDemo2022(t *testing.T) {
	x := demoIndex(t)
	var round ImmersionRound
	for _, k := range immersion2022 {
		round.Participants = append(round.Participants, ImmersionParticipant{Organisation: k, Host: 1, Send: 1})
	}
	round.Participants[0].DiscoverDomains = []string{"sante-mentale"}
	plan, err := x.ImmersionPlan(context.Background(), round)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Pairs) != 4 {
		t.Fatalf("%d pairs for 9 organisations of capacity 1, want 4: %+v", len(plan.Pairs), plan.Pairs)
	}
	cpas := map[string]bool{"cpas-pole-jeunes": true, "cpas-des": true}
	inPlan := map[string]int{}
	for _, p := range plan.Pairs {
		if cpas[p.A] && cpas[p.B] {
			t.Errorf("pair %s–%s is inside the CPAS institution", p.A, p.B)
		}
		if p.A >= p.B || len(p.Reasons) == 0 {
			t.Errorf("pair %+v: want A < B and reasons", p)
		}
		inPlan[p.A]++
		inPlan[p.B]++
	}
	for k, n := range inPlan {
		if n > 1 {
			t.Errorf("%s is in %d pairs with capacity 1", k, n)
		}
	}
	if want := bruteForce(x, round); plan.TotalWeight != want {
		t.Errorf("total weight %d, brute force %d", plan.TotalWeight, want)
	}
	// The Pôle Jeunes wants to discover mental health: it goes to an
	// organisation active in it, and the reason says so.
	found := false
	for _, p := range plan.Pairs {
		for _, r := range p.Reasons {
			if r.Code == ImmersionInterest && r.Organisation == "cpas-pole-jeunes" && r.Domain == "sante-mentale" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no INTEREST reason for the Pôle Jeunes' sante-mentale: %+v", plan.Pairs)
	}
}

// TestImmersionPlanCapacities checks on random rounds of the demo
// organisations, with capacities from 0 to 3, that the plan respects every
// capacity, never repeats a pair nor pairs one institution, and weighs as
// much as an exhaustive search of all pair sets.
func TestImmersionPlanCapacities(t *testing.T) {
	x := demoIndex(t)
	r := rand.New(rand.NewPCG(4, 13))
	orgs := x.ds.Organisations
	for iter := 0; iter < 300; iter++ {
		var round ImmersionRound
		for _, k := range r.Perm(len(orgs))[:2+r.IntN(5)] {
			round.Participants = append(round.Participants, ImmersionParticipant{Organisation: orgs[k].Key, Host: r.IntN(4), Send: 1 + r.IntN(3)})
		}
		plan, err := x.ImmersionPlan(context.Background(), round)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[[2]string]bool{}
		count := map[string]int{}
		for _, p := range plan.Pairs {
			if seen[[2]string{p.A, p.B}] {
				t.Fatalf("pair %s–%s twice", p.A, p.B)
			}
			seen[[2]string{p.A, p.B}] = true
			count[p.A]++
			count[p.B]++
			if x.tops()[x.orgIdx[p.A]] == x.tops()[x.orgIdx[p.B]] {
				t.Fatalf("pair %s–%s within one institution", p.A, p.B)
			}
		}
		for _, p := range round.Participants {
			if count[p.Organisation] > min(p.Host, p.Send) {
				t.Fatalf("%s in %d pairs, host %d send %d", p.Organisation, count[p.Organisation], p.Host, p.Send)
			}
		}
		if want := bruteForce(x, round); plan.TotalWeight != want {
			t.Fatalf("round %d: weight %d, brute force %d (%+v)", iter, plan.TotalWeight, want, round)
		}
	}
}

// bruteForce is the best total weight over every set of allowed pairs that
// respects the capacities, by exhaustive search (small rounds only). The
// weights come from a one-pair plan of each pair.
func bruteForce(x *Index, round ImmersionRound) int {
	ps := round.Participants
	type cand struct{ i, j, w int }
	var cands []cand
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			a, b := ps[i], ps[j]
			a.Host, a.Send, b.Host, b.Send = 1, 1, 1, 1
			if min(ps[i].Host, ps[i].Send) == 0 || min(ps[j].Host, ps[j].Send) == 0 {
				continue
			}
			p, err := x.ImmersionPlan(context.Background(), ImmersionRound{Participants: []ImmersionParticipant{a, b}})
			if err != nil {
				panic(err)
			}
			if len(p.Pairs) == 1 {
				cands = append(cands, cand{i, j, p.TotalWeight})
			}
		}
	}
	capLeft := make([]int, len(ps))
	for i, p := range ps {
		capLeft[i] = min(p.Host, p.Send)
	}
	var best func(k int) int
	best = func(k int) int {
		if k == len(cands) {
			return 0
		}
		c := cands[k]
		w := best(k + 1)
		if capLeft[c.i] > 0 && capLeft[c.j] > 0 {
			capLeft[c.i]--
			capLeft[c.j]--
			w = max(w, c.w+best(k+1))
			capLeft[c.i]++
			capLeft[c.j]++
		}
		return w
	}
	return best(0)
}

// TestImmersionPlanErrors: named cases of rejected rounds, asserted on codes
// and fields.
func TestImmersionPlanErrors(t *testing.T) {
	x := demoIndex(t)
	p := func(k string, h, s int) ImmersionParticipant {
		return ImmersionParticipant{Organisation: k, Host: h, Send: s}
	}
	cases := []struct {
		name  string
		round ImmersionRound
		code  string
		field string
	}{
		{"unknown organisation", ImmersionRound{[]ImmersionParticipant{p("nope", 1, 1)}}, reseau.ENOTFOUND, "participants[0].organisation"},
		{"duplicate", ImmersionRound{[]ImmersionParticipant{p("sapv", 1, 1), p("sapv", 1, 1)}}, reseau.EINVALID, "participants[1].organisation"},
		{"negative host", ImmersionRound{[]ImmersionParticipant{p("sapv", -1, 1)}}, reseau.EINVALID, "participants[0].host"},
		{"too many days", ImmersionRound{[]ImmersionParticipant{p("sapv", 1, MaxImmersionDays+1)}}, reseau.EINVALID, "participants[0].send"},
		{"unknown domain", ImmersionRound{[]ImmersionParticipant{{Organisation: "sapv", Host: 1, Send: 1, DiscoverDomains: []string{"nope"}}}}, reseau.ENOTFOUND, "participants[0].discoverDomains[0]"},
		{"bad sector", ImmersionRound{[]ImmersionParticipant{{Organisation: "sapv", Host: 1, Send: 1, DiscoverSectors: []reseau.Sector{"X"}}}}, reseau.EINVALID, "participants[0].discoverSectors[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := x.ImmersionPlan(context.Background(), c.round)
			e, ok := err.(*reseau.Error)
			if !ok || e.Code != c.code || e.Field != c.field {
				t.Fatalf("error %v, want %s on %s", err, c.code, c.field)
			}
		})
	}
}

// TestImmersionPlanStopsWhenCancelled: a plan gives up with the context's
// error, between two stages of its matchings, instead of running on after
// the request is gone: a round of every scale-S organisation with six days
// each (seconds of work) under a 100 ms deadline returns ETIMEOUT, and with
// a cancelled context EUNAVAILABLE.
func TestImmersionPlanStopsWhenCancelled(t *testing.T) {
	x := scaleS(t)
	var round ImmersionRound
	for o := range x.ds.Organisations {
		round.Participants = append(round.Participants, ImmersionParticipant{Organisation: x.orgKey(int32(o)), Host: 6, Send: 6})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	begin := time.Now()
	if _, err := x.ImmersionPlan(ctx, round); reseau.ErrorCode(err) != reseau.ETIMEOUT {
		t.Fatalf("err = %v after %v, want code %s", err, time.Since(begin), reseau.ETIMEOUT)
	}
	t.Logf("gave up after %v", time.Since(begin))
	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := x.ImmersionPlan(done, round); reseau.ErrorCode(err) != reseau.EUNAVAILABLE {
		t.Fatalf("err = %v, want code %s", err, reseau.EUNAVAILABLE)
	}
}
