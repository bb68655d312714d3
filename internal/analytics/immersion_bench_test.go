package analytics

import (
	"math/rand/v2"
	"testing"
)

// benchRound is a round of n organisations of scale M, each with 1 to
// maxCap host and send days and, for most, one domain to discover.
func benchRound(x *Index, n, maxCap int) ImmersionRound {
	r := rand.New(rand.NewPCG(uint64(n), uint64(maxCap)))
	var round ImmersionRound
	for _, k := range r.Perm(len(x.ds.Organisations))[:n] {
		p := ImmersionParticipant{Organisation: x.orgKey(int32(k)), Host: 1 + r.IntN(maxCap), Send: 1 + r.IntN(maxCap)}
		if d := x.orgDom.row(int32(r.IntN(len(x.ds.Organisations)))); len(d) > 0 {
			p.DiscoverDomains = []string{x.domKey(d[0])}
		}
		round.Participants = append(round.Participants, p)
	}
	return round
}

// BenchmarkImmersionPlan plans a round of 500 organisations of scale M
// (bar of issue 13: under 1 s), each with one host and one send day
// ("cap1"), and with 1 to 3 days of each ("cap1-3"). It reports how the
// b-matching went: rounds solved, candidate pairs of the last round (out of
// all allowed pairs), gadgets.
func BenchmarkImmersionPlan(b *testing.B) {
	x := scaleIndex(b, "M")
	for _, c := range []struct {
		name   string
		maxCap int
	}{{"cap1", 1}, {"cap1-3", 3}} {
		b.Run(c.name, func(b *testing.B) {
			round := benchRound(x, 500, c.maxCap)
			_, capacity, edges, err := x.immersionGraph(round)
			if err != nil {
				b.Fatal(err)
			}
			_, st := maxWeightBMatching(capacity, edges, bMatchingTop, bMatchingPerWeight)
			timed(b, func(int) {
				if _, err := x.ImmersionPlan(round); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(st.Rounds), "rounds")
			b.ReportMetric(float64(st.Candidates), "candidates")
			b.ReportMetric(float64(len(edges)), "pairs")
			b.ReportMetric(float64(st.Gadgets), "gadgets")
		})
	}
}
