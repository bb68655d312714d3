package analytics

import (
	"testing"

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
