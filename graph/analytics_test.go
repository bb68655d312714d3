package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// newAnalyticsClient serves the demo with the analytics engine.
func newAnalyticsClient(t *testing.T) *client.Client {
	t.Helper()
	s := sqlitetest.Demo(t)
	return client.New(httpserver.NewGraphQL(&graph.Resolver{Store: s, Analytics: analytics.NewEngine(s)}, nil))
}

func TestAnalyticsQueries(t *testing.T) {
	c := newAnalyticsClient(t)

	var brokers struct {
		Brokers []struct {
			Organisation struct{ Key string }
			Betweenness  float64
			Exact        bool
		}
		CollaborationBrokers []struct {
			Organisation struct{ Key string }
		}
		ArticulationPoints []struct{ Key string }
	}
	c.MustPost(`{
		brokers(first: 3) { organisation { key } betweenness exact }
		collaborationBrokers: brokers(first: 1, ties: [COLLABORATION]) { organisation { key } }
		articulationPoints { key }
	}`, &brokers)
	if brokers.Brokers[0].Organisation.Key != "css" || !brokers.Brokers[0].Exact || brokers.CollaborationBrokers[0].Organisation.Key != "cass" {
		t.Errorf("brokers = %+v", brokers)
	}

	var path struct {
		OrganisationPath struct {
			Length        int
			Organisations []struct{ Key string }
			Links         []struct {
				Kind          string
				Collaboration *struct{ Key string }
			}
		}
	}
	c.MustPost(`query($to: ID!) { organisationPath(from: "le-meridien", to: $to, ties: [COLLABORATION]) {
		length organisations { key } links { kind collaboration { key } } } }`, &path,
		client.Var("to", reseau.NodeID(reseau.TypeOrganisation, "la-gerbe")))
	if p := path.OrganisationPath; p.Length != 2 || p.Organisations[1].Key != "cass" || p.Links[0].Kind != "COLLABORATION" || p.Links[0].Collaboration == nil {
		t.Errorf("organisationPath = %+v", p)
	}

	var rest struct {
		Gaps struct {
			Domains []struct {
				Domain struct{ Key string }
				Pairs  []struct {
					SectorA, SectorB string
					Ties             int
					Gap              bool
				}
			}
		}
		SuggestedMeetings []struct {
			A, B          struct{ Key string }
			SharedDomains []struct{ Key string }
		}
		Communities struct {
			Modularity  float64
			Communities []struct{ Size int }
		}
		Mixing   struct{ Ei float64 }
		Timeline []struct{ Year, Collaborations int }
		Summary  struct {
			Organisations, Ties int
			Diameter            int
		}
		GapBrokers struct {
			Organisations []struct{ Organisation struct{ Key string } }
			People        []struct{ Person struct{ Key string } }
		}
		Bridges []struct{ A, B struct{ Key string } }
	}
	c.MustPost(`{
		gaps(domains: ["seniors"]) { domains { domain { key } pairs { sectorA sectorB ties gap } } }
		suggestedMeetings(first: 3) { a { key } b { key } sharedDomains { key } }
		communities { modularity communities { size } }
		mixing { ei }
		timeline(from: 2010, to: 2010) { year collaborations }
		summary { organisations ties diameter }
		gapBrokers(domain: "jeunesse", sectorA: CPAS, sectorB: ASSOCIATIF) { organisations { organisation { key } } people { person { key } } }
		bridges { a { key } b { key } }
	}`, &rest)
	if d := rest.Gaps.Domains[0]; d.Domain.Key != "seniors" || d.Pairs[0].Ties != 13 {
		t.Errorf("gaps = %+v", d)
	}
	if len(rest.SuggestedMeetings) != 3 || len(rest.SuggestedMeetings[0].SharedDomains) == 0 {
		t.Errorf("suggestedMeetings = %+v", rest.SuggestedMeetings)
	}
	if rest.Communities.Modularity <= 0 || len(rest.Communities.Communities) == 0 {
		t.Errorf("communities = %+v", rest.Communities)
	}
	if rest.Timeline[0].Collaborations != 7 || rest.Summary.Organisations != 83 || rest.Summary.Ties != 242 {
		t.Errorf("timeline %+v, summary %+v", rest.Timeline, rest.Summary)
	}
	if rest.GapBrokers.Organisations[0].Organisation.Key != "cass" || len(rest.GapBrokers.People) == 0 || len(rest.Bridges) == 0 {
		t.Errorf("gapBrokers = %+v, %d bridges", rest.GapBrokers, len(rest.Bridges))
	}

	var net struct {
		Network struct {
			Nodes []struct {
				ID, Type  string
				Community int
			}
			Edges []struct {
				Source, Target string
				Spells         []struct{ Start *string }
			}
		}
		NetworkFile string
	}
	c.MustPost(`{
		network(filter: {centre: "le-meridien", ties: [COLLABORATION], types: [COLLABORATION]}) { nodes { id type community } edges { source target spells { start } } }
		networkFile(filter: {centre: "le-meridien"}, format: GEXF)
	}`, &net)
	ids := map[string]bool{}
	for _, n := range net.Network.Nodes {
		ids[n.ID] = true
	}
	for _, e := range net.Network.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Fatalf("edge %+v to a node outside the view", e)
		}
	}
	if !ids[reseau.NodeID(reseau.TypeOrganisation, "le-meridien")] || !strings.Contains(net.NetworkFile, `<gexf xmlns="http://gexf.net/1.3"`) {
		t.Errorf("network: %d nodes; file starts %.80q", len(net.Network.Nodes), net.NetworkFile)
	}

	// topTies keeps each organisation's heaviest ties only.
	var all, top struct {
		Network struct{ Edges []struct{ Weight int } }
	}
	c.MustPost(`{ network { edges { weight } } }`, &all)
	c.MustPost(`{ network(filter: {topTies: 1}) { edges { weight } } }`, &top)
	if len(top.Network.Edges) == 0 || len(top.Network.Edges) >= len(all.Network.Edges) {
		t.Errorf("topTies 1: %d ties of %d", len(top.Network.Edges), len(all.Network.Edges))
	}

	for _, tc := range []struct{ name, query, code string }{
		{"negative topTies", `{ network(filter: {topTies: -1}) { nodes { id } } }`, reseau.EINVALID},
		{"maxHops above 8", `{ organisationPath(from: "cass", to: "css", maxHops: 9) { length } }`, reseau.EINVALID},
		{"unknown organisation", `{ organisationPath(from: "cass", to: "nowhere") { length } }`, reseau.ENOTFOUND},
		{"the id of another type", `{ organisationPath(from: "cass", to: "` + reseau.NodeID(reseau.TypeDomain, "seniors") + `") { length } }`, reseau.EINVALID},
		{"unknown domain", `{ gaps(domains: ["astrologie"]) { isolated { key } } }`, reseau.ENOTFOUND},
		{"same sectors", `{ gapBrokers(domain: "jeunesse", sectorA: CPAS, sectorB: CPAS) { connectedPairs } }`, reseau.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code := codeOf(t, c, tc.query); code != tc.code {
				t.Errorf("code %q, want %q", code, tc.code)
			}
		})
	}
}

func TestIntroductionPathQuery(t *testing.T) {
	c := newAnalyticsClient(t)
	ds, _ := demo.DemoDataset()
	var from string
	for _, p := range ds.People {
		if p.Visibility == reseau.VisibilityNetwork {
			from = p.Key
			break
		}
	}
	var res struct {
		IntroductionPath struct {
			Length       int
			People       []struct{ Key string }
			Links        []struct{ Reasons []struct{ Kind string } }
			Organisation *struct{ Key string }
		}
	}
	// The system caller of these tests sees everyone.
	c.MustPost(`query($from: ID!, $to: ID!) { introductionPath(from: $from, to: $to) {
		length people { key } links { reasons { kind } } organisation { key } } }`, &res,
		client.Var("from", from), client.Var("to", reseau.NodeID(reseau.TypeOrganisation, "le-meridien")))
	p := res.IntroductionPath
	if len(p.People) == 0 || p.People[0].Key != from || p.Organisation == nil || p.Organisation.Key != "le-meridien" || len(p.Links) != p.Length {
		t.Fatalf("introductionPath = %+v", p)
	}
	for _, l := range p.Links {
		if len(l.Reasons) == 0 {
			t.Errorf("a hop without reason: %+v", p)
		}
	}
}

// TestAnalyticsFieldsFailAlone checks that a refused or invalid analytics
// field answers null with its error while the other fields of the query
// still answer: the top-level analytics fields are nullable.
func TestAnalyticsFieldsFailAlone(t *testing.T) {
	c := newAnalyticsClient(t)
	anonymous := func(r *client.Request) {
		r.HTTP = r.HTTP.WithContext(reseau.WithCaller(r.HTTP.Context(), reseau.Anonymous))
	}
	cases := []struct {
		name, query, field, code string
	}{
		{"anonymous introduction path", `{ summary { organisations } introductionPath(from: "someone", to: "css") { length } }`,
			"introductionPath", reseau.EUNAUTHORIZED},
		{"unknown organisation in a path", `{ summary { organisations } organisationPath(from: "nowhere", to: "css") { length } }`,
			"organisationPath", reseau.ENOTFOUND},
		{"bad network filter", `{ summary { organisations } networkFile(filter: {depth: 99}, format: GEXF) }`,
			"networkFile", reseau.EINVALID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.RawPost(tc.query, anonymous)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := res.Data.(map[string]any)
			summary, _ := data["summary"].(map[string]any)
			if n, _ := summary["organisations"].(float64); n == 0 {
				t.Errorf("summary did not answer: data = %v", res.Data)
			}
			if v, ok := data[tc.field]; !ok || v != nil {
				t.Errorf("%s = %v (present %v), want null", tc.field, v, ok)
			}
			var errs []struct {
				Path       []any
				Extensions map[string]any
			}
			if err := json.Unmarshal(res.Errors, &errs); err != nil || len(errs) != 1 {
				t.Fatalf("errors = %s (%v), want one", res.Errors, err)
			}
			if code := errs[0].Extensions["code"]; code != tc.code || len(errs[0].Path) != 1 || errs[0].Path[0] != tc.field {
				t.Errorf("error at %v with code %v, want %s at %s", errs[0].Path, code, tc.code, tc.field)
			}
		})
	}
}
