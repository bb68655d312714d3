package i18n_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/i18n"
)

// TestCatalogueComplete walks the catalogue: every code has a template in
// every language, and the three templates of a code use the same
// parameters, so that no language drops or invents one.
func TestCatalogueComplete(t *testing.T) {
	codes := i18n.Codes()
	if len(codes) < 8 {
		t.Fatalf("the catalogue has %d codes, want the 8 explanations at least", len(codes))
	}
	placeholder := regexp.MustCompile(`\{[a-zA-Z]+\}`)
	for _, c := range codes {
		var want []string
		for i, l := range i18n.Langs {
			tpl, ok := i18n.Template(c, l)
			if !ok || strings.TrimSpace(tpl) == "" {
				t.Errorf("%s has no text in %s", c, l)
				continue
			}
			ps := placeholder.FindAllString(tpl, -1)
			slices.Sort(ps)
			if i == 0 {
				want = ps
			} else if !slices.Equal(ps, want) {
				t.Errorf("%s in %s uses %v, in %s %v", c, l, ps, i18n.Langs[0], want)
			}
		}
	}
}

// TestTextFillsParams checks that a text names its parameters by their label
// in the language: a domain's Dutch label in Dutch, its English label in
// English, French when the language's label is empty, a sector from the
// vocabulary.
func TestTextFillsParams(t *testing.T) {
	d := i18n.Param{Name: "domain", Kind: i18n.ParamDomain, Value: "parentalite", FR: "Soutien à la parentalité", NL: "Opvoedingsondersteuning", EN: "Parenting support"}
	bare := i18n.Param{Name: "domain", Kind: i18n.ParamDomain, Value: "logement", FR: "Logement"}
	for _, tc := range []struct {
		p    i18n.Param
		lang i18n.Lang
		want string
	}{
		{d, i18n.FR, "Soutien à la parentalité"},
		{d, i18n.NL, "Opvoedingsondersteuning"},
		{d, i18n.EN, "Parenting support"},
		{bare, i18n.NL, "Logement"},
		{bare, i18n.EN, "Logement"},
	} {
		got := i18n.Explanation{Code: i18n.MeetingSharedDomain, Params: []i18n.Param{tc.p}}.Text(tc.lang)
		if !strings.Contains(got, tc.want) || strings.Contains(got, "{") {
			t.Errorf("%s %s: %q, want it to name %q", tc.p.Value, tc.lang, got, tc.want)
		}
	}
	s := i18n.Explanation{Code: i18n.MeetingNotYetTied, Params: []i18n.Param{
		{Name: "sectorA", Kind: i18n.ParamSector, Value: "CPAS"}, {Name: "sectorB", Kind: i18n.ParamSector, Value: "ASSOCIATIF"}}}
	if got := s.Text(i18n.NL); !strings.Contains(got, "OCMW") || !strings.Contains(got, "verenigingen") {
		t.Errorf("NL sectors: %q", got)
	}
}

// TestNegotiate checks Accept-Language negotiation: regions and case are
// ignored, q weights rank, unknown languages fall back to the default.
func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   i18n.Lang
	}{
		{"", i18n.EN},
		{"nl-BE", i18n.NL},
		{"fr-BE,fr;q=0.9,en;q=0.8", i18n.FR},
		{"de-DE, nl;q=0.5, fr;q=0.7", i18n.FR},
		{"EN_gb", i18n.EN},
		{"de, es", i18n.EN},
		{"nl;q=0, fr;q=0.1", i18n.FR},
		{"nl;q=abc, fr;q=0.2", i18n.FR},
		{"*", i18n.EN},
	} {
		if got := i18n.Negotiate(tc.header); got != tc.want {
			t.Errorf("Negotiate(%q) = %s, want %s", tc.header, got, tc.want)
		}
	}
}

// TestVocabularyCoversDemo checks that every sector has a label in every
// language, and that every kind and role of the Schaerbeek demo data has
// labels too (a code without labels would be shown raw).
func TestVocabularyCoversDemo(t *testing.T) {
	dir := filepath.Join("..", "demo", "schaerbeek")
	for _, tc := range []struct {
		file, column string
		v            i18n.Vocabulary
	}{
		{"collaborations.csv", "kind", i18n.VocabCollaborationKind},
		{"partnerships.csv", "kind", i18n.VocabPartnershipKind},
		{"collaboration_participants.csv", "role", i18n.VocabCollaborationRole},
		{"partnership_parties.csv", "role", i18n.VocabPartnershipRole},
		{"organisations.csv", "sector", i18n.VocabSector},
	} {
		for _, code := range column(t, filepath.Join(dir, tc.file), tc.column) {
			if tc.v == i18n.VocabSector {
				code = strings.ToUpper(code) // the import's spelling of the enum
			}
			for _, l := range i18n.Langs {
				if !slices.ContainsFunc(i18n.Entries(tc.v, l), func(e i18n.Entry) bool { return e.Code == code && e.Label != "" }) {
					t.Errorf("%s %q (%s) has no %s label", tc.v, code, tc.file, l)
				}
			}
		}
	}
}

// column returns the distinct non-empty values of a CSV column.
func column(t *testing.T, path, name string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.Index(rows[0], name)
	if i < 0 {
		t.Fatalf("%s has no column %s", path, name)
	}
	var out []string
	for _, r := range rows[1:] {
		if v := strings.TrimSpace(r[i]); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: column %s is empty", path, name)
	}
	return out
}
