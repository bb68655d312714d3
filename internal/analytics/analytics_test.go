package analytics

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

func demoIndex(t *testing.T) *Index {
	t.Helper()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	return NewIndex(ds)
}

func TestSchaerbeekBrokers(t *testing.T) {
	x := demoIndex(t)
	for _, tc := range []struct {
		name string
		ties Ties
		top  string
		cuts []string // must be articulation points
	}{
		{"all ties: the associations' network", TiesAll, "css", []string{"cass", "css"}},
		{"collaboration ties: the coordination", TiesCollaboration, "cass", []string{"cass"}},
		{"partnership ties: the associations' network", TiesPartnership, "css", []string{"css"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := x.Brokers(bg, 3, tc.ties)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Brokers[0].Organisation; got != tc.top {
				t.Errorf("top broker = %s, want %s", got, tc.top)
			}
			if !r.Exact || r.Nodes != 83 {
				t.Errorf("exact %v over %d nodes, want exact over 83", r.Exact, r.Nodes)
			}
			aps := must(x.ArticulationPoints(bg, tc.ties))
			for _, k := range tc.cuts {
				if !slices.Contains(aps, k) {
					t.Errorf("%s is not an articulation point (%v)", k, aps)
				}
			}
		})
	}
}

func TestOrganisationPath(t *testing.T) {
	x := demoIndex(t)
	for _, tc := range []struct {
		name     string
		from, to string
		hops     int
		ties     Ties
		want     []string // nil: no path
		kinds    []string
		code     string
	}{
		{"one immersion apart", "le-meridien", "cpas-pole-jeunes", 0, TiesAll, []string{"le-meridien", "cpas-pole-jeunes"}, []string{KindCollaboration}, ""},
		// Le Méridien was invite_absent at the mental-health meeting: no tie with La Gerbe from it.
		{"invite_absent makes no tie", "le-meridien", "la-gerbe", 0, TiesCollaboration, []string{"le-meridien", "cass", "la-gerbe"}, []string{KindCollaboration, KindCollaboration}, ""},
		// Two members of the CSS are tied to the network, not to each other.
		{"membership ties members to the network only", "aksent", "amos", 0, TiesPartnership, []string{"aksent", "css", "amos"}, []string{KindPartnership, KindPartnership}, ""},
		{"same organisation", "cass", "cass", 0, TiesAll, []string{"cass"}, nil, ""},
		{"no collaboration of cocom", "cocom", "cass", 0, TiesCollaboration, nil, nil, ""},
		{"beyond maxHops", "aksent", "amos", 1, TiesPartnership, nil, nil, ""},
		{"maxHops above 8", "aksent", "amos", 9, TiesAll, nil, nil, reseau.EINVALID},
		{"negative maxHops", "aksent", "amos", -1, TiesAll, nil, nil, reseau.EINVALID},
		{"unknown organisation", "nowhere", "amos", 0, TiesAll, nil, nil, reseau.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := x.OrganisationPath(bg, tc.from, tc.to, tc.hops, tc.ties)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if err != nil {
				return
			}
			if !slices.Equal(p.Organisations, tc.want) {
				t.Fatalf("path = %v, want %v", p.Organisations, tc.want)
			}
			if p.Length != max(0, len(tc.want)-1) || len(p.Links) != p.Length {
				t.Errorf("length %d with %d links for %v", p.Length, len(p.Links), p.Organisations)
			}
			for i, l := range p.Links {
				if l.Kind != tc.kinds[i] || (l.Kind == KindCollaboration && l.Collaboration == "") || (l.Kind == KindPartnership && l.Partnership == "") {
					t.Errorf("link %d = %+v, want kind %s with its key", i, l, tc.kinds[i])
				}
			}
		})
	}
	// The immersion tie names the immersion (or its preparation) as its reason.
	p, _ := x.OrganisationPath(bg, "le-meridien", "cpas-pole-jeunes", 0, TiesCollaboration)
	if l := p.Links[0]; !slices.Equal(l.Collaborations, []string{"immersion-2022", "immersion-2022-preparation"}) || l.Weight != 2 {
		t.Errorf("link = %+v, want the two immersion collaborations", l)
	}
}

// privacyDataset: Ann and Bob know each other only through Hid, a PRIVATE
// colleague of both at two organisations.
func privacyDataset() *reseau.Dataset {
	return &reseau.Dataset{
		Organisations: []reseau.Organisation{{Key: "o1", Name: "O1", Sector: reseau.SectorCPAS}, {Key: "o2", Name: "O2", Sector: reseau.SectorAssociatif}, {Key: "o3", Name: "O3"}},
		People: []reseau.Person{
			{Key: "ann", Name: "Ann", Visibility: reseau.VisibilityNetwork},
			{Key: "bob", Name: "Bob", Visibility: reseau.VisibilityNetwork},
			{Key: "hid", Name: "Hid", Visibility: reseau.VisibilityPrivate},
			{Key: "zoe", Name: "Zoe", Visibility: reseau.VisibilityPrivate},
		},
		Memberships: []reseau.Membership{
			{PersonKey: "ann", OrganisationKey: "o1"}, {PersonKey: "hid", OrganisationKey: "o1"},
			{PersonKey: "hid", OrganisationKey: "o2"}, {PersonKey: "bob", OrganisationKey: "o2"},
			{PersonKey: "zoe", OrganisationKey: "o3"},
		},
		Knows: []reseau.Knows{{PersonKey: "bob", OtherKey: "zoe"}},
	}
}

func TestIntroductionPathPrivacy(t *testing.T) {
	x := NewIndex(privacyDataset())
	coordinator := reseau.PeopleScope{All: true}
	viewerO3 := reseau.PeopleScope{Orgs: []string{"o3"}}
	viewerO1 := reseau.PeopleScope{Orgs: []string{"o1"}}
	for _, tc := range []struct {
		name     string
		scope    reseau.PeopleScope
		from, to string
		want     []string
		reasons  [][]reseau.Reason
		code     string
	}{
		{"a coordinator is introduced through the private colleague", coordinator, "ann", "bob", []string{"ann", "hid", "bob"},
			[][]reseau.Reason{{{Kind: reseau.ReasonOrganisation, Key: "o1"}}, {{Kind: reseau.ReasonOrganisation, Key: "o2"}}}, ""},
		{"a viewer of another organisation never passes through a hidden person", viewerO3, "ann", "bob", nil, nil, ""},
		{"a viewer of the private person's organisation does", viewerO1, "ann", "bob", []string{"ann", "hid", "bob"}, nil, ""},
		{"a hidden target is not found", viewerO1, "bob", "zoe", nil, nil, reseau.ENOTFOUND},
		{"a hidden source is not found", viewerO1, "zoe", "bob", nil, nil, reseau.ENOTFOUND},
		{"KNOWS is a reason", viewerO3, "bob", "zoe", []string{"bob", "zoe"}, [][]reseau.Reason{{{Kind: reseau.ReasonKnows}}}, ""},
		{"to an organisation: anyone visible working there", viewerO3, "bob", "o3", []string{"bob", "zoe"}, nil, ""},
		{"to an organisation whose people are all hidden", viewerO3, "bob", "o1", []string{"bob", "hid", "ann"}[:0], nil, ""},
		{"unknown target", coordinator, "ann", "nobody", nil, nil, reseau.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := x.IntroductionPath(bg, tc.scope, tc.from, tc.to, 0)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if err != nil {
				return
			}
			if len(p.People) != len(tc.want) || !slices.Equal(p.People, tc.want) && len(tc.want) > 0 {
				t.Fatalf("path = %v, want %v", p.People, tc.want)
			}
			for i, rs := range tc.reasons {
				if !slices.Equal(p.Links[i].Reasons, rs) {
					t.Errorf("link %d reasons = %v, want %v", i, p.Links[i].Reasons, rs)
				}
			}
		})
	}
}

// TestIntroductionPathsOnDemo checks many paths of the demo against an
// independent breadth-first search over the acquaintances, for a viewer:
// same lengths, every person visible, every hop with a true reason.
func TestIntroductionPathsOnDemo(t *testing.T) {
	x := demoIndex(t)
	ds := x.ds
	ps := reseau.PeopleScope{Orgs: []string{"cass"}}
	visible := func(k string) bool {
		var orgs []string
		for _, m := range ds.Memberships {
			if m.PersonKey == k {
				orgs = append(orgs, m.OrganisationKey)
			}
		}
		return ps.CanSee(ds.People[x.perIdx[k]].Visibility, orgs)
	}
	// Reference adjacency: every pair of visible people sharing something.
	adj := map[string]map[string]bool{}
	link := func(a, b string) {
		if a == b || !visible(a) || !visible(b) {
			return
		}
		if adj[a] == nil {
			adj[a] = map[string]bool{}
		}
		if adj[b] == nil {
			adj[b] = map[string]bool{}
		}
		adj[a][b], adj[b][a] = true, true
	}
	groups := map[string][]string{}
	for _, m := range ds.Memberships {
		groups["o:"+m.OrganisationKey] = append(groups["o:"+m.OrganisationKey], m.PersonKey)
	}
	for _, pp := range ds.PersonParticipations {
		if pp.Role != reseau.RoleInviteAbsent {
			groups["c:"+pp.CollaborationKey] = append(groups["c:"+pp.CollaborationKey], pp.PersonKey)
		}
	}
	for _, g := range groups {
		for _, a := range g {
			for _, b := range g {
				link(a, b)
			}
		}
	}
	for _, k := range ds.Knows {
		link(k.PersonKey, k.OtherKey)
	}
	bfs := func(from string) map[string]int {
		d := map[string]int{from: 0}
		q := []string{from}
		for len(q) > 0 {
			v := q[0]
			q = q[1:]
			for w := range adj[v] {
				if _, ok := d[w]; !ok {
					d[w] = d[v] + 1
					q = append(q, w)
				}
			}
		}
		return d
	}
	var people []string
	for _, p := range ds.People {
		if visible(p.Key) {
			people = append(people, p.Key)
		}
	}
	checked := 0
	for i := 0; i < len(people); i += 7 {
		from := people[i]
		dist := bfs(from)
		for j := 3; j < len(people); j += 11 {
			to := people[j]
			p, err := x.IntroductionPath(bg, ps, from, to, MaxMaxHops)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := dist[to]
			if !ok || want > MaxMaxHops {
				if len(p.People) != 0 {
					t.Fatalf("%s→%s: path %v, want none", from, to, p.People)
				}
				continue
			}
			if p.Length != want {
				t.Fatalf("%s→%s: length %d, want %d", from, to, p.Length, want)
			}
			for k, l := range p.Links {
				if !visible(p.People[k+1]) || !adj[l.From][l.To] && l.From != l.To || len(l.Reasons) == 0 {
					t.Fatalf("%s→%s: bad hop %+v", from, to, l)
				}
			}
			checked++
		}
	}
	if checked < 100 {
		t.Fatalf("only %d paths checked", checked)
	}
}

func TestGaps(t *testing.T) {
	x := demoIndex(t)
	r, err := x.Gaps(bg, nil, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Domains) != 21 {
		t.Fatalf("%d domains, want 21", len(r.Domains))
	}
	for _, d := range r.Domains {
		gaps := 0
		for _, p := range d.Pairs {
			both := p.OrganisationsA > 0 && p.OrganisationsB > 0
			if p.Gap != (both && p.Ties == 0) || p.Density < 0 || p.Density > 1 {
				t.Errorf("%s %s–%s: %+v", d.Domain, p.SectorA, p.SectorB, p)
			}
			if p.Gap {
				gaps++
			}
		}
		if gaps != d.Gaps || len(d.Pairs) != 10 {
			t.Errorf("%s: %d gaps counted, %d reported, %d pairs", d.Domain, gaps, d.Gaps, len(d.Pairs))
		}
	}
	// Seniors: gt-seniors joins 3 CPAS services with 4 associations, and its
	// meeting with the Council adds the Council–Maison Biloba pair.
	seniors := r.Domains[slices.IndexFunc(r.Domains, func(d DomainGaps) bool { return d.Domain == "seniors" })]
	if p := seniors.Pairs[0]; p.SectorA != reseau.SectorCPAS || p.SectorB != reseau.SectorAssociatif || p.Ties != 13 || p.OrganisationsA != 4 || p.OrganisationsB != 4 {
		t.Errorf("seniors CPAS–ASSOCIATIF = %+v, want 13 ties between 4 and 4", p)
	}
	if !slices.ContainsFunc(r.IncompleteProfiles, func(p IncompleteProfile) bool { return p.MissingDomain }) {
		t.Error("no incomplete profile, but the demo has organisations without domain")
	}
	for _, tc := range []struct {
		name         string
		domains      []string
		since, until string
		code         string
	}{
		{"unknown domain", []string{"astrologie"}, "", "", reseau.ENOTFOUND},
		{"bad date", nil, "2015-13", "", reseau.EINVALID},
		{"a window", []string{"jeunesse"}, "2022", "2022", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := x.Gaps(bg, tc.domains, tc.since, tc.until)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want %q", err, tc.code)
			}
		})
	}
	// In 2010 only the colloquium was held: the immersion of 2022 makes no
	// jeunesse tie, and the mental-health meeting of 2015 none either.
	r10, _ := x.Gaps(bg, []string{"jeunesse"}, "2010", "2010")
	for _, p := range r10.Domains[0].Pairs {
		if p.Ties != 0 {
			t.Errorf("jeunesse in 2010: %+v", p)
		}
	}
}

func TestSuggestedMeetings(t *testing.T) {
	x := demoIndex(t)
	ms, err := x.SuggestedMeetings(bg, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 50 {
		t.Fatalf("%d meetings, want 50", len(ms))
	}
	g := x.graph(TiesAll)
	for i, m := range ms {
		a, b := x.orgIdx[m.A], x.orgIdx[m.B]
		if _, tied := slices.BinarySearch(g.row(a), b); tied || x.orgSector[a] == x.orgSector[b] || len(m.SharedDomains) == 0 || len(m.Reasons) == 0 {
			t.Errorf("meeting %d: %+v", i, m)
		}
		if i > 0 && (len(m.SharedDomains) > len(ms[i-1].SharedDomains) ||
			len(m.SharedDomains) == len(ms[i-1].SharedDomains) && m.AdamicAdar > ms[i-1].AdamicAdar) {
			t.Errorf("meeting %d ranks above %d", i, i-1)
		}
	}
	if _, err := x.SuggestedMeetings(bg, "astrologie", 5); reseau.ErrorCode(err) != reseau.ENOTFOUND {
		t.Errorf("unknown domain: %v", err)
	}
	if _, err := x.SuggestedMeetings(bg, "", MaxFirst+1); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("first too large: %v", err)
	}
}

func TestGapBrokers(t *testing.T) {
	x := demoIndex(t)
	for _, tc := range []struct {
		name   string
		scope  reseau.PeopleScope
		people bool
	}{
		{"anonymous: organisations only", reseau.PeopleScope{None: true}, false},
		{"viewer: visible people", reseau.PeopleScope{Orgs: []string{"cass"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := x.GapBrokers(bg, tc.scope, "jeunesse", reseau.SectorCPAS, reseau.SectorAssociatif, 10)
			if err != nil {
				t.Fatal(err)
			}
			if r.Organisations[0].Organisation != "cass" {
				t.Errorf("top gap broker = %+v, want cass", r.Organisations[0])
			}
			if (len(r.People) > 0) != tc.people {
				t.Errorf("%d people", len(r.People))
			}
			sc := x.scope(tc.scope)
			for _, p := range r.People {
				if !sc.visible(x.perIdx[p.Person]) || p.ReachA == 0 || p.ReachB == 0 {
					t.Errorf("person %+v", p)
				}
			}
		})
	}
	if _, err := x.GapBrokers(bg, reseau.PeopleScope{}, "jeunesse", reseau.SectorCPAS, reseau.SectorCPAS, 10); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("same sector: %v", err)
	}
}

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

func TestTimelineAndSummary(t *testing.T) {
	x := demoIndex(t)
	years, err := x.Timeline(bg, 2010, 2022, TiesAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 13 || years[0].Year != 2010 || years[0].Collaborations != 7 {
		t.Errorf("2010 = %+v; want the colloquium and its six workshops", years[0])
	}
	// 2022: the immersion ties the Pôle Jeunes and the CASS to eight partners.
	if y := years[12]; y.NewTies == 0 || y.NewCrossSectorTies == 0 || y.NewCrossSectorTies > y.NewTies {
		t.Errorf("2022 = %+v", y)
	}
	if _, err := x.Timeline(bg, 2022, 2010, TiesAll); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("reversed range: %v", err)
	}

	// Karate club: networkx's density, diameter and average shortest path length.
	k := must(NewIndex(edgeDataset(34, karateEdges[:])).Summary(bg, TiesAll))
	if !near(k.Density, 0.13903743315508021) || k.Diameter != 5 || !near(k.AveragePathLength, 2.408199643493761) ||
		k.Components != 1 || k.LargestComponent != 34 || !k.Exact || !near(k.AverageDegree, 156.0/34) {
		t.Errorf("karate summary = %+v", k)
	}
	s := must(x.Summary(bg, TiesCollaboration))
	if s.Organisations != 83 || s.Ties != 183 || s.Components < 1 || s.LargestComponent > 83 {
		t.Errorf("demo summary = %+v", s)
	}
}

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

func TestEngine(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	e := NewEngine(s)

	// Concurrent first requests share one build.
	var wg sync.WaitGroup
	got := make([]*Index, 8)
	for i := range got {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got[i], _ = e.Index(ctx)
		}(i)
	}
	wg.Wait()
	for _, x := range got {
		if x == nil || x != got[0] {
			t.Fatal("concurrent requests got different indexes")
		}
	}
	r, err := e.Brokers(ctx, 1, TiesAll)
	if err != nil || r.Brokers[0].Organisation != "css" {
		t.Fatalf("brokers over the store: %+v, %v", r, err)
	}

	// A write is seen by the next request.
	if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: "nouvelle", Name: "Nouvelle asbl", Sector: reseau.SectorAssociatif}); err != nil {
		t.Fatal(err)
	}
	x, err := e.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if x == got[0] || x.orgIdx["nouvelle"] == 0 && x.orgKey(0) != "nouvelle" {
		t.Fatal("the index was not rebuilt after a write")
	}
	if again, _ := e.Index(ctx); again != x {
		t.Fatal("the index was rebuilt without a write")
	}

	// People-level analytics need a caller who may see people.
	for _, tc := range []struct {
		name   string
		caller *reseau.Caller
		code   string
	}{
		{"anonymous", reseau.Anonymous, reseau.EUNAUTHORIZED},
		{"signed in without a role", &reseau.Caller{Subject: "x"}, reseau.EFORBIDDEN},
		{"viewer", &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var from, to string
			for _, p := range ds.People {
				if p.Visibility == reseau.VisibilityNetwork {
					if from == "" {
						from = p.Key
					} else {
						to = p.Key
						break
					}
				}
			}
			_, err := e.IntroductionPath(reseau.WithCaller(ctx, tc.caller), from, to, 0)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want %q", err, tc.code)
			}
		})
	}
}
