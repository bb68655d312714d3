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
// optimal on the whole graph when H's optimal duals pay for every left-out
// edge u–v once averaged over the copies: permuting the copies of a vertex
// maps H and its optimal duals onto optimal duals of H, so their average
// over all permutations is an optimal dual too; for an edge between a copy
// of u and a copy of v it gives ȳᵤ + ȳᵥ + 2·Σ z_B·(nᵤ(B)/bᵤ)·(nᵥ(B)/bᵥ) − 4w
// (ȳ the average vertex dual of the copies, z_B a blossom's dual, n(B) how
// many copies it holds, b the capacity; all doubled as the matcher keeps
// them). When that is ≥ 0 for every left-out edge, the averaged duals are
// feasible for H plus every left-out edge as copy-to-copy edges, a
// relaxation of the whole problem on the same vertices; by weak duality no
// b-matching of the whole graph weighs more than H's dual objective, which
// equals the weight found. Left-out edges that fail become candidates and H
// is solved again: candidates only grow, so the loop ends, and its answer is
// exact whatever the first candidates were (they only decide the speed).
// Counting the blossoms matters: with the many equal weights of an
// immersion round, vertex duals alone leave thousands of edges unpaid
// (three rounds and twice the candidates at 500 organisations).

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
	holds := make([][]blossomHold, n)
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
		mate, dual, parent := maxWeightMatching(nh, hedges)

		// The certificate: every left-out edge is paid for by the duals,
		// averaged over the permutations of each vertex's copies.
		copyDuals(first, dual, parent, sum, holds)
		added := false
		for _, k := range ks {
			if candidate[k] {
				continue
			}
			e := edges[k]
			bu, bv := int64(capacity[e.I]), int64(capacity[e.J])
			// ȳᵤ + ȳᵥ + 2·Σ z̄ ≥ 4w, times bᵤbᵥ to stay in integers; the
			// blossoms only when the vertex duals fall short.
			need := 4 * e.Weight * bu * bv
			if sum[e.I]*bv+sum[e.J]*bu < need && pairDuals(e.I, e.J, bu, bv, sum, holds, dual) < need {
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

// blossomHold says that n copies of a vertex lie in blossom b of H.
type blossomHold struct{ b, n int }

func addHold(hs []blossomHold, b int) []blossomHold {
	for i := range hs {
		if hs[i].b == b {
			hs[i].n++
			return hs
		}
	}
	return append(hs, blossomHold{b, 1})
}

// copyDuals sums the duals of each vertex v's copies (first[v] to
// first[v+1]) into sum[v], and lists in holds[v] the blossoms of positive
// dual that hold some of them, with how many.
func copyDuals(first []int, dual []int64, parent []int, sum []int64, holds [][]blossomHold) {
	for v := range sum {
		sum[v] = 0
		holds[v] = holds[v][:0]
		for c := first[v]; c < first[v+1]; c++ {
			sum[v] += dual[c]
			for b := parent[c]; b >= 0; b = parent[b] {
				if dual[b] > 0 {
					holds[v] = addHold(holds[v], b)
				}
			}
		}
	}
}

// pairDuals is bᵤbᵥ times what the averaged duals give an edge between a
// copy of u and a copy of v: Σ over the bᵤbᵥ copy pairs of dual(uᵢ) +
// dual(vⱼ) + 2·Σ dual(B) over the blossoms B holding both.
func pairDuals(u, v int, bu, bv int64, sum []int64, holds [][]blossomHold, dual []int64) int64 {
	return sum[u]*bv + sum[v]*bu + 2*sharedBlossoms(holds[u], holds[v], dual)
}

// sharedBlossoms is Σ dual[b]·nᵤ(b)·nᵥ(b) over the blossoms b holding
// copies of both u and v: what the blossoms add to the averaged slack of an
// edge u–v, times bᵤbᵥ (a copy of u lies in b with probability nᵤ(b)/bᵤ
// under a random permutation of u's copies, independently of v's).
func sharedBlossoms(u, v []blossomHold, dual []int64) int64 {
	var s int64
	for _, hu := range u {
		for _, hv := range v {
			if hu.b == hv.b {
				s += dual[hu.b] * int64(hu.n) * int64(hv.n)
			}
		}
	}
	return s
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
			switch {
			case a.w != b.w:
				return cmp.Compare(b.w, a.w)
			case a.h != b.h:
				return cmp.Compare(a.h, b.h)
			}
			return cmp.Compare(a.k, b.k)
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
