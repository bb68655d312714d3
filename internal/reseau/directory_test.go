package reseau_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func ptr[T any](v T) *T { return &v }

// fullDirectory is a valid organisation with every directory field set.
func fullDirectory() *reseau.Organisation {
	return &reseau.Organisation{
		Key: "cpas-schaerbeek", Name: "CPAS de Schaerbeek", Sector: reseau.SectorCPAS, Commune: "Schaerbeek", Languages: []string{"fr", "nl"},
		Domains: []string{"aide-sociale"},
		Directory: reseau.Directory{
			NameFR: "CPAS de Schaerbeek", NameNL: "OCMW van Schaarbeek",
			DescriptionFR: "Aide sociale\net revenu d'intégration.", DescriptionNL: "Maatschappelijke hulp.",
			Website: "https://www.cpas-schaerbeek.be/", Emails: []string{"info@cpas-schaerbeek.be", "accueil@example.be"},
			Phones: []reseau.Phone{{Number: "+32 2 240 50 11", Kind: "voice", Description: "accueil"}, {Number: "02/240.50.12", Kind: "fax"}, {Number: "0470 12 34 56"}},
			Addresses: []reseau.Address{
				{Kind: "physical", Street: "Boulevard Auguste Reyers", Number: "70", Postcode: "1030", Commune: "Schaerbeek", Latitude: ptr(50.8530), Longitude: ptr(4.3960)},
				{Street: "Place Colignon", Postcode: "1030", Commune: "Schaerbeek"},
			},
			Schedules: []reseau.Schedule{
				{Days: []string{"MO", "TU", "TH", "FR"}, Opens: "08:30", Closes: "12:00"},
				{Days: []string{"WE"}, Opens: "13:00", Closes: "16:30", ValidFrom: "2024-09-01", ValidTo: "2025-06-30"},
			},
			HoursNoteFR: "Fermé les jours fériés.", HoursNoteNL: "Gesloten op feestdagen.",
			EligibilityFR: "Habitants de Schaerbeek.", EligibilityNL: "Inwoners van Schaarbeek.",
			AccessFR: "Tram 7, 25.", AccessNL: "Tram 7, 25.", CostFR: "Gratuit.", CostNL: "Gratis.",
			Identifiers: []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: "0212.345.668"}, {Scheme: "fsma", Value: "123"}},
			Services: []reseau.Service{
				{Key: "revenu-integration", NameFR: "Revenu d'intégration", Domains: []string{"aide-sociale"}, EligibilityFR: "Majeurs."},
				{Key: "mediation-dettes", NameNL: "Schuldbemiddeling"},
			},
		},
	}
}

// TestDirectoryValidate changes one field of a valid record at a time: each
// bad value is EINVALID naming the field at its place in the record.
func TestDirectoryValidate(t *testing.T) {
	if err := fullDirectory().Validate(); err != nil {
		t.Fatalf("the full record is refused: %v", err)
	}
	cases := []struct {
		name   string
		mutate func(o *reseau.Organisation)
		field  string // "" when the change is valid
	}{
		{"website ftp", func(o *reseau.Organisation) { o.Website = "ftp://cpas.be/" }, "website"},
		{"website relative", func(o *reseau.Organisation) { o.Website = "www.cpas.be" }, "website"},
		{"website without host", func(o *reseau.Organisation) { o.Website = "https:///x" }, "website"},
		{"website with a space", func(o *reseau.Organisation) { o.Website = "https://cpas.be/a b" }, "website"},
		{"website http", func(o *reseau.Organisation) { o.Website = "http://cpas.be/contact?x=1" }, ""},
		{"e-mail without @", func(o *reseau.Organisation) { o.Emails = []string{"ok@cpas.be", "info.cpas.be"} }, "emails[1]"},
		{"e-mail with a name", func(o *reseau.Organisation) { o.Emails = []string{"CPAS <info@cpas.be>"} }, "emails[0]"},
		{"e-mail without a domain name", func(o *reseau.Organisation) { o.Emails = []string{"info@localhost"} }, "emails[0]"},
		{"e-mail twice", func(o *reseau.Organisation) { o.Emails = []string{"info@cpas.be", "INFO@cpas.be"} }, "emails[1]"},
		{"e-mail empty", func(o *reseau.Organisation) { o.Emails = []string{""} }, "emails[0]"},
		{"too many e-mails", func(o *reseau.Organisation) { o.Emails = make([]string, 21) }, "emails"},
		{"phone kind", func(o *reseau.Organisation) { o.Phones[1].Kind = "telex" }, "phones[1].kind"},
		{"phone letters", func(o *reseau.Organisation) { o.Phones[0].Number = "02 CPAS 11" }, "phones[0].number"},
		{"phone plus inside", func(o *reseau.Organisation) { o.Phones[0].Number = "02+240" }, "phones[0].number"},
		{"phone too short", func(o *reseau.Organisation) { o.Phones[2].Number = "(1)" }, "phones[2].number"},
		{"phone empty", func(o *reseau.Organisation) { o.Phones[2].Number = "" }, "phones[2].number"},
		{"phone short number", func(o *reseau.Organisation) { o.Phones[2].Number = "112" }, ""},
		{"address kind", func(o *reseau.Organisation) { o.Addresses[1].Kind = "home" }, "addresses[1].kind"},
		{"address without street", func(o *reseau.Organisation) { o.Addresses[1].Street = " " }, "addresses[1].street"},
		{"address without postcode", func(o *reseau.Organisation) { o.Addresses[1].Postcode = "" }, "addresses[1].postcode"},
		{"postcode of 3 digits", func(o *reseau.Organisation) { o.Addresses[1].Postcode = "103" }, "addresses[1].postcode"},
		{"postcode below 1000", func(o *reseau.Organisation) { o.Addresses[1].Postcode = "0999" }, "addresses[1].postcode"},
		{"postcode with a letter", func(o *reseau.Organisation) { o.Addresses[0].Postcode = "B103" }, "addresses[0].postcode"},
		{"address without commune", func(o *reseau.Organisation) { o.Addresses[0].Commune = "" }, "addresses[0].commune"},
		{"latitude alone", func(o *reseau.Organisation) { o.Addresses[0].Longitude = nil }, "addresses[0].longitude"},
		{"longitude alone", func(o *reseau.Organisation) { o.Addresses[1].Longitude = ptr(4.3) }, "addresses[1].latitude"},
		{"latitude out of range", func(o *reseau.Organisation) { o.Addresses[0].Latitude = ptr(91.0) }, "addresses[0].latitude"},
		{"longitude out of range", func(o *reseau.Organisation) { o.Addresses[0].Longitude = ptr(-180.5) }, "addresses[0].longitude"},
		{"latitude NaN", func(o *reseau.Organisation) { o.Addresses[0].Latitude = ptr(math.NaN()) }, "addresses[0].latitude"},
		{"schedule without days", func(o *reseau.Organisation) { o.Schedules[0].Days = nil }, "schedules[0].days"},
		{"schedule unknown day", func(o *reseau.Organisation) { o.Schedules[1].Days = []string{"MON"} }, "schedules[1].days"},
		{"schedule day twice", func(o *reseau.Organisation) { o.Schedules[0].Days = []string{"MO", "TU", "MO"} }, "schedules[0].days"},
		{"schedule bad opening", func(o *reseau.Organisation) { o.Schedules[0].Opens = "8:30" }, "schedules[0].opens"},
		{"schedule hour 24", func(o *reseau.Organisation) { o.Schedules[0].Closes = "24:00" }, "schedules[0].closes"},
		{"schedule closes before it opens", func(o *reseau.Organisation) { o.Schedules[1].Closes = "12:00" }, "schedules[1].closes"},
		{"schedule closes as it opens", func(o *reseau.Organisation) { o.Schedules[1].Closes = "13:00" }, "schedules[1].closes"},
		{"schedule bad date", func(o *reseau.Organisation) { o.Schedules[1].ValidFrom = "2024-02-30" }, "schedules[1].validFrom"},
		{"schedule valid to before from", func(o *reseau.Organisation) { o.Schedules[1].ValidTo = "2024-08-31" }, "schedules[1].validTo"},
		{"identifier without scheme", func(o *reseau.Organisation) { o.Identifiers[1].Scheme = "" }, "identifiers[1].scheme"},
		{"identifier without value", func(o *reseau.Organisation) { o.Identifiers[1].Value = "" }, "identifiers[1].value"},
		{"identifier twice", func(o *reseau.Organisation) { o.Identifiers[1] = o.Identifiers[0] }, "identifiers[1].value"},
		{"BCE control digits", func(o *reseau.Organisation) { o.Identifiers[0].Value = "0212.345.669" }, "identifiers[0].value"},
		{"BCE not normalised", func(o *reseau.Organisation) { o.Identifiers[0].Value = "0212345668" }, "identifiers[0].value"},
		{"same value in two schemes", func(o *reseau.Organisation) {
			o.Identifiers[1] = reseau.Identifier{Scheme: "tva", Value: "0212.345.668"}
		}, ""},
		{"service bad key", func(o *reseau.Organisation) { o.Services[1].Key = "Médiation" }, "services[1].key"},
		{"service key twice", func(o *reseau.Organisation) { o.Services[1].Key = o.Services[0].Key }, "services[1].key"},
		{"service without name", func(o *reseau.Organisation) { o.Services[1].NameNL = " " }, "services[1].nameFr"},
		{"service domain twice", func(o *reseau.Organisation) { o.Services[0].Domains = []string{"a", "a"} }, "services[0].domains"},
		{"service domain not a key", func(o *reseau.Organisation) { o.Services[0].Domains = []string{"Aide"} }, "services[0].domains"},
		{"name too long", func(o *reseau.Organisation) { o.NameNL = strings.Repeat("x", 301) }, "nameNl"},
		{"newline in a name", func(o *reseau.Organisation) { o.NameFR = "CPAS\nSchaerbeek" }, "nameFr"},
		{"newline in a note", func(o *reseau.Organisation) { o.CostFR = "Gratuit.\nSauf photocopies." }, ""},
		{"control in a description", func(o *reseau.Organisation) { o.DescriptionNL = "a\x00b" }, "descriptionNl"},
		{"bidi override in access", func(o *reseau.Organisation) { o.AccessFR = "a\u202eb" }, "accessFr"},
		{"bidi override in a service", func(o *reseau.Organisation) { o.Services[0].EligibilityFR = "a\u202eb" }, "services[0].eligibilityFr"},
		{"control in a phone's description", func(o *reseau.Organisation) { o.Phones[0].Description = "a\x1bb" }, "phones[0].description"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := fullDirectory()
			c.mutate(o)
			err := o.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *reseau.Error
			if !errors.As(err, &e) || e.Code != reseau.EINVALID || e.Field != c.field {
				t.Fatalf("got %v (field %q), want INVALID on %s", err, field(err), c.field)
			}
		})
	}
}

// TestNormaliseBCE: valid numbers are computed (the last two digits are 97
// minus the first eight modulo 97), in every spelling people write them.
func TestNormaliseBCE(t *testing.T) {
	cases := []struct {
		in, want string // want "": refused
	}{
		{"0212.345.668", "0212.345.668"},    // 2123456 mod 97 = 29, 97 - 29 = 68
		{"0212345668", "0212.345.668"},      // digits only
		{"BE 0212 345 668", "0212.345.668"}, // the VAT spelling
		{"be0212.345.668", "0212.345.668"},  // lower-case prefix
		{" 0207.201.797 ", "0207.201.797"},  // 2072017 mod 97 = 0: the control is 97
		{"212.345.668", "0212.345.668"},     // the former nine digits
		{"0410.135.301", "0410.135.301"},    // 4101353 mod 97 = 96
		{"1000.000.021", "1000.000.021"},    // numbers starting with 1 exist since 2020
		{"0212.345.669", ""},                // a typing error in the control digits
		{"0212.354.668", ""},                // two digits swapped
		{"0207.201.700", ""},                // control 00 is never valid
		{"2212.345.668", ""},                // 2 to 9 start branch numbers, not enterprises
		{"0212.345.66", ""},                 // a digit missing
		{"02123456681", ""},                 // a digit too many
		{"0212/345/668", ""},                // slashes
		{"", ""},                            // empty
		{"BCE 0212.345.668", ""},            // a word before
	}
	for _, c := range cases {
		got, err := reseau.NormaliseBCE(c.in)
		if c.want == "" {
			if err == nil || reseau.ErrorCode(err) != reseau.EINVALID {
				t.Errorf("NormaliseBCE(%q) = %q, %v; want INVALID", c.in, got, err)
			}
			if reseau.BCEValid(c.in) {
				t.Errorf("BCEValid(%q) = true", c.in)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormaliseBCE(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if !reseau.BCEValid(c.in) {
			t.Errorf("BCEValid(%q) = false", c.in)
		}
	}
}

// TestCheckedNormalisesBCE: whatever way a BCE number was written, it
// reaches the store as 0123.456.789, under the scheme BCE (KBO is its Dutch
// name), through a create, an update and an import; a wrong one reaches no
// store.
func TestCheckedNormalisesBCE(t *testing.T) {
	ctx := context.Background()
	spelled := []reseau.Identifier{{Scheme: "kbo", Value: "BE 0212 345 668"}, {Scheme: "other", Value: "BE 0212 345 668"}}
	want := []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: "0212.345.668"}, {Scheme: "other", Value: "BE 0212 345 668"}}
	same := func(got []reseau.Identifier) bool {
		return len(got) == len(want) && got[0] == want[0] && got[1] == want[1]
	}

	o := &reseau.Organisation{Key: "cpas", Name: "CPAS", Directory: reseau.Directory{Identifiers: append([]reseau.Identifier(nil), spelled...)}}
	if err := reseau.Checked(&recorder{}).CreateOrganisation(ctx, o); err != nil || !same(o.Identifiers) {
		t.Errorf("create: %v, identifiers %v, want %v", err, o.Identifiers, want)
	}

	got, err := reseau.Checked(&recorder{}).UpdateOrganisation(ctx, "cpas", func(o *reseau.Organisation) error {
		o.Identifiers = append([]reseau.Identifier(nil), spelled...)
		return nil
	})
	if err != nil || !same(got.Identifiers) {
		t.Errorf("update: %v, identifiers %v, want %v", err, got, want)
	}

	ds := &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "cpas", Name: "CPAS", Directory: reseau.Directory{Identifiers: append([]reseau.Identifier(nil), spelled...)}}}}
	if _, err := reseau.Checked(&recorder{}).Import(ctx, ds); err != nil || !same(ds.Organisations[0].Identifiers) {
		t.Errorf("import: %v, identifiers %v, want %v", err, ds.Organisations[0].Identifiers, want)
	}

	rec := &recorder{}
	bad := &reseau.Organisation{Key: "cpas", Name: "CPAS", Directory: reseau.Directory{Identifiers: []reseau.Identifier{{Scheme: "KBO", Value: "0212345669"}}}}
	if err := reseau.Checked(rec).CreateOrganisation(ctx, bad); reseau.ErrorCode(err) != reseau.EINVALID || field(err) != "identifiers[0].value" || len(rec.asked) > 0 {
		t.Errorf("wrong control digits: %v, store asked %v; want INVALID on identifiers[0].value and no store", err, rec.asked)
	}
}

// TestDirectoryRefs: a service's domains must exist, like the
// organisation's own; the error names the service.
func TestDirectoryRefs(t *testing.T) {
	d := &reseau.Dataset{Domains: []reseau.Domain{{Key: "aide-sociale", LabelFR: "Aide sociale"}}, Organisations: []reseau.Organisation{*fullDirectory()}}
	if err := d.Validate(nil); err != nil {
		t.Fatalf("valid dataset refused: %v", err)
	}
	d.Organisations[0].Services[1].Domains = []string{"aide-sociale", "logement"}
	err := d.Validate(nil)
	var e *reseau.Error
	if !errors.As(err, &e) || e.Code != reseau.EINVALID || e.Section != "organisations" || e.Row != 0 || e.Field != "services[1].domains" {
		t.Fatalf("got %v, want INVALID at organisations[0].services[1].domains", err)
	}
	if err := d.Validate(func(typ, key string) bool { return typ == reseau.TypeDomain && key == "logement" }); err != nil {
		t.Fatalf("a domain of the store refused: %v", err)
	}
}

// TestDirectoryCloneIsDeep: an update's apply works on a copy; changing a
// nested list of the copy leaves the node before the write as it was.
func TestDirectoryCloneIsDeep(t *testing.T) {
	before := fullDirectory()
	after, err := reseau.ApplyPatch(before, func(o *reseau.Organisation) error {
		o.Emails[0] = "x@y.be"
		o.Phones[0].Number = "1"
		*o.Addresses[0].Latitude = 1
		o.Schedules[0].Days[0] = "SU"
		o.Identifiers[0].Value = "x"
		o.Services[0].Domains[0] = "x"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := before.Validate(); err != nil || before.Emails[0] != fullDirectory().Emails[0] || *before.Addresses[0].Latitude != 50.8530 ||
		before.Schedules[0].Days[0] != "MO" || before.Services[0].Domains[0] != "aide-sociale" || before.Phones[0].Number == "1" {
		t.Fatalf("the node before the write changed: %+v (%v)", before.Directory, err)
	}
	if after.Emails[0] != "x@y.be" {
		t.Fatal("the patch was lost")
	}
}
