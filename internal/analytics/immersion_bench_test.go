package analytics

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkImmersionPlan plans a round of 500 organisations of scale M
// (bar of issue 13: under 1 s), each with one host and one send day
// ("cap1"), and with 1 to 3 days of each ("cap1-3": more vertices, and
// gadgets for pairs of two multi-day organisations).
func BenchmarkImmersionPlan(b *testing.B) {
	x := scaleIndex(b, "M")
	for _, c := range []struct {
		name   string
		maxCap int
	}{{"cap1", 1}, {"cap1-3", 3}} {
		b.Run(c.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(500, uint64(c.maxCap)))
			var round ImmersionRound
			for _, k := range r.Perm(len(x.ds.Organisations))[:500] {
				p := ImmersionParticipant{Organisation: x.orgKey(int32(k)), Host: 1 + r.IntN(c.maxCap), Send: 1 + r.IntN(c.maxCap)}
				if d := x.orgDom.row(int32(r.IntN(len(x.ds.Organisations)))); len(d) > 0 {
					p.DiscoverDomains = []string{x.domKey(d[0])}
				}
				round.Participants = append(round.Participants, p)
			}
			timed(b, func(int) {
				if _, err := x.ImmersionPlan(round); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
