package hsds

import (
	"encoding/json"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"os"
	"slices"
	"testing"
)

// TestColumnsAreHSDS: the columns a file may have when read are exactly the
// tabular fields HSDS 3.0 defines for its object (the properties with
// constraints, what HSDS's own datapackage.json lists), at HSDS's path; the
// files an import leaves aside are HSDS's other files.
func TestColumnsAreHSDS(t *testing.T) {
	b, err := os.ReadFile("testdata/hsds-3.0/schema/compiled/tabular.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Properties map[string]struct {
			Items struct {
				Path       string                     `json:"path"`
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"items"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	paths := map[string]bool{}
	for name, o := range doc.Properties {
		paths[o.Items.Path] = true
		r := resourceAt(o.Items.Path)
		if r == nil {
			if !slices.Contains(otherPaths, o.Items.Path) {
				t.Errorf("HSDS's %s (%s) is neither read nor left aside", name, o.Items.Path)
			}
			continue
		}
		if r.name != name {
			t.Errorf("%s holds %s, HSDS says %s", r.path, r.name, name)
		}
		var fields []string
		for f, raw := range o.Items.Properties {
			var p struct {
				Constraints json.RawMessage `json:"constraints"`
			}
			if err := json.Unmarshal(raw, &p); err != nil {
				t.Fatal(err)
			}
			if p.Constraints != nil {
				fields = append(fields, f)
			}
		}
		slices.Sort(fields)
		cols := slices.Sorted(slices.Values(r.columns))
		if !slices.Equal(cols, fields) {
			t.Errorf("%s: columns %v, HSDS fields %v", r.path, cols, fields)
		}
		for _, f := range r.fields {
			if !slices.Contains(r.columns, f.name) {
				t.Errorf("%s writes %s, not one of its columns", r.path, f.name)
			}
		}
	}
	for _, p := range otherPaths {
		if !paths[p] {
			t.Errorf("%s is not an HSDS file", p)
		}
	}
}

// TestAddressLine: address_1 splits back into the street and the number
// it was made of.
func TestAddressLine(t *testing.T) {
	for _, c := range []struct{ street, number string }{
		{"Rue de la Poste", "12"}, {"Chaussée de Haecht", "123B"}, {"Rue de l'Exemple", "12 bte 3"},
		{"Avenue du 11 Novembre", "5"}, {"Place Colignon", ""}, {"Boulevard Lambermont", "2/4"},
		{"Rue Royale", "7 bus 12"},
	} {
		s, n := splitAddressLine(addressLine(reseauAddress(c.street, c.number)))
		if s != c.street || n != c.number {
			t.Errorf("%q %q splits into %q %q", c.street, c.number, s, n)
		}
	}
	for pc, want := range map[string]string{"1030": "Région de Bruxelles-Capitale", "1348": "Brabant wallon",
		"3000": "Brabant flamand", "4000": "Liège", "9000": "Flandre-Orientale", "75001": "Belgique", "": "Belgique"} {
		if got := province(pc); got != want {
			t.Errorf("province(%q) = %q, want %q", pc, got, want)
		}
	}
}

func reseauAddress(street, number string) reseau.Address {
	return reseau.Address{Street: street, Number: number}
}
