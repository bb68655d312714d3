package analytics

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestNetwork(t *testing.T) {
	x := demoIndex(t)
	all := []string{reseau.TypeOrganisation, reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership}
	for _, tc := range []struct {
		name   string
		scope  reseau.PeopleScope
		filter NetworkFilter
		check  func(t *testing.T, n *Network)
		code   string
	}{
		{"organisations only by default", reseau.PeopleScope{All: true}, NetworkFilter{}, func(t *testing.T, n *Network) {
			if len(n.Nodes) != 83 || len(n.Edges) != 242 {
				t.Errorf("%d nodes, %d edges; want 83, 242", len(n.Nodes), len(n.Edges))
			}
		}, ""},
		{"anonymous callers get no people", reseau.PeopleScope{None: true}, NetworkFilter{Types: all}, func(t *testing.T, n *Network) {
			for _, nd := range n.Nodes {
				if nd.Type == reseau.TypePerson {
					t.Fatalf("person %s", nd.Key)
				}
			}
		}, ""},
		{"viewers get only the people they may see", reseau.PeopleScope{Orgs: []string{"cass"}}, NetworkFilter{Types: all}, func(t *testing.T, n *Network) {
			sc := x.scope(reseau.PeopleScope{Orgs: []string{"cass"}})
			people := 0
			for _, nd := range n.Nodes {
				if nd.Type == reseau.TypePerson {
					people++
					if !sc.visible(x.perIdx[nd.Key]) {
						t.Fatalf("hidden person %s", nd.Key)
					}
				}
			}
			if people == 0 {
				t.Error("no people")
			}
		}, ""},
		{"centre and depth", reseau.PeopleScope{}, NetworkFilter{Centre: "le-meridien", Depth: 1, Ties: TiesCollaboration}, func(t *testing.T, n *Network) {
			// Le Méridien's collaborators are the nine of the 2022 immersion days.
			if len(n.Nodes) != 10 {
				t.Errorf("%d nodes, want Le Méridien and its 9 collaborators", len(n.Nodes))
			}
		}, ""},
		{"sectors, domains, dates and weight", reseau.PeopleScope{}, NetworkFilter{Sectors: []reseau.Sector{reseau.SectorCPAS, reseau.SectorMixte}, Domains: []string{"jeunesse"}, Since: "2015", MinWeight: 2}, func(t *testing.T, n *Network) {
			for _, e := range n.Edges {
				if e.Weight < 2 {
					t.Errorf("edge %+v below the minimum weight", e)
				}
			}
			for _, nd := range n.Nodes {
				if nd.Sector != reseau.SectorCPAS && nd.Sector != reseau.SectorMixte {
					t.Errorf("node %+v of another sector", nd)
				}
			}
		}, ""},
		{"unknown type", reseau.PeopleScope{}, NetworkFilter{Types: []string{"Usager"}}, nil, reseau.EINVALID},
		{"unknown centre", reseau.PeopleScope{}, NetworkFilter{Centre: "nowhere"}, nil, reseau.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := x.Network(bg, tc.scope, tc.filter)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want %q", err, tc.code)
			}
			if err != nil {
				return
			}
			tc.check(t, n)
		})
	}
}

// TestNetworkTopTies: with TopTies n, the view keeps, of the organisation
// ties its other filters keep, exactly those among the n heaviest of one of
// their ends (weight, then the other end's key), computed here from the
// whole view; the organisations all stay; a negative n is refused.
func TestNetworkTopTies(t *testing.T) {
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ds)
	ctx := t.Context()
	ps := reseau.PeopleScope{All: true}
	whole, err := x.Network(ctx, ps, NetworkFilter{MinWeight: 2})
	if err != nil {
		t.Fatal(err)
	}
	type end struct {
		other  string
		weight int
		id     string
	}
	byNode := map[string][]end{}
	for _, e := range whole.Edges {
		byNode[e.Source] = append(byNode[e.Source], end{e.Target, e.Weight, e.ID})
		byNode[e.Target] = append(byNode[e.Target], end{e.Source, e.Weight, e.ID})
	}
	const n = 3
	want := map[string]bool{}
	for _, ends := range byNode {
		slices.SortFunc(ends, func(a, b end) int {
			return cmp.Or(cmp.Compare(b.weight, a.weight), strings.Compare(a.other, b.other))
		})
		for _, e := range ends[:min(n, len(ends))] {
			want[e.id] = true
		}
	}
	top, err := x.Network(ctx, ps, NetworkFilter{MinWeight: 2, TopTies: n})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range top.Edges {
		got[e.ID] = true
	}
	if len(want) == 0 || len(want) >= len(whole.Edges) {
		t.Fatalf("%d ties of %d among the heaviest: the test proves nothing", len(want), len(whole.Edges))
	}
	if !maps.Equal(got, want) {
		t.Errorf("%d ties kept, want %d", len(got), len(want))
	}
	if len(top.Nodes) != len(whole.Nodes) {
		t.Errorf("%d organisations, want %d", len(top.Nodes), len(whole.Nodes))
	}
	if _, err := x.Network(ctx, ps, NetworkFilter{TopTies: -1}); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("TopTies -1: %v, want %s", err, reseau.EINVALID)
	}
}

// TestNetworkByCommunity: a view by community has one node per community of
// the organisations it would draw, of their number, labelled after the
// best-connected one, and one edge per pair of tied communities weighing
// the ties between them (none inside a community), as computed here from
// the organisation view; other node types are left out.
func TestNetworkByCommunity(t *testing.T) {
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ds)
	ctx := t.Context()
	ps := reseau.PeopleScope{All: true}
	orgs, err := x.Network(ctx, ps, NetworkFilter{MinWeight: 2})
	if err != nil {
		t.Fatal(err)
	}
	size, comm := map[string]int{}, map[string]int{}
	for _, nd := range orgs.Nodes {
		size[strconv.Itoa(nd.Community)]++
		comm[nd.ID] = nd.Community
	}
	weight := map[string]int{}
	for _, e := range orgs.Edges {
		a, b := comm[e.Source], comm[e.Target]
		if a != b {
			weight["k"+strconv.Itoa(min(a, b))+"-"+strconv.Itoa(max(a, b))] += e.Weight
		}
	}
	got, err := x.Network(ctx, ps, NetworkFilter{MinWeight: 2, ByCommunity: true, Types: []string{reseau.TypePerson}})
	if err != nil {
		t.Fatal(err)
	}
	if len(size) < 2 || len(got.Nodes) != len(size) {
		t.Fatalf("%d community nodes, want %d", len(got.Nodes), len(size))
	}
	for _, nd := range got.Nodes {
		if nd.Type != TypeCommunity || nd.Size != size[nd.Key] || nd.Label == "" {
			t.Errorf("node %+v: want a community of %d organisations", nd, size[nd.Key])
		}
	}
	if len(got.Edges) != len(weight) || len(weight) == 0 {
		t.Fatalf("%d edges between communities, want %d", len(got.Edges), len(weight))
	}
	for _, e := range got.Edges {
		if e.Weight != weight[e.ID] {
			t.Errorf("edge %s weighs %d, want %d", e.ID, e.Weight, weight[e.ID])
		}
	}
	for _, nd := range orgs.Nodes {
		if nd.Size != 1 {
			t.Fatalf("organisation %s has size %d, want 1", nd.Key, nd.Size)
		}
	}
}
