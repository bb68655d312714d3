package netfile

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/reseau-bxl/reseau/internal/analytics"
)

// WriteCompact writes the view as compact JSON for a browser that draws it:
// columns rather than objects, each node id written once, and the edges
// referring to their ends by position in the node columns.
//
//	{"format":"reseau-network-compact","version":1,"ties":"…","exact":true,
//	 "nodes":{"id":[…],"type":[…],"key":[…],"label":[…],"sector":[…],
//	          "community":[…],"size":[…],"degree":[…],"betweenness":[…],"closeness":[…],
//	          "domains":[[…],…],"start":[…],"end":[…]},
//	 "kinds":["COLLABORATION",…],
//	 "edges":{"source":[0,…],"target":[3,…],"kind":[0,…],"weight":[…],
//	          "start":[…],"end":[…]}}
//
// Absent strings (a sector, a date) are "". An edge's kind is its position
// in "kinds". At scale M (5,000 organisations, 227k ties) that is a few
// megabytes where graphology JSON is tens, written as it goes, at encoder
// speed: no map, no reflection, no object per value.
func WriteCompact(w io.Writer, n *analytics.Network) error {
	b := bufio.NewWriterSize(w, 64<<10)
	idx := make(map[string]int, len(n.Nodes))
	for i := range n.Nodes {
		idx[n.Nodes[i].ID] = i
	}
	var kinds []string
	kindIdx := map[string]int{}
	for i := range n.Edges {
		k := n.Edges[i].Kind
		if _, ok := kindIdx[k]; !ok {
			kindIdx[k] = len(kinds)
			kinds = append(kinds, k)
		}
	}
	c := compactWriter{b: b}
	c.raw(`{"format":"reseau-network-compact","version":1,"ties":`)
	c.str(n.Ties.String())
	c.raw(`,"exact":`)
	c.raw(strconv.FormatBool(n.Exact))
	nodes := n.Nodes
	c.raw(`,"nodes":{`)
	strCol(&c, "id", len(nodes), func(i int) string { return nodes[i].ID })
	c.raw(",")
	strCol(&c, "type", len(nodes), func(i int) string { return nodes[i].Type })
	c.raw(",")
	strCol(&c, "key", len(nodes), func(i int) string { return nodes[i].Key })
	c.raw(",")
	strCol(&c, "label", len(nodes), func(i int) string { return nodes[i].Label })
	c.raw(",")
	strCol(&c, "sector", len(nodes), func(i int) string { return string(nodes[i].Sector) })
	c.raw(",")
	intCol(&c, "community", len(nodes), func(i int) int { return nodes[i].Community })
	c.raw(",")
	intCol(&c, "size", len(nodes), func(i int) int { return nodes[i].Size })
	c.raw(",")
	intCol(&c, "degree", len(nodes), func(i int) int { return nodes[i].Degree })
	c.raw(",")
	floatCol(&c, "betweenness", len(nodes), func(i int) float64 { return nodes[i].Betweenness })
	c.raw(",")
	floatCol(&c, "closeness", len(nodes), func(i int) float64 { return nodes[i].Closeness })
	c.raw(`,"domains":[`)
	for i := range nodes {
		if i > 0 {
			c.raw(",")
		}
		c.raw("[")
		for j, d := range nodes[i].Domains {
			if j > 0 {
				c.raw(",")
			}
			c.str(d)
		}
		c.raw("]")
	}
	c.raw("],")
	strCol(&c, "start", len(nodes), func(i int) string { return nodes[i].Start })
	c.raw(",")
	strCol(&c, "end", len(nodes), func(i int) string { return nodes[i].End })
	c.raw(`},"kinds":[`)
	for i, k := range kinds {
		if i > 0 {
			c.raw(",")
		}
		c.str(k)
	}
	edges := n.Edges
	c.raw(`],"edges":{`)
	intCol(&c, "source", len(edges), func(i int) int { return idx[edges[i].Source] })
	c.raw(",")
	intCol(&c, "target", len(edges), func(i int) int { return idx[edges[i].Target] })
	c.raw(",")
	intCol(&c, "kind", len(edges), func(i int) int { return kindIdx[edges[i].Kind] })
	c.raw(",")
	intCol(&c, "weight", len(edges), func(i int) int { return edges[i].Weight })
	c.raw(",")
	strCol(&c, "start", len(edges), func(i int) string { return edges[i].Start })
	c.raw(",")
	strCol(&c, "end", len(edges), func(i int) string { return edges[i].End })
	c.raw("}}\n")
	return b.Flush()
}

// compactWriter appends JSON to a buffered writer; its scratch buffer
// formats numbers without allocating.
type compactWriter struct {
	b       *bufio.Writer
	scratch []byte
}

func (c *compactWriter) raw(s string) { _, _ = c.b.WriteString(s) }

func (c *compactWriter) int(v int) {
	c.scratch = strconv.AppendInt(c.scratch[:0], int64(v), 10)
	_, _ = c.b.Write(c.scratch)
}

func (c *compactWriter) float(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		c.raw("null")
		return
	}
	c.scratch = strconv.AppendFloat(c.scratch[:0], v, 'g', -1, 64)
	_, _ = c.b.Write(c.scratch)
}

// str writes s as a JSON string, escaping what JSON requires and, as
// encoding/json does, <, >, & and the line separators.
func (c *compactWriter) str(s string) {
	const hex = "0123456789abcdef"
	_ = c.b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		ch := s[i]
		if ch < utf8.RuneSelf {
			if ch >= 0x20 && ch != '"' && ch != '\\' && ch != '<' && ch != '>' && ch != '&' {
				i++
				continue
			}
			_, _ = c.b.WriteString(s[start:i])
			switch ch {
			case '"', '\\':
				_ = c.b.WriteByte('\\')
				_ = c.b.WriteByte(ch)
			case '\n':
				_, _ = c.b.WriteString(`\n`)
			case '\r':
				_, _ = c.b.WriteString(`\r`)
			case '\t':
				_, _ = c.b.WriteString(`\t`)
			default:
				_, _ = c.b.WriteString(`\u00`)
				_ = c.b.WriteByte(hex[ch>>4])
				_ = c.b.WriteByte(hex[ch&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			_, _ = c.b.WriteString(s[start:i])
			_, _ = c.b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			_, _ = c.b.WriteString(s[start:i])
			_, _ = c.b.WriteString(`\u202`)
			_ = c.b.WriteByte(hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	_, _ = c.b.WriteString(s[start:])
	_ = c.b.WriteByte('"')
}

func strCol(c *compactWriter, name string, n int, v func(int) string) {
	c.str(name)
	c.raw(":[")
	for i := range n {
		if i > 0 {
			c.raw(",")
		}
		c.str(v(i))
	}
	c.raw("]")
}

func intCol(c *compactWriter, name string, n int, v func(int) int) {
	c.str(name)
	c.raw(":[")
	for i := range n {
		if i > 0 {
			c.raw(",")
		}
		c.int(v(i))
	}
	c.raw("]")
}

func floatCol(c *compactWriter, name string, n int, v func(int) float64) {
	c.str(name)
	c.raw(":[")
	for i := range n {
		if i > 0 {
			c.raw(",")
		}
		c.float(v(i))
	}
	c.raw("]")
}
