package analytics

import "slices"

// This file holds a maximum-weight matching on a general graph: Edmonds'
// blossom algorithm with dual variables, O(n³), a Go port of Joris van
// Rantwijk's mwmatching.py, the implementation networkx's
// max_weight_matching is derived from. Weights are integers, so every dual
// variable stays integral (duals are kept doubled, as in the original) and
// the optimum is exact.

// WeightedEdge is an edge of a matching problem: vertices I and J (0-based)
// and an integer weight. Edges of weight ≤ 0 are never worth matching.
type WeightedEdge struct {
	I, J   int
	Weight int64
}

// MaxWeightMatching returns mate, where mate[v] is the vertex matched to v
// or -1, for a matching of maximum total weight (not of maximum
// cardinality) over n vertices. Edges must not be loops; parallel edges are
// allowed (the heavier one wins).
func MaxWeightMatching(n int, edges []WeightedEdge) []int {
	mate, _, _ := maxWeightMatching(n, edges)
	return mate
}

// maxWeightMatching is MaxWeightMatching with the duals of the optimum,
// doubled as the matcher keeps them: dual[v] for a vertex v < n, dual[b]
// for a blossom b ≥ n, and parent[x] the blossom that holds vertex or
// blossom x directly (-1: none). For every edge, dual[I] + dual[J] +
// 2·Σ dual[b] over the blossoms holding both ends ≥ 2·weight, with equality
// on matched edges, and an unmatched vertex has dual 0. The duals certify
// the optimum (linear-programming duality), which MaxWeightBMatching uses to
// prove that the edges it left out could not improve its answer.
func maxWeightMatching(n int, edges []WeightedEdge) (mate []int, dual []int64, parent []int) {
	m := &matcher{}
	mate = m.run(n, edges)
	if m.dual == nil { // no edge worth matching: every vertex free, duals 0
		return mate, make([]int64, 2*n), fill(2*n, -1)
	}
	return mate, m.dual, m.bparent
}

// MatchingWeight is the total weight of the matched edges of mate, each
// matched pair counted once with its heaviest edge.
func MatchingWeight(mate []int, edges []WeightedEdge) int64 {
	best := map[[2]int]int64{}
	for _, e := range edges {
		i, j := e.I, e.J
		if i > j {
			i, j = j, i
		}
		if mate[i] == j {
			if w, ok := best[[2]int{i, j}]; !ok || e.Weight > w {
				best[[2]int{i, j}] = e.Weight
			}
		}
	}
	var total int64
	for _, w := range best {
		total += w
	}
	return total
}

type matcher struct {
	edges      []WeightedEdge
	nvertex    int
	endpoint   []int
	neighbend  [][]int
	mate       []int
	label      []int
	labelend   []int
	inblossom  []int
	bparent    []int
	bchilds    [][]int
	bbase      []int
	bendps     [][]int
	bestedge   []int
	bbest      [][]int
	unused     []int
	dual       []int64
	allowedge  []bool
	bestedgeto []int // addBlossom's scratch, all -1 between calls
	leafBuf    []int // leavesOf's buffer
	touched    []int // addBlossom's list of the bestedgeto entries set
	tightDual  int64 // the free vertices' dual at matchTightPairs' last scan
	expanded   bool  // blossoms expanded since then
	queue      []int
}

// at indexes s as Python does: a negative j counts from the end.
func at(s []int, j int) int {
	if j < 0 {
		j += len(s)
	}
	return s[j]
}

func (m *matcher) slack(k int) int64 {
	e := m.edges[k]
	return m.dual[e.I] + m.dual[e.J] - 2*e.Weight
}

func (m *matcher) leaves(b int, out []int) []int {
	if b < m.nvertex {
		return append(out, b)
	}
	for _, t := range m.bchilds[b] {
		if t < m.nvertex {
			out = append(out, t)
		} else {
			out = m.leaves(t, out)
		}
	}
	return out
}

// leavesOf is leaves(b) in a buffer reused by the next call: for loops that
// call nothing that lists leaves again.
func (m *matcher) leavesOf(b int) []int {
	m.leafBuf = m.leaves(b, m.leafBuf[:0])
	return m.leafBuf
}

func (m *matcher) assignLabel(w, t, p int) {
	for {
		b := m.inblossom[w]
		m.label[w], m.label[b] = t, t
		m.labelend[w], m.labelend[b] = p, p
		m.bestedge[w], m.bestedge[b] = -1, -1
		if t == 1 {
			m.queue = m.leaves(b, m.queue)
			return
		}
		base := m.bbase[b]
		w, t, p = m.endpoint[m.mate[base]], 1, m.mate[base]^1
	}
}

func (m *matcher) scanBlossom(v, w int) int {
	var path []int
	base := -1
	for v != -1 || w != -1 {
		b := m.inblossom[v]
		if m.label[b]&4 != 0 {
			base = m.bbase[b]
			break
		}
		path = append(path, b)
		m.label[b] = 5
		if m.labelend[b] == -1 {
			v = -1
		} else {
			v = m.endpoint[m.labelend[b]]
			b = m.inblossom[v]
			v = m.endpoint[m.labelend[b]]
		}
		if w != -1 {
			v, w = w, v
		}
	}
	for _, b := range path {
		m.label[b] = 1
	}
	return base
}

func (m *matcher) addBlossom(base, k int) {
	v, w := m.edges[k].I, m.edges[k].J
	bb := m.inblossom[base]
	bv := m.inblossom[v]
	bw := m.inblossom[w]
	b := m.unused[len(m.unused)-1]
	m.unused = m.unused[:len(m.unused)-1]
	m.bbase[b] = base
	m.bparent[b] = -1
	m.bparent[bb] = b
	var path, endps []int
	for bv != bb {
		m.bparent[bv] = b
		path = append(path, bv)
		endps = append(endps, m.labelend[bv])
		v = m.endpoint[m.labelend[bv]]
		bv = m.inblossom[v]
	}
	path = append(path, bb)
	reverse(path)
	reverse(endps)
	endps = append(endps, 2*k)
	for bw != bb {
		m.bparent[bw] = b
		path = append(path, bw)
		endps = append(endps, m.labelend[bw]^1)
		w = m.endpoint[m.labelend[bw]]
		bw = m.inblossom[w]
	}
	m.bchilds[b] = path
	m.bendps[b] = endps
	m.label[b] = 1
	m.labelend[b] = m.labelend[bb]
	m.dual[b] = 0
	for _, v := range m.leavesOf(b) {
		if m.label[m.inblossom[v]] == 2 {
			m.queue = append(m.queue, v)
		}
		m.inblossom[v] = b
	}
	// bestedgeto[bj] is the least-slack edge from b to the S-blossom bj;
	// the array is kept between calls, all -1, and only the entries
	// touched (listed in best) are reset, so a blossom costs its edges, not
	// the number of vertices.
	if m.bestedgeto == nil {
		m.bestedgeto = fill(2*m.nvertex, -1)
	}
	bestedgeto := m.bestedgeto
	touched := m.touched[:0]
	consider := func(k int) {
		i, j := m.edges[k].I, m.edges[k].J
		if m.inblossom[j] == b {
			i, j = j, i
		}
		_ = i
		bj := m.inblossom[j]
		if bj != b && m.label[bj] == 1 {
			if bestedgeto[bj] == -1 {
				touched = append(touched, bj)
				bestedgeto[bj] = k
			} else if m.slack(k) < m.slack(bestedgeto[bj]) {
				bestedgeto[bj] = k
			}
		}
	}
	for _, bv := range path {
		if m.bbest[bv] == nil {
			for _, v := range m.leavesOf(bv) {
				for _, p := range m.neighbend[v] {
					consider(p / 2)
				}
			}
		} else {
			for _, k := range m.bbest[bv] {
				consider(k)
			}
		}
		m.bbest[bv] = nil
		m.bestedge[bv] = -1
	}
	slices.Sort(touched) // the order of the original: by blossom number
	best := make([]int, 0, len(touched))
	for _, bj := range touched {
		best = append(best, bestedgeto[bj])
		bestedgeto[bj] = -1
	}
	m.touched = touched
	m.bbest[b] = best
	m.bestedge[b] = -1
	for _, k := range best {
		if m.bestedge[b] == -1 || m.slack(k) < m.slack(m.bestedge[b]) {
			m.bestedge[b] = k
		}
	}
}

func reverse(s []int) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

func indexOf(s []int, x int) int {
	for i, y := range s {
		if y == x {
			return i
		}
	}
	return -1
}

func (m *matcher) expandBlossom(b int, endstage bool) {
	for _, s := range m.bchilds[b] {
		m.bparent[s] = -1
		if s < m.nvertex {
			m.inblossom[s] = s
		} else if endstage && m.dual[s] == 0 {
			m.expandBlossom(s, endstage)
		} else {
			for _, v := range m.leavesOf(s) {
				m.inblossom[v] = s
			}
		}
	}
	if !endstage && m.label[b] == 2 {
		childs, endps := m.bchilds[b], m.bendps[b]
		entrychild := m.inblossom[m.endpoint[m.labelend[b]^1]]
		j := indexOf(childs, entrychild)
		var jstep, endptrick int
		if j&1 != 0 {
			j -= len(childs)
			jstep, endptrick = 1, 0
		} else {
			jstep, endptrick = -1, 1
		}
		p := m.labelend[b]
		for j != 0 {
			m.label[m.endpoint[p^1]] = 0
			m.label[m.endpoint[at(endps, j-endptrick)^endptrick^1]] = 0
			m.assignLabel(m.endpoint[p^1], 2, p)
			m.allowedge[at(endps, j-endptrick)/2] = true
			j += jstep
			p = at(endps, j-endptrick) ^ endptrick
			m.allowedge[p/2] = true
			j += jstep
		}
		bv := at(childs, j)
		m.label[m.endpoint[p^1]], m.label[bv] = 2, 2
		m.labelend[m.endpoint[p^1]], m.labelend[bv] = p, p
		m.bestedge[bv] = -1
		j += jstep
		for at(childs, j) != entrychild {
			bv := at(childs, j)
			if m.label[bv] == 1 {
				j += jstep
				continue
			}
			v := -1
			for _, v = range m.leavesOf(bv) {
				if m.label[v] != 0 {
					break
				}
			}
			if m.label[v] != 0 {
				m.label[v] = 0
				m.label[m.endpoint[m.mate[m.bbase[bv]]]] = 0
				m.assignLabel(v, 2, m.labelend[v])
			}
			j += jstep
		}
	}
	m.label[b], m.labelend[b] = -1, -1
	m.bchilds[b], m.bendps[b] = nil, nil
	m.bbase[b] = -1
	m.bbest[b] = nil
	m.bestedge[b] = -1
	m.unused = append(m.unused, b)
}

func (m *matcher) augmentBlossom(b, v int) {
	t := v
	for m.bparent[t] != b {
		t = m.bparent[t]
	}
	if t >= m.nvertex {
		m.augmentBlossom(t, v)
	}
	childs, endps := m.bchilds[b], m.bendps[b]
	i := indexOf(childs, t)
	j := i
	var jstep, endptrick int
	if i&1 != 0 {
		j -= len(childs)
		jstep, endptrick = 1, 0
	} else {
		jstep, endptrick = -1, 1
	}
	for j != 0 {
		j += jstep
		t = at(childs, j)
		p := at(endps, j-endptrick) ^ endptrick
		if t >= m.nvertex {
			m.augmentBlossom(t, m.endpoint[p])
		}
		j += jstep
		t = at(childs, j)
		if t >= m.nvertex {
			m.augmentBlossom(t, m.endpoint[p^1])
		}
		m.mate[m.endpoint[p]] = p ^ 1
		m.mate[m.endpoint[p^1]] = p
	}
	m.bchilds[b] = append(append([]int{}, childs[i:]...), childs[:i]...)
	m.bendps[b] = append(append([]int{}, endps[i:]...), endps[:i]...)
	m.bbase[b] = m.bbase[m.bchilds[b][0]]
}

func (m *matcher) augmentMatching(k int) {
	v, w := m.edges[k].I, m.edges[k].J
	for _, sp := range [2][2]int{{v, 2*k + 1}, {w, 2 * k}} {
		s, p := sp[0], sp[1]
		for {
			bs := m.inblossom[s]
			if bs >= m.nvertex {
				m.augmentBlossom(bs, s)
			}
			m.mate[s] = p
			if m.labelend[bs] == -1 {
				break
			}
			t := m.endpoint[m.labelend[bs]]
			bt := m.inblossom[t]
			s = m.endpoint[m.labelend[bt]]
			j := m.endpoint[m.labelend[bt]^1]
			if bt >= m.nvertex {
				m.augmentBlossom(bt, j)
			}
			m.mate[j] = m.labelend[bt]
			p = m.labelend[bt] ^ 1
		}
	}
}

func (m *matcher) run(n int, edges []WeightedEdge) []int {
	mate := make([]int, n)
	for i := range mate {
		mate[i] = -1
	}
	// Edges of weight ≤ 0 never improve a maximum-weight matching.
	for _, e := range edges {
		if e.Weight > 0 && e.I != e.J {
			m.edges = append(m.edges, e)
		}
	}
	if len(m.edges) == 0 {
		return mate
	}
	nv := n
	m.nvertex = nv
	nedge := len(m.edges)
	var maxweight int64
	for _, e := range m.edges {
		if e.Weight > maxweight {
			maxweight = e.Weight
		}
	}
	m.endpoint = make([]int, 2*nedge)
	// neighbend[v] lists the remote endpoints of v's edges, in edge order,
	// all in one array.
	deg := make([]int, nv+1)
	for _, e := range m.edges {
		deg[e.I+1]++
		deg[e.J+1]++
	}
	for v := 0; v < nv; v++ {
		deg[v+1] += deg[v]
	}
	ends := make([]int, 2*nedge)
	m.neighbend = make([][]int, nv)
	for v := range nv {
		m.neighbend[v] = ends[deg[v]:deg[v]:deg[v+1]]
	}
	for k, e := range m.edges {
		m.endpoint[2*k], m.endpoint[2*k+1] = e.I, e.J
		m.neighbend[e.I] = append(m.neighbend[e.I], 2*k+1)
		m.neighbend[e.J] = append(m.neighbend[e.J], 2*k)
	}
	m.mate = mate
	m.label = make([]int, 2*nv)
	m.labelend = fill(2*nv, -1)
	m.inblossom = make([]int, nv)
	for i := range m.inblossom {
		m.inblossom[i] = i
	}
	m.bparent = fill(2*nv, -1)
	m.bchilds = make([][]int, 2*nv)
	m.bbase = fill(2*nv, -1)
	for i := 0; i < nv; i++ {
		m.bbase[i] = i
	}
	m.bendps = make([][]int, 2*nv)
	m.bestedge = fill(2*nv, -1)
	m.bbest = make([][]int, 2*nv)
	for i := nv; i < 2*nv; i++ {
		m.unused = append(m.unused, i)
	}
	m.dual = make([]int64, 2*nv)
	for i := 0; i < nv; i++ {
		m.dual[i] = maxweight
	}
	m.allowedge = make([]bool, nedge)
	m.tightDual = -1

	for range nv {
		for i := range m.label {
			m.label[i] = 0
			m.bestedge[i] = -1
		}
		for i := nv; i < 2*nv; i++ {
			m.bbest[i] = nil
		}
		for i := range m.allowedge {
			m.allowedge[i] = false
		}
		m.queue = m.queue[:0]
		m.matchTightPairs()
		for v := 0; v < nv; v++ {
			if m.mate[v] == -1 && m.label[m.inblossom[v]] == 0 {
				m.assignLabel(v, 1, -1)
			}
		}
		augmented := false
		for {
			for len(m.queue) > 0 && !augmented {
				v := m.queue[len(m.queue)-1]
				m.queue = m.queue[:len(m.queue)-1]
				for _, p := range m.neighbend[v] {
					k := p / 2
					w := m.endpoint[p]
					if m.inblossom[v] == m.inblossom[w] {
						continue
					}
					var kslack int64
					if !m.allowedge[k] {
						kslack = m.slack(k)
						if kslack <= 0 {
							m.allowedge[k] = true
						}
					}
					if m.allowedge[k] {
						if m.label[m.inblossom[w]] == 0 {
							m.assignLabel(w, 2, p^1)
						} else if m.label[m.inblossom[w]] == 1 {
							base := m.scanBlossom(v, w)
							if base >= 0 {
								m.addBlossom(base, k)
							} else {
								m.augmentMatching(k)
								augmented = true
								break
							}
						} else if m.label[w] == 0 {
							m.label[w] = 2
							m.labelend[w] = p ^ 1
						}
					} else if m.label[m.inblossom[w]] == 1 {
						b := m.inblossom[v]
						if m.bestedge[b] == -1 || kslack < m.slack(m.bestedge[b]) {
							m.bestedge[b] = k
						}
					} else if m.label[w] == 0 {
						if m.bestedge[w] == -1 || kslack < m.slack(m.bestedge[w]) {
							m.bestedge[w] = k
						}
					}
				}
			}
			if augmented {
				break
			}
			deltatype := 1
			delta := m.dual[0]
			for v := 1; v < nv; v++ {
				if m.dual[v] < delta {
					delta = m.dual[v]
				}
			}
			deltaedge, deltablossom := -1, -1
			for v := 0; v < nv; v++ {
				if m.label[m.inblossom[v]] == 0 && m.bestedge[v] != -1 {
					if d := m.slack(m.bestedge[v]); d < delta {
						delta, deltatype, deltaedge = d, 2, m.bestedge[v]
					}
				}
			}
			for b := 0; b < 2*nv; b++ {
				if m.bparent[b] == -1 && m.label[b] == 1 && m.bestedge[b] != -1 {
					if d := m.slack(m.bestedge[b]) / 2; d < delta {
						delta, deltatype, deltaedge = d, 3, m.bestedge[b]
					}
				}
			}
			for b := nv; b < 2*nv; b++ {
				if m.bbase[b] >= 0 && m.bparent[b] == -1 && m.label[b] == 2 && m.dual[b] < delta {
					delta, deltatype, deltablossom = m.dual[b], 4, b
				}
			}
			for v := 0; v < nv; v++ {
				switch m.label[m.inblossom[v]] {
				case 1:
					m.dual[v] -= delta
				case 2:
					m.dual[v] += delta
				}
			}
			for b := nv; b < 2*nv; b++ {
				if m.bbase[b] >= 0 && m.bparent[b] == -1 {
					switch m.label[b] {
					case 1:
						m.dual[b] += delta
					case 2:
						m.dual[b] -= delta
					}
				}
			}
			if deltatype == 1 {
				break
			}
			switch deltatype {
			case 2:
				m.allowedge[deltaedge] = true
				i, j := m.edges[deltaedge].I, m.edges[deltaedge].J
				if m.label[m.inblossom[i]] == 0 {
					i, j = j, i
				}
				_ = j
				m.queue = append(m.queue, i)
			case 3:
				m.allowedge[deltaedge] = true
				m.queue = append(m.queue, m.edges[deltaedge].I)
			case 4:
				m.expandBlossom(deltablossom, false)
			}
		}
		if !augmented {
			break
		}
		for b := nv; b < 2*nv; b++ {
			if m.bparent[b] == -1 && m.bbase[b] >= 0 && m.label[b] == 1 && m.dual[b] == 0 {
				m.expandBlossom(b, true)
				m.expanded = true
			}
		}
	}
	for v := 0; v < nv; v++ {
		if m.mate[v] >= 0 {
			m.mate[v] = m.endpoint[m.mate[v]]
		}
	}
	return m.mate
}

// matchTightPairs matches, at the start of a stage, every free vertex that
// no blossom holds to a free neighbour like it across a tight edge: each is
// the augmenting path of length one the stage would find, and finding them
// all at once saves a stage (a scan of every free vertex's edges) for each.
// The duals do not change; the free vertices keep equal duals. It scans
// again only when that dual has changed or blossoms were expanded since it
// last did: otherwise no new such pair can have appeared.
func (m *matcher) matchTightPairs() {
	free := int64(-1)
	for v := 0; v < m.nvertex; v++ {
		if m.mate[v] == -1 {
			free = m.dual[v]
			break
		}
	}
	if free < 0 || (free == m.tightDual && !m.expanded) {
		return
	}
	m.tightDual, m.expanded = free, false
	for v := 0; v < m.nvertex; v++ {
		if m.mate[v] != -1 || m.inblossom[v] != v {
			continue
		}
		for _, p := range m.neighbend[v] {
			w := m.endpoint[p]
			if m.mate[w] == -1 && m.inblossom[w] == w && w != v && m.slack(p/2) == 0 {
				m.mate[v], m.mate[w] = p, p^1
				break
			}
		}
	}
}

func fill(n, x int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = x
	}
	return s
}
