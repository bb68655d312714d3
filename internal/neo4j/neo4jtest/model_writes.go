package neo4jtest

import (
	"maps"
	"slices"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// execWrite applies the statements that change the graph (the model's lock
// held by exec).
func (m *model) execWrite(name string, p map[string]any) []*driver.Record {
	verb, noun, _ := strings.Cut(name, "_")
	spec, isEdge := edgeSpec[noun]
	switch {
	case name == "increment_version":
		m.counter++
		return []*driver.Record{record("version", m.counter)}
	case name == "merge_import_run":
		if m.nodes["ImportRun"] == nil {
			m.nodes["ImportRun"] = map[string]map[string]any{}
		}
		r := m.nodes["ImportRun"][p["id"].(string)]
		if r == nil {
			r = map[string]any{"id": p["id"], "startedAt": p["at"], "actor": p["actor"], "total": p["total"]}
			m.nodes["ImportRun"][p["id"].(string)] = r
		}
		r["status"], r["written"], r["updatedAt"] = p["status"], p["written"], p["at"]
		return nil
	case name == "create_audit_entry":
		a := maps.Clone(p)
		a["id"] = p["id"]
		m.audit = append(m.audit, a)
	case name == "redact_audit_entries":
		for _, a := range m.audit {
			if a["type"] == p["type"] && a["key"] == p["key"] {
				for _, f := range []string{"before", "after"} {
					if a[f] != "" {
						a[f] = p["redacted"]
					}
				}
			}
		}
	case verb == "merge" && isEdge:
		for _, row := range p["rows"].([]map[string]any) {
			a, b := row[spec.fromCol].(string), row[spec.toCol].(string)
			if m.node(spec.fromLabel, a) == nil || m.node(spec.toLabel, b) == nil {
				continue
			}
			var r *mrel
			for _, x := range m.out(spec.fromLabel, a, spec.typ) {
				if x.to == b && x.toLabel == spec.toLabel {
					r = x
				}
			}
			if r == nil {
				r = &mrel{typ: spec.typ, fromLabel: spec.fromLabel, toLabel: spec.toLabel, from: a, to: b, props: map[string]any{}}
				m.rels = append(m.rels, r)
			}
			for _, c := range spec.cols {
				r.props[c] = row[c]
			}
		}
	case verb == "merge":
		label := labelOf[noun]
		if m.nodes[label] == nil {
			m.nodes[label] = map[string]map[string]any{}
		}
		for _, row := range p["rows"].([]map[string]any) {
			props := map[string]any{}
			for k, v := range row {
				if k != "parent" && k != "location" && k != "domains" && v != nil {
					props[k] = v
				}
			}
			m.nodes[label][row["key"].(string)] = props
		}
	case verb == "link":
		label := labelOf[noun]
		for _, row := range p["rows"].([]map[string]any) {
			k := row["key"].(string)
			if m.node(label, k) == nil {
				continue
			}
			m.rels = slices.DeleteFunc(m.rels, func(r *mrel) bool {
				return r.fromLabel == label && r.from == k && (r.typ == "PART_OF" || r.typ == "ACTIVE_IN" || r.typ == "HELD_AT" || r.typ == "ABOUT")
			})
			if pk, ok := row["parent"].(string); ok && m.node(label, pk) != nil {
				m.rels = append(m.rels, &mrel{typ: "PART_OF", fromLabel: label, toLabel: label, from: k, to: pk})
			}
			if lk, ok := row["location"].(string); ok && m.node("Organisation", lk) != nil {
				m.rels = append(m.rels, &mrel{typ: "HELD_AT", fromLabel: label, toLabel: "Organisation", from: k, to: lk})
			}
			typ := map[string]string{"Organisation": "ACTIVE_IN", "Collaboration": "ABOUT"}[label]
			for i, d := range row["domains"].([]string) {
				if m.node("Domain", d) != nil {
					m.rels = append(m.rels, &mrel{typ: typ, fromLabel: label, toLabel: "Domain", from: k, to: d, props: map[string]any{"position": int64(i)}})
				}
			}
		}
	case verb == "delete" && isEdge:
		n := 0
		for _, row := range p["rows"].([]map[string]any) {
			m.rels = slices.DeleteFunc(m.rels, func(r *mrel) bool {
				hit := r.typ == spec.typ && r.fromLabel == spec.fromLabel && r.toLabel == spec.toLabel &&
					r.from == row[spec.fromCol] && r.to == row[spec.toCol]
				if hit {
					n++
				}
				return hit
			})
		}
		return []*driver.Record{record("deleted", int64(n))}
	case name == "delete_everything":
		m.nodes, m.rels, m.counter, m.audit = map[string]map[string]map[string]any{}, nil, 0, nil
	case verb == "delete":
		label := labelOf[noun]
		n := 0
		for _, k := range p["keys"].([]string) {
			if m.node(label, k) == nil {
				continue
			}
			n++
			delete(m.nodes[label], k)
			m.rels = slices.DeleteFunc(m.rels, func(r *mrel) bool {
				return (r.fromLabel == label && r.from == k) || (r.toLabel == label && r.to == k)
			})
		}
		return []*driver.Record{record("deleted", int64(n))}
	default:
		m.rec.t.Errorf("the model does not know %s", name)
	}
	return nil
}
