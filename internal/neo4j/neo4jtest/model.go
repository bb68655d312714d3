package neo4jtest

import (
	"context"
	"errors"
	"maps"
	"slices"
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
	if p["scopeAll"].(bool) || key == p["scopeSelf"] || m.node("Person", key)["visibility"] == p["network"] {
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
		"Domain": {"key", "labelFr", "labelNl", "labelEn"},
		"Organisation": {"key", "name", "shortName", "sector", "commune", "languages", "aliases",
			"nameFr", "nameNl", "descriptionFr", "descriptionNl", "website", "emails", "phones", "addresses", "schedules",
			"hoursNoteFr", "hoursNoteNl", "eligibilityFr", "eligibilityNl", "accessFr", "accessNl", "costFr", "costNl",
			"identifiers", "services"},
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

// exec answers a statement by name as its Cypher reads: the reads are in
// model_reads.go, the writes in model_writes.go.
func (m *model) exec(name string, p map[string]any) []*driver.Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.execRead(name, p)
}
