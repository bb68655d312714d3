package neo4jtest

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// model is a second reading of every cypher file, in Go, over an in-memory
// graph: each statement name is answered the way its Cypher reads. It is no
// proof that Neo4j runs the Cypher this way (only a server can say that, see
// TestContract); it proves the Go half of the store (parameters, decoding,
// ordering, error codes, audit, import counts, transactions) against the
// whole contract suite without one.
type model struct {
	rec *Recorder

	// wmu serialises write transactions, as the write lock that every write
	// takes first (increment_version on the :Counter node) does in Neo4j.
	wmu sync.Mutex
	mu  sync.Mutex
	// writes counts the write transactions open at once, waiting for wmu
	// included (on a server, each holds a connection while it waits for the
	// write lock), and the most seen.
	writes  *openWrites
	nodes   map[string]map[string]map[string]any // label → key → properties
	rels    []*mrel
	counter int64
	audit   []map[string]any
}

type mrel struct {
	typ                string
	fromLabel, toLabel string
	from, to           string // keys
	props              map[string]any
}

func newModel(t *testing.T) *model {
	m := &model{nodes: map[string]map[string]map[string]any{}, writes: &openWrites{}}
	m.rec = NewRecorder(t, m.exec)
	return m
}

// runner: every statement goes through the recorder's checks, then exec.
func (m *model) read(_ context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	return m.rec.exec(name, params)
}

func (m *model) readTx(_ context.Context, work func(q query) error) error { return work(m.rec.exec) }

// writeTx is all-or-nothing: a failed unit restores the graph it started from.
func (m *model) writeTx(_ context.Context, work func(q query) error) error {
	m.writes.open()
	defer m.writes.close()
	m.wmu.Lock()
	defer m.wmu.Unlock()
	m.mu.Lock()
	nodes, rels, counter, audit := m.clone()
	m.mu.Unlock()
	if err := work(m.rec.exec); err != nil {
		m.mu.Lock()
		m.nodes, m.rels, m.counter, m.audit = nodes, rels, counter, audit
		m.mu.Unlock()
		return err
	}
	return nil
}

// begin models an operation's explicit transaction: a model of its own over
// a copy of the graph, holding the write lock until it ends, as the first
// write's lock on the :Counter node does. Its statements see its writes,
// every other reader the graph as it was; commit puts its graph in place.
// Its writeTx restores the copy a failed write started from, as Neo4j's
// transaction keeps nothing of a write that the store's checks refuse
// (they run before the statements that change the graph).
func (m *model) begin(context.Context) (*modelTx, error) {
	m.writes.open()
	m.wmu.Lock()
	m.mu.Lock()
	tx := &modelTx{model: &model{writes: &openWrites{}}, parent: m} // its statements share its connection
	tx.nodes, tx.rels, tx.counter, tx.audit = m.clone()
	m.mu.Unlock()
	tx.rec = NewRecorder(m.rec.t, tx.exec)
	return tx, nil
}

// modelTx is an operation's transaction on the model.
type modelTx struct {
	*model
	parent *model
	ended  bool
}

func (tx *modelTx) commit(context.Context) error {
	if tx.ended {
		return errors.New("transaction already ended")
	}
	tx.ended = true
	p := tx.parent
	p.mu.Lock()
	p.nodes, p.rels, p.counter, p.audit = tx.nodes, tx.rels, tx.counter, tx.audit
	p.mu.Unlock()
	p.wmu.Unlock()
	p.writes.close()
	return nil
}

func (tx *modelTx) rollback(context.Context) error {
	if tx.ended {
		return errors.New("transaction already ended")
	}
	tx.ended = true
	tx.parent.wmu.Unlock()
	tx.parent.writes.close()
	return nil
}

// openWrites counts open write transactions.
type openWrites struct {
	mu        sync.Mutex
	now, most int
}

func (w *openWrites) open() {
	w.mu.Lock()
	w.now++
	w.most = max(w.most, w.now)
	w.mu.Unlock()
}

func (w *openWrites) close() {
	w.mu.Lock()
	w.now--
	w.mu.Unlock()
}

func (w *openWrites) get() (now, most int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now, w.most
}

func (m *model) clone() (map[string]map[string]map[string]any, []*mrel, int64, []map[string]any) {
	nodes := map[string]map[string]map[string]any{}
	for l, ns := range m.nodes {
		nodes[l] = map[string]map[string]any{}
		for k, p := range ns {
			nodes[l][k] = maps.Clone(p)
		}
	}
	rels := make([]*mrel, len(m.rels))
	for i, r := range m.rels {
		c := *r
		c.props = maps.Clone(r.props)
		rels[i] = &c
	}
	audit := make([]map[string]any, len(m.audit))
	for i, a := range m.audit {
		audit[i] = maps.Clone(a)
	}
	return nodes, rels, m.counter, audit
}

func (m *model) schema(context.Context, string, map[string]any) error { return nil }
func (m *model) close(context.Context) error                          { return nil }

// Helpers over the graph.

func (m *model) node(label, key string) map[string]any { return m.nodes[label][key] }

func (m *model) out(label, key, typ string) []*mrel {
	var out []*mrel
	for _, r := range m.rels {
		if r.fromLabel == label && r.from == key && r.typ == typ {
			out = append(out, r)
		}
	}
	return out
}

func (m *model) in(label, key, typ string) []*mrel {
	var out []*mrel
	for _, r := range m.rels {
		if r.toLabel == label && r.to == key && r.typ == typ {
			out = append(out, r)
		}
	}
	return out
}

func (m *model) visible(p map[string]any, key string) bool {
	if p["scopeNone"].(bool) {
		return false
	}
	if p["scopeAll"].(bool) || m.node("Person", key)["visibility"] == p["network"] {
		return true
	}
	for _, r := range m.out("Person", key, "WORKS_AT") {
		if slices.Contains(p["scopeOrgs"].([]string), r.to) {
			return true
		}
	}
	return false
}

func (m *model) project(label, key string) map[string]any {
	n := m.node(label, key)
	out := map[string]any{}
	fields := map[string][]string{
		"Domain":        {"key", "labelFr", "labelNl"},
		"Organisation":  {"key", "name", "shortName", "sector", "commune", "languages", "aliases"},
		"Person":        {"key", "name", "email", "phone", "visibility"},
		"Collaboration": {"key", "kind", "title", "startDate", "endDate", "status", "participantsCount", "description"},
		"Partnership":   {"key", "kind", "title", "startDate", "endDate", "description"},
	}[label]
	for _, f := range fields {
		switch v := n[f].(type) {
		case nil:
		case []string:
			var l []any
			for _, s := range v {
				l = append(l, s)
			}
			out[f] = l
		default:
			out[f] = v
		}
	}
	domains := func(typ string) []any {
		var l []any
		for _, r := range m.out(label, key, typ) {
			l = append(l, map[string]any{"key": r.to, "position": r.props["position"]})
		}
		return l
	}
	first := func(typ string) any {
		if rs := m.out(label, key, typ); len(rs) > 0 {
			return rs[0].to
		}
		return nil
	}
	switch label {
	case "Organisation":
		out["parent"], out["domains"] = first("PART_OF"), domains("ACTIVE_IN")
	case "Collaboration":
		out["parent"], out["location"], out["domains"] = first("PART_OF"), first("HELD_AT"), domains("ABOUT")
	}
	return out
}

// keysAny is the start keys of rs whose start has label, as a Cypher list.
func keysAny(rs []*mrel, label string) []any {
	out := []any{}
	for _, r := range rs {
		if r.fromLabel == label {
			out = append(out, r.from)
		}
	}
	return out
}

func sortedKeys(ns map[string]map[string]any) []string {
	return slices.Sorted(maps.Keys(ns))
}

func sv(v any) string { s, _ := v.(string); return s }

// overlaps is the date clause of find_collaborations and friends.
func overlaps(n, p map[string]any) bool {
	from, to := p["fromLow"].(string), p["toHigh"].(string)
	if from == "" && to == "" {
		return true
	}
	if n["spanLow"] == nil {
		return false
	}
	return (from == "" || sv(n["spanHigh"]) >= from) && (to == "" || sv(n["spanLow"]) <= to)
}

func anyIn(l []string, keys []string) bool {
	for _, k := range keys {
		if slices.Contains(l, k) {
			return true
		}
	}
	return false
}

func ends(rs []*mrel, to bool) []string {
	var out []string
	for _, r := range rs {
		if to {
			out = append(out, r.to)
		} else {
			out = append(out, r.from)
		}
	}
	return out
}

// page sorts the matched keys as the find_* ORDER BY does and slices them.
func (m *model) page(label string, keys []string, sortKey func(map[string]any) string, p map[string]any) []*driver.Record {
	desc := p["desc"] == true
	slices.SortFunc(keys, func(a, b string) int {
		c := cmp.Or(cmp.Compare(sortKey(m.node(label, a)), sortKey(m.node(label, b))), cmp.Compare(a, b))
		if desc {
			return -c
		}
		return c
	})
	off, stop := int(p["offset"].(int64)), int(p["offset"].(int64)+p["limit"].(int64))
	var items []any
	for i := off; i < min(stop, len(keys)); i++ {
		item := m.project(label, keys[i])
		item["sortKey"] = sortKey(m.node(label, keys[i]))
		items = append(items, item)
	}
	// collect() does not promise to keep the ORDER BY: the model hands the
	// page over in reverse, so that only a store sorting it again passes.
	slices.Reverse(items)
	return []*driver.Record{record("total", int64(len(keys)), "items", items)}
}

// seekFrom is, for each label and $seek… list of the seek_* statements,
// the relationship from the nodes it names to the nodes it seeds: type, and
// whether the seeded node is the relationship's start.
var seekFrom = map[string]map[string]struct {
	typ   string
	start bool
}{
	"Organisation":  {"seekParents": {"PART_OF", true}, "seekDomains": {"ACTIVE_IN", true}},
	"Person":        {"seekOrganisations": {"WORKS_AT", true}},
	"Collaboration": {"seekParents": {"PART_OF", true}, "seekOrganisations": {"TOOK_PART_IN", false}, "seekLocations": {"HELD_AT", true}, "seekDomains": {"ABOUT", true}},
	"Partnership":   {"seekOrganisations": {"PARTY_TO", false}},
}

// candidates is where a find_* statement starts, every node of the label,
// and where a seek_* statement starts: the union of its branches, each
// unwinding its $seek… list (the keys themselves for $seekKeys, else the
// nodes related to them), without repeats, as UNION answers.
func (m *model) candidates(label, verb string, p map[string]any) []string {
	if verb == "find" {
		return sortedKeys(m.nodes[label])
	}
	seen := map[string]bool{}
	for _, k := range p["seekKeys"].([]string) {
		if m.node(label, k) != nil {
			seen[k] = true
		}
	}
	for param, rel := range seekFrom[label] {
		for _, k := range p[param].([]string) {
			for _, r := range m.rels {
				switch {
				case r.typ != rel.typ:
				case rel.start && r.fromLabel == label && r.to == k:
					seen[r.from] = true
				case !rel.start && r.toLabel == label && r.from == k && r.fromLabel == "Organisation":
					seen[r.to] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

var edgeSpec = map[string]struct {
	typ, fromLabel, toLabel, fromCol, toCol string
	cols                                    []string
}{
	"memberships":           {"WORKS_AT", "Person", "Organisation", "person", "organisation", []string{"role", "since", "until"}},
	"participations":        {"TOOK_PART_IN", "Organisation", "Collaboration", "organisation", "collaboration", []string{"role"}},
	"person_participations": {"TOOK_PART_IN", "Person", "Collaboration", "person", "collaboration", []string{"role"}},
	"parties":               {"PARTY_TO", "Organisation", "Partnership", "organisation", "partnership", []string{"role"}},
	"knows":                 {"KNOWS", "Person", "Person", "person", "other", []string{"since", "source"}},
}

var exportCol = map[string]string{
	"organisations": "organisation", "people": "person", "collaborations": "collaboration", "partnerships": "partnership",
}

var labelOf = map[string]string{
	"domains": "Domain", "organisations": "Organisation", "people": "Person",
	"collaborations": "Collaboration", "partnerships": "Partnership",
}

func (m *model) exec(name string, p map[string]any) []*driver.Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	verb, noun, _ := strings.Cut(name, "_")
	spec, isEdge := edgeSpec[noun]
	switch {
	case name == "find_domains":
		var recs []*driver.Record
		for _, k := range sortedKeys(m.nodes["Domain"]) {
			recs = append(recs, record("domain", m.project("Domain", k)))
		}
		return recs
	case verb == "get" && labelOf[noun] != "":
		var recs []*driver.Record
		for _, k := range p["keys"].([]string) {
			if m.node(labelOf[noun], k) != nil && (noun != "people" || m.visible(p, k)) {
				recs = append(recs, record(getCols[name], m.project(labelOf[noun], k)))
			}
		}
		return recs
	case name == "find_organisations" || name == "seek_organisations":
		var keys []string
		for _, k := range m.candidates("Organisation", verb, p) {
			n := m.node("Organisation", k)
			if (len(p["keys"].([]string)) == 0 || slices.Contains(p["keys"].([]string), k)) &&
				(len(p["sectors"].([]string)) == 0 || slices.Contains(p["sectors"].([]string), sv(n["sector"]))) &&
				(p["commune"] == nil || sv(n["communeFold"]) == p["commune"]) &&
				(p["text"] == "" || strings.Contains(sv(n["fold"]), p["text"].(string))) &&
				(len(p["domains"].([]string)) == 0 || anyIn(ends(m.out("Organisation", k, "ACTIVE_IN"), true), p["domains"].([]string))) &&
				(len(p["parents"].([]string)) == 0 || anyIn(ends(m.out("Organisation", k, "PART_OF"), true), p["parents"].([]string))) {
				keys = append(keys, k)
			}
		}
		return m.page("Organisation", keys, func(n map[string]any) string {
			if p["byKey"].(bool) {
				return sv(n["key"])
			}
			return sv(n["sortName"])
		}, p)
	case name == "find_people" || name == "seek_people":
		var keys []string
		for _, k := range m.candidates("Person", verb, p) {
			n := m.node("Person", k)
			if m.visible(p, k) &&
				(len(p["keys"].([]string)) == 0 || slices.Contains(p["keys"].([]string), k)) &&
				(p["text"] == "" || strings.Contains(sv(n["fold"]), p["text"].(string))) &&
				(len(p["organisations"].([]string)) == 0 || anyIn(ends(m.out("Person", k, "WORKS_AT"), true), p["organisations"].([]string))) {
				keys = append(keys, k)
			}
		}
		return m.page("Person", keys, func(n map[string]any) string {
			if p["byKey"].(bool) {
				return sv(n["key"])
			}
			return sv(n["sortName"])
		}, p)
	case (noun == "collaborations" || noun == "partnerships") && (verb == "find" || verb == "seek"):
		label := labelOf[noun]
		var keys []string
		for _, k := range m.candidates(label, verb, p) {
			n := m.node(label, k)
			ok := (len(p["keys"].([]string)) == 0 || slices.Contains(p["keys"].([]string), k)) &&
				(len(p["kinds"].([]string)) == 0 || slices.Contains(p["kinds"].([]string), sv(n["kind"]))) &&
				(p["text"] == "" || strings.Contains(sv(n["fold"]), p["text"].(string))) && overlaps(n, p)
			if label == "Collaboration" {
				ok = ok && (len(p["statuses"].([]string)) == 0 || slices.Contains(p["statuses"].([]string), sv(n["status"]))) &&
					(len(p["domains"].([]string)) == 0 || anyIn(ends(m.out(label, k, "ABOUT"), true), p["domains"].([]string))) &&
					(len(p["parents"].([]string)) == 0 || anyIn(ends(m.out(label, k, "PART_OF"), true), p["parents"].([]string))) &&
					(len(p["organisations"].([]string)) == 0 || anyIn(ends(m.in(label, k, "TOOK_PART_IN"), false), p["organisations"].([]string))) &&
					(len(p["locations"].([]string)) == 0 || anyIn(ends(m.out(label, k, "HELD_AT"), true), p["locations"].([]string)))
			} else {
				ok = ok && (len(p["organisations"].([]string)) == 0 || anyIn(ends(m.in(label, k, "PARTY_TO"), false), p["organisations"].([]string)))
			}
			if ok {
				keys = append(keys, k)
			}
		}
		return m.page(label, keys, func(n map[string]any) string {
			switch p["orderBy"] {
			case p["orderKey"]:
				return sv(n["key"])
			case p["orderStart"]:
				return sv(n["sortDate"])
			}
			return sv(n["sortTitle"])
		}, p)
	case (verb == "find" || verb == "export") && isEdge:
		var recs []*driver.Record
		from, _ := p["from"].([]string)
		to, _ := p["to"].([]string)
		for _, r := range m.rels {
			if r.typ != spec.typ || r.fromLabel != spec.fromLabel || r.toLabel != spec.toLabel {
				continue
			}
			if verb == "find" {
				var hit bool
				if noun == "knows" {
					either := func(l []string) bool { return slices.Contains(l, r.from) || slices.Contains(l, r.to) }
					hit = (either(from) && (len(to) == 0 || either(to))) || (len(from) == 0 && either(to))
				} else {
					hit = (slices.Contains(from, r.from) && (len(to) == 0 || slices.Contains(to, r.to))) ||
						(len(from) == 0 && slices.Contains(to, r.to))
				}
				if !hit {
					continue
				}
			}
			if spec.fromLabel == "Person" && !m.visible(p, r.from) || spec.toLabel == "Person" && !m.visible(p, r.to) {
				continue
			}
			rec := record(spec.fromCol, r.from, spec.toCol, r.to)
			for _, c := range spec.cols {
				rec.Keys, rec.Values = append(rec.Keys, c), append(rec.Values, r.props[c])
			}
			recs = append(recs, rec)
		}
		return recs
	case name == "export_organisations" || name == "export_collaborations" || name == "export_partnerships" || name == "export_people":
		var recs []*driver.Record
		for _, k := range sortedKeys(m.nodes[labelOf[noun]]) {
			if noun != "people" || m.visible(p, k) {
				recs = append(recs, record(exportCol[noun], m.project(labelOf[noun], k)))
			}
		}
		return recs
	case name == "find_collaborators":
		var recs []*driver.Record
		for _, k := range p["keys"].([]string) {
			if m.node("Organisation", k) == nil {
				continue
			}
			byOther := map[string][]any{}
			var order []string
			for _, r1 := range m.out("Organisation", k, "TOOK_PART_IN") {
				c := m.node("Collaboration", r1.to)
				if sv(r1.props["role"]) == p["inviteAbsent"] || !overlaps(c, p) {
					continue
				}
				for _, r2 := range m.in("Collaboration", r1.to, "TOOK_PART_IN") {
					if r2.fromLabel != "Organisation" || r2.from == k || sv(r2.props["role"]) == p["inviteAbsent"] {
						continue
					}
					if byOther[r2.from] == nil {
						order = append(order, r2.from)
					}
					byOther[r2.from] = append(byOther[r2.from], map[string]any{"key": r1.to, "startDate": c["startDate"], "endDate": c["endDate"]})
				}
			}
			for _, o := range order {
				recs = append(recs, record("organisation", k, "other", o, "collaborations", byOther[o]))
			}
		}
		return recs
	case name == "find_partners":
		var recs []*driver.Record
		for _, k := range p["keys"].([]string) {
			var partners []any
			for _, r1 := range m.out("Organisation", k, "PARTY_TO") {
				parties := m.in("Partnership", r1.to, "PARTY_TO")
				network := false
				for _, r := range parties {
					network = network || r.props["role"] == p["networkRole"]
				}
				for _, r2 := range parties {
					if r2.from == k || slices.Contains(partners, any(r2.from)) {
						continue
					}
					if r1.props["role"] == p["networkRole"] || r2.props["role"] == p["networkRole"] ||
						m.node("Partnership", r1.to)["kind"] != p["membershipKind"] || !network {
						partners = append(partners, r2.from)
					}
				}
			}
			if m.node("Organisation", k) != nil && len(partners) > 0 {
				recs = append(recs, record("organisation", k, "partners", partners))
			}
		}
		return recs
	case name == "find_acquaintances":
		var recs []*driver.Record
		for _, k := range p["keys"].([]string) {
			if m.node("Person", k) == nil || !m.visible(p, k) {
				continue
			}
			reasons := map[string][]any{}
			var order []string
			add := func(q, kind, key string) {
				if q == k || !m.visible(p, q) {
					return
				}
				r := map[string]any{"kind": kind, "key": key}
				for _, x := range reasons[q] {
					if maps.Equal(x.(map[string]any), r) {
						return
					}
				}
				if reasons[q] == nil {
					order = append(order, q)
				}
				reasons[q] = append(reasons[q], r)
			}
			for _, r1 := range m.out("Person", k, "TOOK_PART_IN") {
				if sv(r1.props["role"]) == p["inviteAbsent"] {
					continue
				}
				for _, r2 := range m.in("Collaboration", r1.to, "TOOK_PART_IN") {
					if r2.fromLabel == "Person" && sv(r2.props["role"]) != p["inviteAbsent"] {
						add(r2.from, p["reasonCollaboration"].(string), r1.to)
					}
				}
			}
			for _, r1 := range m.out("Person", k, "WORKS_AT") {
				for _, r2 := range m.in("Organisation", r1.to, "WORKS_AT") {
					add(r2.from, p["reasonOrganisation"].(string), r1.to)
				}
			}
			for _, r := range m.out("Person", k, "KNOWS") {
				add(r.to, p["reasonKnows"].(string), "")
			}
			for _, r := range m.in("Person", k, "KNOWS") {
				add(r.from, p["reasonKnows"].(string), "")
			}
			for _, q := range order {
				recs = append(recs, record("person", k, "other", q, "reasons", reasons[q]))
			}
		}
		return recs
	case name == "search_nodes":
		// Each row reads one index: the nodes of its type with a token
		// matching a term of $query, scored as Lucene sums the boosts of
		// the terms a document matches (a whole word w, a prefix w*, an
		// inside *w*), best first, ties in key order, cut at $candidates.
		type term struct {
			word          string
			prefix, infix bool
			boost         float64
		}
		var terms []term
		for _, t := range strings.Split(p["query"].(string), " OR ") {
			tm := term{boost: 1}
			if w, b, ok := strings.Cut(t, "^"); ok {
				t, tm.boost = w, map[string]float64{"2": 2, "4": 4}[b]
			}
			tm.infix = strings.HasPrefix(t, "*")
			tm.prefix = !tm.infix && strings.HasSuffix(t, "*")
			tm.word = strings.Trim(t, "*")
			terms = append(terms, tm)
		}
		var recs []*driver.Record
		for _, row := range p["indexes"].([]map[string]any) {
			label := row["type"].(string)
			if want := "search_" + strings.ToLower(label) + "_words"; row["index"] != want {
				m.rec.t.Errorf("search_nodes reads %v for %s, want %s", row["index"], label, want)
			}
			type hit struct {
				key   string
				score float64
			}
			var hits []hit
			for _, k := range sortedKeys(m.nodes[label]) {
				score := 0.0
				for _, tm := range terms {
					for _, tok := range strings.Fields(sv(m.node(label, k)["fold"])) {
						if tm.infix && strings.Contains(tok, tm.word) || tm.prefix && strings.HasPrefix(tok, tm.word) || tok == tm.word {
							score += tm.boost
							break
						}
					}
				}
				if score > 0 {
					hits = append(hits, hit{k, score})
				}
			}
			slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.score, a.score) })
			if row["bounded"].(bool) && int64(len(hits)) > p["candidates"].(int64) {
				hits = hits[:p["candidates"].(int64)]
			}
			n := int64(0)
			for _, h := range hits {
				if (label != "Person" || m.visible(p, h.key)) && n < p["candidates"].(int64) {
					recs = append(recs, record("type", label, "key", h.key, "fold", sv(m.node(label, h.key)["fold"])))
					n++
				}
			}
		}
		return recs
	case name == "find_audit_entries":
		var matched []map[string]any
		for i := len(m.audit) - 1; i >= 0; i-- {
			a := m.audit[i]
			if (p["actor"] == "" || a["actor"] == p["actor"]) && (p["type"] == "" || a["type"] == p["type"]) &&
				(p["key"] == "" || a["key"] == p["key"]) && (p["since"] == "" || sv(a["at"]) >= p["since"].(string)) {
				matched = append(matched, a)
			}
		}
		var items []any
		for i := int(p["offset"].(int64)); i < min(int(p["offset"].(int64)+p["limit"].(int64)), len(matched)); i++ {
			items = append(items, matched[i])
		}
		slices.Reverse(items) // as page: collect() order is not promised
		return []*driver.Record{record("total", int64(len(matched)), "items", items)}
	case name == "get_version":
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
	case name == "find_import_runs":
		var runs []map[string]any
		for _, r := range m.nodes["ImportRun"] {
			if r["status"] != "committed" {
				runs = append(runs, maps.Clone(r))
			}
		}
		slices.SortFunc(runs, func(a, b map[string]any) int {
			return cmp.Or(cmp.Compare(sv(a["startedAt"]), sv(b["startedAt"])), cmp.Compare(sv(a["id"]), sv(b["id"])))
		})
		var recs []*driver.Record
		for _, r := range runs {
			recs = append(recs, record("run", r))
		}
		return recs
	case name == "show_constraints":
		return everyConstraint("") // what migrate_schema creates
	case name == "increment_version":
		m.counter++
		return []*driver.Record{record("version", m.counter)}
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
	case name == "find_existing_keys":
		rec := &driver.Record{}
		for col, label := range labelOf {
			var l []any
			for _, k := range p[col].([]string) {
				if m.node(label, k) != nil {
					l = append(l, k)
				}
			}
			rec.Keys, rec.Values = append(rec.Keys, col), append(rec.Values, l)
		}
		return []*driver.Record{rec}
	case name == "find_organisation_dependents":
		if m.node("Organisation", p["key"].(string)) == nil {
			return nil
		}
		return []*driver.Record{record("services", keysAny(m.in("Organisation", p["key"].(string), "PART_OF"), "Organisation"),
			"heldHere", keysAny(m.in("Organisation", p["key"].(string), "HELD_AT"), "Collaboration"))}
	case name == "find_domain_dependents":
		if m.node("Domain", p["key"].(string)) == nil {
			return nil
		}
		return []*driver.Record{record("organisations", keysAny(m.in("Domain", p["key"].(string), "ACTIVE_IN"), "Organisation"),
			"collaborations", keysAny(m.in("Domain", p["key"].(string), "ABOUT"), "Collaboration"))}
	case name == "find_collaboration_dependents":
		if m.node("Collaboration", p["key"].(string)) == nil {
			return nil
		}
		return []*driver.Record{record("subEvents", keysAny(m.in("Collaboration", p["key"].(string), "PART_OF"), "Collaboration"))}
	case name == "find_partyless_partnerships":
		var recs []*driver.Record
		for _, k := range p["keys"].([]string) {
			if m.node("Partnership", k) != nil && len(m.in("Partnership", k, "PARTY_TO")) == 0 {
				recs = append(recs, record("partnership", k))
			}
		}
		return recs
	case name == "find_organisation_cycle" || name == "find_collaboration_cycle":
		label := map[string]string{"find_organisation_cycle": "Organisation", "find_collaboration_cycle": "Collaboration"}[name]
		if m.node(label, p["parent"].(string)) == nil {
			return nil
		}
		for k := p["parent"].(string); k != ""; {
			if k == p["key"] {
				return []*driver.Record{record("cycle", true)}
			}
			rs := m.out(label, k, "PART_OF")
			k = ""
			if len(rs) > 0 {
				k = rs[0].to
			}
		}
		return []*driver.Record{record("cycle", false)}
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
