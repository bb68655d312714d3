package httpserver_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/i18n"
)

type immersionAnswer struct {
	ImmersionPlan struct {
		TotalWeight int
		Pairs       []struct {
			A, B    struct{ Key string }
			Weight  int
			Reasons []struct {
				Code, Organisation, Other, Domain string
				Text, TextNL                      string
				Explanation                       struct {
					Code   string
					Text   string
					Params []struct{ Name, Value, Label string }
				}
			}
		}
		Use []struct {
			Organisation struct{ Key string }
			Capacity     int
			Pairs        int
		}
	}
}

const immersionFields = `{ totalWeight
	pairs { a { key } b { key } weight
		reasons { code organisation other domain text textNL: text(lang: NL)
			explanation { code text params { name value label } } } }
	use { organisation { key } capacity pairs } }`

// TestImmersionPlanOverHTTP asks the demo (a real SQLite file, a real HTTP
// server, Accept-Language: fr) "which pairs should do an immersion day,
// reciprocally?" for a round written from the CSVs of internal/demo/
// schaerbeek:
//
//   - the Pôle Jeunes of the CPAS can host and send two workers and wants to
//     discover mental health; Titeca, ANAIS and La Gerbe (all three
//     associatif, in santé mentale) and the CPAS's famille-jeunesse service
//     one each;
//   - Titeca hosted the Pôle Jeunes in the immersions of 2022
//     (immersion-2022): the pair is already tied (weight 1+3+2 = 6);
//     ANAIS and La Gerbe never worked with it (1+4+3+2 = 10 each);
//   - famille-jeunesse is a service of the same CPAS: never with the Pôle
//     Jeunes; it never worked with Titeca, ANAIS or La Gerbe (1+4+3 = 8);
//     ANAIS and La Gerbe met at the rencontre santé mentale of 2015 (1),
//     Titeca and either of them did not (1+4 = 5).
//
// The best plan (28; the next best 24) sends the Pôle Jeunes to the two it
// never met, not back to its 2022 partner, and Titeca to famille-jeunesse.
// Each reason's text is its explanation's French text (Dutch with lang:
// NL). Two rounds inside one institution (the CPAS's services; Soleil du
// Nord and the prevention service it belongs to) get no pair at all.
func TestImmersionPlanOverHTTP(t *testing.T) {
	ts := serveSecure(t)
	var got immersionAnswer
	data(t, postLang(t, ts.URL, "fr-BE,fr;q=0.9", `{ immersionPlan(round: {participants: [
		{organisation: "cpas-pole-jeunes", host: 2, send: 3, discoverDomains: ["sante-mentale"]},
		{organisation: "titeca", host: 1, send: 1},
		{organisation: "anais", host: 1, send: 2},
		{organisation: "la-gerbe", host: 1, send: 1},
		{organisation: "cpas-famille-jeunesse", host: 1, send: 1}]}) `+immersionFields+` }`), &got)
	plan := got.ImmersionPlan
	var pairs []string
	for _, p := range plan.Pairs {
		pairs = append(pairs, p.A.Key+"+"+p.B.Key)
	}
	want := []string{"anais+cpas-pole-jeunes", "cpas-famille-jeunesse+titeca", "cpas-pole-jeunes+la-gerbe"}
	if !slices.Equal(pairs, want) || plan.TotalWeight != 28 {
		t.Fatalf("pairs %v (total %d), want %v (28)", pairs, plan.TotalWeight, want)
	}
	codes := map[string][]string{}
	for _, p := range plan.Pairs {
		for _, r := range p.Reasons {
			codes[p.A.Key+"+"+p.B.Key] = append(codes[p.A.Key+"+"+p.B.Key], r.Code+":"+r.Explanation.Code)
			tpl, ok := i18n.Template(i18n.Code(r.Explanation.Code), i18n.FR)
			if !ok || !strings.HasPrefix(r.Explanation.Code, "IMMERSION_") {
				t.Fatalf("%s: explanation code %q", r.Code, r.Explanation.Code)
			}
			for _, prm := range r.Explanation.Params {
				tpl = strings.ReplaceAll(tpl, "{"+prm.Name+"}", prm.Label)
			}
			if r.Text != tpl || r.Explanation.Text != tpl || strings.Contains(tpl, "{") {
				t.Errorf("%s: text %q, explanation %q, want the French %q", r.Code, r.Text, r.Explanation.Text, tpl)
			}
			if r.TextNL == r.Text {
				t.Errorf("%s: text(lang: NL) %q is the French text", r.Code, r.TextNL)
			}
		}
	}
	wantCodes := map[string][]string{
		"anais+cpas-pole-jeunes":       {"NEW_TIE:IMMERSION_NEW_TIE", "CROSS_SECTOR:IMMERSION_CROSS_SECTOR", "INTEREST:IMMERSION_INTEREST_DOMAIN"},
		"cpas-pole-jeunes+la-gerbe":    {"NEW_TIE:IMMERSION_NEW_TIE", "CROSS_SECTOR:IMMERSION_CROSS_SECTOR", "INTEREST:IMMERSION_INTEREST_DOMAIN"},
		"cpas-famille-jeunesse+titeca": {"NEW_TIE:IMMERSION_NEW_TIE", "CROSS_SECTOR:IMMERSION_CROSS_SECTOR"},
	}
	for k, w := range wantCodes {
		if !slices.Equal(codes[k], w) {
			t.Errorf("%s: reasons %v, want %v", k, codes[k], w)
		}
	}
	for _, p := range plan.Pairs {
		for _, r := range p.Reasons {
			if r.Code == "INTEREST" && (r.Organisation != "cpas-pole-jeunes" || r.Domain != "sante-mentale" || !strings.Contains(r.Text, "Santé mentale")) {
				t.Errorf("interest reason %+v: want the Pôle Jeunes discovering santé mentale, named in French", r)
			}
		}
	}
	use := map[string][2]int{}
	for _, u := range plan.Use {
		use[u.Organisation.Key] = [2]int{u.Capacity, u.Pairs}
	}
	if use["cpas-pole-jeunes"] != [2]int{2, 2} || use["titeca"] != [2]int{1, 1} || use["anais"] != [2]int{1, 1} {
		t.Errorf("use %v: want the Pôle Jeunes in 2 pairs of its 2 days (host 2, send 3), Titeca and ANAIS in 1", use)
	}

	for _, round := range []string{
		`{organisation: "cpas-pole-jeunes", host: 2, send: 2}, {organisation: "cpas-famille-jeunesse", host: 2, send: 2}, {organisation: "cpas-des", host: 1, send: 1}`,
		`{organisation: "soleil-du-nord", host: 3, send: 3}, {organisation: "service-prevention", host: 3, send: 3}`,
	} {
		var inside immersionAnswer
		data(t, postLang(t, ts.URL, "fr", `{ immersionPlan(round: {participants: [`+round+`]}) `+immersionFields+` }`), &inside)
		if len(inside.ImmersionPlan.Pairs) != 0 {
			t.Errorf("round [%s] inside one institution: pairs %+v", round, inside.ImmersionPlan.Pairs)
		}
	}
}
