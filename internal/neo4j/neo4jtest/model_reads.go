package neo4jtest

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

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

// svs is a list property as the merge rows give it.
func svs(v any) []string { l, _ := v.([]string); return l }

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
	return []*driver.Record{record("total", total(p, len(keys)), "items", items)}
}

// total is a list's total as the statements answer it: n, or 0 when the
// caller asked for no count ($count false).
func total(p map[string]any, n int) int64 {
	if p["count"] != true {
		return 0
	}
	return int64(n)
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

// execRead answers the statements that read the graph and hands every
// other one to execWrite.
func (m *model) execRead(name string, p map[string]any) []*driver.Record {
	if recs, ok := m.execRedirects(name, p); ok {
		return recs
	}
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
				(p["commune"] == nil || sv(n["communeFold"]) == p["commune"] || slices.Contains(svs(n["addressCommunes"]), p["commune"].(string))) &&
				(p["postcode"] == "" || slices.Contains(svs(n["postcodes"]), p["postcode"].(string))) &&
				(p["language"] == "" || slices.Contains(svs(n["languages"]), p["language"].(string))) &&
				(p["openOn"] == "" || slices.ContainsFunc(svs(n["openingHours"]), func(h string) bool {
					day, hours, _ := strings.Cut(h, " ")
					opens, closes, _ := strings.Cut(hours, " ")
					at := p["openAt"].(string)
					return day == p["openOn"] && (at == "" || opens <= at && closes > at)
				})) &&
				(p["text"] == "" || strings.Contains(sv(n["fold"]), p["text"].(string))) &&
				(len(p["domains"].([]string)) == 0 || anyIn(ends(m.out("Organisation", k, "ACTIVE_IN"), true), p["domains"].([]string))) &&
				(len(p["parents"].([]string)) == 0 || anyIn(ends(m.out("Organisation", k, "PART_OF"), true), p["parents"].([]string))) &&
				!slices.Contains(p["exceptKeys"].([]string), k) {
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
				if sv(r1.props["role"]) == p["inviteAbsent"] || !overlaps(c, p) || !tieStatus(c, p) {
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
	case name == "find_tied_organisations":
		// The targets: the keys that exist, and the organisations of the
		// sectors; then, from each, what find_collaborators and
		// find_partners would answer.
		targets := map[string]bool{}
		for _, k := range p["keys"].([]string) {
			if m.node("Organisation", k) != nil {
				targets[k] = true
			}
		}
		for _, k := range sortedKeys(m.nodes["Organisation"]) {
			if slices.Contains(p["sectors"].([]string), sv(m.node("Organisation", k)["sector"])) {
				targets[k] = true
			}
		}
		tied := map[string]bool{}
		for _, t := range slices.Sorted(maps.Keys(targets)) {
			m.tiedTo(t, p, tied)
		}
		// collect() promises no order: the model answers in reverse.
		out := []any{}
		for _, k := range slices.Sorted(maps.Keys(tied)) {
			out = append([]any{k}, out...)
		}
		return []*driver.Record{record("keys", out)}
	case name == "find_tied_keys":
		var recs []*driver.Record
		for _, k := range p["keys"].([]string) {
			if m.node("Organisation", k) == nil {
				continue
			}
			tied := map[string]bool{}
			m.tiedTo(k, p, tied)
			// collect() promises no order: the model answers in reverse.
			out := []any{}
			for _, o := range slices.Sorted(maps.Keys(tied)) {
				out = append([]any{o}, out...)
			}
			recs = append(recs, record("organisation", k, "tied", out))
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
				if sv(r1.props["role"]) == p["inviteAbsent"] || !tieStatus(m.node("Collaboration", r1.to), p) {
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
		return []*driver.Record{record("total", total(p, len(matched)), "items", items)}
	case name == "get_version":
		return []*driver.Record{record("version", m.counter)}
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
	default:
		return m.execWrite(name, p)
	}
}

// tieStatus is the Cypher test toLower(trim(coalesce(c.status, ”))) IN
// $tieStatuses.
func tieStatus(c map[string]any, p map[string]any) bool {
	return slices.Contains(p["tieStatuses"].([]string), strings.ToLower(strings.TrimSpace(sv(c["status"]))))
}

// tiedTo adds to tied the organisations tied to t by the kinds of ties p
// selects ($collaborations, $partnerships), as find_tied_organisations and
// find_tied_keys walk them.
func (m *model) tiedTo(t string, p map[string]any, tied map[string]bool) {
	if p["collaborations"].(bool) {
		for _, r1 := range m.out("Organisation", t, "TOOK_PART_IN") {
			if sv(r1.props["role"]) == p["inviteAbsent"] || !tieStatus(m.node("Collaboration", r1.to), p) {
				continue
			}
			for _, r2 := range m.in("Collaboration", r1.to, "TOOK_PART_IN") {
				if r2.fromLabel == "Organisation" && r2.from != t && sv(r2.props["role"]) != p["inviteAbsent"] {
					tied[r2.from] = true
				}
			}
		}
	}
	if p["partnerships"].(bool) {
		for _, r1 := range m.out("Organisation", t, "PARTY_TO") {
			parties := m.in("Partnership", r1.to, "PARTY_TO")
			network := false
			for _, r := range parties {
				network = network || r.props["role"] == p["networkRole"]
			}
			anyParty := r1.props["role"] == p["networkRole"] || m.node("Partnership", r1.to)["kind"] != p["membershipKind"] || !network
			for _, r2 := range parties {
				if r2.from != t && (anyParty || r2.props["role"] == p["networkRole"]) {
					tied[r2.from] = true
				}
			}
		}
	}
}
