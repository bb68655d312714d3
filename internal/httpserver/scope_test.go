package httpserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Issue 13, item 1: "Has the CPAS worked with Le Méridien?", asked of the
// demo over real HTTP as `reseau serve` wires it. The CPAS's Pôle Jeunes
// (cpas-pole-jeunes, PART_OF cpas-schaerbeek) did the 2022 immersion with
// Le Méridien, and so did its DES; the CPAS itself did not.

// query posts a GraphQL query anonymously and decodes its data into v,
// failing on any error.
func query(t *testing.T, ts *httptest.Server, q string, v any) {
	t.Helper()
	a := postFull(t, ts, "", q)
	if len(a.Errors) > 0 {
		t.Fatalf("%s: errors %+v", q, a.Errors)
	}
	if err := json.Unmarshal(a.Data, v); err != nil {
		t.Fatal(err)
	}
}

// demoServices lists the organisations of the demo that have a parent, as
// the API answers them.
func demoServices(t *testing.T, ts *httptest.Server) []string {
	t.Helper()
	var d struct {
		Organisations struct {
			Nodes []struct {
				Key    string
				Parent *struct{ Key string }
			}
		}
	}
	query(t, ts, `{ organisations(first: 500) { nodes { key parent { key } } } }`, &d)
	var out []string
	for _, o := range d.Organisations.Nodes {
		if o.Parent != nil {
			out = append(out, o.Key)
		}
	}
	if !slices.Contains(out, "cpas-pole-jeunes") || len(out) < 3 {
		t.Fatalf("the demo's services: %v", out)
	}
	return out
}

type explanation struct {
	Code   string
	Params []struct{ Name, Value string }
}

func (e explanation) param(name string) string {
	for _, p := range e.Params {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// TestCPASCollaboratorsAtInstitutionScope: at the organisation scope, Le
// Méridien is not among the CPAS's collaborators; at the institution scope
// it is, with the Pôle Jeunes named in the reason, and no service of the
// CPAS (nor the CPAS itself) is among them.
func TestCPASCollaboratorsAtInstitutionScope(t *testing.T) {
	ts := qualityServer(t)
	services := demoServices(t, ts)
	type tie struct {
		Organisation struct{ Key string }
		Weight       int
		Explanations []explanation
		Reasons      []string
	}
	var d struct {
		Organisation struct {
			Own      []tie
			Inst     []tie
			Partners []struct{ Key string }
		}
	}
	query(t, ts, `{ organisation(key: "cpas-schaerbeek") {
		own: collaborators(first: 500) { organisation { key } weight }
		inst: collaborators(first: 500, scope: INSTITUTION) { organisation { key } weight
			explanations { code params { name value } } reasons(lang: FR) }
		partners(scope: INSTITUTION) { key } } }`, &d)
	has := func(ties []tie, k string) *tie {
		for i := range ties {
			if ties[i].Organisation.Key == k {
				return &ties[i]
			}
		}
		return nil
	}
	if has(d.Organisation.Own, "le-meridien") != nil {
		t.Fatal("le-meridien is a collaborator of the CPAS itself: the question would not need the scope")
	}
	m := has(d.Organisation.Inst, "le-meridien")
	if m == nil {
		t.Fatalf("at the institution scope le-meridien is not among the CPAS's collaborators: %+v", d.Organisation.Inst)
	}
	// The immersion and its preparation, each once although two services took part.
	if m.Weight != 2 {
		t.Errorf("CPAS–Le Méridien weight %d, want 2", m.Weight)
	}
	named := false
	for _, e := range m.Explanations {
		if e.Code == "LINK_COLLABORATION_VIA_SERVICE" && e.param("service") == "cpas-pole-jeunes" && e.param("collaboration") == "immersion-2022" {
			named = true
		}
	}
	if !named || !slices.ContainsFunc(m.Reasons, func(r string) bool {
		return strings.Contains(r, "par son service Pôle Jeunes du CPAS") && strings.Contains(r, "Journées d'immersion")
	}) {
		t.Errorf("the tie does not name the Pôle Jeunes and the immersion: %+v", m)
	}
	for _, tie := range d.Organisation.Inst {
		if k := tie.Organisation.Key; k == "cpas-schaerbeek" || slices.Contains(services, k) {
			t.Errorf("%s is a collaborator at the institution scope", k)
		}
	}
	if !slices.ContainsFunc(d.Organisation.Partners, func(p struct{ Key string }) bool { return p.Key == "le-meridien" }) {
		t.Errorf("partners at the institution scope %v, want le-meridien (the immersion convention)", d.Organisation.Partners)
	}
}

// TestCPASPathToMeridienAtInstitutionScope: through collaborations, the
// CPAS reaches Le Méridien through the CASS at the organisation scope, and
// directly at the institution scope, the link naming its services.
func TestCPASPathToMeridienAtInstitutionScope(t *testing.T) {
	ts := qualityServer(t)
	type path struct {
		Length        int
		Organisations []struct{ Key string }
		Links         []struct {
			Explanations []explanation
			Explanation  struct{ Text string }
		}
	}
	var d struct{ Own, Inst path }
	query(t, ts, `{
		own: organisationPath(from: "cpas-schaerbeek", to: "le-meridien", ties: [COLLABORATION]) { length organisations { key } }
		inst: organisationPath(from: "cpas-schaerbeek", to: "le-meridien", ties: [COLLABORATION], scope: INSTITUTION) {
			length organisations { key } links { explanations { code params { name value } } explanation { text(lang: EN) } } } }`, &d)
	if d.Own.Length != 2 || d.Own.Organisations[1].Key != "cass" {
		t.Errorf("organisation scope: %+v, want through the CASS", d.Own)
	}
	if d.Inst.Length != 1 || len(d.Inst.Links) != 1 {
		t.Fatalf("institution scope: %+v, want the direct tie", d.Inst)
	}
	var via []string
	for _, e := range d.Inst.Links[0].Explanations {
		if e.Code == "LINK_COLLABORATION_VIA_SERVICE" {
			via = append(via, e.param("service"))
		}
	}
	if !slices.Contains(via, "cpas-pole-jeunes") || !strings.Contains(d.Inst.Links[0].Explanation.Text, "via its service") {
		t.Errorf("the link's services %v (%q), want the Pôle Jeunes among them", via, d.Inst.Links[0].Explanation.Text)
	}
}

// TestSuggestionsKeepTheCPASApart: at either scope, no suggested meeting
// pairs the CPAS or one of its services with the CPAS or one of its
// services, nor with the CSS, with which the CPAS founded the CASS.
func TestSuggestionsKeepTheCPASApart(t *testing.T) {
	ts := qualityServer(t)
	var d struct {
		Own, Inst []struct{ A, B struct{ Key string } }
	}
	query(t, ts, `{
		own: suggestedMeetings(first: 1000) { a { key } b { key } }
		inst: suggestedMeetings(first: 1000, scope: INSTITUTION) { a { key } b { key } } }`, &d)
	cpas := func(k string) bool { return k == "cpas-schaerbeek" || strings.HasPrefix(k, "cpas-") }
	for name, ms := range map[string][]struct{ A, B struct{ Key string } }{"ORGANISATION": d.Own, "INSTITUTION": d.Inst} {
		if len(ms) == 0 {
			t.Fatalf("%s: no suggestion", name)
		}
		for _, m := range ms {
			a, b := m.A.Key, m.B.Key
			if cpas(a) && (cpas(b) || b == "css") || cpas(b) && a == "css" {
				t.Errorf("%s: suggested %s with %s", name, a, b)
			}
		}
	}
}

// TestAnalyticsAtInstitutionScope: gaps, brokers, communities, summary and
// the network view (GraphQL and the download) answer at the institution
// scope over fewer organisations, none of them a service.
func TestAnalyticsAtInstitutionScope(t *testing.T) {
	ts := qualityServer(t)
	services := demoServices(t, ts)
	type keyed struct{ Key string }
	type view struct {
		Summary struct{ Organisations, Ties int }
		Gaps    struct {
			Isolated, NoCrossSectorTie []keyed
			IncompleteProfiles         []struct{ Organisation keyed }
			Domains                    []struct {
				Pairs []struct {
					UntiedA, UntiedB []keyed
					Bridges          []struct {
						Organisation keyed
						Reaches      []keyed
					}
					Introduction *struct{ Organisations []keyed }
				}
			}
		}
		Brokers     []struct{ Organisation keyed }
		Communities struct {
			Communities []struct{ Organisations []keyed }
		}
		Network struct{ Nodes []keyed }
	}
	q := func(scope string) view {
		var v view
		query(t, ts, `{
			summary(scope: `+scope+`) { organisations ties }
			gaps(scope: `+scope+`) { isolated { key } noCrossSectorTie { key } incompleteProfiles { organisation { key } } }
			brokers(first: 1000, scope: `+scope+`) { organisation { key } }
			communities(scope: `+scope+`) { communities { organisations { key } } }
			network(filter: {scope: `+scope+`}) { nodes { key } } }`, &v)
		return v
	}
	own, inst := q("ORGANISATION"), q("INSTITUTION")
	// The gap cells of one domain on their own (every domain, or with the rest,
	// passes the cost limit). At the organisation scope they name CPAS services:
	// the chain from Mémoire Vivante ends at the CPAS 1030/DES.
	query(t, ts, `{ gaps(scope: INSTITUTION, domains: ["sante-mentale"]) { domains { pairs { untiedA { key } untiedB { key }
		bridges(first: 5) { organisation { key } reaches { key } } introduction { organisations { key } } } } } }`, &inst)
	if inst.Summary.Organisations != own.Summary.Organisations-len(services) || inst.Summary.Ties >= own.Summary.Ties {
		t.Errorf("summary: %+v at the institution scope, %+v at the organisation scope (%d services)", inst.Summary, own.Summary, len(services))
	}
	if len(inst.Network.Nodes) != inst.Summary.Organisations || len(inst.Brokers) != inst.Summary.Organisations {
		t.Errorf("%d nodes, %d brokers, want the %d organisations", len(inst.Network.Nodes), len(inst.Brokers), inst.Summary.Organisations)
	}
	var named []string
	for _, k := range inst.Gaps.Isolated {
		named = append(named, k.Key)
	}
	for _, k := range inst.Gaps.NoCrossSectorTie {
		named = append(named, k.Key)
	}
	for _, p := range inst.Gaps.IncompleteProfiles {
		named = append(named, p.Organisation.Key)
	}
	cells := 0 // organisations the gap cells name: untied, bridges, chains
	for _, d := range inst.Gaps.Domains {
		for _, p := range d.Pairs {
			for _, k := range slices.Concat(p.UntiedA, p.UntiedB) {
				named, cells = append(named, k.Key), cells+1
			}
			for _, b := range p.Bridges {
				named, cells = append(named, b.Organisation.Key), cells+1
				for _, k := range b.Reaches {
					named = append(named, k.Key)
				}
			}
			if p.Introduction != nil {
				for _, k := range p.Introduction.Organisations {
					named, cells = append(named, k.Key), cells+1
				}
			}
		}
	}
	if cells == 0 {
		t.Error("the gap cells name no organisation at the institution scope: the check below proves nothing of them")
	}
	for _, b := range inst.Brokers {
		named = append(named, b.Organisation.Key)
	}
	for _, c := range inst.Communities.Communities {
		for _, o := range c.Organisations {
			named = append(named, o.Key)
		}
	}
	for _, n := range inst.Network.Nodes {
		named = append(named, n.Key)
	}
	for _, k := range named {
		if slices.Contains(services, k) {
			t.Errorf("service %s appears at the institution scope", k)
		}
	}
	if !slices.Contains(named, "cpas-schaerbeek") {
		t.Error("the CPAS does not appear at the institution scope")
	}

	// The download takes the same scope.
	res, err := http.Get(ts.URL + "/export/network.gexf?types=ORGANISATION&scope=INSTITUTION")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("download: %d %s", res.StatusCode, body)
	}
	ids := nodeIDs(t, res.Header.Get("Content-Type"), body)
	if len(ids) != inst.Summary.Organisations {
		t.Errorf("download: %d nodes, want %d", len(ids), inst.Summary.Organisations)
	}
	for _, id := range ids {
		if slices.Contains(services, strings.TrimPrefix(id, reseau.TypeOrganisation+":")) {
			t.Errorf("service %s in the download at the institution scope", id)
		}
	}
}
