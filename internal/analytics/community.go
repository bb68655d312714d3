package analytics

import (
	"cmp"
	"context"
	"slices"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// SectorCount is how many organisations of a sector ("" for unknown) a group
// holds.
type SectorCount struct {
	Sector reseau.Sector
	Count  int
}

// Community is a group of organisations more tied to each other than to the
// rest of the network.
type Community struct {
	ID            int // stable within one index version; matches Network nodes
	Size          int
	Organisations []string      // keys, sorted
	Sectors       []SectorCount // the sector mix, largest first
}

// CommunityReport is the answer of Communities.
type CommunityReport struct {
	// Modularity of the partition (weighted by shared collaborations and
	// partnerships, resolution 1), as networkx.community.modularity.
	Modularity  float64
	Communities []Community // with two organisations or more, largest first
	Isolated    int         // organisations without any selected tie, each alone
}

// partition is a cached community assignment.
type partition struct {
	comm []int32 // community id of each organisation, ids by decreasing size
	q    float64
}

// wgraph is a weighted undirected graph with self-loops, the shape Louvain's
// aggregation produces. k is the strength (self-loops counted twice).
type wgraph struct {
	n    int
	off  []int32
	adj  []int32
	w    []float64
	self []float64
	k    []float64
	m2   float64
}

func (x *Index) weighted(t Ties) *wgraph {
	g := x.graph(t)
	wg := &wgraph{n: g.n, off: g.off, adj: g.adj, w: make([]float64, len(g.adj)), self: make([]float64, g.n), k: make([]float64, g.n)}
	for v := int32(0); v < int32(g.n); v++ {
		for i, e := range g.edges(v) {
			w := float64(x.pairs[e].weight(t))
			wg.w[int(g.off[v])+i] = w
			wg.k[v] += w
		}
		wg.m2 += wg.k[v]
	}
	return wg
}

// louvain returns a community for each node of g: Blondel et al.'s local
// moving and aggregation, nodes visited in index order so that the answer is
// deterministic. It stops with ctx's error (see stopped) once ctx is done.
func louvain(ctx context.Context, g0 *wgraph) ([]int32, error) {
	member := make([]int32, g0.n)
	for i := range member {
		member[i] = int32(i)
	}
	if g0.m2 == 0 {
		return member, nil
	}
	g := g0
	p := &poll{ctx: ctx}
	for level := 0; level < 64; level++ {
		comm, moved, err := localMoving(p, g)
		if err != nil {
			return nil, err
		}
		if !moved {
			break
		}
		nc := renumber(comm)
		for i, m := range member {
			member[i] = comm[m]
		}
		if nc == g.n {
			break
		}
		g = aggregate(g, comm, nc)
	}
	return member, nil
}

// localMoving moves nodes to the neighbouring community with the best
// modularity gain until no move helps; p is ticked once per node visited.
func localMoving(p *poll, g *wgraph) ([]int32, bool, error) {
	comm := make([]int32, g.n)
	tot := slices.Clone(g.k)
	for i := range comm {
		comm[i] = int32(i)
	}
	neigh := make([]float64, g.n)
	var touched []int32
	moved := false
	for pass := 0; pass < 1000; pass++ {
		changes := 0
		for i := int32(0); i < int32(g.n); i++ {
			if err := p.tick(); err != nil {
				return nil, false, err
			}
			ci, ki := comm[i], g.k[i]
			if ki == 0 {
				continue
			}
			touched = touched[:0]
			for e := g.off[i]; e < g.off[i+1]; e++ {
				j := g.adj[e]
				if j == i {
					continue
				}
				c := comm[j]
				if neigh[c] == 0 {
					touched = append(touched, c)
				}
				neigh[c] += g.w[e]
			}
			tot[ci] -= ki
			best, bestGain := ci, neigh[ci]-tot[ci]*ki/g.m2
			for _, c := range touched {
				if gain := neigh[c] - tot[c]*ki/g.m2; gain > bestGain+1e-12 {
					best, bestGain = c, gain
				}
			}
			tot[best] += ki
			if best != ci {
				comm[i] = best
				changes++
			}
			for _, c := range touched {
				neigh[c] = 0
			}
		}
		if changes == 0 {
			break
		}
		moved = true
	}
	return comm, moved, nil
}

// renumber maps community ids to 0..n-1 in order of first appearance and
// returns n.
func renumber(comm []int32) int {
	id := make([]int32, len(comm))
	for i := range id {
		id[i] = -1
	}
	n := int32(0)
	for i, c := range comm {
		if id[c] < 0 {
			id[c] = n
			n++
		}
		comm[i] = id[c]
	}
	return int(n)
}

func aggregate(g *wgraph, comm []int32, nc int) *wgraph {
	src := make([]int32, g.n)
	dst := make([]int32, g.n)
	for i := range comm {
		src[i], dst[i] = comm[i], int32(i)
	}
	members := buildCSR(nc, src, dst)
	h := &wgraph{n: nc, off: make([]int32, nc+1), self: make([]float64, nc), k: make([]float64, nc), m2: g.m2}
	acc := make([]float64, nc)
	var touched []int32
	for c := int32(0); c < int32(nc); c++ {
		inside := 0.0
		touched = touched[:0]
		for _, i := range members.row(c) {
			h.self[c] += g.self[i]
			h.k[c] += g.k[i]
			for e := g.off[i]; e < g.off[i+1]; e++ {
				d := comm[g.adj[e]]
				if d == c {
					inside += g.w[e]
					continue
				}
				if acc[d] == 0 {
					touched = append(touched, d)
				}
				acc[d] += g.w[e]
			}
		}
		// Each inner edge was seen from both ends.
		h.self[c] += inside / 2
		slices.Sort(touched)
		for _, d := range touched {
			h.adj = append(h.adj, d)
			h.w = append(h.w, acc[d])
			acc[d] = 0
		}
		h.off[c+1] = int32(len(h.adj))
	}
	return h
}

// modularity of a partition of g (resolution 1).
func modularity(g *wgraph, comm []int32, nc int) float64 {
	if g.m2 == 0 {
		return 0
	}
	in := make([]float64, nc)
	tot := make([]float64, nc)
	for i := int32(0); i < int32(g.n); i++ {
		c := comm[i]
		tot[c] += g.k[i]
		in[c] += 2 * g.self[i]
		for e := g.off[i]; e < g.off[i+1]; e++ {
			if comm[g.adj[e]] == c {
				in[c] += g.w[e]
			}
		}
	}
	q := 0.0
	for c := range in {
		q += in[c]/g.m2 - (tot[c]/g.m2)*(tot[c]/g.m2)
	}
	return q
}

// partition is computed once per index and tie selection, shared by the
// requests that ask for it meanwhile (see lazy.Value).
func (x *Index) partition(ctx context.Context, ties Ties) (*partition, error) {
	t := ties.norm()
	v, err := x.comms[t].Get(ctx, func(ctx context.Context) (*partition, error) {
		return computePartition(ctx, x.weighted(t))
	})
	if err != nil && ctx.Err() != nil {
		return nil, stopped(ctx)
	}
	return v, err
}

func computePartition(ctx context.Context, g *wgraph) (*partition, error) {
	comm, err := louvain(ctx, g)
	if err != nil {
		return nil, err
	}
	nc := renumber(comm)
	// Number communities by decreasing size, then by smallest member, so
	// that ids read as a ranking.
	size := make([]int, nc)
	for _, c := range comm {
		size[c]++
	}
	order := make([]int32, nc)
	for i := range order {
		order[i] = int32(i)
	}
	// renumber gave ids in order of first member, so a stable sort by size
	// keeps the smallest member first among equals.
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(size[b], size[a]) })
	rank := make([]int32, nc)
	for r, c := range order {
		rank[c] = int32(r)
	}
	for i, c := range comm {
		comm[i] = rank[c]
	}
	return &partition{comm: comm, q: modularity(g, comm, nc)}, nil
}

// Communities partitions the organisation graph of the selected ties with
// the Louvain method (weights: shared collaborations and partnerships) and
// describes each community's sector mix.
func (x *Index) Communities(ctx context.Context, ties Ties) (*CommunityReport, error) {
	p, err := x.partition(ctx, ties)
	if err != nil {
		return nil, err
	}
	g := x.graph(ties)
	r := &CommunityReport{Modularity: p.q}
	groups := map[int32][]int32{}
	for v, c := range p.comm {
		groups[c] = append(groups[c], int32(v))
	}
	ids := make([]int32, 0, len(groups))
	for c, vs := range groups {
		if len(vs) == 1 && g.degree(vs[0]) == 0 {
			r.Isolated++
			continue
		}
		ids = append(ids, c)
	}
	slices.Sort(ids)
	for _, c := range ids {
		vs := groups[c]
		cm := Community{ID: int(c), Size: len(vs), Sectors: x.sectorMix(vs)}
		for _, v := range vs {
			cm.Organisations = append(cm.Organisations, x.orgKey(v))
		}
		slices.Sort(cm.Organisations)
		r.Communities = append(r.Communities, cm)
	}
	return r, nil
}

func (x *Index) sectorMix(vs []int32) []SectorCount {
	var counts [6]int // AllSectors, then unknown
	for _, v := range vs {
		s := x.orgSector[v]
		if s < 0 {
			s = int8(len(reseau.AllSectors))
		}
		counts[s]++
	}
	var out []SectorCount
	for i, n := range counts {
		if n == 0 {
			continue
		}
		var s reseau.Sector
		if i < len(reseau.AllSectors) {
			s = reseau.AllSectors[i]
		}
		out = append(out, SectorCount{Sector: s, Count: n})
	}
	slices.SortStableFunc(out, func(a, b SectorCount) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

// SectorMixing is the E-I index of one sector: ties of its organisations
// to other sectors (External) against ties inside it (Internal).
type SectorMixing struct {
	Sector        reseau.Sector
	Organisations int
	External      int
	Internal      int
	EI            float64 // (External-Internal)/(External+Internal), 0 without ties
}

// MixingReport is Krackhardt and Stern's E-I index by sector: -1 when every
// tie stays inside a sector, +1 when every tie crosses sectors.
type MixingReport struct {
	EI       float64
	External int // ties between organisations of different sectors
	Internal int // ties inside a sector
	Unknown  int // ties with an organisation of unknown sector, left out
	Sectors  []SectorMixing
}

func ei(e, i int) float64 {
	if e+i == 0 {
		return 0
	}
	return float64(e-i) / float64(e+i)
}

// Mixing computes the E-I index of the selected ties by sector, as Krackhardt
// and Stern define it: each tie counted once, whatever its weight; a sector's
// external ties are those of its members to other sectors, its internal ties
// those among its members.
func (x *Index) Mixing(ctx context.Context, ties Ties) (*MixingReport, error) {
	t := ties.norm()
	stop := poll{ctx: ctx}
	r := &MixingReport{}
	n := len(reseau.AllSectors)
	ext := make([]int, n)
	in := make([]int, n)
	orgs := make([]int, n)
	for _, s := range x.orgSector {
		if s >= 0 {
			orgs[s]++
		}
	}
	for k := range x.pairs {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		p := &x.pairs[k]
		if !p.has(t) {
			continue
		}
		sa, sb := x.orgSector[p.a], x.orgSector[p.b]
		switch {
		case sa < 0 || sb < 0:
			r.Unknown++
		case sa == sb:
			r.Internal++
			in[sa]++
		default:
			r.External++
			ext[sa]++
			ext[sb]++
		}
	}
	r.EI = ei(r.External, r.Internal)
	for i, s := range reseau.AllSectors {
		r.Sectors = append(r.Sectors, SectorMixing{Sector: s, Organisations: orgs[i], External: ext[i], Internal: in[i], EI: ei(ext[i], in[i])})
	}
	return r, nil
}
