package analytics

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// karateEdges is Zachary's karate club as networkx.karate_club_graph() numbers
// it (0-based): 34 members, 78 ties.
var karateEdges = [78][2]int{
	{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0, 6}, {0, 7}, {0, 8}, {0, 10}, {0, 11}, {0, 12}, {0, 13}, {0, 17}, {0, 19}, {0, 21}, {0, 31},
	{1, 2}, {1, 3}, {1, 7}, {1, 13}, {1, 17}, {1, 19}, {1, 21}, {1, 30},
	{2, 3}, {2, 7}, {2, 8}, {2, 9}, {2, 13}, {2, 27}, {2, 28}, {2, 32},
	{3, 7}, {3, 12}, {3, 13},
	{4, 6}, {4, 10},
	{5, 6}, {5, 10}, {5, 16},
	{6, 16},
	{8, 30}, {8, 32}, {8, 33},
	{9, 33},
	{13, 33},
	{14, 32}, {14, 33},
	{15, 32}, {15, 33},
	{18, 32}, {18, 33},
	{19, 33},
	{20, 32}, {20, 33},
	{22, 32}, {22, 33},
	{23, 25}, {23, 27}, {23, 29}, {23, 32}, {23, 33},
	{24, 25}, {24, 27}, {24, 31},
	{25, 31},
	{26, 29}, {26, 33},
	{27, 33},
	{28, 31}, {28, 33},
	{29, 32}, {29, 33},
	{30, 32}, {30, 33},
	{31, 32}, {31, 33},
	{32, 33},
}

// networkx 3.x: nx.betweenness_centrality(nx.karate_club_graph()) (normalized,
// unweighted) and nx.closeness_centrality(...). The test also recomputes both
// exactly, with rationals and by brute force over all pairs, so that a typo
// here cannot pass unnoticed.
var karateBetweenness = [34]float64{
	0.43763528138528146, 0.053936688311688304, 0.14365680615680618, 0.011909271284271283,
	0.0006313131313131313, 0.02998737373737374, 0.029987373737373736, 0.0,
	0.05592682780182781, 0.0008477633477633478, 0.0006313131313131313, 0.0,
	0.0, 0.04586339586339586, 0.0, 0.0,
	0.0, 0.0, 0.0, 0.03247504810004811,
	0.0, 0.0, 0.0, 0.017613636363636363,
	0.0022095959595959595, 0.0038404882154882154, 0.0, 0.02233345358345358,
	0.0017947330447330447, 0.0029220779220779218, 0.014411976911976909, 0.13827561327561325,
	0.145247113997114, 0.30407497594997596,
}

var karateCloseness = [34]float64{
	0.5689655172413793, 0.4852941176470588, 0.5593220338983051, 0.4647887323943662,
	0.3793103448275862, 0.38372093023255816, 0.38372093023255816, 0.44,
	0.515625, 0.4342105263157895, 0.3793103448275862, 0.36666666666666664,
	0.3707865168539326, 0.515625, 0.3707865168539326, 0.3707865168539326,
	0.28448275862068967, 0.375, 0.3707865168539326, 0.5,
	0.3707865168539326, 0.375, 0.3707865168539326, 0.39285714285714285,
	0.375, 0.375, 0.3626373626373626, 0.4583333333333333,
	0.4520547945205479, 0.38372093023255816, 0.4583333333333333, 0.5409836065573771,
	0.515625, 0.55,
}

func karateKey(i int) string { return fmt.Sprintf("k%02d", i) }

// edgeDataset makes each undirected edge a two-organisation collaboration.
func edgeDataset(n int, edges [][2]int) *reseau.Dataset {
	ds := &reseau.Dataset{}
	for i := 0; i < n; i++ {
		ds.Organisations = append(ds.Organisations, reseau.Organisation{Key: karateKey(i), Name: karateKey(i), Sector: reseau.SectorAssociatif})
	}
	for i, e := range edges {
		c := fmt.Sprintf("c%03d", i)
		ds.Collaborations = append(ds.Collaborations, reseau.Collaboration{Key: c, Kind: "atelier", Title: c})
		ds.Participations = append(ds.Participations,
			reseau.Participation{CollaborationKey: c, OrganisationKey: karateKey(e[0])},
			reseau.Participation{CollaborationKey: c, OrganisationKey: karateKey(e[1])})
	}
	return ds
}

// exactKarate computes, by brute force over all pairs with exact rationals,
// the normalised betweenness and the closeness of every node.
func exactKarate(n int, edges [][2]int) (bc, cl []float64) {
	adj := make([][]int, n)
	for _, e := range edges {
		adj[e[0]] = append(adj[e[0]], e[1])
		adj[e[1]] = append(adj[e[1]], e[0])
	}
	dist := make([][]int, n)
	sigma := make([][]int64, n)
	for s := 0; s < n; s++ {
		dist[s] = make([]int, n)
		sigma[s] = make([]int64, n)
		for i := range dist[s] {
			dist[s][i] = -1
		}
		dist[s][s], sigma[s][s] = 0, 1
		q := []int{s}
		for h := 0; h < len(q); h++ {
			v := q[h]
			for _, w := range adj[v] {
				if dist[s][w] < 0 {
					dist[s][w] = dist[s][v] + 1
					q = append(q, w)
				}
				if dist[s][w] == dist[s][v]+1 {
					sigma[s][w] += sigma[s][v]
				}
			}
		}
	}
	bc, cl = make([]float64, n), make([]float64, n)
	pairs := big.NewRat(int64((n-1)*(n-2)), 2)
	for v := 0; v < n; v++ {
		sum := new(big.Rat)
		for s := 0; s < n; s++ {
			for t := s + 1; t < n; t++ {
				if s == v || t == v || dist[s][t] < 0 || dist[s][v] < 0 || dist[s][v]+dist[v][t] != dist[s][t] {
					continue
				}
				sum.Add(sum, big.NewRat(sigma[s][v]*sigma[v][t], sigma[s][t]))
			}
		}
		bc[v], _ = new(big.Rat).Quo(sum, pairs).Float64()
		reach, total := 0, 0
		for t := 0; t < n; t++ {
			if dist[v][t] > 0 {
				reach++
				total += dist[v][t]
			}
		}
		if total > 0 {
			cl[v], _ = new(big.Rat).Mul(big.NewRat(int64(reach), int64(total)), big.NewRat(int64(reach), int64(n-1))).Float64()
		}
	}
	return bc, cl
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12 }

func TestKarateClub(t *testing.T) {
	x := NewIndex(edgeDataset(34, karateEdges[:]))
	r, err := x.Brokers(bg, 34, TiesCollaboration)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Exact || r.Nodes != 34 || r.Edges != 78 {
		t.Fatalf("report = exact %v, %d nodes, %d edges; want exact, 34, 78", r.Exact, r.Nodes, r.Edges)
	}
	exactBC, exactCl := exactKarate(34, karateEdges[:])
	got := map[string]Broker{}
	for _, b := range r.Brokers {
		got[b.Organisation] = b
	}
	for i := 0; i < 34; i++ {
		b := got[karateKey(i)]
		if !near(exactBC[i], karateBetweenness[i]) || !near(exactCl[i], karateCloseness[i]) {
			t.Errorf("node %d: the reference table disagrees with the exact computation: %v/%v vs %v/%v", i, karateBetweenness[i], karateCloseness[i], exactBC[i], exactCl[i])
		}
		if !near(b.Betweenness, karateBetweenness[i]) {
			t.Errorf("betweenness of node %d = %v, want %v", i, b.Betweenness, karateBetweenness[i])
		}
		if !near(b.Closeness, karateCloseness[i]) {
			t.Errorf("closeness of node %d = %v, want %v", i, b.Closeness, karateCloseness[i])
		}
	}
	if r.Brokers[0].Organisation != karateKey(0) || r.Brokers[1].Organisation != karateKey(33) {
		t.Errorf("top brokers = %s, %s; want nodes 0 and 33", r.Brokers[0].Organisation, r.Brokers[1].Organisation)
	}
	if ap := must(x.ArticulationPoints(bg, TiesCollaboration)); !slices.Equal(ap, []string{karateKey(0)}) {
		t.Errorf("articulation points = %v, want [k00]", ap)
	}
	if br := must(x.Bridges(bg, TiesCollaboration)); !slices.Equal(br, [][2]string{{karateKey(0), karateKey(11)}}) {
		t.Errorf("bridges = %v, want [[k00 k11]]", br)
	}
}

func TestClosenessDisconnected(t *testing.T) {
	// A path 0-1-2 and an edge 3-4: networkx gives node 1
	// (3-1)/2 · (3-1)/(5-1) = 0.5 and node 3 1/1 · 1/4 = 0.25.
	x := NewIndex(edgeDataset(5, [][2]int{{0, 1}, {1, 2}, {3, 4}}))
	r, err := x.Brokers(bg, 5, TiesAll)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"k00": 2.0 / 3 * 2 / 4, "k01": 0.5, "k02": 2.0 / 3 * 2 / 4, "k03": 0.25, "k04": 0.25}
	for _, b := range r.Brokers {
		if !near(b.Closeness, want[b.Organisation]) {
			t.Errorf("closeness of %s = %v, want %v", b.Organisation, b.Closeness, want[b.Organisation])
		}
	}
	// networkx: node 1 lies on the 0–2 path, one pair of the 4·3/2 = 6.
	if b := r.Brokers[0]; b.Organisation != "k01" || !near(b.Betweenness, 1.0/6) {
		t.Errorf("top broker = %s %v, want k01 1/6", b.Organisation, b.Betweenness)
	}
}

// bg is the context of calls that are not about cancellation.
var bg = context.Background()

// must returns v, and panics on err: for calls that cannot fail in a test.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
