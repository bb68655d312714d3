package netfile

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/analytics"
)

// attr is one exported attribute of nodes or edges: its name, its GEXF /
// GraphML type and how to read it.
type attr[T any] struct {
	name, typ string
	get       func(*T) (string, any, bool) // text form, JSON value, present
}

func str(s string) (string, any, bool) { return s, s, s != "" }

var nodeAttrs = []attr[analytics.NetworkNode]{
	{"type", "string", func(n *analytics.NetworkNode) (string, any, bool) { return str(n.Type) }},
	{"key", "string", func(n *analytics.NetworkNode) (string, any, bool) { return str(n.Key) }},
	{"sector", "string", func(n *analytics.NetworkNode) (string, any, bool) { return str(string(n.Sector)) }},
	{"domains", "string", func(n *analytics.NetworkNode) (string, any, bool) { return str(strings.Join(n.Domains, ";")) }},
	{"start", "string", func(n *analytics.NetworkNode) (string, any, bool) { return str(n.Start) }},
	{"end", "string", func(n *analytics.NetworkNode) (string, any, bool) { return str(n.End) }},
	{"community", "int", func(n *analytics.NetworkNode) (string, any, bool) {
		return strconv.Itoa(n.Community), n.Community, n.Community >= 0
	}},
	{"size", "int", func(n *analytics.NetworkNode) (string, any, bool) {
		return strconv.Itoa(n.Size), n.Size, n.Type == analytics.TypeCommunity
	}},
	{"degree", "int", func(n *analytics.NetworkNode) (string, any, bool) {
		return strconv.Itoa(n.Degree), n.Degree, n.Type == "Organisation" || n.Type == analytics.TypeCommunity
	}},
	{"betweenness", "double", func(n *analytics.NetworkNode) (string, any, bool) {
		return strconv.FormatFloat(n.Betweenness, 'g', -1, 64), n.Betweenness, n.Type == "Organisation"
	}},
	{"closeness", "double", func(n *analytics.NetworkNode) (string, any, bool) {
		return strconv.FormatFloat(n.Closeness, 'g', -1, 64), n.Closeness, n.Type == "Organisation"
	}},
}

var edgeAttrs = []attr[analytics.NetworkEdge]{
	{"kind", "string", func(e *analytics.NetworkEdge) (string, any, bool) { return str(e.Kind) }},
	{"weight", "int", func(e *analytics.NetworkEdge) (string, any, bool) { return strconv.Itoa(e.Weight), e.Weight, true }},
	{"start", "string", func(e *analytics.NetworkEdge) (string, any, bool) { return str(e.Start) }},
	{"end", "string", func(e *analytics.NetworkEdge) (string, any, bool) { return str(e.End) }},
}

// GEXF 1.3 document, the subset Réseau writes.
type gexfDoc struct {
	XMLName xml.Name  `xml:"gexf"`
	XMLNS   string    `xml:"xmlns,attr"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	Creator     string `xml:"creator"`
	Description string `xml:"description"`
}

type gexfGraph struct {
	Mode       string      `xml:"mode,attr"`
	EdgeType   string      `xml:"defaultedgetype,attr"`
	TimeFormat string      `xml:"timeformat,attr"`
	TimeRepr   string      `xml:"timerepresentation,attr"`
	Attributes []gexfAttrs `xml:"attributes"`
	Nodes      []gexfNode  `xml:"nodes>node"`
	Edges      []gexfEdge  `xml:"edges>edge"`
}

type gexfAttrs struct {
	Class string     `xml:"class,attr"`
	Mode  string     `xml:"mode,attr"`
	Attr  []gexfAttr `xml:"attribute"`
}

type gexfAttr struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfSpell struct {
	Start string `xml:"start,attr,omitempty"`
	End   string `xml:"end,attr,omitempty"`
}

// gexfValueList and gexfSpellList are pointers in their parents so that an
// empty list is left out: encoding/xml writes an empty <spells></spells> for
// a nil "spells>spell" slice, and GEXF 1.3 requires at least one child.
type gexfValueList struct {
	Values []gexfValue `xml:"attvalue"`
}

type gexfSpellList struct {
	Spells []gexfSpell `xml:"spell"`
}

type gexfNode struct {
	ID     string         `xml:"id,attr"`
	Label  string         `xml:"label,attr"`
	Values *gexfValueList `xml:"attvalues,omitempty"`
	Spells *gexfSpellList `xml:"spells,omitempty"`
}

type gexfEdge struct {
	ID     string         `xml:"id,attr"`
	Source string         `xml:"source,attr"`
	Target string         `xml:"target,attr"`
	Weight int            `xml:"weight,attr"`
	Label  string         `xml:"label,attr"`
	Values *gexfValueList `xml:"attvalues,omitempty"`
	Spells *gexfSpellList `xml:"spells,omitempty"`
}

func gexfValues[T any](attrs []attr[T], v *T) *gexfValueList {
	var out []gexfValue
	for _, a := range attrs {
		if s, _, ok := a.get(v); ok {
			out = append(out, gexfValue{a.name, s})
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &gexfValueList{out}
}

func gexfSpells(ss []analytics.Spell) *gexfSpellList {
	var out []gexfSpell
	for _, s := range ss {
		out = append(out, gexfSpell{s.Start, s.End})
	}
	if len(out) == 0 {
		return nil
	}
	return &gexfSpellList{out}
}

func gexfDecl[T any](class string, attrs []attr[T]) gexfAttrs {
	g := gexfAttrs{Class: class, Mode: "static"}
	for _, a := range attrs {
		g.Attr = append(g.Attr, gexfAttr{a.name, a.name, a.typ})
	}
	return g
}

// WriteGEXF writes n as GEXF 1.3 for Gephi: a dynamic graph whose edges carry
// the spells of their collaborations and partnerships (and nodes those of
// their own dates), so that Gephi's timeline replays the network.
func WriteGEXF(w io.Writer, n *analytics.Network) error {
	doc := gexfDoc{XMLNS: "http://gexf.net/1.3", Version: "1.3",
		Meta: gexfMeta{Creator: "Réseau", Description: "organisation network, ties " + n.Ties.String()},
		Graph: gexfGraph{Mode: "dynamic", EdgeType: "undirected", TimeFormat: "date", TimeRepr: "interval",
			Attributes: []gexfAttrs{gexfDecl("node", nodeAttrs), gexfDecl("edge", edgeAttrs)}}}
	for i := range n.Nodes {
		nd := &n.Nodes[i]
		gn := gexfNode{ID: nd.ID, Label: nd.Label, Values: gexfValues(nodeAttrs, nd)}
		if nd.Start != "" {
			gn.Spells = &gexfSpellList{[]gexfSpell{{nd.Start, nd.End}}}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, gn)
	}
	for i := range n.Edges {
		e := &n.Edges[i]
		doc.Graph.Edges = append(doc.Graph.Edges, gexfEdge{ID: e.ID, Source: e.Source, Target: e.Target, Weight: e.Weight, Label: e.Kind,
			Values: gexfValues(edgeAttrs, e), Spells: gexfSpells(e.Spells)})
	}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

type graphmlDoc struct {
	XMLName xml.Name     `xml:"graphml"`
	XMLNS   string       `xml:"xmlns,attr"`
	Keys    []graphmlKey `xml:"key"`
	Graph   graphmlGraph `xml:"graph"`
}

type graphmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type graphmlGraph struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Nodes       []graphmlNode `xml:"node"`
	Edges       []graphmlEdge `xml:"edge"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphmlNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphmlData `xml:"data"`
}

type graphmlEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphmlData `xml:"data"`
}

func graphmlValues[T any](prefix string, attrs []attr[T], v *T) []graphmlData {
	var out []graphmlData
	for _, a := range attrs {
		if s, _, ok := a.get(v); ok {
			out = append(out, graphmlData{prefix + a.name, s})
		}
	}
	return out
}

// WriteGraphML writes n as GraphML (yEd, Cytoscape, networkx.read_graphml).
// Key ids are "n_<name>" and "e_<name>"; the label is the node key "label".
func WriteGraphML(w io.Writer, n *analytics.Network) error {
	doc := graphmlDoc{XMLNS: "http://graphml.graphdrawing.org/xmlns", Graph: graphmlGraph{ID: "reseau", EdgeDefault: "undirected"}}
	doc.Keys = append(doc.Keys, graphmlKey{"n_label", "node", "label", "string"})
	for _, a := range nodeAttrs {
		doc.Keys = append(doc.Keys, graphmlKey{"n_" + a.name, "node", a.name, a.typ})
	}
	for _, a := range edgeAttrs {
		doc.Keys = append(doc.Keys, graphmlKey{"e_" + a.name, "edge", a.name, a.typ})
	}
	for i := range n.Nodes {
		nd := &n.Nodes[i]
		data := append([]graphmlData{{"n_label", nd.Label}}, graphmlValues("n_", nodeAttrs, nd)...)
		doc.Graph.Nodes = append(doc.Graph.Nodes, graphmlNode{ID: nd.ID, Data: data})
	}
	for i := range n.Edges {
		e := &n.Edges[i]
		doc.Graph.Edges = append(doc.Graph.Edges, graphmlEdge{ID: e.ID, Source: e.Source, Target: e.Target, Data: graphmlValues("e_", edgeAttrs, e)})
	}
	return writeXML(w, doc)
}

type graphologyDoc struct {
	Options    graphologyOptions `json:"options"`
	Attributes map[string]any    `json:"attributes"`
	Nodes      []graphologyNode  `json:"nodes"`
	Edges      []graphologyEdge  `json:"edges"`
}

type graphologyOptions struct {
	Type           string `json:"type"`
	Multi          bool   `json:"multi"`
	AllowSelfLoops bool   `json:"allowSelfLoops"`
}

type graphologyNode struct {
	Key        string         `json:"key"`
	Attributes map[string]any `json:"attributes"`
}

type graphologyEdge struct {
	Key        string         `json:"key"`
	Source     string         `json:"source"`
	Target     string         `json:"target"`
	Undirected bool           `json:"undirected"`
	Attributes map[string]any `json:"attributes"`
}

func jsonValues[T any](attrs []attr[T], v *T) map[string]any {
	m := map[string]any{}
	for _, a := range attrs {
		if _, j, ok := a.get(v); ok {
			m[a.name] = j
		}
	}
	return m
}

// WriteGraphology writes n in graphology's serialisation format (the JSON
// that graphology's Graph.import and sigma.js dashboards read).
func WriteGraphology(w io.Writer, n *analytics.Network) error {
	doc := graphologyDoc{Options: graphologyOptions{Type: "undirected"},
		Attributes: map[string]any{"name": "Réseau", "ties": n.Ties.String()},
		Nodes:      []graphologyNode{}, Edges: []graphologyEdge{}}
	for i := range n.Nodes {
		nd := &n.Nodes[i]
		a := jsonValues(nodeAttrs, nd)
		a["label"] = nd.Label
		doc.Nodes = append(doc.Nodes, graphologyNode{Key: nd.ID, Attributes: a})
	}
	for i := range n.Edges {
		e := &n.Edges[i]
		a := jsonValues(edgeAttrs, e)
		if len(e.Spells) > 0 {
			a["spells"] = e.Spells
		}
		doc.Edges = append(doc.Edges, graphologyEdge{Key: e.ID, Source: e.Source, Target: e.Target, Undirected: true, Attributes: a})
	}
	enc := json.NewEncoder(w)
	return enc.Encode(doc)
}
