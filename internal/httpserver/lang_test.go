package httpserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/i18n"
)

// postLang sends a query with an Accept-Language header over real HTTP.
func postLang(t *testing.T, url, acceptLanguage, query string) answer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Language") {
		t.Errorf("no Vary: Accept-Language on a negotiated answer")
	}
	var a answer
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

type meetingTexts struct {
	SuggestedMeetings []struct {
		Reasons      []string
		Explanations []struct {
			Code   string
			Text   string
			Params []struct{ Name, Kind, Value, Label string }
		}
	}
}

// TestSuggestedMeetingsInDutch asks the demo's suggested meetings over HTTP
// with Accept-Language: nl-BE and checks that every explanation is the Dutch
// text of its code (the domain named by its labelNl, sectors by their Dutch
// labels), that reasons are those texts, and that a `lang` argument overrides
// the header.
func TestSuggestedMeetingsInDutch(t *testing.T) {
	ts := serveSecure(t)
	q := `{ suggestedMeetings(first: 10) { reasons explanations { code text params { name kind value label } } } }`
	var nl meetingTexts
	data(t, postLang(t, ts.URL, "nl-BE,nl;q=0.9,fr;q=0.8", q), &nl)
	if len(nl.SuggestedMeetings) == 0 {
		t.Fatal("no suggested meeting on the demo")
	}
	var dutchDomain, sectors int
	for _, m := range nl.SuggestedMeetings {
		if len(m.Reasons) != len(m.Explanations) || len(m.Explanations) == 0 {
			t.Fatalf("%d reasons for %d explanations", len(m.Reasons), len(m.Explanations))
		}
		for i, e := range m.Explanations {
			tpl, ok := i18n.Template(i18n.Code(e.Code), i18n.NL)
			if !ok {
				t.Fatalf("unknown code %s", e.Code)
			}
			want := tpl
			for _, p := range e.Params {
				want = strings.ReplaceAll(want, "{"+p.Name+"}", p.Label)
				if p.Kind == "DOMAIN" && p.Label != "" && !strings.EqualFold(p.Label, p.Value) {
					dutchDomain++
				}
			}
			if e.Text != want || m.Reasons[i] != want {
				t.Errorf("%s: text %q, reason %q, want %q", e.Code, e.Text, m.Reasons[i], want)
			}
			if e.Code == string(i18n.MeetingNotYetTied) {
				sectors++
				if strings.Contains(e.Text, "not yet") || strings.Contains(e.Text, "pas encore") {
					t.Errorf("not Dutch: %q", e.Text)
				}
			}
		}
	}
	if dutchDomain == 0 || sectors != len(nl.SuggestedMeetings) {
		t.Errorf("%d domain labels, %d sector explanations for %d meetings", dutchDomain, sectors, len(nl.SuggestedMeetings))
	}

	// Without a header: English; with lang: FR, French whatever the header.
	var en, fr meetingTexts
	data(t, postLang(t, ts.URL, "", q), &en)
	data(t, postLang(t, ts.URL, "nl-BE", `{ suggestedMeetings(first: 10) { reasons(lang: FR) explanations { code text(lang: FR) } } }`), &fr)
	for i := range nl.SuggestedMeetings {
		e, f, n := en.SuggestedMeetings[i].Explanations, fr.SuggestedMeetings[i].Explanations, nl.SuggestedMeetings[i].Explanations
		last := len(n) - 1
		if !strings.Contains(e[last].Text, "not yet tied") || !strings.Contains(f[last].Text, "pas encore liés") || !strings.Contains(fr.SuggestedMeetings[i].Reasons[last], "pas encore liés") {
			t.Errorf("meeting %d: en %q, fr %q", i, e[last].Text, f[last].Text)
		}
	}
}

// TestVocabularyQuery checks that vocabulary answers the labels of sectors,
// kinds and roles in all three languages, and `label` in the language asked.
func TestVocabularyQuery(t *testing.T) {
	ts := serveSecure(t)
	type term struct{ Code, Label, Fr, Nl, En string }
	var v struct {
		Vocabulary map[string][]term
	}
	data(t, postLang(t, ts.URL, "fr-BE", `{ vocabulary(lang: NL) { sectors { code label fr nl en } collaborationKinds { code label fr nl en }
		partnershipKinds { code label fr nl en } collaborationRoles { code label fr nl en } partnershipRoles { code label fr nl en } } }`), &v)
	for _, list := range []string{"sectors", "collaborationKinds", "partnershipKinds", "collaborationRoles", "partnershipRoles"} {
		if len(v.Vocabulary[list]) == 0 {
			t.Errorf("%s: empty", list)
		}
		for _, tm := range v.Vocabulary[list] {
			if tm.Fr == "" || tm.Nl == "" || tm.En == "" || tm.Label != tm.Nl {
				t.Errorf("%s %s: %+v", list, tm.Code, tm)
			}
		}
	}
	find := func(list, code string) term {
		for _, tm := range v.Vocabulary[list] {
			if tm.Code == code {
				return tm
			}
		}
		t.Fatalf("%s has no %s", list, code)
		return term{}
	}
	if s := find("sectors", "CPAS"); s.Nl != "OCMW" {
		t.Errorf("CPAS in Dutch: %q", s.Nl)
	}
	if k := find("collaborationKinds", "immersion"); k.Fr == k.Nl || k.Nl == k.En {
		t.Errorf("immersion: %+v", k)
	}
}

// TestSuggestedMeetingsDomainInEachLanguage asks the demo's suggested
// meetings in parentalite over HTTP in English, Dutch and French: the shared
// domain is named by the demo's label in that language (labelEn "Parenting
// support" in English, with no French label left in the text), and
// Domain.label(lang) says the same; in English the sectors' reason reads
// "from different sectors (A and B) and not yet tied".
func TestSuggestedMeetingsDomainInEachLanguage(t *testing.T) {
	ts := serveSecure(t)
	q := `{ suggestedMeetings(domain: "parentalite", first: 10) { reasons explanations { code text params { kind value label } } }
		domain(key: "parentalite") { labelFr labelNl labelEn label } }`
	for _, tc := range []struct {
		header, want string
		not          []string
	}{
		{"en-GB,en;q=0.9", "Parenting support", []string{"Soutien à la parentalité", "Opvoedingsondersteuning", "parentalité"}},
		{"nl-BE", "Opvoedingsondersteuning", []string{"Soutien à la parentalité", "Parenting support"}},
		{"fr-BE", "Soutien à la parentalité", []string{"Parenting support", "Opvoedingsondersteuning"}},
	} {
		var r struct {
			meetingTexts
			Domain struct{ LabelFr, LabelNl, LabelEn, Label string }
		}
		data(t, postLang(t, ts.URL, tc.header, q), &r)
		if r.Domain.Label != tc.want {
			t.Errorf("%s: domain label %q (%+v), want %q", tc.header, r.Domain.Label, r.Domain, tc.want)
		}
		if len(r.SuggestedMeetings) == 0 {
			t.Fatalf("%s: no suggested meeting in parentalite", tc.header)
		}
		shared := 0
		for _, m := range r.SuggestedMeetings {
			for i, e := range m.Explanations {
				for _, p := range e.Params {
					if p.Kind == "DOMAIN" && p.Value == "parentalite" {
						shared++
						if p.Label != tc.want || !strings.Contains(e.Text, tc.want) || !strings.Contains(m.Reasons[i], tc.want) {
							t.Errorf("%s: %s: label %q, text %q, reason %q, want %q", tc.header, e.Code, p.Label, e.Text, m.Reasons[i], tc.want)
						}
					}
				}
				if e.Code == string(i18n.MeetingNotYetTied) && tc.want == "Parenting support" && !strings.HasPrefix(e.Text, "from different sectors (") {
					t.Errorf("en: %s reads %q", e.Code, e.Text)
				}
				for _, bad := range tc.not {
					if strings.Contains(e.Text, bad) || strings.Contains(m.Reasons[i], bad) {
						t.Errorf("%s: %q names %q", tc.header, e.Text, bad)
					}
				}
			}
		}
		if shared == 0 {
			t.Errorf("%s: no explanation names parentalite", tc.header)
		}
	}
}
