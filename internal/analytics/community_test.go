package analytics

import (
	"testing"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// gonumGraph builds g as a gonum weighted graph, to check modularity with an
// independent implementation.
func gonumGraph(x *Index, t Ties) *simple.WeightedUndirectedGraph {
	g := x.graph(t)
	wg := simple.NewWeightedUndirectedGraph(0, 0)
	for v := 0; v < g.n; v++ {
		wg.AddNode(simple.Node(v))
	}
	for k := range x.pairs {
		if p := &x.pairs[k]; p.has(t) {
			wg.SetWeightedEdge(wg.NewWeightedEdge(simple.Node(p.a), simple.Node(p.b), float64(p.weight(t))))
		}
	}
	return wg
}

func TestCommunities(t *testing.T) {
	x := demoIndex(t)
	for _, ties := range []Ties{TiesAll, TiesCollaboration} {
		r := must(x.Communities(bg, ties))
		if r.Modularity <= 0.3 || r.Modularity >= 1 {
			t.Errorf("%v: modularity %v", ties, r.Modularity)
		}
		seen := map[string]bool{}
		var groups [][]gg.Node
		for _, c := range r.Communities {
			var g []gg.Node
			n := 0
			for _, s := range c.Sectors {
				n += s.Count
			}
			if n != c.Size || len(c.Organisations) != c.Size {
				t.Errorf("community %d: size %d, sectors %v", c.ID, c.Size, c.Sectors)
			}
			for _, k := range c.Organisations {
				if seen[k] {
					t.Errorf("%s in two communities", k)
				}
				seen[k] = true
				g = append(g, simple.Node(x.orgIdx[k]))
			}
			groups = append(groups, g)
		}
		for v := 0; v < len(x.orgSector); v++ {
			if !seen[x.orgKey(int32(v))] {
				groups = append(groups, []gg.Node{simple.Node(v)})
			}
		}
		if q := community.Q(gonumGraph(x, ties), groups, 1); !near(q, r.Modularity) {
			t.Errorf("%v: modularity %v, gonum's Q %v", ties, r.Modularity, q)
		}
	}
}

func TestMixing(t *testing.T) {
	// o1 (CPAS) – o2 (ASSOCIATIF) – o3 (ASSOCIATIF) – o4 (unknown)
	ds := edgeDataset(4, [][2]int{{0, 1}, {1, 2}, {2, 3}})
	ds.Organisations[0].Sector = reseau.SectorCPAS
	ds.Organisations[3].Sector = ""
	r := must(NewIndex(ds).Mixing(bg, TiesAll))
	if r.External != 1 || r.Internal != 1 || r.Unknown != 1 || r.EI != 0 {
		t.Errorf("mixing = %+v", r)
	}
	if s := r.Sectors[0]; s.Sector != reseau.SectorCPAS || s.EI != 1 || s.Organisations != 1 {
		t.Errorf("CPAS = %+v", s)
	}
	if s := r.Sectors[1]; s.External != 1 || s.Internal != 1 || s.EI != 0 {
		t.Errorf("ASSOCIATIF = %+v", s)
	}
}
