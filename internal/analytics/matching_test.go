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

// requireNetworkx skips when python3 with networkx is missing, except in CI
// (CI=true), where .ci/run installs python3-networkx and a missing
// reference is a failure.
func requireNetworkx(t *testing.T) {
	t.Helper()
	err := exec.Command("python3", "-c", "import networkx").Run()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("python3 with networkx is required in CI (apt-get install -y python3-networkx): %v", err)
	}
	t.Skipf("python3 with networkx not found (%v): install python3-networkx to compare with networkx", err)
}

type nxInstance struct {
	N     int        `json:"n"`
	Edges [][3]int64 `json:"edges"`
}

// randomInstance draws a graph of n vertices with edge density p and
// integer weights in [1, maxW]; small maxW gives many ties, which exercise
// blossoms and their expansion.
func randomInstance(r *rand.Rand, n int, p float64, maxW int64) []analytics.WeightedEdge {
	var edges []analytics.WeightedEdge
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if r.Float64() < p {
				edges = append(edges, analytics.WeightedEdge{I: i, J: j, Weight: 1 + r.Int64N(maxW)})
			}
		}
	}
	return edges
}

// TestMaxWeightMatchingAgainstNetworkx compares the total weight of
// MaxWeightMatching with networkx's max_weight_matching on random general
// graphs of up to 200 vertices (integer weights: the weights must be equal),
// and checks each answer is a matching whose weight is what it claims.
func TestMaxWeightMatchingAgainstNetworkx(t *testing.T) {
	requireNetworkx(t)
	r := rand.New(rand.NewPCG(13, 4))
	var instances []nxInstance
	var ours []int64
	sizes := []int{1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30, 50, 80, 120, 160, 200}
	for _, n := range sizes {
		densities, maxWs := []float64{0.05, 0.2, 0.6, 1}, []int64{1, 3, 10, 1000}
		if n >= 80 { // networkx takes seconds on large dense graphs
			densities, maxWs = []float64{0.05, 0.3}, []int64{3, 1000}
		}
		for _, p := range densities {
			for _, maxW := range maxWs {
				edges := randomInstance(r, n, p, maxW)
				mate := analytics.MaxWeightMatching(n, edges)
				checkMatching(t, n, mate, edges)
				ours = append(ours, analytics.MatchingWeight(mate, edges))
				inst := nxInstance{N: n, Edges: [][3]int64{}}
				for _, e := range edges {
					inst.Edges = append(inst.Edges, [3]int64{int64(e.I), int64(e.J), e.Weight})
				}
				instances = append(instances, inst)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "instances.json")
	data, err := json.Marshal(instances)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("python3", "testdata/max_weight_matching.py", path).Output()
	if err != nil {
		t.Fatalf("networkx script: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	i := 0
	for sc.Scan() {
		want, err := strconv.ParseInt(sc.Text(), 10, 64)
		if err != nil {
			t.Fatalf("networkx output line %d: %v", i, err)
		}
		if i >= len(ours) {
			t.Fatalf("networkx printed more answers than instances")
		}
		if ours[i] != want {
			t.Errorf("instance %d (n=%d, %d edges): weight %d, networkx %d", i, instances[i].N, len(instances[i].Edges), ours[i], want)
		}
		i++
	}
	if i != len(instances) {
		t.Fatalf("networkx answered %d of %d instances", i, len(instances))
	}
	t.Logf("%d instances agree with networkx", i)
}

// checkMatching fails unless mate is symmetric and every matched pair is an edge.
func checkMatching(t *testing.T, n int, mate []int, edges []analytics.WeightedEdge) {
	t.Helper()
	if len(mate) != n {
		t.Fatalf("mate has %d entries for %d vertices", len(mate), n)
	}
	adj := map[[2]int]bool{}
	for _, e := range edges {
		adj[[2]int{e.I, e.J}], adj[[2]int{e.J, e.I}] = true, true
	}
	for v, w := range mate {
		if w == -1 {
			continue
		}
		if mate[w] != v || !adj[[2]int{v, w}] {
			t.Fatalf("vertex %d matched to %d: not a matching over the edges", v, w)
		}
	}
}

// TestMaxWeightMatchingSmall pins hand-checked cases: a path where the
// middle edge loses to the two ends, a triangle (a blossom), and the classic
// nested-blossom cases of mwmatching.py's own tests.
func TestMaxWeightMatchingSmall(t *testing.T) {
	cases := []struct {
		name  string
		n     int
		edges []analytics.WeightedEdge
		want  int64
	}{
		{"empty", 0, nil, 0},
		{"one edge", 2, []analytics.WeightedEdge{{0, 1, 1}}, 1},
		{"path", 4, []analytics.WeightedEdge{{0, 1, 5}, {1, 2, 6}, {2, 3, 5}}, 10},
		{"triangle", 3, []analytics.WeightedEdge{{0, 1, 1}, {1, 2, 1}, {0, 2, 1}}, 1},
		{"s-blossom", 4, []analytics.WeightedEdge{{0, 1, 8}, {0, 2, 9}, {1, 2, 10}, {2, 3, 7}}, 15},
		{"nested s-blossom", 6, []analytics.WeightedEdge{{0, 1, 9}, {0, 2, 9}, {1, 2, 10}, {1, 3, 8}, {2, 4, 8}, {3, 4, 10}, {4, 5, 6}}, 23},
		{"t-blossom expand", 8, []analytics.WeightedEdge{{0, 1, 23}, {0, 4, 22}, {0, 5, 15}, {1, 2, 25}, {2, 3, 22}, {3, 4, 25}, {3, 7, 14}, {4, 6, 13}}, 67},
		{"zero and negative ignored", 3, []analytics.WeightedEdge{{0, 1, 0}, {1, 2, -3}}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mate := analytics.MaxWeightMatching(c.n, c.edges)
			checkMatching(t, c.n, mate, c.edges)
			if got := analytics.MatchingWeight(mate, c.edges); got != c.want {
				t.Fatalf("weight %d, want %d (mate %v)", got, c.want, mate)
			}
		})
	}
}
