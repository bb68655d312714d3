package httpserver_test

import (
	"slices"
	"testing"
)

// The coordinators' questions of issue 13, asked of the demo (the
// Schaerbeek CSV files of internal/demo/schaerbeek) through GraphQL over a
// real HTTP server, each expected answer worked out from the CSV files by
// hand, in the comments.

type orgPage struct {
	TotalCount int
	Nodes      []struct{ Key string }
}

func (p orgPage) keys() []string {
	out := []string{}
	for _, n := range p.Nodes {
		out = append(out, n.Key)
	}
	return out
}

// TestNeverWorkedWithTheCPAS asks "which mental-health associations have
// never worked with the CPAS?" with the organisation filter's notTiedTo.
//
// The mental-health associations: organisations.csv rows of sector
// associatif active in sante-mentale are anais, la-gerbe, le-meridien,
// memoire-vivante and titeca (pms-communal is communal). Their ties with
// the CPAS (sector cpas: cpas-schaerbeek and its eight services), from
// collaboration_participants.csv and partnership_parties.csv:
//   - anais and la-gerbe spoke (intervenant) at rencontre-sante-mentale-2015,
//     held, hosted by cpas-schaerbeek (hote): a collaboration tie with the
//     CPAS itself;
//   - le-meridien was invited to that meeting and did not come
//     (invite_absent: no tie), but hosted the Pôle Jeunes at immersion-2022
//     (held, with cpas-pole-jeunes and cpas-des), and is a party with
//     cpas-schaerbeek to the convention immersion-reciprocite-2022;
//   - titeca: the same immersion and the same convention;
//   - memoire-vivante is a member of gt-seniors (active) with three CPAS
//     services (cpas-hebergement, cpas-personnes-agees,
//     cpas-mr-albert-de-latour), and party to no partnership.
//
// So: none is untied from the CPAS sector (each worked with some CPAS
// service, by collaboration too); never in a collaboration with the CPAS
// itself: le-meridien, memoire-vivante and titeca; no tie of any kind with
// it: memoire-vivante alone (the convention ties the two others); in a
// collaboration with it: anais and la-gerbe.
func TestNeverWorkedWithTheCPAS(t *testing.T) {
	ts := serveSecure(t)
	q := `query ($tied: TieCondition, $not: TieCondition) {
		organisations(filter: {sectors: [ASSOCIATIF], domains: ["sante-mentale"], tiedTo: $tied, notTiedTo: $not},
			orderBy: {field: KEY}, first: 2) {
			totalCount nodes { key }
		}
	}`
	all := func(t *testing.T, vars map[string]any) orgPage {
		t.Helper()
		var page orgPage
		var cursor any
		for {
			vars["after"] = cursor
			var d struct {
				Organisations struct {
					orgPage
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
			data(t, post(t, ts, `query ($tied: TieCondition, $not: TieCondition, $after: String) {
				organisations(filter: {sectors: [ASSOCIATIF], domains: ["sante-mentale"], tiedTo: $tied, notTiedTo: $not},
					orderBy: {field: KEY}, first: 2, after: $after) {
					totalCount nodes { key } pageInfo { hasNextPage endCursor }
				}
			}`, vars), &d)
			page.TotalCount = d.Organisations.TotalCount
			page.Nodes = append(page.Nodes, d.Organisations.Nodes...)
			if !d.Organisations.PageInfo.HasNextPage {
				return page
			}
			cursor = d.Organisations.PageInfo.EndCursor
		}
	}
	for _, tt := range []struct {
		name string
		vars map[string]any
		want []string
	}{
		{"the five mental-health associations", map[string]any{}, []string{"anais", "la-gerbe", "le-meridien", "memoire-vivante", "titeca"}},
		{"never tied to the CPAS sector", map[string]any{"not": map[string]any{"sectors": []string{"CPAS"}}}, []string{}},
		{"never in a collaboration with the CPAS sector", map[string]any{"not": map[string]any{"sectors": []string{"CPAS"}, "ties": []string{"COLLABORATION"}}}, []string{}},
		{"never in a collaboration with the CPAS itself", map[string]any{"not": map[string]any{"organisations": []string{"cpas-schaerbeek"}, "ties": []string{"COLLABORATION"}}},
			[]string{"le-meridien", "memoire-vivante", "titeca"}},
		{"no tie of any kind with the CPAS itself", map[string]any{"not": map[string]any{"organisations": []string{"cpas-schaerbeek"}}},
			[]string{"memoire-vivante"}},
		{"in a collaboration with the CPAS itself", map[string]any{"tied": map[string]any{"organisations": []string{"cpas-schaerbeek"}, "ties": []string{"COLLABORATION"}}},
			[]string{"anais", "la-gerbe"}},
		{"tied to the CPAS sector, not by collaboration to the CPAS itself", map[string]any{"tied": map[string]any{"sectors": []string{"CPAS"}},
			"not": map[string]any{"organisations": []string{"cpas-schaerbeek"}, "ties": []string{"COLLABORATION"}}},
			[]string{"le-meridien", "memoire-vivante", "titeca"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := all(t, tt.vars)
			if !slices.Equal(got.keys(), tt.want) || got.TotalCount != len(tt.want) {
				t.Fatalf("answered %q (totalCount %d), want %q", got.keys(), got.TotalCount, tt.want)
			}
		})
	}

	t.Run("an unknown organisation is INVALID on its field", func(t *testing.T) {
		a := post(t, ts, q, map[string]any{"not": map[string]any{"organisations": []string{"cpas"}}})
		if a.code() != "INVALID" || a.Errors[0].Extensions["field"] != "notTiedTo.organisations" {
			t.Fatalf("errors %+v, want INVALID on notTiedTo.organisations", a.Errors)
		}
		a = post(t, ts, q, map[string]any{"tied": map[string]any{"ties": []string{"PARTNERSHIP"}}})
		if a.code() != "INVALID" || a.Errors[0].Extensions["field"] != "tiedTo.organisations" {
			t.Fatalf("errors %+v, want INVALID on tiedTo.organisations", a.Errors)
		}
	})
}
