package analytics

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// bce writes a valid enterprise number from eight digits (the last two the
// 97-complement), in the form given: "dots" 0400.000.195, "be" BE0400000195.
func bce(first8 int, form string) string {
	s := fmt.Sprintf("%010d", first8*100+97-first8%97)
	if form == "be" {
		return "BE" + s
	}
	return s[:4] + "." + s[4:7] + "." + s[7:]
}

// directoryOrgs is a small fictional network: a CPAS with two services
// that give its call centre, address and enterprise number, and
// associations with names unlike each other.
func directoryOrgs() []reseau.Organisation {
	callCentre := []reseau.Phone{{Number: "+32 2 000 10 10", Description: "Call center"}}
	seat := []reseau.Address{{Street: "Boulevard de l'Exemple", Number: "70", Postcode: "1030", Commune: "Schaerbeek"}}
	cpasBCE := []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: bce(2123456, "dots")}}
	org := func(key, name, parent string, d reseau.Directory) reseau.Organisation {
		return reseau.Organisation{Key: key, Name: name, ParentKey: parent, Directory: d}
	}
	return []reseau.Organisation{
		org("cpas", "CPAS d'Exemple", "", reseau.Directory{Phones: callCentre, Addresses: seat, Identifiers: cpasBCE}),
		org("cpas-energie", "Cellule énergie", "cpas", reseau.Directory{Phones: callCentre, Addresses: seat, Identifiers: cpasBCE}),
		org("cpas-logement", "Service logement", "cpas", reseau.Directory{Phones: callCentre, Addresses: seat, Identifiers: cpasBCE,
			Emails: []string{"logement@cpas.example.org"}}),
		org("entraide", "Entraide Josaphat", "", reseau.Directory{Identifiers: []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: bce(4000001, "dots")}}}),
		org("potager", "Le Potager Voisin", "", reseau.Directory{Phones: []reseau.Phone{{Number: "+32 2 333 44 55"}},
			Emails: []string{"contact@potager.example.org"}}),
		org("bibliobus", "Bibliobus des Quartiers", "", reseau.Directory{Website: "https://www.bibliobus.example.org/",
			Addresses: []reseau.Address{{Street: "Rue Haute", Number: "5", Postcode: "1000", Commune: "Bruxelles"}}}),
		org("mm-vents", "Maison médicale Quatre Vents", "", reseau.Directory{Identifiers: []reseau.Identifier{{Scheme: "INAMI", Value: "1-23456-78-901"}}}),
	}
}

func find(d []Duplicate, a, b string) (Duplicate, bool) {
	for _, x := range d {
		if x.A == a && x.B == b || x.A == b && x.B == a {
			return x, true
		}
	}
	return Duplicate{}, false
}

func codes(x Duplicate) []i18n.Code {
	var out []i18n.Code
	for _, e := range x.Explanations {
		out = append(out, e.Code)
	}
	return out
}

// TestDuplicateReasons adds to directoryOrgs one organisation at a time and
// checks whether it is found a duplicate, of which, and why: each reason of
// the directory records (the enterprise number alone, even under another
// name; another register's identifier; e-mail, website, phone and address,
// each in other spellings; names in French and Dutch), and what is not
// enough (a phone or an address alone, the CPAS's call centre given by
// another of its services).
func TestDuplicateReasons(t *testing.T) {
	for _, tc := range []struct {
		name     string
		org      reseau.Organisation
		dup      string      // the organisation it duplicates; "" for none
		want     []i18n.Code // the codes of the pair, in order
		min, max float64     // the score's bounds
	}{
		{"same enterprise number, another name (renamed)",
			reseau.Organisation{Name: "Solidarité Nord", Directory: reseau.Directory{Identifiers: []reseau.Identifier{{Scheme: "KBO", Value: bce(4000001, "be")}}}},
			"entraide", []i18n.Code{i18n.DuplicateSameEnterpriseNumber}, 0.95, 1},
		{"same identifier of another register",
			reseau.Organisation{Name: "Centre de santé du Nord", Directory: reseau.Directory{Identifiers: []reseau.Identifier{{Scheme: "inami", Value: "12345678901"}}}},
			"mm-vents", []i18n.Code{i18n.DuplicateSameIdentifier}, 0.8, 0.9},
		{"same e-mail and phone, another name",
			reseau.Organisation{Name: "Jardins partagés", Directory: reseau.Directory{Emails: []string{"Contact@Potager.example.org"}, Phones: []reseau.Phone{{Number: "02/333.44.55"}}}},
			"potager", []i18n.Code{i18n.DuplicateSameEmail, i18n.DuplicateSamePhone}, 0.9, 1},
		{"a phone alone",
			reseau.Organisation{Name: "Maison des Jeunes", Directory: reseau.Directory{Phones: []reseau.Phone{{Number: "0032 2 333 44 55"}}}},
			"", nil, 0, 0},
		{"an address alone",
			reseau.Organisation{Name: "Atelier Vélo", Directory: reseau.Directory{Addresses: []reseau.Address{{Street: "R. Haute", Number: "5", Postcode: "1000", Commune: "Bruxelles"}}}},
			"", nil, 0, 0},
		{"the CPAS's call centre, address and number, given by a new service of it",
			reseau.Organisation{Name: "Service de médiation de dettes", ParentKey: "cpas", Directory: reseau.Directory{Phones: []reseau.Phone{{Number: "02 000 10 10"}},
				Addresses:   []reseau.Address{{Street: "Bd de l'Exemple", Number: "70", Postcode: "1030", Commune: "Schaerbeek"}},
				Identifiers: []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: bce(2123456, "dots")}}}},
			"", nil, 0, 0},
		{"the name in Dutch, the phone and the address",
			reseau.Organisation{Name: "De Buurtmoestuin", Directory: reseau.Directory{NameNL: "Potager Voisin", Phones: []reseau.Phone{{Number: "+32 (0)2 333 44 55"}},
				Addresses: []reseau.Address{{Street: "Rue du Jardin", Number: "1", Postcode: "1030", Commune: "Schaerbeek"}}}},
			"potager", []i18n.Code{i18n.DuplicateSameName, i18n.DuplicateSamePhone}, 1, 1},
		{"same name, another enterprise number: two legal entities, shown last",
			reseau.Organisation{Name: "Entraide Josaphat asbl", Directory: reseau.Directory{Identifiers: []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: bce(4000002, "dots")}}}},
			"entraide", []i18n.Code{i18n.DuplicateSameName}, 0.6, 0.7},
		{"the body under its Dutch name, the e-mail alone",
			reseau.Organisation{Name: "Gedeelde Moestuin Noord", Directory: reseau.Directory{Emails: []string{"contact@potager.example.org"}}},
			"potager", []i18n.Code{i18n.DuplicateSameEmail}, 0.6, 0.7},
		{"the body under its Dutch name, the website alone",
			reseau.Organisation{Name: "Mobiele Bibliotheek", Directory: reseau.Directory{Website: "https://bibliobus.example.org"}},
			"bibliobus", []i18n.Code{i18n.DuplicateSameWebsite}, 0.6, 0.7},
		{"website and address, other spellings",
			reseau.Organisation{Name: "Bibliothèque mobile", Directory: reseau.Directory{Website: "http://bibliobus.example.org",
				Addresses: []reseau.Address{{Street: "Rue Haute", Number: "5", Postcode: "1000", Commune: "Bruxelles"}}}},
			"bibliobus", []i18n.Code{i18n.DuplicateSameWebsite, i18n.DuplicateSameAddress}, 0.8, 0.9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.org.Key = "new"
			d, err := DuplicatesOf(context.Background(), []reseau.Organisation{tc.org}, directoryOrgs())
			if err != nil {
				t.Fatal(err)
			}
			if tc.dup == "" {
				if len(d) > 0 {
					t.Fatalf("found %+v, want none", d)
				}
				return
			}
			if len(d) != 1 || d[0].A != "new" || d[0].B != tc.dup {
				t.Fatalf("found %+v, want new / %s alone", d, tc.dup)
			}
			if got := codes(d[0]); !slices.Equal(got, tc.want) {
				t.Errorf("codes %v, want %v (%v)", got, tc.want, d[0].Reasons(i18n.EN))
			}
			if d[0].Score < tc.min || d[0].Score > tc.max {
				t.Errorf("score %.2f, want in [%.2f, %.2f]", d[0].Score, tc.min, tc.max)
			}
		})
	}
}

// TestDuplicateNameKinds checks that the names in French and Dutch count
// as names, and that the explanation says which name matched: the new
// organisation's Dutch name, the other's name.
func TestDuplicateNameKinds(t *testing.T) {
	o := reseau.Organisation{Key: "new", Name: "De Buurtmoestuin", Directory: reseau.Directory{NameNL: "Potager Voisin"}}
	d, err := DuplicatesOf(context.Background(), []reseau.Organisation{o}, directoryOrgs())
	if err != nil {
		t.Fatal(err)
	}
	x, ok := find(d, "new", "potager")
	if !ok || len(x.Explanations) == 0 {
		t.Fatalf("new / potager not found: %+v", d)
	}
	got := map[string]string{}
	for _, p := range x.Explanations[0].Params {
		got[p.Name] = p.Value
	}
	if got["kindA"] != i18n.NameNL || got["nameA"] != "Potager Voisin" || got["kindB"] != i18n.NameMain || got["nameB"] != "Le Potager Voisin" {
		t.Errorf("params %v, want the Dutch name of new and the name of potager", got)
	}
	for l, want := range map[i18n.Lang]string{i18n.FR: "nom néerlandais « Potager Voisin »", i18n.NL: "Nederlandse naam ‘Potager Voisin’", i18n.EN: "Dutch name “Potager Voisin”"} {
		if txt := x.Explanations[0].Text(l); !strings.Contains(txt, want) {
			t.Errorf("%s: %q, want it to contain %q", l, txt, want)
		}
	}
}

// TestDuplicateServicesShareInstitution: the services of one institution
// give its call centre, address and enterprise number, and are not
// duplicates of each other (nor of it) on that account.
func TestDuplicateServicesShareInstitution(t *testing.T) {
	d, err := organisationMatcher(directoryOrgs()).all(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(d) > 0 {
		t.Errorf("found %+v, want none", d)
	}
	// The same services, not linked to the CPAS: three bodies giving one
	// number, one phone and one address are suspect.
	orgs := directoryOrgs()
	for i := range orgs {
		orgs[i].ParentKey = ""
	}
	d, err = organisationMatcher(orgs).all(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := find(d, "cpas-energie", "cpas-logement"); !ok {
		t.Errorf("unlinked services sharing everything: %+v, want cpas-energie / cpas-logement", d)
	}
}

// TestDuplicateSharedContactsWeighLess: a phone and an address that two
// bodies give make them suspect; the same given by many (a house of
// associations' reception) make nobody suspect.
func TestDuplicateSharedContactsWeighLess(t *testing.T) {
	names := []string{"Atelier Vélo", "Ludothèque Mosaïque", "Chorale des Voisins", "Repair Café", "École de Devoirs Arc-en-Ciel", "Club d'Échecs"}
	house := reseau.Directory{Phones: []reseau.Phone{{Number: "+32 2 555 00 00"}},
		Addresses: []reseau.Address{{Street: "Rue des Associations", Number: "1", Postcode: "1030", Commune: "Schaerbeek"}}}
	orgs := func(n int) []reseau.Organisation {
		var out []reseau.Organisation
		for i, name := range names[:n] {
			out = append(out, reseau.Organisation{Key: fmt.Sprintf("asso-%d", i), Name: name, Directory: house})
		}
		return out
	}
	d, err := organisationMatcher(orgs(2)).all(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if x, ok := find(d, "asso-0", "asso-1"); !ok || !slices.Equal(codes(x), []i18n.Code{i18n.DuplicateSamePhone, i18n.DuplicateSameAddress}) {
		t.Errorf("two bodies, one phone and one address: %+v", d)
	}
	d, err = organisationMatcher(orgs(len(names))).all(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(d) > 0 {
		t.Errorf("%d bodies at one house: %+v, want none", len(names), d)
	}
}
