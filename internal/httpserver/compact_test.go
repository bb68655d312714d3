package httpserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// compactDoc is the compact network JSON (netfile.WriteCompact).
type compactDoc struct {
	Format string
	Nodes  struct {
		ID, Type, Key, Label, Sector []string
		Community, Degree            []int
		Domains                      [][]string
	}
	Kinds []string
	Edges struct {
		Source, Target, Kind, Weight []int
	}
}

// TestCompactNetworkIsTheGraphologyView downloads the demo's network view
// from a real server as graphology JSON and in the compact form, by both of
// its names: the same nodes, attributes and edges, each node id written
// once, in a fraction of the bytes.
func TestCompactNetworkIsTheGraphologyView(t *testing.T) {
	ts := serveSecure(t)
	get := func(path string) []byte {
		t.Helper()
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("%s: %d %s %.300s", path, res.StatusCode, res.Header.Get("Content-Type"), b)
		}
		return b
	}
	graphology := get("/export/network.json?ties=COLLABORATION,PARTNERSHIP")
	var g struct {
		Nodes []struct {
			Key        string
			Attributes map[string]any
		}
		Edges []struct {
			Source, Target string
			Attributes     map[string]any
		}
	}
	if err := json.Unmarshal(graphology, &g); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/export/network.json?compact=1&ties=COLLABORATION,PARTNERSHIP", "/export/network.compact?ties=COLLABORATION,PARTNERSHIP"} {
		body := get(path)
		var c compactDoc
		if err := json.Unmarshal(body, &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if c.Format != "reseau-network-compact" || len(c.Nodes.ID) != len(g.Nodes) || len(c.Edges.Source) != len(g.Edges) || len(g.Edges) < 50 {
			t.Fatalf("%s: %d nodes and %d edges, graphology %d and %d", path, len(c.Nodes.ID), len(c.Edges.Source), len(g.Nodes), len(g.Edges))
		}
		for i, n := range g.Nodes {
			a := n.Attributes
			if c.Nodes.ID[i] != n.Key || c.Nodes.Label[i] != a["label"] || c.Nodes.Type[i] != a["type"] || c.Nodes.Key[i] != a["key"] ||
				(a["sector"] != nil && c.Nodes.Sector[i] != a["sector"]) || (a["community"] != nil && float64(c.Nodes.Community[i]) != a["community"]) {
				t.Errorf("%s: node %d is %s %s %s, graphology %v %v", path, i, c.Nodes.ID[i], c.Nodes.Label[i], c.Nodes.Sector[i], n.Key, a)
			}
		}
		for i, e := range g.Edges {
			src, dst := c.Nodes.ID[c.Edges.Source[i]], c.Nodes.ID[c.Edges.Target[i]]
			if src != e.Source || dst != e.Target || c.Kinds[c.Edges.Kind[i]] != e.Attributes["kind"] || float64(c.Edges.Weight[i]) != e.Attributes["weight"] {
				t.Errorf("%s: edge %d is %s-%s %s %d, graphology %s-%s %v", path, i, src, dst, c.Kinds[c.Edges.Kind[i]], c.Edges.Weight[i], e.Source, e.Target, e.Attributes)
			}
		}
		if 2*len(body) > len(graphology) {
			t.Errorf("%s: %d bytes, graphology %d", path, len(body), len(graphology))
		}
	}
}
