package analytics

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/topo"
)

// The gonum benchmarks measure the library on the same graphs as ours, to
// decide where hand-written code is worth it (see the package notes).

func BenchmarkGonumBetweenness(b *testing.B) {
	for _, name := range []string{"S", "M"} {
		b.Run(name, func(b *testing.B) {
			x := scaleIndex(b, name)
			g := gonumGraph(x, TiesAll)
			timed(b, func(int) { network.Betweenness(g) })
		})
	}
}

func BenchmarkOwnBetweenness(b *testing.B) {
	x := scaleIndex(b, "S")
	timed(b, func(int) { must(computeCentrality(bg, x.graph(TiesAll))) })
}

func BenchmarkGonumModularize(b *testing.B) {
	for _, name := range []string{"S", "M"} {
		b.Run(name, func(b *testing.B) {
			x := scaleIndex(b, name)
			g := gonumGraph(x, TiesAll)
			var q float64
			timed(b, func(int) {
				r := community.Modularize(g, 1, rand.NewPCG(1, 2))
				q = community.Q(r, nil, 1)
			})
			b.ReportMetric(q, "modularity")
		})
	}
}

func BenchmarkOwnCommunities(b *testing.B) {
	x := scaleIndex(b, "S")
	var q float64
	timed(b, func(int) { q = must(computePartition(bg, x.weighted(TiesAll))).q })
	b.ReportMetric(q, "modularity")
}

func BenchmarkGonumComponents(b *testing.B) {
	x := scaleIndex(b, "M")
	g := gonumGraph(x, TiesAll)
	timed(b, func(int) { topo.ConnectedComponents(g) })
}

func BenchmarkOwnComponents(b *testing.B) {
	x := scaleIndex(b, "M")
	timed(b, func(int) { x.graph(TiesAll).components() })
}
