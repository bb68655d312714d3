package analytics

import (
	"context"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestDataQualityDemo checks the report on the demo: each kind names the
// records of internal/demo/schaerbeek that a coordinator should fix.
func TestDataQualityDemo(t *testing.T) {
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewIndex(ds).DataQuality(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, q := range r.Issues {
		for _, ref := range q.Records {
			got[q.Kind] = append(got[q.Kind], ref.Key)
		}
	}
	for _, tc := range []struct {
		kind string
		want []string // must be there
		not  []string // must not
	}{
		// 41 people, 4 organisations listed.
		{QualityUnderlisted, []string{"rencontre-ej-scolarite-2015", "rencontre-sante-mentale-2015", "immersion-2022"}, []string{"colloque-2010"}},
		{QualitySingleParty, []string{"croix-rouge-maisons-medicales"}, []string{"cass-partenariat"}},
		{QualityUndated, []string{"gt-seniors", "gt-guide", "css-assemblee-mensuelle"}, []string{"gt-sante", "colloque-2010"}},
		{QualityNoDomain, []string{"ciproc", "hss", "afak"}, []string{"cpas-schaerbeek"}},
		{QualityDuplicate, []string{"cpas-famille-jeunesse", "cpas-pole-jeunes"}, []string{"cass", "css"}},
		{QualityPostponed, []string{"rencontre-ej-parentalite"}, []string{"colloque-2010"}},
	} {
		for _, k := range tc.want {
			if !slices.Contains(got[tc.kind], k) {
				t.Errorf("%s: %s missing from %v", tc.kind, k, got[tc.kind])
			}
		}
		for _, k := range tc.not {
			if slices.Contains(got[tc.kind], k) {
				t.Errorf("%s: %s should not be listed", tc.kind, k)
			}
		}
	}
	if len(r.Issues) != len(QualityKinds) {
		t.Errorf("%d issues, want one per kind (%d)", len(r.Issues), len(QualityKinds))
	}
}

// TestDataQualityTiesAndMemberships checks the two kinds the demo has
// none of: an organisation tied to nobody and a person working nowhere.
func TestDataQualityTiesAndMemberships(t *testing.T) {
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	ds.Organisations = append(ds.Organisations, reseau.Organisation{Key: "zz-alone", Name: "Seule au monde"})
	ds.People = append(ds.People, reseau.Person{Key: "zz-nowhere", Name: "Personne Nulle Part", Visibility: reseau.VisibilityNetwork})
	r, err := NewIndex(ds).DataQuality(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range r.Issues {
		var keys []string
		for _, ref := range q.Records {
			keys = append(keys, ref.Key)
		}
		switch q.Kind {
		case QualityNoTie:
			if !slices.Equal(keys, []string{"zz-alone"}) {
				t.Errorf("without tie: %v, want [zz-alone]", keys)
			}
		case QualityNoMembership:
			if !slices.Equal(keys, []string{"zz-nowhere"}) {
				t.Errorf("without membership: %v, want [zz-nowhere]", keys)
			}
		}
	}
}

// TestPossibleDuplicatesDemo checks the pair the demo's sources list twice
// (the CPAS youth service under its 2015 and its 2021 names), and that two
// bodies with close names but their own acronyms (CASS, CSS) and the
// medical centres that share "Maison médicale" are not offered.
func TestPossibleDuplicatesDemo(t *testing.T) {
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewIndex(ds).PossibleDuplicates(context.Background(), MaxFirst)
	if err != nil {
		t.Fatal(err)
	}
	pairs := map[[2]string]Duplicate{}
	for i, x := range d {
		pairs[[2]string{x.A, x.B}] = x
		if i > 0 && d[i-1].Score < x.Score {
			t.Errorf("not best first at %d: %v after %v", i, x.Score, d[i-1].Score)
		}
	}
	if p, ok := pairs[[2]string{"cpas-famille-jeunesse", "cpas-pole-jeunes"}]; !ok || p.Type != reseau.TypeOrganisation || len(p.Explanations) == 0 {
		t.Errorf("cpas-famille-jeunesse / cpas-pole-jeunes: %+v, %v", p, ok)
	}
	for _, no := range [][2]string{{"cass", "css"}, {"mm-du-nord", "mm-le-noyer"}, {"la-gerbe", "le-meridien"}, {"la-gerbe", "memoire-vivante"}} {
		if _, ok := pairs[no]; ok {
			t.Errorf("%v offered as duplicates", no)
		}
	}
}

// TestDuplicatesOf checks the warning of a create: "Latitude nord" again
// is the demo's "Latitude Nord"; a new name is nobody's duplicate.
func TestDuplicatesOf(t *testing.T) {
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, want string
	}{
		{"Latitude nord", "latitude-nord"},
		{"Lattitude Nord asbl", "latitude-nord"},
		{"Maison Médicale Neptune", "mm-neptune"},
		{"Les Amis du Parc Josaphat", ""},
	} {
		o := reseau.Organisation{Key: "new", Name: tc.name}
		d, err := DuplicatesOf(context.Background(), []reseau.Organisation{o}, ds.Organisations)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tc.want == "" && len(d) > 0:
			t.Errorf("%q: %+v, want none", tc.name, d)
		case tc.want != "" && (len(d) == 0 || d[0].A != "new" || d[0].B != tc.want):
			t.Errorf("%q: %+v, want new / %s first", tc.name, d, tc.want)
		}
	}
}

func TestNameSimilarity(t *testing.T) {
	for _, tc := range []struct {
		a, b     string
		min, max float64
	}{
		{"Latitude Nord", "latitude nord asbl", 1, 1},
		{"Le Méridien", "le meridien", 1, 1},
		{"Lattitude Nord", "Latitude Nord", 0.99, 1},
		{"Maison médicale du Nord", "Maison médicale Le Noyer", 0, 0.6},
		{"", "x", 0, 0},
	} {
		if s := reseau.NameSimilarity(tc.a, tc.b); s < tc.min || s > tc.max {
			t.Errorf("%q ~ %q = %.2f, want in [%.2f, %.2f]", tc.a, tc.b, s, tc.min, tc.max)
		}
	}
}
