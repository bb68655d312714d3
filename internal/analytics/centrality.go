package analytics

import (
	"cmp"
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Broker is an organisation with its centralities in one tie selection, as
// networkx computes them on an undirected, unweighted graph.
type Broker struct {
	Organisation string
	// Betweenness is normalised: the share of shortest paths between other
	// pairs that go through the organisation (networkx's
	// betweenness_centrality, normalized=True).
	Betweenness float64
	// Closeness is (r-1)/Σd scaled by (r-1)/(n-1), r the number of
	// organisations reachable from it including itself: the Wasserman–Faust
	// correction for disconnected graphs (networkx's closeness_centrality).
	Closeness float64
	// Degree is the number of organisations tied to it; DegreeCentrality is
	// Degree/(n-1).
	Degree           int
	DegreeCentrality float64
	// Exact and SampleSize repeat the report's, so that a bare list of
	// brokers still says whether it was sampled.
	Exact      bool
	SampleSize int
}

// BrokerReport is the answer of Brokers.
type BrokerReport struct {
	Brokers []Broker
	Nodes   int // organisations in the graph
	Edges   int // ties in the graph
	// Exact is false when betweenness was estimated from SampleSize
	// breadth-first sources (graphs above ExactBetweennessLimit).
	Exact      bool
	SampleSize int
}

// centrality is the cached whole-graph result of Brandes' algorithm.
type centrality struct {
	betweenness []float64
	closeness   []float64 // nil when sampled: computed for the asked nodes only
	sample      int       // 0 when exact
	// Per breadth-first source (-1 for nodes that were not one): the sum of
	// distances to the nodes it reaches and its eccentricity, for Summary.
	total []int64
	ecc   []int32
}

// Brokers returns the first organisations by betweenness in the selected
// ties (ties then by degree, then key), with their closeness and degree.
// first: 0 means DefaultFirst, above MaxFirst is EINVALID.
func (x *Index) Brokers(ctx context.Context, first int, ties Ties) (*BrokerReport, error) {
	first, err := checkFirst(first)
	if err != nil {
		return nil, err
	}
	g := x.graph(ties)
	c, err := x.centrality(ctx, ties)
	if err != nil {
		return nil, err
	}
	order := make([]int32, g.n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if r := cmp.Compare(c.betweenness[b], c.betweenness[a]); r != 0 {
			return r
		}
		if r := cmp.Compare(g.degree(b), g.degree(a)); r != 0 {
			return r
		}
		return cmp.Compare(x.orgKey(a), x.orgKey(b))
	})
	order = order[:min(first, len(order))]
	r := &BrokerReport{Nodes: g.n, Edges: g.m, Exact: c.sample == 0, SampleSize: c.sample}
	var bfs *bfsBuf
	for _, v := range order {
		if err := ctx.Err(); err != nil {
			return nil, stopped(ctx)
		}
		b := Broker{Organisation: x.orgKey(v), Betweenness: c.betweenness[v], Degree: g.degree(v), Exact: r.Exact, SampleSize: r.SampleSize}
		if g.n > 1 {
			b.DegreeCentrality = float64(b.Degree) / float64(g.n-1)
		}
		if c.closeness != nil {
			b.Closeness = c.closeness[v]
		} else {
			if bfs == nil {
				bfs = newBFSBuf(g.n)
			}
			b.Closeness = bfs.closeness(g, v)
		}
		r.Brokers = append(r.Brokers, b)
	}
	return r, nil
}

// centrality is computed once per index and tie selection, shared by the
// requests that ask for it meanwhile (see lazy.Value).
func (x *Index) centrality(ctx context.Context, ties Ties) (*centrality, error) {
	t := ties.norm()
	v, err := x.metrics[t].Get(ctx, func(ctx context.Context) (*centrality, error) {
		return computeCentrality(ctx, x.graph(t))
	})
	if err != nil && ctx.Err() != nil {
		return nil, stopped(ctx)
	}
	return v, err
}

// onSource, when set (by tests), is called before each breadth-first source
// of computeCentrality with the computation's context.
var onSource func(context.Context)

// computeCentrality runs Brandes' algorithm from every node (or from a
// deterministic sample above ExactBetweennessLimit) on all cores. Closeness
// and the path figures of Summary come for free from the same breadth-first
// searches. Each worker looks at ctx before each source (one search of the
// whole graph) and they all stop once it is done.
func computeCentrality(ctx context.Context, g *graph) (*centrality, error) {
	n := g.n
	c := &centrality{betweenness: make([]float64, n), total: make([]int64, n), ecc: make([]int32, n)}
	for i := range c.ecc {
		c.total[i], c.ecc[i] = -1, -1
	}
	sources := make([]int32, n)
	for i := range sources {
		sources[i] = int32(i)
	}
	if n > ExactBetweennessLimit {
		r := rand.New(rand.NewPCG(1, 2))
		r.Shuffle(n, func(i, j int) { sources[i], sources[j] = sources[j], sources[i] })
		sources = sources[:BetweennessSample]
		c.sample = BetweennessSample
	} else {
		c.closeness = make([]float64, n)
	}
	workers := runtime.GOMAXPROCS(0)
	partial := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			buf := newBFSBuf(n)
			bc := make([]float64, n)
			for i := w; i < len(sources); i += workers {
				if onSource != nil {
					onSource(ctx)
				}
				if ctx.Err() != nil {
					return
				}
				s := sources[i]
				reach, total, ecc := buf.brandes(g, s, bc)
				c.total[s], c.ecc[s] = total, ecc
				if c.closeness != nil {
					c.closeness[s] = closeness(reach, total, n)
				}
			}
			partial[w] = bc
		}(w)
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, stopped(ctx)
	}
	if n > 2 {
		scale := 1 / float64((n-1)*(n-2))
		if c.sample > 0 {
			scale *= float64(n) / float64(c.sample)
		}
		for v := range c.betweenness {
			sum := 0.0
			for _, bc := range partial {
				sum += bc[v]
			}
			c.betweenness[v] = sum * scale
		}
	}
	return c, nil
}

// closeness applies networkx's Wasserman–Faust corrected formula.
func closeness(reach int, total int64, n int) float64 {
	if total <= 0 || n <= 1 {
		return 0
	}
	r := float64(reach - 1)
	return r / float64(total) * r / float64(n-1)
}

// nodeState is one node's Brandes state, packed so that a visit touches one
// cache line.
type nodeState struct {
	dist  int32
	sigma float64 // number of shortest paths from the source
	delta float64 // dependency of the source on the node
}

// bfsBuf holds one worker's Brandes arrays, reused across sources.
type bfsBuf struct {
	st    []nodeState
	order []int32    // nodes in BFS order: the queue, then the stack
	rest  []int32    // nodes not yet reached, for bottom-up steps
	dag   [][2]int32 // shortest-path DAG edges (v, w) in level order
	// levels[d] is where level d starts in order and its edges to level
	// d+1 start in dag.
	levels [][2]int32
}

func newBFSBuf(n int) *bfsBuf {
	b := &bfsBuf{st: make([]nodeState, n), order: make([]int32, 0, n)}
	for i := range b.st {
		b.st[i].dist = -1
	}
	return b
}

// bfs runs a breadth-first search from s, counting shortest paths, and
// returns the number of nodes reached (s included) and the sum of their
// distances. The visited nodes stay marked in b until clear. With keepDAG
// it records the shortest-path DAG for brandes.
//
// It is direction-optimising (Beamer et al.): each level is expanded
// top-down from the frontier, or bottom-up from the nodes not yet reached,
// whichever has fewer edges. The organisation graphs are dense with a small
// diameter, so most nodes sit on one level and the next, nearly empty, level
// costs almost nothing bottom-up instead of a scan of most edges. The inner
// loops avoid unpredictable branches (a conditional move and an
// unconditional store), which otherwise bound the search.
func (b *bfsBuf) bfs(g *graph, s int32, keepDAG bool) (int, int64) {
	if keepDAG && cap(b.dag) < len(g.adj) {
		b.dag = make([][2]int32, len(g.adj))
	}
	st, dag, adj, off := b.st, b.dag[:cap(b.dag)], g.adj, g.off
	nd := 0
	order := append(b.order[:0], s)
	st[s].dist, st[s].sigma = 0, 1
	frontDeg := int64(g.degree(s))
	restDeg := int64(len(adj)) - frontDeg
	rest, restBuilt := b.rest[:0], false
	var total int64
	lo, hi := 0, 1
	levels := b.levels[:0]
	for d := int32(0); lo < hi; d++ {
		levels = append(levels, [2]int32{int32(lo), int32(nd)})
		total += int64(d) * int64(hi-lo)
		var nextDeg int64
		if frontDeg <= restDeg {
			for _, v := range order[lo:hi] {
				sv := st[v].sigma
				for _, w := range adj[off[v]:off[v+1]] {
					p := &st[w]
					if p.dist < 0 {
						p.dist, p.sigma = d+1, 0
						order = append(order, w)
						nextDeg += int64(off[w+1] - off[w])
					}
					if !keepDAG {
						continue
					}
					k := 0
					if p.dist == d+1 {
						k = 1
					}
					p.sigma += sv * float64(k)
					dag[nd] = [2]int32{v, w}
					nd += k
				}
			}
		} else {
			if !restBuilt {
				for u := range st {
					if st[u].dist < 0 {
						rest = append(rest, int32(u))
					}
				}
				restBuilt = true
			} else {
				kept := rest[:0]
				for _, u := range rest {
					if st[u].dist < 0 {
						kept = append(kept, u)
					}
				}
				rest = kept
			}
			for _, u := range rest {
				sum := 0.0
				row := adj[off[u]:off[u+1]]
				if keepDAG {
					for _, v := range row {
						k := 0
						if st[v].dist == d {
							k = 1
						}
						sum += st[v].sigma * float64(k)
						dag[nd] = [2]int32{v, u}
						nd += k
					}
				} else {
					for _, v := range row {
						if st[v].dist == d {
							sum = 1
							break
						}
					}
				}
				if sum > 0 {
					st[u].dist, st[u].sigma = d+1, sum
					order = append(order, u)
					nextDeg += int64(len(row))
				}
			}
		}
		restDeg -= nextDeg
		frontDeg = nextDeg
		lo, hi = hi, len(order)
	}
	b.order, b.rest, b.levels = order, rest, levels
	if keepDAG {
		b.dag = dag[:nd]
	}
	return len(order), total
}

func (b *bfsBuf) clear() {
	for _, v := range b.order {
		b.st[v] = nodeState{dist: -1}
	}
}

// brandes adds the dependencies of source s to bc. The backward phase walks
// the DAG edges recorded by the forward one, a level at a time from the
// deepest: when the edges from level d are reached, the nodes of level d+1
// are complete, so their coefficient (1+δ)/σ is computed once and each DAG
// edge costs one addition (no edge outside the DAG is read again).
func (b *bfsBuf) brandes(g *graph, s int32, bc []float64) (int, int64, int32) {
	reach, total := b.bfs(g, s, true)
	st, dag, order, levels := b.st, b.dag, b.order, b.levels
	ecc := int32(len(levels) - 1)
	// delta holds Σ coef of the successors until the level is complete.
	for d := len(levels) - 1; d >= 0; d-- {
		if d+1 < len(levels) {
			end := int32(len(order))
			if d+2 < len(levels) {
				end = levels[d+2][0]
			}
			for _, w := range order[levels[d+1][0]:end] {
				p := &st[w]
				p.delta *= p.sigma
				p.sigma = (1 + p.delta) / p.sigma // the coefficient; sigma is no longer needed
			}
		}
		end := int32(len(dag))
		if d+1 < len(levels) {
			end = levels[d+1][1]
		}
		cur, acc := int32(-1), 0.0
		for i := end - 1; i >= levels[d][1]; i-- {
			v, c := dag[i][0], st[dag[i][1]].sigma
			if v == cur {
				acc += c
				continue
			}
			if cur >= 0 {
				st[cur].delta += acc
			}
			cur, acc = v, c
		}
		if cur >= 0 {
			st[cur].delta += acc
		}
	}
	for _, w := range order[1:] {
		bc[w] += st[w].delta
	}
	b.clear()
	return reach, total, ecc
}

func (b *bfsBuf) closeness(g *graph, s int32) float64 {
	reach, total := b.bfs(g, s, false)
	b.clear()
	return closeness(reach, total, g.n)
}

// cuts finds the articulation points and the bridges of g with Tarjan's
// low-link depth-first search, iteratively so that a long chain cannot
// overflow the stack.
func (g *graph) cuts(ctx context.Context) (points []int32, bridges [][2]int32, err error) {
	n := g.n
	disc := make([]int32, n)
	low := make([]int32, n)
	parent := make([]int32, n)
	next := make([]int32, n) // next neighbour index to look at
	isCut := make([]bool, n)
	var stack []int32
	timer := int32(0)
	p := poll{ctx: ctx}
	for r := int32(0); r < int32(n); r++ {
		if disc[r] != 0 {
			continue
		}
		timer++
		disc[r], low[r], parent[r] = timer, timer, -1
		next[r] = g.off[r]
		stack = append(stack[:0], r)
		rootChildren := 0
		for len(stack) > 0 {
			if err := p.tick(); err != nil {
				return nil, nil, err
			}
			v := stack[len(stack)-1]
			if next[v] < g.off[v+1] {
				w := g.adj[next[v]]
				next[v]++
				switch {
				case disc[w] == 0:
					timer++
					disc[w], low[w], parent[w] = timer, timer, v
					next[w] = g.off[w]
					stack = append(stack, w)
					if v == r {
						rootChildren++
					}
				case w != parent[v]:
					low[v] = min(low[v], disc[w])
				}
				continue
			}
			stack = stack[:len(stack)-1]
			p := parent[v]
			if p < 0 {
				continue
			}
			low[p] = min(low[p], low[v])
			if p != r && low[v] >= disc[p] {
				isCut[p] = true
			}
			if low[v] > disc[p] {
				bridges = append(bridges, [2]int32{min(p, v), max(p, v)})
			}
		}
		if rootChildren > 1 {
			isCut[r] = true
		}
	}
	for v, c := range isCut {
		if c {
			points = append(points, int32(v))
		}
	}
	return points, bridges, nil
}

// ArticulationPoints returns the organisations whose departure would split
// their component of the selected ties, by key.
func (x *Index) ArticulationPoints(ctx context.Context, ties Ties) ([]string, error) {
	points, _, err := x.graph(ties).cuts(ctx)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(points))
	for i, v := range points {
		keys[i] = x.orgKey(v)
	}
	slices.Sort(keys)
	return keys, nil
}

// Bridges returns the ties whose loss would split their component, each as
// a pair of organisation keys in order, sorted.
func (x *Index) Bridges(ctx context.Context, ties Ties) ([][2]string, error) {
	_, bridges, err := x.graph(ties).cuts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([][2]string, len(bridges))
	for i, b := range bridges {
		p, q := x.orgKey(b[0]), x.orgKey(b[1])
		if p > q {
			p, q = q, p
		}
		out[i] = [2]string{p, q}
	}
	slices.SortFunc(out, func(a, b [2]string) int {
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return cmp.Compare(a[1], b[1])
	})
	return out, nil
}
