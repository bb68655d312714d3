package netfile_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"net/url"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/netfile"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestWriters writes views of the demo network in the three formats and
// reads each back.
func TestWriters(t *testing.T) {
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	x := analytics.NewIndex(ds)
	all := []string{reseau.TypeOrganisation, reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership}
	for _, tc := range []struct {
		name   string
		scope  reseau.PeopleScope
		filter analytics.NetworkFilter
	}{
		{"organisations", reseau.PeopleScope{All: true}, analytics.NetworkFilter{}},
		{"every node type", reseau.PeopleScope{All: true}, analytics.NetworkFilter{Types: all}},
		{"centre and depth", reseau.PeopleScope{}, analytics.NetworkFilter{Centre: "le-meridien", Depth: 1, Ties: analytics.TiesCollaboration}},
		{"sectors, domains, dates and weight", reseau.PeopleScope{}, analytics.NetworkFilter{Sectors: []reseau.Sector{reseau.SectorCPAS, reseau.SectorMixte}, Domains: []string{"jeunesse"}, Since: "2015", MinWeight: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := x.Network(context.Background(), tc.scope, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			checkExports(t, n)
		})
	}
}

// TestFormats checks that every format writes what its content type says.
func TestFormats(t *testing.T) {
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	n, err := analytics.NewIndex(ds).Network(context.Background(), reseau.PeopleScope{}, analytics.NetworkFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range netfile.Formats {
		var buf bytes.Buffer
		if err := f.Write(&buf, n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var ok bool
		switch f.ContentType {
		case "application/json":
			ok = json.Valid(buf.Bytes())
		default:
			var root struct{ XMLName xml.Name }
			ok = xml.Unmarshal(buf.Bytes(), &root) == nil && "application/"+root.XMLName.Local+"+xml" == f.ContentType
		}
		if !ok || f.Ext == "" {
			t.Errorf("%s: %s%s does not hold what it says", name, f.ContentType, f.Ext)
		}
	}
}

// TestParseFilter reads filters from named values, as the download
// endpoint's query and `reseau export`'s flags give them.
func TestParseFilter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		query string
		want  analytics.NetworkFilter
		code  string
		field string
	}{
		{"nothing: every node type", "", analytics.NetworkFilter{Types: []string{reseau.TypeOrganisation, reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership}}, "", ""},
		{"lists repeat or are comma-separated", "types=organisation&sectors=cpas,mixte&sectors=public&ties=COLLABORATION",
			analytics.NetworkFilter{Types: []string{reseau.TypeOrganisation}, Sectors: []reseau.Sector{reseau.SectorCPAS, reseau.SectorMixte, reseau.SectorPublic}, Ties: analytics.TiesCollaboration}, "", ""},
		{"keys and ids", "types=ORGANISATION&domains=jeunesse," + reseau.NodeID(reseau.TypeDomain, "seniors") + "&centre=" + reseau.NodeID(reseau.TypeOrganisation, "cass") + "&depth=2&minWeight=3&topTies=4&since=2015&until=2020&format=gexf",
			analytics.NetworkFilter{Types: []string{reseau.TypeOrganisation}, Domains: []string{"jeunesse", "seniors"}, Centre: "cass", Depth: 2, MinWeight: 3, TopTies: 4, Since: "2015", Until: "2020"}, "", ""},
		{"unknown parameter", "colour=red", analytics.NetworkFilter{}, reseau.EINVALID, "colour"},
		{"unknown type", "types=USAGER", analytics.NetworkFilter{}, reseau.EINVALID, "types"},
		{"unknown tie kind", "ties=FRIENDSHIP", analytics.NetworkFilter{}, reseau.EINVALID, "ties"},
		{"unknown sector", "sectors=BANK", analytics.NetworkFilter{}, reseau.EINVALID, "sectors"},
		{"the id of another type", "centre=" + reseau.NodeID(reseau.TypeDomain, "seniors"), analytics.NetworkFilter{}, reseau.EINVALID, "centre"},
		{"a single value twice", "since=2015&since=2016", analytics.NetworkFilter{}, reseau.EINVALID, "since"},
		{"not a number", "depth=two", analytics.NetworkFilter{}, reseau.EINVALID, "depth"},
		{"a negative number", "minWeight=-1", analytics.NetworkFilter{}, reseau.EINVALID, "minWeight"},
		{"the institution scope, any case", "types=ORGANISATION&scope=institution",
			analytics.NetworkFilter{Types: []string{reseau.TypeOrganisation}, Scope: reseau.ScopeInstitution}, "", ""},
		{"unknown scope", "scope=COMMUNE", analytics.NetworkFilter{}, reseau.EINVALID, "scope"},
		{"a negative top", "topTies=-2", analytics.NetworkFilter{}, reseau.EINVALID, "topTies"},
		{"by community", "types=ORGANISATION&byCommunity=true", analytics.NetworkFilter{Types: []string{reseau.TypeOrganisation}, ByCommunity: true}, "", ""},
		{"not a boolean", "byCommunity=yes please", analytics.NetworkFilter{}, reseau.EINVALID, "byCommunity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			f, err := netfile.ParseFilter(q)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("code %q (%v), want %q", code, err, tc.code)
			}
			if err != nil {
				if e := (*reseau.Error)(nil); !errors.As(err, &e) || e.Field != tc.field {
					t.Errorf("error %#v, want field %q", err, tc.field)
				}
				return
			}
			if !slices.Equal(f.Types, tc.want.Types) || !slices.Equal(f.Sectors, tc.want.Sectors) || !slices.Equal(f.Domains, tc.want.Domains) ||
				f.Ties != tc.want.Ties || f.Centre != tc.want.Centre || f.Depth != tc.want.Depth || f.MinWeight != tc.want.MinWeight || f.TopTies != tc.want.TopTies || f.ByCommunity != tc.want.ByCommunity ||
				f.Since != tc.want.Since || f.Until != tc.want.Until || f.Scope != tc.want.Scope {
				t.Errorf("filter %+v, want %+v", f, tc.want)
			}
		})
	}
}

// TestFlags checks that each flag of RegisterFlags fills the parameter
// ParseFilter reads under the same meaning.
func TestFlags(t *testing.T) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	q := url.Values{}
	netfile.RegisterFlags(fs, q)
	if err := fs.Parse([]string{"--types", "ORGANISATION", "--sectors", "cpas", "--sectors", "mixte", "--min-weight", "2", "--centre", "cass", "--depth", "3"}); err != nil {
		t.Fatal(err)
	}
	f, err := netfile.ParseFilter(q)
	if err != nil {
		t.Fatal(err)
	}
	if f.MinWeight != 2 || f.Depth != 3 || f.Centre != "cass" || len(f.Sectors) != 2 || !slices.Equal(f.Types, []string{reseau.TypeOrganisation}) {
		t.Errorf("filter %+v", f)
	}
	for _, p := range netfile.Params {
		if fs.Lookup(p.Flag) == nil {
			t.Errorf("no flag --%s for %s", p.Flag, p.Name)
		}
	}
}

// checkExports writes n in the three formats and reads each back.
func checkExports(t *testing.T, n *analytics.Network) {
	t.Helper()
	var buf bytes.Buffer
	if err := netfile.WriteGEXF(&buf, n); err != nil {
		t.Fatal(err)
	}
	var gx struct {
		XMLName xml.Name `xml:"gexf"`
		Graph   struct {
			Mode  string `xml:"mode,attr"`
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"nodes>node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Spells []struct {
					Start string `xml:"start,attr"`
					End   string `xml:"end,attr"`
				} `xml:"spells>spell"`
			} `xml:"edges>edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &gx); err != nil {
		t.Fatalf("GEXF does not parse back: %v", err)
	}
	if gx.XMLName.Space != "http://gexf.net/1.3" || gx.Graph.Mode != "dynamic" || len(gx.Graph.Nodes) != len(n.Nodes) || len(gx.Graph.Edges) != len(n.Edges) {
		t.Errorf("GEXF: %s %s, %d nodes, %d edges; want %d, %d", gx.XMLName.Space, gx.Graph.Mode, len(gx.Graph.Nodes), len(gx.Graph.Edges), len(n.Nodes), len(n.Edges))
	}
	ids := map[string]bool{}
	for _, nd := range gx.Graph.Nodes {
		ids[nd.ID] = true
	}
	spells := 0
	for _, e := range gx.Graph.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Fatalf("GEXF edge %s–%s to an unknown node", e.Source, e.Target)
		}
		spells += len(e.Spells)
	}
	if len(n.Edges) > 0 && spells == 0 {
		t.Error("GEXF: no spell, Gephi's timeline would be empty")
	}
	// GEXF 1.3 wants at least one child in <spells> and <attvalues>.
	for _, empty := range []string{"<spells></spells>", "<attvalues></attvalues>"} {
		if bytes.Contains(buf.Bytes(), []byte(empty)) {
			t.Errorf("GEXF holds an empty %s", empty)
		}
	}

	buf.Reset()
	if err := netfile.WriteGraphML(&buf, n); err != nil {
		t.Fatal(err)
	}
	var gm struct {
		XMLName xml.Name `xml:"graphml"`
		Keys    []struct {
			ID string `xml:"id,attr"`
		} `xml:"key"`
		Graph struct {
			Nodes []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key string `xml:"key,attr"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &gm); err != nil {
		t.Fatalf("GraphML does not parse back: %v", err)
	}
	keys := map[string]bool{}
	for _, k := range gm.Keys {
		keys[k.ID] = true
	}
	for _, nd := range gm.Graph.Nodes {
		for _, d := range nd.Data {
			if !keys[d.Key] {
				t.Fatalf("GraphML data for undeclared key %s", d.Key)
			}
		}
	}
	if len(gm.Graph.Nodes) != len(n.Nodes) || len(gm.Graph.Edges) != len(n.Edges) {
		t.Errorf("GraphML: %d nodes, %d edges", len(gm.Graph.Nodes), len(gm.Graph.Edges))
	}

	buf.Reset()
	if err := netfile.WriteGraphology(&buf, n); err != nil {
		t.Fatal(err)
	}
	var gl struct {
		Options struct{ Type string }
		Nodes   []struct{ Key string }
		Edges   []struct{ Source, Target string }
	}
	if err := json.Unmarshal(buf.Bytes(), &gl); err != nil {
		t.Fatalf("graphology JSON does not parse back: %v", err)
	}
	if gl.Options.Type != "undirected" || len(gl.Nodes) != len(n.Nodes) || len(gl.Edges) != len(n.Edges) {
		t.Errorf("graphology: %+v", gl.Options)
	}
}
