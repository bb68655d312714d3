package analytics

import (
	"cmp"
	"slices"
)

// This file holds a maximum-weight b-matching on a general graph: each
// vertex v is an end of at most capacity[v] chosen edges, and each edge is
// chosen at most once. It is solved exactly through maximum-weight matchings
// (maxWeightMatching) of a small graph H, and proved optimal on the whole
// graph by the duals of the last one.
//
// H has capacity[v] copies of each vertex v and holds only candidate edges:
// at first, for each vertex, its heaviest edges and a few edges of each
// weight (bMatchingTop, bMatchingPerWeight). A candidate edge u–v with a
// side of capacity 1 joins that side's copy to every copy of the other: it
// can be matched once only. Between two sides of larger capacity it is a
// gadget u–gᵤ–gᵥ–v, two vertices of its own with a middle edge heavier than
// any (weight c) and two side edges (weight w+c, all weights doubled): the
// matching either keeps gᵤ–gᵥ (2c) or gives gᵤ and gᵥ to copies of u and v
// (2w+2c), so it gains 2w by using the edge, once.
//
// The optimum of H is an optimal b-matching of the candidate edges. It is
// optimal on the whole graph when each left-out edge u–v satisfies
// ȳᵤ + ȳᵥ ≥ 2·2w, ȳ the average dual of a vertex's copies: permuting the
// copies of a vertex maps H and its optimal duals onto themselves, so the
// average over all permutations is an optimal dual of H too, and it is
// feasible for H plus every left-out edge as copy-to-copy edges, a
// relaxation of the whole problem on the same vertices. By weak duality no
// b-matching of the whole graph then weighs more than H's dual objective,
// which equals the weight found. Left-out edges that fail the test become
// candidates and H is solved again: candidates only grow, so the loop ends,
// and its answer is exact whatever the first candidates were (they only
// decide the speed).

// The first candidates of a vertex v: its capacity[v]+bMatchingTop heaviest
// edges, and for each weight its first capacity[v]+bMatchingPerWeight
// edges. Equal weights are ordered by a hash of the pair, not by index, so
// that the vertices do not all offer the same few (low-numbered) neighbours.
// Sampling every weight keeps each weight class matchable within the
// candidates (a vertex of a large sector pairs mostly inside it at the
// lighter weight), which the certificate needs to succeed early.
const (
	bMatchingTop       = 3
	bMatchingPerWeight = 3
)

// bMatchingStats says how a b-matching was found: rounds solved; the
// candidate and gadget edges and the edges of H in the last round; the
// left-out edges that failed the certificate, over all rounds.
type bMatchingStats struct {
	Rounds, Candidates, Gadgets, HEdges, Added int
}

// MaxWeightBMatching returns the indexes in edges, increasing, of a set of
// edges of maximum total weight in which each vertex v (0 ≤ v <
// len(capacity)) is an end of at most capacity[v] edges, each edge chosen at
// most once. Edges of weight ≤ 0, loops and edges at a vertex of capacity ≤ 0
// are never chosen; of parallel edges, at most the heaviest (the first of
// equals) is. Weights must stay below 2⁴⁰ and capacities below 2¹⁰.
func MaxWeightBMatching(capacity []int, edges []WeightedEdge) []int {
	chosen, _ := maxWeightBMatching(capacity, edges, bMatchingTop, bMatchingPerWeight)
	return chosen
}

// maxWeightBMatching is MaxWeightBMatching with the first candidates of each
// vertex given (top, perWeight: see bMatchingTop): the answer does not
// depend on them, which the tests check with tiny ones.
func maxWeightBMatching(capacity []int, edges []WeightedEdge, top, perWeight int) ([]int, bMatchingStats) {
	n := len(capacity)
	var st bMatchingStats
	ks := usableEdges(capacity, edges)
	if len(ks) == 0 {
		return []int{}, st
	}
	var wmax int64
	for _, k := range ks {
		wmax = max(wmax, edges[k].Weight)
	}
	c := wmax + 1 // a gadget's middle weight, above every edge

	candidate := make([]bool, len(edges))
	firstCandidates(capacity, edges, ks, candidate, top, perWeight)

	first := make([]int, n+1)
	for v := range n {
		first[v+1] = first[v] + max(capacity[v], 0)
	}
	copies := first[n]
	type gadget struct{ k, gu, gv int }
	var hedges []WeightedEdge
	var horig []int // the edge of each copy-to-copy edge of H, else -1
	var gadgets []gadget
	sum := make([]int64, n)
	for {
		st.Rounds++
		hedges, horig, gadgets = hedges[:0], horig[:0], gadgets[:0]
		nh := copies
		st.Candidates = 0
		for _, k := range ks {
			if !candidate[k] {
				continue
			}
			st.Candidates++
			e := edges[k]
			if capacity[e.I] == 1 || capacity[e.J] == 1 {
				for u := first[e.I]; u < first[e.I+1]; u++ {
					for v := first[e.J]; v < first[e.J+1]; v++ {
						hedges = append(hedges, WeightedEdge{I: u, J: v, Weight: 2 * e.Weight})
						horig = append(horig, k)
					}
				}
				continue
			}
			g := gadget{k, nh, nh + 1}
			nh += 2
			gadgets = append(gadgets, g)
			hedges = append(hedges, WeightedEdge{I: g.gu, J: g.gv, Weight: 2 * c})
			horig = append(horig, -1)
			for u := first[e.I]; u < first[e.I+1]; u++ {
				hedges = append(hedges, WeightedEdge{I: u, J: g.gu, Weight: e.Weight + c})
				horig = append(horig, -1)
			}
			for v := first[e.J]; v < first[e.J+1]; v++ {
				hedges = append(hedges, WeightedEdge{I: g.gv, J: v, Weight: e.Weight + c})
				horig = append(horig, -1)
			}
		}
		st.Gadgets, st.HEdges = len(gadgets), len(hedges)
		mate, dual, _ := maxWeightMatching(nh, hedges)

		// The certificate: every left-out edge is paid for by the average
		// duals of its ends' copies.
		for v := range n {
			sum[v] = 0
			for c := first[v]; c < first[v+1]; c++ {
				sum[v] += dual[c]
			}
		}
		added := false
		for _, k := range ks {
			e := edges[k]
			bu, bv := int64(capacity[e.I]), int64(capacity[e.J])
			// ȳᵤ + ȳᵥ ≥ 4w, in integers.
			if !candidate[k] && sum[e.I]*bv+sum[e.J]*bu < 4*e.Weight*bu*bv {
				candidate[k] = true
				added = true
				st.Added++
			}
		}
		if added {
			continue
		}

		var chosen []int
		for h, e := range hedges {
			if horig[h] >= 0 && mate[e.I] == e.J {
				chosen = append(chosen, horig[h])
			}
		}
		for _, g := range gadgets {
			// An optimum never leaves one gadget vertex to a copy alone
			// (2c > w+c): both or neither.
			if mu, mv := mate[g.gu], mate[g.gv]; mu >= 0 && mu < copies && mv >= 0 && mv < copies {
				chosen = append(chosen, g.k)
			}
		}
		slices.Sort(chosen)
		return chosen, st
	}
}

// usableEdges returns the indexes of the edges that can be chosen,
// increasing: positive weight, two ends of positive capacity, and the
// heaviest of parallel edges (the first of equals).
func usableEdges(capacity []int, edges []WeightedEdge) []int {
	n := len(capacity)
	// The usable edges grouped by their smaller end, in index order.
	start := make([]int, n+1)
	for _, e := range edges {
		if e.Weight > 0 && e.I != e.J && capacity[e.I] > 0 && capacity[e.J] > 0 {
			start[min(e.I, e.J)+1]++
		}
	}
	for v := range n {
		start[v+1] += start[v]
	}
	byLow := make([]int, start[n])
	next := slices.Clone(start[:n])
	for k, e := range edges {
		if e.Weight > 0 && e.I != e.J && capacity[e.I] > 0 && capacity[e.J] > 0 {
			u := min(e.I, e.J)
			byLow[next[u]] = k
			next[u]++
		}
	}
	// Per smaller end, the best edge to each larger end.
	best := make([]int, n)
	for v := range best {
		best[v] = -1
	}
	ks := make([]int, 0, len(byLow))
	for u := range n {
		row := byLow[start[u]:start[u+1]]
		for _, k := range row {
			v := max(edges[k].I, edges[k].J)
			if b := best[v]; b < 0 || edges[k].Weight > edges[b].Weight {
				best[v] = k
			}
		}
		for _, k := range row {
			v := max(edges[k].I, edges[k].J)
			if best[v] == k {
				ks = append(ks, k)
			}
		}
		for _, k := range row {
			best[max(edges[k].I, edges[k].J)] = -1
		}
	}
	slices.Sort(ks)
	return ks
}

// firstCandidates marks the first candidates of every vertex (see
// bMatchingTop).
func firstCandidates(capacity []int, edges []WeightedEdge, ks []int, candidate []bool, top, perWeight int) {
	type item struct {
		w int64
		h uint64
		k int
	}
	deg := make([]int, len(capacity)+1)
	for _, k := range ks {
		deg[edges[k].I+1]++
		deg[edges[k].J+1]++
	}
	for v := range capacity {
		deg[v+1] += deg[v]
	}
	items := make([]item, deg[len(capacity)])
	next := slices.Clone(deg[:len(capacity)])
	for _, k := range ks {
		it := item{edges[k].Weight, pairHash(edges[k]), k}
		for _, v := range [2]int{edges[k].I, edges[k].J} {
			items[next[v]] = it
			next[v]++
		}
	}
	for v := range capacity {
		row := items[deg[v]:deg[v+1]]
		slices.SortFunc(row, func(a, b item) int {
			return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.h, b.h), cmp.Compare(a.k, b.k))
		})
		top, perWeight := capacity[v]+top, capacity[v]+perWeight
		for i, it := range row {
			if i < top || i < perWeight || row[i-perWeight].w != it.w {
				candidate[it.k] = true
			}
		}
	}
}

// pairHash mixes the two ends of e into a number that orders equal-weight
// edges the same way on every run but not by vertex number.
func pairHash(e WeightedEdge) uint64 {
	x := uint64(min(e.I, e.J))<<32 | uint64(max(e.I, e.J))
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}
