package analytics

import (
	"math/rand/v2"
	"testing"
)

// TestPairDualsAveragesCopyPairs checks the arithmetic of the certificate:
// on the duals of random matchings of copy graphs with many blossoms (few
// distinct weights), pairDuals(u, v) must equal the sum, over every copy of
// u and every copy of v, of their two duals plus twice the duals of the
// blossoms holding both, found by walking each copy's blossoms apart.
func TestPairDualsAveragesCopyPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	withBlossoms := 0
	for iter := 0; iter < 40; iter++ {
		n := 4 + r.IntN(12)
		capacity := make([]int, n)
		first := make([]int, n+1)
		for v := range n {
			capacity[v] = 1 + r.IntN(3)
			first[v+1] = first[v] + capacity[v]
		}
		var hedges []WeightedEdge
		for u := 0; u < first[n]; u++ {
			for v := u + 1; v < first[n]; v++ {
				if r.IntN(3) > 0 {
					hedges = append(hedges, WeightedEdge{I: u, J: v, Weight: 1 + r.Int64N(3)})
				}
			}
		}
		_, dual, parent := maxWeightMatching(first[n], hedges)
		sum := make([]int64, n)
		holds := make([][]blossomHold, n)
		copyDuals(first, dual, parent, sum, holds)
		ancestors := func(c int) map[int]bool {
			out := map[int]bool{}
			for b := parent[c]; b >= 0; b = parent[b] {
				out[b] = true
			}
			return out
		}
		for u := 0; u < n; u++ {
			for v := u + 1; v < n; v++ {
				var want int64
				for i := first[u]; i < first[u+1]; i++ {
					for j := first[v]; j < first[v+1]; j++ {
						want += dual[i] + dual[j]
						aj := ancestors(j)
						for b := range ancestors(i) {
							if aj[b] {
								want += 2 * dual[b]
								withBlossoms++
							}
						}
					}
				}
				if got := pairDuals(u, v, int64(capacity[u]), int64(capacity[v]), sum, holds, dual); got != want {
					t.Fatalf("instance %d, vertices %d and %d: pairDuals %d, sum over the copy pairs %d", iter, u, v, got, want)
				}
			}
		}
	}
	if withBlossoms == 0 {
		t.Fatal("no copy pair shared a blossom: the blossoms' part is untested")
	}
}
