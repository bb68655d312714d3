package neo4jtest

import (
	"cmp"
	"slices"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// execRedirects answers the statements of the :Redirect nodes that merges
// leave (get_redirects, export_redirects, merge_redirects), and reports
// whether name was one of them. A redirect is the node Redirect/<type>/<key>
// with one RESOLVES_TO to the node of that type it leads to.
func (m *model) execRedirects(name string, p map[string]any) ([]*driver.Record, bool) {
	switch name {
	case "get_redirects":
		var recs []*driver.Record
		for _, k := range p["keys"].([]string) {
			if into, ok := m.resolves(p["type"].(string) + "/" + k); ok {
				recs = append(recs, record("key", k, "into", into))
			}
		}
		return recs, true
	case "export_redirects":
		type row struct{ typ, key, into string }
		var rows []row
		for id, n := range m.nodes["Redirect"] {
			into, ok := m.resolves(id)
			if !ok {
				continue
			}
			typ := n["type"].(string)
			if typ == "Person" && !m.visible(p, into) {
				continue
			}
			rows = append(rows, row{typ, n["key"].(string), into})
		}
		slices.SortFunc(rows, func(a, b row) int { return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.key, b.key)) })
		recs := make([]*driver.Record, len(rows))
		for i, r := range rows {
			recs[i] = record("type", r.typ, "key", r.key, "into", r.into)
		}
		return recs, true
	case "merge_redirects":
		if m.nodes["Redirect"] == nil {
			m.nodes["Redirect"] = map[string]map[string]any{}
		}
		for _, row := range p["rows"].([]map[string]any) {
			typ, key, into := row["type"].(string), row["key"].(string), row["into"].(string)
			id := typ + "/" + key
			m.nodes["Redirect"][id] = map[string]any{"id": id, "type": typ, "key": key}
			m.rels = slices.DeleteFunc(m.rels, func(r *mrel) bool {
				return r.typ == "RESOLVES_TO" && r.fromLabel == "Redirect" && r.from == id
			})
			if (typ == "Organisation" || typ == "Person") && m.node(typ, into) != nil {
				m.rels = append(m.rels, &mrel{typ: "RESOLVES_TO", fromLabel: "Redirect", toLabel: typ, from: id, to: into})
			}
		}
		return nil, true
	}
	return nil, false
}

// resolves returns the key of the node the redirect id leads to.
func (m *model) resolves(id string) (string, bool) {
	if m.node("Redirect", id) == nil {
		return "", false
	}
	for _, r := range m.out("Redirect", id, "RESOLVES_TO") {
		return r.to, true
	}
	return "", false
}
