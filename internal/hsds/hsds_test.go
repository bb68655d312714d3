package hsds_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/hsds"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// export writes ds as an HSDS package into a new temporary folder.
func export(t testing.TB, ds *reseau.Dataset) string {
	t.Helper()
	dir := t.TempDir()
	if err := hsds.WriteDir(dir, ds); err != nil {
		t.Fatalf("WriteDir: %v", err)
	}
	return dir
}

// readCSV returns the header and rows of a file of dir.
func readCSV(t testing.TB, dir, name string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return recs[0], recs[1:]
}

// rowsByID returns a file's rows as column → value maps, by id.
func rowsByID(t testing.TB, dir, name string) map[string]map[string]string {
	t.Helper()
	header, rows := readCSV(t, dir, name)
	out := map[string]map[string]string{}
	for _, r := range rows {
		m := map[string]string{}
		for i, h := range header {
			m[h] = r[i]
		}
		out[m["id"]] = m
	}
	return out
}

// sameDirectory reports every field where got's organisations and domains
// differ from want's, organisation by organisation (matched by key: a store
// exports them sorted by key).
func sameDirectory(t *testing.T, label string, got, want *reseau.Dataset) {
	t.Helper()
	byKey := func(d []reseau.Domain) []reseau.Domain {
		return slices.SortedFunc(slices.Values(d), func(a, b reseau.Domain) int { return strings.Compare(a.Key, b.Key) })
	}
	if !reflect.DeepEqual(byKey(got.Domains), byKey(want.Domains)) {
		t.Errorf("%s: domains\n got %+v\nwant %+v", label, got.Domains, want.Domains)
	}
	if len(got.Organisations) != len(want.Organisations) {
		t.Fatalf("%s: %d organisations, want %d", label, len(got.Organisations), len(want.Organisations))
	}
	gotByKey := map[string]reseau.Organisation{}
	for _, o := range got.Organisations {
		gotByKey[o.Key] = o
	}
	for _, w := range want.Organisations {
		g, ok := gotByKey[w.Key]
		if !ok {
			t.Errorf("%s: organisation %s is missing", label, w.Key)
			continue
		}
		gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
		for f := 0; f < gv.NumField(); f++ {
			if gv.Type().Field(f).Name == "Directory" {
				gd, wd := gv.Field(f), wv.Field(f)
				for k := 0; k < gd.NumField(); k++ {
					if !reflect.DeepEqual(gd.Field(k).Interface(), wd.Field(k).Interface()) {
						t.Errorf("%s: organisation %s: %s = %#v, want %#v", label, w.Key, gd.Type().Field(k).Name,
							gd.Field(k).Interface(), wd.Field(k).Interface())
					}
				}
				continue
			}
			if !reflect.DeepEqual(gv.Field(f).Interface(), wv.Field(f).Interface()) {
				t.Errorf("%s: organisation %s: %s = %#v, want %#v", label, w.Key, gv.Type().Field(f).Name,
					gv.Field(f).Interface(), wv.Field(f).Interface())
			}
		}
	}
}

// TestRoundTripDatasets: a dataset written as HSDS reads back to its
// domains and organisations, every field of the model, for the fixture
// that fills every directory field, the demo dataset and the generated S
// network with and without directory records.
func TestRoundTripDatasets(t *testing.T) {
	demoDS, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	s, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	filled, _ := demo.Scale("S")
	demo.FillDirectories(filled)
	for _, c := range []struct {
		name string
		ds   *reseau.Dataset
	}{{"fixture", directoryDataset()}, {"demo", demoDS}, {"S", s}, {"S with directories", filled}} {
		t.Run(c.name, func(t *testing.T) {
			got, _, err := hsds.ReadDir(export(t, c.ds))
			if err != nil {
				t.Fatalf("ReadDir: %v", err)
			}
			sameDirectory(t, c.name, got, directory(c.ds))
		})
	}
}

// TestStableIDs: the same data gives the same files, byte for byte; every
// id is a UUID, a version 5 one unless it is the organisation's own key;
// an organisation's ids do not depend on the others.
func TestStableIDs(t *testing.T) {
	a, b := export(t, directoryDataset()), export(t, directoryDataset())
	for _, name := range hsds.Files() {
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, _ := os.ReadFile(filepath.Join(b, name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two exports of the same data", name)
		}
	}
	orgs := rowsByID(t, a, "organizations.csv")
	for id := range orgs {
		u, err := uuid.Parse(id)
		if err != nil || (u.Version() != 5 && id != "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610") {
			t.Errorf("organization id %q is not a UUIDv5", id)
		}
	}
	if _, ok := orgs["d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"]; !ok {
		t.Error("an organisation whose key is a UUID does not keep it as its id")
	}
	// Without the first organisation, the others keep their ids.
	ds := directoryDataset()
	ds.Organisations = ds.Organisations[2:]
	for id := range rowsByID(t, export(t, ds), "organizations.csv") {
		if _, ok := orgs[id]; !ok {
			t.Errorf("organization id %s changed when another organisation left", id)
		}
	}
}

// TestComposedDescription: an organisation without a description gets one
// composed from its sector, commune, domains and institution, in French then
// Dutch, and reads back without a description.
func TestComposedDescription(t *testing.T) {
	ds := directoryDataset()
	dir := export(t, ds)
	_, rows := readCSV(t, dir, "organizations.csv")
	want := map[string]string{
		"Pôle Jeunes du CPAS": "Pôle Jeunes du CPAS : organisation du secteur CPAS, à Exemple. Domaines : Enfance et jeunesse. " +
			"Fait partie de CPAS d'Exemple.\n\nVoor jongeren van 18 tot 25 jaar.",
		"ASBL sans fiche":         "ASBL sans fiche : organisation du secteur associatif.",
		"Maison venue d'ailleurs": "Maison venue d'ailleurs : organisation du réseau.",
		"CPAS d'Exemple":          "Aide sociale et revenu d'intégration.\nSur rendez-vous.",
	}
	for _, r := range rows {
		if w, ok := want[r[1]]; ok && r[3] != w {
			t.Errorf("description of %s:\n got %q\nwant %q", r[1], r[3], w)
		}
	}
	// Dutch known, no Dutch description: both sentences are composed.
	ds.Organisations[1].DescriptionNL = ""
	_, rows = readCSV(t, export(t, ds), "organizations.csv")
	if d := rows[1][3]; !strings.HasSuffix(d, "\n\nJongerenpool van het OCMW: organisatie uit de sector OCMW, in Exemple. "+
		"Domeinen: Kinderen en jongeren. Maakt deel uit van OCMW Voorbeeld.") {
		t.Errorf("composed Dutch description: %q", d)
	}
	got, _, err := hsds.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range got.Organisations[1:] {
		if o.DescriptionFR != "" {
			t.Errorf("%s reads back the composed description %q", o.Key, o.DescriptionFR)
		}
	}
}

// TestMapping checks where fields land in the files, row by row, for the
// fixture's first organisation.
func TestMapping(t *testing.T) {
	dir := export(t, directoryDataset())
	var org map[string]string
	for _, o := range rowsByID(t, dir, "organizations.csv") {
		if o["name"] == "CPAS d'Exemple" {
			org = o
		}
	}
	if org == nil || org["alternate_name"] != "CPAS" || org["email"] != "accueil@cpas.example.org" ||
		org["website"] != "https://cpas.example.org/" || org["parent_organization_id"] != "" {
		t.Fatalf("organization row %v", org)
	}
	var jeunes map[string]string
	for _, o := range rowsByID(t, dir, "organizations.csv") {
		if o["name"] == "Pôle Jeunes du CPAS" {
			jeunes = o
		}
	}
	if jeunes["parent_organization_id"] != org["id"] {
		t.Errorf("the service of an institution has parent %q, want %q", jeunes["parent_organization_id"], org["id"])
	}
	var main map[string]string
	services := 0
	for _, s := range rowsByID(t, dir, "services.csv") {
		if s["organization_id"] == org["id"] {
			services++
			if s["name"] == org["name"] {
				main = s
			}
		}
	}
	if services != 3 || main == nil || main["eligibility_description"] != "Habitants de la commune." ||
		main["application_process"] != "Sans rendez-vous le matin." || main["fees_description"] != "Gratuit." || main["status"] != "active" {
		t.Fatalf("%d services, main service %v", services, main)
	}
	count := func(name, col, val string) (n int) {
		for _, r := range rowsByID(t, dir, name) {
			if r[col] == val {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		file, col, val string
		want           int
	}{
		{"phones.csv", "organization_id", org["id"], 2},
		{"contacts.csv", "organization_id", org["id"], 1},
		{"locations.csv", "organization_id", org["id"], 2},
		{"organization_identifiers.csv", "organization_id", org["id"], 2},
		{"languages.csv", "service_id", main["id"], 2},
		{"schedules.csv", "service_id", main["id"], 3}, // two openings and the hours note
		{"service_at_location.csv", "service_id", main["id"], 2},
		{"attributes.csv", "link_id", org["id"], 14},
	} {
		if n := count(c.file, c.col, c.val); n != c.want {
			t.Errorf("%s: %d rows with %s = the organisation's, want %d", c.file, n, c.col, c.want)
		}
	}
	addrs := rowsByID(t, dir, "addresses.csv")
	found := false
	for _, a := range addrs {
		if a["address_1"] == "Rue de l'Exemple 12 bte 3" {
			found = a["city"] == "Schaerbeek" && a["postal_code"] == "1030" && a["country"] == "BE" &&
				a["state_province"] == "Région de Bruxelles-Capitale" && a["address_type"] == "physical"
		}
	}
	if !found {
		t.Errorf("addresses: %v", addrs)
	}
	ids := rowsByID(t, dir, "organization_identifiers.csv")
	bce := false
	for _, x := range ids {
		bce = bce || (x["identifier_scheme"] == "BE-BCE_KBO" && x["identifier_type"] == "BCE" && x["identifier"] == "0212.345.668")
	}
	if !bce {
		t.Errorf("identifiers: %v", ids)
	}
	scheds := rowsByID(t, dir, "schedules.csv")
	weekly := false
	for _, s := range scheds {
		weekly = weekly || (s["freq"] == "WEEKLY" && s["byday"] == "MO,TU,WE,TH,FR" && s["opens_at"] == "08:30:00" && s["closes_at"] == "12:00:00")
	}
	if !weekly {
		t.Errorf("schedules: %v", scheds)
	}
}

// TestZip: WriteZip holds the same files as WriteDir, and the zip reads
// back through a zip's file system.
func TestZip(t *testing.T) {
	ds := directoryDataset()
	var buf bytes.Buffer
	if err := hsds.WriteZip(&buf, ds); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	dir := export(t, ds)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if y := f.Modified.Year(); y != 2000 || f.Modified.Month() != 1 {
			t.Errorf("%s is dated %v: want the fixed date of the package, a real one", f.Name, f.Modified)
		}
		want, _ := os.ReadFile(filepath.Join(dir, f.Name))
		got, _ := fs.ReadFile(zr, f.Name)
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs between the zip and the folder", f.Name)
		}
	}
	if !slices.Equal(names, hsds.Files()) {
		t.Errorf("zip holds %v, want %v", names, hsds.Files())
	}
	if !hsds.Detect(zr, ".") {
		t.Error("Detect: the zip is not an HSDS package")
	}
	got, _, err := hsds.ReadFS(zr, ".")
	if err != nil {
		t.Fatal(err)
	}
	sameDirectory(t, "zip", got, directory(ds))
}

// writeFiles writes name → content into a new temporary folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	orgA = "0a1b2c3d-0000-4000-8000-000000000001"
	orgB = "0a1b2c3d-0000-4000-8000-000000000002"
	svcA = "0a1b2c3d-0000-4000-8000-0000000000a1"
	locA = "0a1b2c3d-0000-4000-8000-0000000000b1"
	salA = "0a1b2c3d-0000-4000-8000-0000000000c1"
)

// foreign is an HSDS package Réseau did not write: UUID ids, no Réseau
// attribute, phones and hours on locations and services, a monthly schedule,
// a language Réseau does not record, a named contact.
func foreign() map[string]string {
	return map[string]string{
		"organizations.csv": "id,name,alternate_name,description,email,website,legal_status,parent_organization_id\n" +
			orgA + ",Maison de quartier,MQ,Accueil de jour.,mq@example.org,https://mq.example.org,asbl,\n" +
			orgB + ",Antenne de la Maison,,Une antenne.,,,," + orgA + "\n",
		"services.csv": "id,organization_id,name,description,status,eligibility_description,fees_description\n" +
			svcA + "," + orgA + ",Aide aux devoirs,Pour les 6-12 ans.,active,Enfants du quartier.,Gratuit\n",
		"locations.csv": "id,location_type,organization_id,name,latitude,longitude\n" +
			locA + ",physical,,Local,50.85,4.35\n",
		"service_at_location.csv": "id,service_id,location_id\n" + salA + "," + svcA + "," + locA + "\n",
		"addresses.csv": "id,location_id,address_1,address_2,city,state_province,postal_code,country,address_type\n" +
			"0a1b2c3d-0000-4000-8000-0000000000d1," + locA + ",Rue du Quartier 7,2e étage,Saint-Gilles,Bruxelles,1060,BE,physical\n",
		"phones.csv": "id,location_id,service_id,organization_id,number,type\n" +
			"0a1b2c3d-0000-4000-8000-0000000000e1," + locA + ",,,02 111 11 11,voice\n" +
			"0a1b2c3d-0000-4000-8000-0000000000e2,," + svcA + ",,02 111 11 12,\n",
		"schedules.csv": "id,service_id,location_id,freq,byday,opens_at,closes_at,description\n" +
			"0a1b2c3d-0000-4000-8000-0000000000f1," + svcA + ",,WEEKLY,\"WE,SA\",14:00,17:30,\n" +
			"0a1b2c3d-0000-4000-8000-0000000000f2,," + locA + ",MONTHLY,1MO,18:00,20:00,Réunion des parents\n",
		"languages.csv": "id,service_id,location_id,name,code\n" +
			"0a1b2c3d-0000-4000-8000-000000000101," + svcA + ",,Français,fr\n" +
			"0a1b2c3d-0000-4000-8000-000000000102,," + locA + ",Arabe,ar\n",
		"contacts.csv": "id,organization_id,name,email\n" +
			"0a1b2c3d-0000-4000-8000-000000000201," + orgA + ",Ann Persona,ann@example.org\n" +
			"0a1b2c3d-0000-4000-8000-000000000202," + orgA + ",,direction@example.org\n",
		"programs.csv": "id,organization_id,name,description\n",
	}
}

// TestForeignPackage: a package from another directory imports as well as
// it maps, and going on to Réseau and back to HSDS keeps every field Réseau
// models, in the rows of the files.
func TestForeignPackage(t *testing.T) {
	dir := writeFiles(t, foreign())
	if !hsds.Detect(os.DirFS(dir), ".") {
		t.Fatal("Detect: not an HSDS package")
	}
	ds, _, err := hsds.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Organisations) != 2 {
		t.Fatalf("organisations: %+v", ds.Organisations)
	}
	a, b := ds.Organisations[0], ds.Organisations[1]
	want := reseau.Organisation{Key: orgA, Name: "Maison de quartier", ShortName: "MQ", Languages: []string{"fr"},
		Directory: reseau.Directory{DescriptionFR: "Accueil de jour.", Website: "https://mq.example.org",
			Emails: []string{"mq@example.org", "direction@example.org"},
			Phones: []reseau.Phone{{Number: "02 111 11 12"}, {Number: "02 111 11 11", Kind: "voice"}},
			Addresses: []reseau.Address{{Street: "Rue du Quartier", Number: "7", Postcode: "1060", Commune: "Saint-Gilles",
				Latitude: ptr(50.85), Longitude: ptr(4.35)}},
			Schedules:   []reseau.Schedule{{Days: []string{"WE", "SA"}, Opens: "14:00", Closes: "17:30"}},
			HoursNoteFR: "Réunion des parents (MONTHLY 1MO 18:00–20:00)",
			Services: []reseau.Service{{Key: svcA, NameFR: "Aide aux devoirs", DescriptionFR: "Pour les 6-12 ans.",
				EligibilityFR: "Enfants du quartier."}}}}
	sameDirectory(t, "foreign", &reseau.Dataset{Organisations: []reseau.Organisation{a}}, &reseau.Dataset{Organisations: []reseau.Organisation{want}})
	if b.Key != orgB || b.ParentKey != orgA || b.DescriptionFR != "Une antenne." {
		t.Errorf("second organisation %+v", b)
	}

	// HSDS → Réseau → HSDS: the rows Réseau models keep their ids and values.
	out := export(t, ds)
	for _, c := range []struct {
		file string
		cols []string
	}{
		{"organizations.csv", []string{"id", "name", "alternate_name", "description", "email", "website", "parent_organization_id"}},
		{"services.csv", []string{"id", "organization_id", "name", "description", "eligibility_description"}},
	} {
		before, after := rowsByID(t, dir, c.file), rowsByID(t, out, c.file)
		for id, r := range before {
			for _, col := range c.cols {
				if after[id][col] != r[col] {
					t.Errorf("%s %s: %s = %q after the round trip, was %q", c.file, id, col, after[id][col], r[col])
				}
			}
		}
	}
	again, _, err := hsds.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	sameDirectory(t, "foreign, exported and read again", again, ds)
}

// TestBadPackages: a package that cannot be read is refused with the file,
// the line and the column, and no dataset.
func TestBadPackages(t *testing.T) {
	base := func(edit func(map[string]string)) map[string]string {
		f := foreign()
		edit(f)
		return f
	}
	for _, c := range []struct {
		name               string
		files              map[string]string
		file, column       string
		line               int
		orNoFileIsExpected bool
	}{
		{"unknown column", base(func(f map[string]string) {
			f["organizations.csv"] = "id,name,nom\n" + orgA + ",X,Y\n"
		}), "organizations.csv", "nom", 1, false},
		{"empty name", base(func(f map[string]string) {
			f["organizations.csv"] = "id,name\n" + orgA + ",X\n" + orgB + ",\n"
		}), "organizations.csv", "name", 3, false},
		{"service of no organization", base(func(f map[string]string) {
			f["services.csv"] = "id,organization_id,name\n" + svcA + "," + orgB[:30] + "999999,X\n"
		}), "services.csv", "organization_id", 2, false},
		{"parent that does not exist", base(func(f map[string]string) {
			f["organizations.csv"] = "id,name,parent_organization_id\n" + orgA + ",X,\n" + orgB + ",Y," + svcA + "\n"
		}), "organizations.csv", "parent_organization_id", 3, false},
		{"latitude not a number", base(func(f map[string]string) {
			f["locations.csv"] = "id,location_type,organization_id,latitude,longitude\n" + locA + ",physical," + orgA + ",50°51',4.35\n"
		}), "locations.csv", "latitude", 2, false},
		{"time of day", base(func(f map[string]string) {
			f["schedules.csv"] = "id,service_id,freq,byday,opens_at,closes_at\n0a1b2c3d-0000-4000-8000-0000000000f1," + svcA + ",WEEKLY,MO,9h,12:00\n"
		}), "schedules.csv", "opens_at", 2, false},
		{"address of no location", base(func(f map[string]string) {
			f["addresses.csv"] = "id,location_id,address_1,city\nx," + svcA + ",Rue 1,Ville\n"
		}), "addresses.csv", "location_id", 2, false},
		{"identifier without a type", base(func(f map[string]string) {
			f["organization_identifiers.csv"] = "id,organization_id,identifier_scheme,identifier_type,identifier\nx," + orgA + ",,,42\n"
		}), "organization_identifiers.csv", "identifier_type", 2, false},
		{"key that is not a key", map[string]string{"organizations.csv": "id,name\n" + orgA + ",X\nNot A Key,Y\n"},
			"organizations.csv", "id", 3, false},
		{"misspelt file", base(func(f map[string]string) { f["organisation.csv"] = "id\n" }), "organisation.csv", "", 0, false},
		{"bad datapackage", base(func(f map[string]string) { f["datapackage.json"] = "{resources" }), "datapackage.json", "", 0, false},
		{"no organizations", base(func(f map[string]string) { delete(f, "organizations.csv") }), "", "", 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds, _, err := hsds.ReadDir(writeFiles(t, c.files))
			var e *reseau.Error
			if !errors.As(err, &e) || e.Code != reseau.EINVALID {
				t.Fatalf("err = %v (dataset %v), want EINVALID", err, ds != nil)
			}
			if ds != nil {
				t.Error("a dataset came back with the error")
			}
			if !c.orNoFileIsExpected && (e.File != c.file || e.Line != c.line || e.Column != c.column) {
				t.Errorf("at %s:%d column %q, want %s:%d column %q (%v)", e.File, e.Line, e.Column, c.file, c.line, c.column, err)
			}
		})
	}
}

// TestDetect tells an HSDS package from Réseau's own layout.
func TestDetect(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"HSDS files", map[string]string{"organizations.csv": "id,name,description\n"}, true},
		{"datapackage", map[string]string{"datapackage.json": `{"resources":[{"name":"organization","path":"organizations.csv"}]}`}, true},
		{"Réseau's layout", map[string]string{"organisations.csv": "id,name,sector\n"}, false},
		{"organizations.csv with Réseau's columns", map[string]string{"organizations.csv": "id,name,sector\n"}, false},
		{"another data package", map[string]string{"datapackage.json": `{"resources":[{"name":"x","path":"x.csv"}]}`}, false},
	} {
		if got := hsds.Detect(os.DirFS(writeFiles(t, c.files)), "."); got != c.want {
			t.Errorf("%s: Detect = %v, want %v", c.name, got, c.want)
		}
	}
}
