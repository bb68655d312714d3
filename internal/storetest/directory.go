package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// DirectoryFixture returns a small graph whose organisations carry
// directory records (issue 12): cpas has every field, ssm some, amo none.
// Sections are sorted as an export sorts them.
func DirectoryFixture() *reseau.Dataset {
	return &reseau.Dataset{
		Domains: []reseau.Domain{
			{Key: "aide-sociale", LabelFR: "Aide sociale"},
			{Key: "sante-mentale", LabelFR: "Santé mentale"},
		},
		Organisations: []reseau.Organisation{
			{Key: "amo", Name: "AMO Rythme", Commune: "Schaerbeek", Languages: []string{"fr"}},
			{Key: "cpas", Name: "CPAS de Schaerbeek", Sector: reseau.SectorCPAS, Domains: []string{"aide-sociale"}, Commune: "Schaerbeek", Languages: []string{"fr", "nl"},
				Directory: reseau.Directory{
					NameFR: "CPAS de Schaerbeek", NameNL: "OCMW van Schaarbeek",
					DescriptionFR: "Aide sociale,\nrevenu d'intégration.", DescriptionNL: "Maatschappelijke hulp.",
					Website: "https://cpas.example.be/", Emails: []string{"info@cpas.example.be", "accueil@cpas.example.be"},
					Phones: []reseau.Phone{{Number: "+32 2 000 00 01", Kind: "voice", Description: "accueil"}, {Number: "02/000.00.02", Kind: "fax"}},
					Addresses: []reseau.Address{
						{Kind: "physical", Street: "Boulevard Auguste Reyers", Number: "70", Postcode: "1030", Commune: "Schaerbeek", Latitude: ptr(50.8467), Longitude: ptr(4.3997)},
						{Kind: "postal", Street: "Rue de la Poste", Number: "1 bte 2", Postcode: "1210", Commune: "Saint-Josse-ten-Noode"},
					},
					Schedules: []reseau.Schedule{
						{Days: []string{"MO", "TU", "TH"}, Opens: "08:30", Closes: "12:00"},
						{Days: []string{"WE"}, Opens: "13:00", Closes: "16:00", ValidFrom: "2024-09", ValidTo: "2025-06-30"},
					},
					HoursNoteFR: "Fermé en août.", HoursNoteNL: "Gesloten in augustus.",
					EligibilityFR: "Habitants de Schaerbeek.", EligibilityNL: "Inwoners van Schaarbeek.",
					AccessFR: "Tram 7 et 25.", AccessNL: "Tram 7 en 25.", CostFR: "Gratuit.", CostNL: "Gratis.",
					Identifiers: []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: "0212.345.668"}, {Scheme: "agrement", Value: "SSM-42"}},
					Services: []reseau.Service{
						{Key: "mediation", NameFR: "Médiation de dettes", NameNL: "Schuldbemiddeling", DescriptionFR: "Sur rendez-vous.",
							Domains: []string{"aide-sociale"}, EligibilityFR: "Majeurs.", EligibilityNL: "Meerderjarigen."},
						{Key: "ris", NameFR: "Revenu d'intégration"},
					},
				}},
			{Key: "ssm", Name: "SSM Le Méridien", Commune: "Saint-Josse-ten-Noode", Languages: []string{"fr", "en"},
				Directory: reseau.Directory{
					Website:   "http://ssm.example.be",
					Addresses: []reseau.Address{{Street: "Rue du Méridien", Number: "68", Postcode: "1210", Commune: "Saint-Josse-ten-Noode"}},
					Schedules: []reseau.Schedule{{Days: []string{"TU", "SA"}, Opens: "14:00", Closes: "20:00"}},
					Services:  []reseau.Service{{Key: "consultations", NameNL: "Consultaties", Domains: []string{"sante-mentale"}}},
				}},
		},
	}
}

// recordJSON is an organisation as JSON: nil and empty lists alike.
func recordJSON(t *testing.T, o *reseau.Organisation) string {
	t.Helper()
	if o == nil {
		return "null"
	}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// testDirectory pins down how a store keeps directory records: every field
// round-trips through create, get, list, update, import and export; an
// update's given list replaces the stored one and the others stay; the
// filters by postcode, commune (of the organisation or of an address),
// language spoken and opening day and time; and a refused record changes
// nothing.
func testDirectory(t *testing.T, open Opener) {
	ctx := context.Background()

	t.Run("round trip", func(t *testing.T) {
		s := open(t)
		ds := DirectoryFixture()
		for i := range ds.Domains {
			must(t, s.CreateDomain(ctx, &ds.Domains[i]))
		}
		for i := range ds.Organisations {
			o := ds.Organisations[i]
			must(t, s.CreateOrganisation(ctx, &o))
		}
		want := DirectoryFixture()
		got, err := s.OrganisationsByKeys(ctx, []string{"amo", "cpas", "ssm"})
		must(t, err)
		page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderKey})
		must(t, err)
		if len(page.Items) != 3 {
			t.Fatalf("list: %d organisations, want 3", len(page.Items))
		}
		for i := range want.Organisations {
			w := recordJSON(t, &want.Organisations[i])
			if g := recordJSON(t, got[want.Organisations[i].Key]); g != w {
				t.Errorf("get %s:\n got %s\nwant %s", want.Organisations[i].Key, g, w)
			}
			if g := recordJSON(t, page.Items[i]); g != w {
				t.Errorf("list %s:\n got %s\nwant %s", want.Organisations[i].Key, g, w)
			}
		}
		if g, w := export(t, ctx, s), Canonical(t, want); g != w {
			t.Errorf("export differs from what was created:\n%s\nwant\n%s", g, w)
		}
	})

	t.Run("import, export, import again", func(t *testing.T) {
		s := open(t)
		ds := DirectoryFixture()
		st, err := s.Import(ctx, ds)
		must(t, err)
		if want := (reseau.ImportStats{Rows: ds.Rows(), Created: ds.Rows()}); *st != want {
			t.Errorf("first import = %+v, want %+v", *st, want)
		}
		if g, w := export(t, ctx, s), Canonical(t, DirectoryFixture()); g != w {
			t.Errorf("export after import differs from the dataset:\n%s\nwant\n%s", g, w)
		}
		st, err = s.Import(ctx, DirectoryFixture())
		must(t, err)
		if want := (reseau.ImportStats{Rows: ds.Rows(), Unchanged: ds.Rows()}); *st != want {
			t.Errorf("the same import again = %+v, want %+v", *st, want)
		}
		// One field of one record changes: one row updated, and the
		// filters follow it.
		again := DirectoryFixture()
		again.Organisations[2].Addresses[0].Postcode = "1000"
		again.Organisations[2].Addresses[0].Commune = "Bruxelles"
		st, err = s.Import(ctx, again)
		must(t, err)
		if want := (reseau.ImportStats{Rows: ds.Rows(), Updated: 1, Unchanged: ds.Rows() - 1}); *st != want {
			t.Errorf("an import changing one address = %+v, want %+v", *st, want)
		}
		p, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Postcode: "1000"}, reseau.ListOptions{OrderBy: reseau.OrderKey})
		must(t, err)
		sameKeys(t, "postcode 1000 after the import", orgKeys(p.Items), []string{"ssm"})
		// A service's domain may be stored already; one that is nowhere is refused.
		part := &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "new", Name: "Nouvelle", Directory: reseau.Directory{
			Services: []reseau.Service{{Key: "a", NameFR: "A", Domains: []string{"sante-mentale"}}}}}}}
		_, err = s.Import(ctx, part)
		must(t, err)
		before := export(t, ctx, s)
		part.Organisations[0].Services[0].Domains = []string{"nulle-part"}
		_, err = s.Import(ctx, part)
		var e *reseau.Error
		if reseau.ErrorCode(err) != reseau.EINVALID || !errors.As(err, &e) || e.Section != "organisations" || e.Row != 0 || e.Field != "services[0].domains" {
			t.Errorf("a service domain that does not exist: %v, want INVALID at organisations[0].services[0].domains", err)
		}
		if export(t, ctx, s) != before {
			t.Error("a refused import changed the store")
		}
	})

	t.Run("update", func(t *testing.T) {
		s := open(t)
		_, err := s.Import(ctx, DirectoryFixture())
		must(t, err)
		// A patch that gives one list replaces it; the rest of the record stays.
		got, err := s.UpdateOrganisation(ctx, "cpas", func(o *reseau.Organisation) error {
			o.Phones = []reseau.Phone{{Number: "02 000 00 09"}}
			o.Schedules = nil
			o.CostFR = ""
			return nil
		})
		must(t, err)
		want := DirectoryFixture().Organisations[1]
		want.Phones, want.Schedules, want.CostFR = []reseau.Phone{{Number: "02 000 00 09"}}, nil, ""
		if g, w := recordJSON(t, got), recordJSON(t, &want); g != w {
			t.Errorf("update answered\n%s\nwant\n%s", g, w)
		}
		m, err := s.OrganisationsByKeys(ctx, []string{"cpas"})
		must(t, err)
		if g, w := recordJSON(t, m["cpas"]), recordJSON(t, &want); g != w {
			t.Errorf("stored after update\n%s\nwant\n%s", g, w)
		}
		p, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{OpenOn: "MO"}, reseau.ListOptions{})
		must(t, err)
		sameKeys(t, "open on Monday once cpas has no schedule", orgKeys(p.Items), nil)
		// The audit entry holds the record before and after.
		a, err := s.Audit(ctx, reseau.AuditFilter{Type: reseau.TypeOrganisation, Key: "cpas"}, reseau.ListOptions{Limit: 1})
		must(t, err)
		if len(a.Items) != 1 || !strings.Contains(a.Items[0].Before, `"hoursNoteFr":"Fermé en août."`) || !strings.Contains(a.Items[0].Before, `"opens":"08:30"`) ||
			strings.Contains(a.Items[0].After, `"opens":"08:30"`) {
			t.Errorf("audit entry of the update: %+v", a.Items)
		}
		// A BCE number reaches the store in its normal form.
		got, err = s.UpdateOrganisation(ctx, "amo", func(o *reseau.Organisation) error {
			o.Identifiers = []reseau.Identifier{{Scheme: "KBO", Value: "BE 0410 135 301"}}
			return nil
		})
		must(t, err)
		m, err = s.OrganisationsByKeys(ctx, []string{"amo"})
		must(t, err)
		if w := []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: "0410.135.301"}}; len(m["amo"].Identifiers) != 1 || m["amo"].Identifiers[0] != w[0] {
			t.Errorf("stored identifiers %v, want %v", m["amo"].Identifiers, w)
		}
	})

	t.Run("filters", func(t *testing.T) {
		s := open(t)
		_, err := s.Import(ctx, DirectoryFixture())
		must(t, err)
		tests := []struct {
			name string
			f    reseau.OrganisationFilter
			want []string
		}{
			{"postcode of an address", reseau.OrganisationFilter{Postcode: "1030"}, []string{"cpas"}},
			{"postcode of a postal address too", reseau.OrganisationFilter{Postcode: "1210"}, []string{"cpas", "ssm"}},
			{"postcode nobody has", reseau.OrganisationFilter{Postcode: "9999"}, nil},
			{"commune of the organisation", reseau.OrganisationFilter{Commune: "schaerbeek"}, []string{"amo", "cpas"}},
			{"commune of an address, folded", reseau.OrganisationFilter{Commune: "SAINT-JOSSE-TEN-NOODE"}, []string{"cpas", "ssm"}},
			{"commune of the organisation, in Dutch", reseau.OrganisationFilter{Commune: "Schaarbeek"}, []string{"amo", "cpas"}},
			{"commune of an address, in Dutch", reseau.OrganisationFilter{Commune: "Sint-Joost-ten-Node"}, []string{"cpas", "ssm"}},
			{"language spoken", reseau.OrganisationFilter{Language: "nl"}, []string{"cpas"}},
			{"language spoken by several", reseau.OrganisationFilter{Language: "fr"}, []string{"amo", "cpas", "ssm"}},
			{"open on a day", reseau.OrganisationFilter{OpenOn: "TU"}, []string{"cpas", "ssm"}},
			{"open on a day of one schedule only", reseau.OrganisationFilter{OpenOn: "WE"}, []string{"cpas"}},
			{"open at opening time", reseau.OrganisationFilter{OpenOn: "TU", OpenAt: "08:30"}, []string{"cpas"}},
			{"closed at closing time", reseau.OrganisationFilter{OpenOn: "TU", OpenAt: "12:00"}, nil},
			{"open in the afternoon", reseau.OrganisationFilter{OpenOn: "TU", OpenAt: "15:00"}, []string{"ssm"}},
			{"open on no schedule's day", reseau.OrganisationFilter{OpenOn: "SU"}, nil},
			{"ANDed with the others", reseau.OrganisationFilter{Postcode: "1210", Language: "nl", OpenOn: "WE", OpenAt: "13:00", Sectors: []reseau.Sector{reseau.SectorCPAS}}, []string{"cpas"}},
			{"ANDed, one misses", reseau.OrganisationFilter{Postcode: "1210", Language: "en", OpenOn: "WE"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := s.FindOrganisations(ctx, tt.f, reseau.ListOptions{OrderBy: reseau.OrderKey})
				must(t, err)
				sameKeys(t, "organisations", orgKeys(p.Items), tt.want)
				if p.TotalCount != len(tt.want) {
					t.Errorf("totalCount = %d, want %d", p.TotalCount, len(tt.want))
				}
			})
		}
		// A deleted organisation leaves no trace in the filters.
		must(t, s.DeleteOrganisation(ctx, "ssm"))
		p, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Postcode: "1210"}, reseau.ListOptions{OrderBy: reseau.OrderKey})
		must(t, err)
		sameKeys(t, "postcode 1210 after deleting ssm", orgKeys(p.Items), []string{"cpas"})
		// A recreated organisation starts without the record of its namesake.
		must(t, s.CreateOrganisation(ctx, &reseau.Organisation{Key: "ssm", Name: "SSM"}))
		p, err = s.FindOrganisations(ctx, reseau.OrganisationFilter{OpenOn: "SA"}, reseau.ListOptions{})
		must(t, err)
		sameKeys(t, "open on Saturday after recreating ssm", orgKeys(p.Items), nil)
	})

	t.Run("refused records change nothing", func(t *testing.T) {
		s := open(t)
		_, err := s.Import(ctx, DirectoryFixture())
		must(t, err)
		tests := []struct {
			name  string
			write func() error
			field string
		}{
			{"create with a bad postcode", func() error {
				return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x", Name: "X", Directory: reseau.Directory{
					Addresses: []reseau.Address{{Street: "Rue", Postcode: "103", Commune: "Schaerbeek"}}}})
			}, "addresses[0].postcode"},
			{"create with a service of a domain that does not exist", func() error {
				return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x", Name: "X", Directory: reseau.Directory{
					Services: []reseau.Service{{Key: "a", NameFR: "A"}, {Key: "b", NameNL: "B", Domains: []string{"nulle-part"}}}}})
			}, "services[1].domains"},
			{"update with a wrong BCE number", func() error {
				return Err(s.UpdateOrganisation(ctx, "cpas", func(o *reseau.Organisation) error {
					o.Identifiers = []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: "0212.345.669"}}
					return nil
				}))
			}, "identifiers[0].value"},
			{"update with a service domain that does not exist", func() error {
				return Err(s.UpdateOrganisation(ctx, "cpas", func(o *reseau.Organisation) error {
					o.Services[0].Domains = []string{"nulle-part"}
					return nil
				}))
			}, "services[0].domains"},
			{"update with a latitude alone", func() error {
				return Err(s.UpdateOrganisation(ctx, "ssm", func(o *reseau.Organisation) error {
					o.Addresses[0].Latitude = ptr(50.8)
					return nil
				}))
			}, "addresses[0].longitude"},
			{"import with a schedule closing before it opens", func() error {
				ds := DirectoryFixture()
				ds.Organisations[2].Schedules[0].Closes = "13:00"
				_, err := s.Import(ctx, ds)
				return err
			}, "schedules[0].closes"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := export(t, ctx, s)
				entries, err := s.Audit(ctx, reseau.AuditFilter{}, reseau.ListOptions{})
				must(t, err)
				err = tt.write()
				wantCode(t, err, reseau.EINVALID)
				var e *reseau.Error
				if !errors.As(err, &e) || e.Field != tt.field {
					t.Errorf("error %v, want it on %s", err, tt.field)
				}
				if export(t, ctx, s) != before {
					t.Error("a refused write changed the store")
				}
				after, err := s.Audit(ctx, reseau.AuditFilter{}, reseau.ListOptions{})
				must(t, err)
				if after.TotalCount != entries.TotalCount {
					t.Errorf("a refused write left %d audit entries", after.TotalCount-entries.TotalCount)
				}
			})
		}
	})
}
