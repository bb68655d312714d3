package analytics_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/reseau-bxl/reseau/internal/analytics"
)

// bInstance is a b-matching problem as testdata/max_weight_b_matching.py
// reads it.
type bInstance struct {
	Capacity []int      `json:"capacity"`
	Edges    [][3]int64 `json:"edges"`
}

func (in bInstance) edges() []analytics.WeightedEdge {
	out := make([]analytics.WeightedEdge, len(in.Edges))
	for k, e := range in.Edges {
		out[k] = analytics.WeightedEdge{I: int(e[0]), J: int(e[1]), Weight: e[2]}
	}
	return out
}

// networkxBMatching returns networkx's optimum for each instance (one run
// of the script for all).
func networkxBMatching(t *testing.T, instances []bInstance) []int64 {
	t.Helper()
	path := filepath.Join(t.TempDir(), "instances.json")
	data, err := json.Marshal(instances)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("python3", "testdata/max_weight_b_matching.py", path).Output()
	if err != nil {
		t.Fatalf("networkx script: %v", err)
	}
	var want []int64
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		w, err := strconv.ParseInt(sc.Text(), 10, 64)
		if err != nil {
			t.Fatalf("networkx output line %d: %v", len(want), err)
		}
		want = append(want, w)
	}
	if len(want) != len(instances) {
		t.Fatalf("networkx answered %d of %d instances", len(want), len(instances))
	}
	return want
}

// checkBMatching fails unless chosen indexes distinct edges of positive
// weight, no pair twice, each vertex within its capacity, and returns
// their total weight.
func checkBMatching(t *testing.T, capacity []int, edges []analytics.WeightedEdge, chosen []int) int64 {
	t.Helper()
	used := make([]int, len(capacity))
	pairs := map[[2]int]bool{}
	var total int64
	for i, k := range chosen {
		if k < 0 || k >= len(edges) || (i > 0 && chosen[i-1] >= k) {
			t.Fatalf("chosen %v: not increasing edge indexes", chosen)
		}
		e := edges[k]
		p := [2]int{min(e.I, e.J), max(e.I, e.J)}
		if pairs[p] || e.I == e.J || e.Weight <= 0 {
			t.Fatalf("edge %d (%+v): a pair twice, a loop or a weight ≤ 0", k, e)
		}
		pairs[p] = true
		used[e.I]++
		used[e.J]++
		total += e.Weight
	}
	for v, u := range used {
		if u > capacity[v] {
			t.Fatalf("vertex %d is in %d chosen edges, capacity %d", v, u, capacity[v])
		}
	}
	return total
}

// weightDraw draws edge weights: "immersion" from the few values an
// immersion round has (many ties: blossoms, and many equally good choices),
// "wide" from 1 to 1000, "unit" all 1.
func weightDraw(r *rand.Rand, kind string) int64 {
	switch kind {
	case "immersion":
		return []int64{1, 4, 5, 5, 5, 7, 8, 8, 8, 9, 10, 12}[r.IntN(12)]
	case "wide":
		return 1 + r.Int64N(1000)
	}
	return 1
}

// TestMaxWeightBMatchingAgainstNetworkx compares MaxWeightBMatching with
// networkx on random general graphs: capacity 1 up to 200 vertices (the
// graph itself), capacities 0 to 3 and 1 to 6 on smaller graphs (networkx
// on the textbook reduction, see the script). Each instance is solved twice:
// with the default first candidates, and starting from the fewest (each
// vertex's capacity-many heaviest edges and of each weight), so that the
// duals' certificate, not the first cut, decides what is optimal; the test
// fails if no instance needed more than one round, since the certificate
// would then be untested.
func TestMaxWeightBMatchingAgainstNetworkx(t *testing.T) {
	requireNetworkx(t)
	r := rand.New(rand.NewPCG(13, 44))
	var instances []bInstance
	add := func(n int, p float64, kind string, capacity func() int) {
		in := bInstance{Capacity: make([]int, n), Edges: [][3]int64{}}
		for v := range n {
			in.Capacity[v] = capacity()
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if r.Float64() < p {
					in.Edges = append(in.Edges, [3]int64{int64(i), int64(j), weightDraw(r, kind)})
				}
			}
		}
		instances = append(instances, in)
	}
	one := func() int { return 1 }
	for _, n := range []int{2, 3, 5, 8, 13, 20, 40, 80, 120, 160, 200} {
		for _, p := range []float64{0.3, 1} {
			for _, kind := range []string{"immersion", "wide"} {
				add(n, p, kind, one)
			}
		}
	}
	upTo3 := func() int { return r.IntN(4) }
	upTo6 := func() int { return 1 + r.IntN(6) }
	for _, n := range []int{2, 3, 4, 6, 9, 12, 16, 20} {
		for _, p := range []float64{0.4, 1} {
			for _, kind := range []string{"immersion", "wide", "unit"} {
				add(n, p, kind, upTo3)
			}
		}
	}
	for _, n := range []int{5, 10, 14} {
		add(n, 1, "immersion", upTo6)
		add(n, 0.5, "wide", upTo6)
	}

	want := networkxBMatching(t, instances)
	multiRound := 0
	for i, in := range instances {
		edges := in.edges()
		got := checkBMatching(t, in.Capacity, edges, analytics.MaxWeightBMatching(in.Capacity, edges))
		chosen, rounds := analytics.MaxWeightBMatchingFirst(in.Capacity, edges, 0, 0)
		fewest := checkBMatching(t, in.Capacity, edges, chosen)
		if rounds > 1 {
			multiRound++
		}
		if got != want[i] || fewest != want[i] {
			t.Errorf("instance %d (%d vertices, %d edges, capacities %v): weight %d, from the fewest candidates %d, networkx %d",
				i, len(in.Capacity), len(in.Edges), in.Capacity, got, fewest, want[i])
		}
	}
	if multiRound == 0 {
		t.Fatal("no instance needed a second round: the certificate was not exercised")
	}
	t.Logf("%d instances agree with networkx; %d needed the certificate to add edges", len(instances), multiRound)
}

// TestMaxWeightBMatchingSmall pins hand-checked cases: a pair is used once
// however large both capacities, parallel edges count once, and capacities
// and weights ≤ 0 leave edges out.
func TestMaxWeightBMatchingSmall(t *testing.T) {
	e := func(i, j int, w int64) analytics.WeightedEdge { return analytics.WeightedEdge{I: i, J: j, Weight: w} }
	cases := []struct {
		name     string
		capacity []int
		edges    []analytics.WeightedEdge
		want     int64
	}{
		{"empty", nil, nil, 0},
		{"one pair, large capacities", []int{3, 3}, []analytics.WeightedEdge{e(0, 1, 5)}, 5},
		{"parallel edges: the heaviest once", []int{3, 3}, []analytics.WeightedEdge{e(0, 1, 5), e(1, 0, 7), e(0, 1, 2)}, 7},
		{"triangle, capacity 2: every edge", []int{2, 2, 2}, []analytics.WeightedEdge{e(0, 1, 1), e(1, 2, 1), e(0, 2, 1)}, 3},
		{"star: the centre's two best", []int{2, 1, 1, 1}, []analytics.WeightedEdge{e(0, 1, 4), e(0, 2, 6), e(0, 3, 5)}, 11},
		{"capacity 0 and weights ≤ 0 left out", []int{0, 2, 2, 1}, []analytics.WeightedEdge{e(0, 1, 9), e(1, 2, 0), e(2, 3, -1), e(1, 3, 2)}, 2},
		{"path: ends beat the middle", []int{1, 2, 2, 1}, []analytics.WeightedEdge{e(0, 1, 5), e(1, 2, 6), e(2, 3, 5)}, 16},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			chosen := analytics.MaxWeightBMatching(c.capacity, c.edges)
			if got := checkBMatching(t, c.capacity, c.edges, chosen); got != c.want {
				t.Fatalf("weight %d, want %d (chosen %v)", got, c.want, chosen)
			}
		})
	}
}
