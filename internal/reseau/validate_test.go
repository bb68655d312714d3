package reseau_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestValidDate(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, "2015": true, "2015-06": true, "2015-06-02": true, "2024-02-29": true,
		"2023-02-29": false, "2015-13": false, "2015-6-2": false, "15-06-02": false, "2015-06-31": false,
		"abcd": false, "2015-06-02T10:00": false, "2015-": false,
	} {
		if got := reseau.ValidDate(s); got != want {
			t.Errorf("ValidDate(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestDatePadding(t *testing.T) {
	cases := []struct{ in, low, high string }{
		{"2015", "2015-01-01", "2015-12-31"},
		{"2024-02", "2024-02-01", "2024-02-29"},
		{"2023-02", "2023-02-01", "2023-02-28"},
		{"2015-06-02", "2015-06-02", "2015-06-02"},
		{"", "", ""},
	}
	for _, c := range cases {
		if got := reseau.DateLow(c.in); got != c.low {
			t.Errorf("DateLow(%q) = %q, want %q", c.in, got, c.low)
		}
		if got := reseau.DateHigh(c.in); got != c.high {
			t.Errorf("DateHigh(%q) = %q, want %q", c.in, got, c.high)
		}
	}
}

func TestOverlaps(t *testing.T) {
	cases := []struct {
		name                 string
		start, end, from, to string
		want                 bool
	}{
		{"unbounded", "", "", "", "", true},
		{"unknown dates with a range", "", "", "2010", "", false},
		{"inside", "2015-03-01", "2015-03-02", "2015", "2015", true},
		{"before", "2010-03-19", "", "2011", "", false},
		{"partial year meets day", "2022", "", "2022-06-01", "2022-06-30", true},
		{"after", "2023-01-01", "2023-12-31", "", "2022-12-31", false},
	}
	for _, c := range cases {
		if got := reseau.Overlaps(c.start, c.end, c.from, c.to); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Le Méridien, Service de Santé Mentale":      "le meridien service de sante mentale",
		"  SSM   La Gerbe ":                          "ssm la gerbe",
		"Pôle Jeunes":                                "pole jeunes",
		"CPAS - Associatif : Liaisons dangereuses ?": "cpas associatif liaisons dangereuses",
		"": "",
	} {
		if got := reseau.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDatasetValidate(t *testing.T) {
	base := func() *reseau.Dataset {
		return &reseau.Dataset{
			Domains:        []reseau.Domain{{Key: "sante", LabelFR: "Santé"}},
			Organisations:  []reseau.Organisation{{Key: "a", Name: "A", Sector: reseau.SectorCPAS, Domains: []string{"sante"}}, {Key: "b", Name: "B", ParentKey: "a"}},
			Collaborations: []reseau.Collaboration{{Key: "c", Kind: "atelier", Title: "C", StartDate: "2015"}},
			Participations: []reseau.Participation{{CollaborationKey: "c", OrganisationKey: "a"}, {CollaborationKey: "c", OrganisationKey: "b"}},
			People:         []reseau.Person{{Key: "p", Name: "P", Visibility: reseau.VisibilityNetwork}},
			Memberships:    []reseau.Membership{{PersonKey: "p", OrganisationKey: "a"}},
		}
	}
	cases := []struct {
		name    string
		mutate  func(d *reseau.Dataset)
		exists  func(typ, key string) bool
		section string
		row     int
		field   string
	}{
		{"valid", func(d *reseau.Dataset) {}, nil, "", 0, ""},
		{"unknown sector", func(d *reseau.Dataset) { d.Organisations[1].Sector = "ASBL" }, nil, "organisations", 1, "sector"},
		{"empty name", func(d *reseau.Dataset) { d.Organisations[0].Name = " " }, nil, "organisations", 0, "name"},
		{"duplicate key", func(d *reseau.Dataset) { d.Organisations[1].Key = "a"; d.Organisations[1].ParentKey = "" }, nil, "organisations", 1, "key"},
		{"unknown domain", func(d *reseau.Dataset) { d.Organisations[0].Domains = []string{"x"} }, nil, "organisations", 0, "domains"},
		{"bad date", func(d *reseau.Dataset) { d.Collaborations[0].StartDate = "2015-13-01" }, nil, "collaborations", 0, "startDate"},
		{"end before start", func(d *reseau.Dataset) { d.Collaborations[0].EndDate = "2014" }, nil, "collaborations", 0, "endDate"},
		{"unknown organisation", func(d *reseau.Dataset) { d.Participations[1].OrganisationKey = "zz" }, nil, "participations", 1, "organisation"},
		{"known in store", func(d *reseau.Dataset) { d.Participations[1].OrganisationKey = "zz" }, func(typ, key string) bool { return key == "zz" }, "", 0, ""},
		{"duplicate edge", func(d *reseau.Dataset) { d.Participations[1].OrganisationKey = "a" }, nil, "participations", 1, "key"},
		{"parent cycle", func(d *reseau.Dataset) { d.Organisations[0].ParentKey = "b" }, nil, "organisations", 0, "parent"},
		{"collaboration parent cycle", func(d *reseau.Dataset) {
			d.Collaborations = append(d.Collaborations, reseau.Collaboration{Key: "c2", Kind: "atelier", Title: "C2", ParentKey: "c"})
			d.Collaborations[0].ParentKey = "c2"
		}, nil, "collaborations", 0, "parent"},
		{"domain listed twice", func(d *reseau.Dataset) { d.Organisations[0].Domains = []string{"sante", "sante"} }, nil, "organisations", 0, "domains"},
		{"bad visibility", func(d *reseau.Dataset) { d.People[0].Visibility = "PUBLIC" }, nil, "people", 0, "visibility"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := base()
			c.mutate(d)
			err := d.Validate(c.exists)
			if c.section == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			e, ok := err.(*reseau.Error)
			if !ok {
				t.Fatalf("got %T %v, want *reseau.Error", err, err)
			}
			if e.Code != reseau.EINVALID || e.Section != c.section || e.Row != c.row || e.Field != c.field {
				t.Fatalf("got code=%s section=%s row=%d field=%s (%v), want %s/%d/%s", e.Code, e.Section, e.Row, e.Field, e, c.section, c.row, c.field)
			}
		})
	}
}

func TestCheckPartOf(t *testing.T) {
	org := func(key, parent string) reseau.Organisation {
		return reseau.Organisation{Key: key, Name: key, ParentKey: parent}
	}
	chain := make([]reseau.Organisation, 0, 50000)
	for i := 0; i < 50000; i++ {
		parent := ""
		if i > 0 {
			parent = fmt.Sprint("o", i-1)
		}
		chain = append(chain, org(fmt.Sprint("o", i), parent))
	}
	cases := []struct {
		name   string
		orgs   []reseau.Organisation
		stored map[string]string
		row    int // -1: no error
	}{
		{"through a stored parent", []reseau.Organisation{org("x", ""), org("a", "b")}, map[string]string{"b": "a"}, 1},
		{"stored chain back to an imported row", []reseau.Organisation{org("a", "c")}, map[string]string{"c": "b", "b": "a"}, 0},
		{"replacing the stored parent breaks the loop", []reseau.Organisation{org("b", "")}, map[string]string{"b": "a", "a": ""}, -1},
		{"a stored tree", []reseau.Organisation{org("a", "root")}, map[string]string{"b": "a", "c": "a"}, -1},
		{"a long chain", chain, nil, -1},
		{"a long chain closed at its top", append([]reseau.Organisation{org("o0", "o49999")}, chain[1:]...), nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := &reseau.Dataset{Organisations: c.orgs}
			err := d.CheckPartOf(c.stored, nil)
			if c.row < 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			e, ok := err.(*reseau.Error)
			if !ok || e.Code != reseau.EINVALID || e.Section != "organisations" || e.Row != c.row || e.Field != "parent" {
				t.Fatalf("got %v, want EINVALID at organisations[%d].parent", err, c.row)
			}
		})
	}
}

func TestReachesStoredParents(t *testing.T) {
	inside := &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "a"}, {Key: "b", ParentKey: "a"}}}
	outside := &reseau.Dataset{Collaborations: []reseau.Collaboration{{Key: "w", ParentKey: "colloque"}}}
	if inside.ReachesStoredParents() || !outside.ReachesStoredParents() {
		t.Fatalf("inside %v, outside %v", inside.ReachesStoredParents(), outside.ReachesStoredParents())
	}
}

func TestFoldNames(t *testing.T) {
	if got, want := reseau.FoldNames("Le Méridien", "", "SSM  La Gerbe"), "le meridien\nssm la gerbe"; got != want {
		t.Errorf("FoldNames = %q, want %q", got, want)
	}
}

func TestCallerInContext(t *testing.T) {
	ctx := context.Background()
	if c := reseau.CallerFrom(ctx); c != reseau.System {
		t.Errorf("no caller: %+v, want the system", c)
	}
	if c := reseau.CallerFrom(reseau.WithCaller(ctx, nil)); c != reseau.Anonymous {
		t.Errorf("a nil caller: %+v, want anonymous", c)
	}
}

// validRows is one valid value of every node and relationship type.
func validRows() []interface{ Validate() error } {
	n := 3
	return []interface{ Validate() error }{
		&reseau.Domain{Key: "sante", LabelFR: "Santé", LabelNL: "Gezondheid", LabelEN: "Health"},
		&reseau.Organisation{Key: "le-meridien", Name: "Le Méridien", ShortName: "SSM", Sector: reseau.SectorAssociatif,
			ParentKey: "cass", Domains: []string{"sante"}, Commune: "Schaerbeek", Languages: []string{"fr"}, Aliases: []string{"SSM Le Méridien"}},
		&reseau.Person{Key: "p-7k2q", Name: "Ana", Email: "ana@example.org", Phone: "+32 2 000 00 00", Visibility: reseau.VisibilityNetwork},
		&reseau.Collaboration{Key: "colloque-2010", Kind: "colloque", Title: "Colloque", Domains: []string{"sante"}, StartDate: "2010",
			EndDate: "2011", Status: "held", ParentKey: "cycle.2010", LocationKey: "cass", ParticipantsCount: &n, Description: "Deux\njours"},
		&reseau.Partnership{Key: "cass_partenariat", Kind: "convention", Title: "Partenariat", StartDate: "2005", EndDate: "2006", Description: "Paritaire"},
		&reseau.Membership{PersonKey: "p-7k2q", OrganisationKey: "le-meridien", Role: "psychologue", Since: "2015", Until: "2020"},
		&reseau.Participation{CollaborationKey: "colloque-2010", OrganisationKey: "cass", Role: "organisateur"},
		&reseau.PersonParticipation{CollaborationKey: "colloque-2010", PersonKey: "p-7k2q", Role: "orateur"},
		&reseau.Party{PartnershipKey: "cass_partenariat", OrganisationKey: "cass", Role: "partie"},
		&reseau.Knows{PersonKey: "p-7k2q", OtherKey: "p-9x", Since: "2019", Source: "immersion"},
	}
}

// TestValidateRefusesControls walks every string field of every node and
// relationship type (by reflection, so a new field is covered) and puts in
// it a C0 control, DEL, a C1 control, a bidi override and a bidi isolate:
// each is EINVALID naming that field (its JSON name).
func TestValidateRefusesControls(t *testing.T) {
	bad := []string{"a\x00b", "a\x1bb", "a\x7fb", "a\u0085b", "a\u202eb", "a\u2066b", "a\x01"}
	for _, row := range validRows() {
		if err := row.Validate(); err != nil {
			t.Fatalf("%T: the valid row is refused: %v", row, err)
		}
		typ := reflect.TypeOf(row).Elem()
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			for _, s := range bad {
				v := reflect.New(typ)
				v.Elem().Set(reflect.ValueOf(row).Elem())
				fv := v.Elem().Field(i)
				switch {
				case fv.Kind() == reflect.String:
					fv.SetString(s)
				case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
					fv.Set(reflect.Append(reflect.MakeSlice(fv.Type(), 0, 2), reflect.ValueOf(s).Convert(fv.Type().Elem())))
				default:
					continue
				}
				err := v.Interface().(interface{ Validate() error }).Validate()
				var e *reseau.Error
				if !errors.As(err, &e) || e.Code != reseau.EINVALID || e.Field != name {
					t.Errorf("%s.%s = %q: got %v, want INVALID on %s", typ.Name(), f.Name, s, err, name)
				}
			}
		}
	}
}

func TestValidateText(t *testing.T) {
	cases := []struct {
		name string
		row  interface{ Validate() error }
		ok   bool
	}{
		{"description lines and tabs", &reseau.Collaboration{Key: "c", Kind: "atelier", Title: "C", Description: "un\ttab\nline\r\nwindows"}, true},
		{"description lone carriage return", &reseau.Collaboration{Key: "c", Kind: "atelier", Title: "C", Description: "over\rwrite"}, false},
		{"description bidi override", &reseau.Partnership{Key: "p", Kind: "convention", Title: "P", Description: "a\u202eb"}, false},
		{"newline in a name", &reseau.Organisation{Key: "o", Name: "Le\nMéridien"}, false},
		{"tab in a title", &reseau.Partnership{Key: "p", Kind: "convention", Title: "a\tb"}, false},
		{"invalid UTF-8 in a role", &reseau.Party{PartnershipKey: "p", OrganisationKey: "o", Role: "a\xffb"}, false},
		{"accents, quotes and emoji", &reseau.Organisation{Key: "o", Name: "Maison d’enfants « L’Écluse » 🌱"}, true},
		{"zero-width joiner kept", &reseau.Person{Key: "p", Name: "👩\u200d⚕️", Visibility: reseau.VisibilityNetwork}, true},
	}
	for _, c := range cases {
		if err := c.row.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: got %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestKeyAlphabet(t *testing.T) {
	for key, ok := range map[string]bool{
		"le-meridien": true, "groupe_de_travail": true, "org-00042": true, "p-7k2qx3": true, "v1.2": true, "0-ans": true,
		strings.Repeat("a", reseau.MaxKeyLen): true, strings.Repeat("a", reseau.MaxKeyLen+1): false,
		"Bad Key!": false, "nul\x00key": false, "Le-Meridien": false, "méridien": false, "-a": false, ".a": false,
		"_a": false, "a b": false, "a/b": false, "a\u202eb": false, "": false, " a": false, "a\xff": false,
	} {
		err := (&reseau.Domain{Key: key, LabelFR: "x"}).Validate()
		var e *reseau.Error
		if ok != (err == nil) || !ok && (!errors.As(err, &e) || e.Code != reseau.EINVALID || e.Field != "key") {
			t.Errorf("key %q: got %v, want ok=%v", key, err, ok)
		}
	}
}
