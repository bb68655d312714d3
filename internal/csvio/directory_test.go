package csvio_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestDirectoryWriteDirRoundTrip writes organisations with directory
// records and reads them back whole, in the layout docs/imports.md names.
func TestDirectoryWriteDirRoundTrip(t *testing.T) {
	ds := storetest.DirectoryFixture()
	dir := t.TempDir()
	if err := csvio.WriteDir(dir, ds); err != nil {
		t.Fatal(err)
	}
	for file, header := range map[string]string{
		"organisations.csv": "id,name,short_name,sector,parent_id,domains,commune,languages,aliases,name_fr,name_nl,description_fr,description_nl," +
			"website,emails,hours_note_fr,hours_note_nl,eligibility_fr,eligibility_nl,access_fr,access_nl,cost_fr,cost_nl",
		"organisation_phones.csv":      "organisation_id,number,kind,description",
		"organisation_addresses.csv":   "organisation_id,kind,street,number,postcode,commune,latitude,longitude",
		"organisation_schedules.csv":   "organisation_id,days,opens,closes,valid_from,valid_to",
		"organisation_identifiers.csv": "organisation_id,scheme,value",
		"organisation_services.csv":    "organisation_id,id,name_fr,name_nl,description_fr,description_nl,domains,eligibility_fr,eligibility_nl",
	} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if got, _, _ := strings.Cut(string(b), "\n"); got != header {
			t.Errorf("%s header = %q, want %q", file, got, header)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "organisation_addresses.csv"))
	if !strings.Contains(string(b), "cpas,physical,Boulevard Auguste Reyers,70,1030,Schaerbeek,50.8467,4.3997\n") {
		t.Errorf("organisation_addresses.csv:\n%s", b)
	}
	got, _, err := csvio.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	assertSame(t, got, storetest.DirectoryFixture())
}

// TestDirectoryJSONRoundTrip: the snapshot carries the records, beside the
// organisation's other fields.
func TestDirectoryJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := csvio.WriteJSON(&buf, storetest.DirectoryFixture()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"postcode":"1030"`) || !strings.Contains(buf.String(), `"nameNl":"OCMW van Schaarbeek"`) {
		t.Errorf("snapshot without the record: %.400s", buf.String())
	}
	got, err := csvio.ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	assertSame(t, got, storetest.DirectoryFixture())
}

// TestDirectoryReadExcel reads record files as a Belgian spreadsheet saves
// them: ";" separated, Windows-1252, decimal commas, days in lower case, a
// BCE number in its VAT spelling.
func TestDirectoryReadExcel(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"organisations.csv": "id;name;emails;name_nl;hours_note_fr\r\n" +
			"cpas;CPAS;\"info@cpas.example.be;accueil@cpas.example.be\";OCMW;Ferm\xe9 en ao\xfbt\r\n",
		"organisation_addresses.csv": "organisation_id;street;number;postcode;commune;latitude;longitude\r\n" +
			"cpas;Boulevard Reyers;70;1030;Schaerbeek;50,8467;4,3997\r\n",
		"organisation_schedules.csv":   "organisation_id;days;opens;closes\r\ncpas;\"mo;tu\";08:30;12:00\r\ncpas;we;13:00;16:00\r\n",
		"organisation_identifiers.csv": "organisation_id;scheme;value\r\ncpas;kbo;BE 0212 345 668\r\n",
	})
	ds, _, err := csvio.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	lat, lon := 50.8467, 4.3997
	want := &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "cpas", Name: "CPAS", Directory: reseau.Directory{
		NameNL: "OCMW", HoursNoteFR: "Fermé en août", Emails: []string{"info@cpas.example.be", "accueil@cpas.example.be"},
		Addresses:   []reseau.Address{{Street: "Boulevard Reyers", Number: "70", Postcode: "1030", Commune: "Schaerbeek", Latitude: &lat, Longitude: &lon}},
		Schedules:   []reseau.Schedule{{Days: []string{"MO", "TU"}, Opens: "08:30", Closes: "12:00"}, {Days: []string{"WE"}, Opens: "13:00", Closes: "16:00"}},
		Identifiers: []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: "0212.345.668"}},
	}}}}
	assertSame(t, ds, want)
}

// TestDirectoryReadErrors: a bad value of a record is refused at the file,
// line and column where it was written, whichever file that is.
func TestDirectoryReadErrors(t *testing.T) {
	const orgs = "id,name,website,emails\ncpas,CPAS,,\nssm,SSM,,\n"
	const addresses = "organisation_id,street,postcode,commune,latitude,longitude\n"
	for _, tc := range []struct {
		name   string
		files  map[string]string
		file   string
		line   int
		column string
	}{
		{"bad website", map[string]string{"organisations.csv": "id,name,website\ncpas,CPAS,https://cpas.be\nssm,SSM,www.ssm.be\n"},
			"organisations.csv", 3, "website"},
		{"bad second e-mail", map[string]string{"organisations.csv": "id,name,emails\ncpas,CPAS,a@cpas.be;cpas.be\n"},
			"organisations.csv", 2, "emails"},
		{"bad postcode, second address of the organisation", map[string]string{"organisations.csv": orgs,
			"organisation_addresses.csv": addresses + "ssm,Rue,1210,Saint-Josse,,\ncpas,Rue,1030,Schaerbeek,,\ncpas,Place,103,Schaerbeek,,\n"},
			"organisation_addresses.csv", 4, "postcode"},
		{"latitude not a number", map[string]string{"organisations.csv": orgs,
			"organisation_addresses.csv": addresses + "cpas,Rue,1030,Schaerbeek,nord,4.3\n"},
			"organisation_addresses.csv", 2, "latitude"},
		{"longitude missing", map[string]string{"organisations.csv": orgs,
			"organisation_addresses.csv": addresses + "cpas,Rue,1030,Schaerbeek,50.8,\n"},
			"organisation_addresses.csv", 2, "longitude"},
		{"phone of an organisation not in organisations.csv", map[string]string{"organisations.csv": orgs,
			"organisation_phones.csv": "organisation_id,number\ncpas,02 000 00 00\nmeridien,02 000 00 01\n"},
			"organisation_phones.csv", 3, "organisation_id"},
		{"phones without organisations.csv", map[string]string{"organisation_phones.csv": "organisation_id,number\ncpas,02 000 00 00\n"},
			"organisation_phones.csv", 2, "organisation_id"},
		{"phone kind", map[string]string{"organisations.csv": orgs,
			"organisation_phones.csv": "organisation_id,number,kind\ncpas,02 000 00 00,telex\n"},
			"organisation_phones.csv", 2, "kind"},
		{"phone number missing", map[string]string{"organisations.csv": orgs,
			"organisation_phones.csv": "organisation_id,kind\ncpas,fax\n"},
			"organisation_phones.csv", 1, "number"},
		{"schedule closing before it opens", map[string]string{"organisations.csv": orgs,
			"organisation_schedules.csv": "organisation_id,days,opens,closes,valid_from,valid_to\nssm,MO;TU,09:00,12:00,,\nssm,WE,14:00,13:00,,\n"},
			"organisation_schedules.csv", 3, "closes"},
		{"schedule valid to before from", map[string]string{"organisations.csv": orgs,
			"organisation_schedules.csv": "organisation_id,days,opens,closes,valid_from,valid_to\nssm,MO,09:00,12:00,2025,2024\n"},
			"organisation_schedules.csv", 2, "valid_to"},
		{"unknown day", map[string]string{"organisations.csv": orgs,
			"organisation_schedules.csv": "organisation_id,days,opens,closes\nssm,lundi,09:00,12:00\n"},
			"organisation_schedules.csv", 2, "days"},
		{"wrong BCE control digits", map[string]string{"organisations.csv": orgs,
			"organisation_identifiers.csv": "organisation_id,scheme,value\ncpas,BCE,0212.345.669\n"},
			"organisation_identifiers.csv", 2, "value"},
		{"identifier twice, once normalised", map[string]string{"organisations.csv": orgs,
			"organisation_identifiers.csv": "organisation_id,scheme,value\ncpas,BCE,0212345668\ncpas,BCE,0212.345.668\n"},
			"organisation_identifiers.csv", 3, "value"},
		{"service id twice", map[string]string{"organisations.csv": orgs,
			"organisation_services.csv": "organisation_id,id,name_fr\ncpas,ris,RIS\nssm,ris,RIS\ncpas,ris,Autre\n"},
			"organisation_services.csv", 4, "id"},
		{"service without a name", map[string]string{"organisations.csv": orgs,
			"organisation_services.csv": "organisation_id,id,name_fr,name_nl\ncpas,ris,,\n"},
			"organisation_services.csv", 2, "name_fr"},
		{"unknown column in a record file", map[string]string{"organisations.csv": orgs,
			"organisation_services.csv": "organisation_id,id,name\ncpas,ris,RIS\n"},
			"organisation_services.csv", 1, "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, _, err := csvio.ReadDir(writeFiles(t, tc.files))
			if code := reseau.ErrorCode(err); code != reseau.EINVALID {
				t.Fatalf("code %q (%v), want EINVALID; dataset %+v", code, err, ds)
			}
			var e *reseau.Error
			errors.As(err, &e)
			if e.File != tc.file || e.Line != tc.line || e.Column != tc.column {
				t.Errorf("at %q line %d column %q, want %q line %d column %q (%v)", e.File, e.Line, e.Column, tc.file, tc.line, tc.column, err)
			}
		})
	}
}

// TestDirectoryLocate: a service's domain that only the store can tell is
// missing is placed at its row of organisation_services.csv.
func TestDirectoryLocate(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"organisations.csv":         "id,name\ncpas,CPAS\n",
		"organisation_services.csv": "organisation_id,id,name_fr,domains\ncpas,ris,RIS,aide-sociale\ncpas,dettes,Dettes,aide-sociale;nulle-part\n",
	})
	ds, src, err := csvio.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = ds.Validate(func(typ, key string) bool { return key == "aide-sociale" })
	var e *reseau.Error
	if !errors.As(src.Locate(err), &e) || e.File != "organisation_services.csv" || e.Line != 3 || e.Column != "domains" {
		t.Fatalf("Locate(%v) = %v, want organisation_services.csv:3 column domains", err, src.Locate(err))
	}
}
