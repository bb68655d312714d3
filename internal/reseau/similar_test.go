package reseau_test

import (
	"sync"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestContactKeys checks the comparable forms of the contacts the
// duplicate search and the merges compare: each pair of spellings of one
// contact folds alike, and two contacts apart fold apart.
func TestContactKeys(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		same bool
	}{
		{"phone: +32 and 0", reseau.FoldPhone("+32 2 123 45 67"), reseau.FoldPhone("02/123.45.67"), true},
		{"phone: 0032", reseau.FoldPhone("0032 2 123 45 67"), reseau.FoldPhone("02 123 45 67"), true},
		{"phone: +32 (0)2", reseau.FoldPhone("+32 (0)2 123 45 67"), reseau.FoldPhone("02 123 45 67"), true},
		{"phone: another", reseau.FoldPhone("+32 2 123 45 68"), reseau.FoldPhone("02 123 45 67"), false},
		{"website: www, scheme, case, slash", reseau.FoldWebsite("https://www.Example.be/"), reseau.FoldWebsite("http://example.be"), true},
		{"website: path kept", reseau.FoldWebsite("https://www.facebook.com/asbl.a/"), reseau.FoldWebsite("https://facebook.com/asbl.b"), false},
		{"website: query dropped", reseau.FoldWebsite("https://example.be/accueil?lang=fr"), reseau.FoldWebsite("https://example.be/accueil/"), true},
		{"address: abbreviations, accents, box", reseau.FoldAddress(reseau.Address{Street: "Av. de la Reine", Number: "12 bte 3", Postcode: "1030"}),
			reseau.FoldAddress(reseau.Address{Street: "Avenue de la Reine", Number: "12 bus 3", Postcode: "1030 "}), true},
		{"address: chaussée", reseau.FoldAddress(reseau.Address{Street: "Chée de Haecht", Number: "226", Postcode: "1030"}),
			reseau.FoldAddress(reseau.Address{Street: "Chaussée de Haecht", Number: "226", Postcode: "1030"}), true},
		{"address: another number", reseau.FoldAddress(reseau.Address{Street: "Chaussée de Haecht", Number: "228", Postcode: "1030"}),
			reseau.FoldAddress(reseau.Address{Street: "Chaussée de Haecht", Number: "226", Postcode: "1030"}), false},
		{"address: another postcode", reseau.FoldAddress(reseau.Address{Street: "Rue Haute", Number: "5", Postcode: "1000"}),
			reseau.FoldAddress(reseau.Address{Street: "Rue Haute", Number: "5", Postcode: "1030"}), false},
		{"identifier: KBO is BCE", reseau.FoldIdentifier(reseau.Identifier{Scheme: "kbo", Value: "0212 345 668"}),
			reseau.FoldIdentifier(reseau.Identifier{Scheme: "BCE", Value: "0212.345.668"}), true},
		{"identifier: scheme apart", reseau.FoldIdentifier(reseau.Identifier{Scheme: "INAMI", Value: "123-45"}),
			reseau.FoldIdentifier(reseau.Identifier{Scheme: "ONE", Value: "12345"}), false},
	} {
		if tc.a == "" || tc.b == "" {
			t.Errorf("%s: empty key (%q, %q)", tc.name, tc.a, tc.b)
		}
		if (tc.a == tc.b) != tc.same {
			t.Errorf("%s: %q and %q, want same=%v", tc.name, tc.a, tc.b, tc.same)
		}
	}
	for name, k := range map[string]string{"no website": reseau.FoldWebsite(""), "no street": reseau.FoldAddress(reseau.Address{Postcode: "1030"}),
		"too few digits": reseau.FoldPhone("112")} {
		if k != "" {
			t.Errorf("%s: %q, want no key (it would match every other record without)", name, k)
		}
	}
}

// TestFoldConcurrent folds accented names from many goroutines at once:
// the recycled transformers must never be shared by two calls (run with
// -race to see it).
func TestFoldConcurrent(t *testing.T) {
	names := map[string]string{"Le Méridien, SSM": "le meridien ssm", "Crèches de l'Annonciation": "creches de l annonciation",
		"Mémoire Vivante": "memoire vivante", "Schaerbeek": "schaerbeek"}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				for in, want := range names {
					if got := reseau.Fold(in); got != want {
						t.Errorf("Fold(%q) = %q, want %q", in, got, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
