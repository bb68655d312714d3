package csvio_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

const schaerbeekDir = "../demo/schaerbeek"

func TestReadDirSchaerbeek(t *testing.T) {
	ds, src, err := csvio.ReadDir(schaerbeekDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"domains", len(ds.Domains), 21},
		{"organisations", len(ds.Organisations), 83},
		{"collaborations", len(ds.Collaborations), 31},
		{"participations", len(ds.Participations), 106},
		{"partnerships", len(ds.Partnerships), 55},
		{"parties", len(ds.Parties), 116},
		{"people", len(ds.People), 0},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
	if err := ds.Validate(nil); err != nil {
		t.Errorf("Schaerbeek is not valid on its own: %v", err)
	}
	o := ds.Organisations[0]
	if o.Key != "cpas-schaerbeek" || o.Sector != reseau.SectorCPAS || !reflect.DeepEqual(o.Languages, []string{"fr", "nl"}) ||
		!reflect.DeepEqual(o.Aliases, []string{"CPAS 1030", "OCMW Schaarbeek"}) {
		t.Errorf("first organisation = %+v", o)
	}
	if file, line, ok := src.Position("participations", 0); !ok || file != csvio.FileParticipants || line != 2 {
		t.Errorf("Position(participations, 0) = %s, %d, %v", file, line, ok)
	}
	// Every domain of the demo has its English label (label_en).
	for _, d := range ds.Domains {
		if d.LabelEN == "" || d.LabelEN == d.LabelFR && d.Key != "mediation" && d.Key != "prevention" {
			t.Errorf("domain %s: labelEn %q", d.Key, d.LabelEN)
		}
		if d.Key == "parentalite" && d.LabelEN != "Parenting support" {
			t.Errorf("parentalite: labelEn %q", d.LabelEN)
		}
	}
}

// TestReadDirDomainsWithoutEnglish checks that label_en is optional: a
// domains.csv of the older layout reads with empty English labels, and one
// with label_en reads it.
func TestReadDirDomainsWithoutEnglish(t *testing.T) {
	for _, tc := range []struct{ csv, want string }{
		{"id,label_fr,label_nl\nlogement,Logement,Huisvesting\n", ""},
		{"id,label_fr,label_en\nlogement,Logement,Housing\n", "Housing"},
	} {
		ds, _, err := csvio.ReadDir(writeFiles(t, map[string]string{"domains.csv": tc.csv}))
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Domains) != 1 || ds.Domains[0].LabelFR != "Logement" || ds.Domains[0].LabelEN != tc.want {
			t.Errorf("%q: %+v, want labelEn %q", tc.csv, ds.Domains, tc.want)
		}
	}
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
	orgHeader    = "id,name,short_name,sector,parent_id,domains,commune,languages,aliases\n"
	collabHeader = "id,kind,title,domains,start_date,end_date,status,parent_id,location_id,participants_count,description\n"
	peopleHeader = "id,name,email,phone,organisation_id,role,since,until,visibility\n"
)

func TestReadDirErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		files  map[string]string
		file   string
		line   int
		column string
	}{
		{"bad sector", map[string]string{"organisations.csv": orgHeader + "a,A,,cpas,,,,,\nb,B,,prive,,,,,\n"},
			"organisations.csv", 3, "sector"},
		{"bad date", map[string]string{"collaborations.csv": collabHeader + "c,atelier,C,,2010-13-01,,,,,,\n"},
			"collaborations.csv", 2, "start_date"},
		{"end before start", map[string]string{"collaborations.csv": collabHeader + "c,atelier,C,,2010-05-01,2010-04,,,,,\n"},
			"collaborations.csv", 2, "end_date"},
		{"bad participants count", map[string]string{"collaborations.csv": collabHeader + "c,atelier,C,,,,,,,beaucoup,\n"},
			"collaborations.csv", 2, "participants_count"},
		{"missing column", map[string]string{"organisations.csv": "id,sector\na,cpas\n"},
			"organisations.csv", 1, "name"},
		{"unknown column", map[string]string{"domains.csv": "id,label_fr,label_de\nx,X,Y\n"},
			"domains.csv", 1, "label_de"},
		{"column twice", map[string]string{"domains.csv": "id,label_fr,id\nx,X,x\n"},
			"domains.csv", 1, "id"},
		{"too few values", map[string]string{"domains.csv": "id,label_fr,label_nl\nx,X,Y\ny,Y\n"},
			"domains.csv", 3, "label_nl"},
		{"too many values", map[string]string{"domains.csv": "id,label_fr,label_nl\nx,X,Y,Z\n"},
			"domains.csv", 2, ""},
		{"duplicate id", map[string]string{"organisations.csv": orgHeader + "a,A,,,,,,,\nb,B,,,,,,,\na,A bis,,,,,,,\n"},
			"organisations.csv", 4, "id"},
		{"empty id", map[string]string{"organisations.csv": orgHeader + ",A,,,,,,,\n"},
			"organisations.csv", 2, "id"},
		{"empty name", map[string]string{"organisations.csv": orgHeader + "a,,,,,,,,\n"},
			"organisations.csv", 2, "name"},
		{"bad language", map[string]string{"organisations.csv": orgHeader + "a,A,,,,,,fr;es,\n"},
			"organisations.csv", 2, "languages"},
		{"duplicate participation", map[string]string{"collaboration_participants.csv": "collaboration_id,organisation_id,role\nc,a,\nc,b,\nc,a,hote\n"},
			"collaboration_participants.csv", 4, ""},
		{"person renamed", map[string]string{"people.csv": peopleHeader + "p,Ann Peeters,,,a,,,,\np,An Peeters,,,b,,,,\n"},
			"people.csv", 3, "name"},
		{"person with two e-mails", map[string]string{"people.csv": peopleHeader + "p,Ann,a@example.org,,a,,,,\np,Ann,b@example.org,,b,,,,\n"},
			"people.csv", 3, "email"},
		{"bad visibility", map[string]string{"people.csv": peopleHeader + "p,Ann,,,,,,,secret\n"},
			"people.csv", 2, "visibility"},
		{"bad e-mail", map[string]string{"people.csv": peopleHeader + "p,Ann,ann.example.org,,,,,,\n"},
			"people.csv", 2, "email"},
		{"membership dates", map[string]string{"people.csv": peopleHeader + "p,Ann,,,a,as,2020,2019,\n"},
			"people.csv", 2, "until"},
		{"role without organisation", map[string]string{"people.csv": peopleHeader + "p,Ann,,,,as,,,\n"},
			"people.csv", 2, "organisation_id"},
		{"row saying nothing", map[string]string{"people.csv": peopleHeader + "p,Ann,,,,,,,\nq,,,,,,,,\n"},
			"people.csv", 3, "name"},
		{"membership without person", map[string]string{"people.csv": peopleHeader + ",,,,cass,,,,\n"},
			"people.csv", 2, "id"},
		{"knows oneself", map[string]string{"knows.csv": "person_id,other_person_id,since,source\np,q,,\np,p,,\n"},
			"knows.csv", 3, "other_person_id"},
		{"id outside the key alphabet", map[string]string{"organisations.csv": orgHeader + "a,A,,,,,,,\nBad Key!,B,,,,,,,\n"},
			"organisations.csv", 3, "id"},
		{"control character in a name", map[string]string{"organisations.csv": orgHeader + "a,A\x00B,,,,,,,\n"},
			"organisations.csv", 2, "name"},
		{"bidi override in an alias", map[string]string{"organisations.csv": orgHeader + "a,A,,,,,,,x;y\u202ez\n"},
			"organisations.csv", 2, "aliases"},
		// A file whose first accented letter is UTF-8 is UTF-8: a later
		// byte that is not is refused, not read as Windows-1252.
		{"invalid UTF-8 in a label", map[string]string{"domains.csv": "id,label_fr\nw,Événements\nx,\xffX\n"},
			"domains.csv", 3, "label_fr"},
		{"parent outside the key alphabet", map[string]string{"organisations.csv": orgHeader + "a,A,,,Nul\x00,,,,\n"},
			"organisations.csv", 2, "parent_id"},
		{"stray quote", map[string]string{"domains.csv": "id,label_fr\nx,\"X\n"},
			"domains.csv", 2, ""},
		{"quote left open", map[string]string{"domains.csv": "id,label_fr\nx,\"X\ny,Y\nz,Z\n"},
			"domains.csv", 2, ""},
		{"quote left open in a quoted field", map[string]string{"domains.csv": "id,label_fr\nw,W\nx,\"X \"\"quoted\"\" then\ny,Y\nz,Z\n"},
			"domains.csv", 3, ""},
		{"empty file", map[string]string{"domains.csv": ""},
			"domains.csv", 1, ""},
		{"unknown file", map[string]string{"organisation.csv": orgHeader},
			"organisation.csv", 0, ""},
		{"no file", map[string]string{"README.md": "nothing"},
			"", 0, ""},
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

func TestReadDirNotAFolder(t *testing.T) {
	for _, dir := range []string{filepath.Join(t.TempDir(), "missing"), filepath.Join(schaerbeekDir, "domains.csv")} {
		if _, _, err := csvio.ReadDir(dir); reseau.ErrorCode(err) != reseau.EINVALID {
			t.Errorf("ReadDir(%s): %v, want EINVALID", dir, err)
		}
	}
}

func TestReadDirPeople(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		// An incremental import: only people, of organisations the store holds.
		"people.csv": "\ufeff" + "ID,Name,email,organisation_id,role,since,visibility\n" +
			"ann,Ann Peeters,ann@example.org,org-a,assistante sociale,2015,private\n" +
			"ann,Ann Peeters,,org-b,administratrice,2019,\n" +
			"bob,Bob Maes,,,,,\n" +
			"carl,,,org-a,juriste,2020,\n",
		"knows.csv": "person_id,other_person_id,since,source\nann,bob,2018,formation\n",
	})
	ds, src, err := csvio.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantPeople := []reseau.Person{
		{Key: "ann", Name: "Ann Peeters", Email: "ann@example.org", Visibility: reseau.VisibilityPrivate},
		{Key: "bob", Name: "Bob Maes", Visibility: reseau.VisibilityNetwork},
	}
	wantMemberships := []reseau.Membership{
		{PersonKey: "ann", OrganisationKey: "org-a", Role: "assistante sociale", Since: "2015"},
		{PersonKey: "ann", OrganisationKey: "org-b", Role: "administratrice", Since: "2019"},
		{PersonKey: "carl", OrganisationKey: "org-a", Role: "juriste", Since: "2020"},
	}
	if !reflect.DeepEqual(ds.People, wantPeople) {
		t.Errorf("people = %+v", ds.People)
	}
	if !reflect.DeepEqual(ds.Memberships, wantMemberships) {
		t.Errorf("memberships = %+v", ds.Memberships)
	}
	if len(ds.Knows) != 1 || len(ds.Organisations) != 0 {
		t.Errorf("knows %d, organisations %d", len(ds.Knows), len(ds.Organisations))
	}
	if file, line, _ := src.Position("memberships", 2); file != csvio.FilePeople || line != 5 {
		t.Errorf("membership 2 at %s:%d, want people.csv:5", file, line)
	}
}

// TestLocate checks that an error only the store can detect (a reference to
// a key it does not hold) is turned into a file, line and column.
func TestLocate(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"collaboration_participants.csv": "collaboration_id,organisation_id,role\ncolloque-2010,cass,organisateur\ncolloque-2010,nowhere,participant\n",
		"people.csv":                     peopleHeader + "p,Ann,,,cass,,,,\np,Ann,,,elsewhere,,,,\n",
	})
	ds, src, err := csvio.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"Collaboration/colloque-2010": true, "Organisation/cass": true}
	for _, tc := range []struct {
		name   string
		exists func(typ, key string) bool
		line   int
		file   string
		column string
	}{
		{"unknown organisation of a membership", func(typ, key string) bool { return known[typ+"/"+key] }, 3, "people.csv", "organisation_id"},
		{"unknown organisation of a participation", func(typ, key string) bool { return known[typ+"/"+key] || key == "elsewhere" }, 3, "collaboration_participants.csv", "organisation_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ds.Validate(tc.exists)
			if err == nil {
				t.Fatal("no error")
			}
			located := src.Locate(err)
			var e *reseau.Error
			if !errors.As(located, &e) || e.Code != reseau.EINVALID {
				t.Fatalf("Locate: %v", located)
			}
			if e.File != tc.file || e.Line != tc.line || e.Column != tc.column {
				t.Errorf("at %q line %d column %q, want %q line %d column %q (%v)", e.File, e.Line, e.Column, tc.file, tc.line, tc.column, located)
			}
		})
	}
	plain := errors.New("disk full")
	if got := src.Locate(plain); got != plain {
		t.Errorf("Locate changed an error without a section: %v", got)
	}
}

// datasets are the round-trip subjects: the demo (people on several rows,
// partial dates, empty cells) and a synthetic network.
func datasets(t testing.TB) map[string]*reseau.Dataset {
	t.Helper()
	d, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	s, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*reseau.Dataset{"demo": d, "S": s}
}

func TestWriteDirRoundTrip(t *testing.T) {
	for name, ds := range datasets(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := csvio.WriteDir(dir, ds); err != nil {
				t.Fatal(err)
			}
			got, _, err := csvio.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			assertSame(t, got, ds)
		})
	}
}

func TestWriteDirMembershipOnly(t *testing.T) {
	ds := &reseau.Dataset{Memberships: []reseau.Membership{{PersonKey: "ann", OrganisationKey: "cass", Role: "juriste"}}}
	dir := t.TempDir()
	if err := csvio.WriteDir(dir, ds); err != nil {
		t.Fatal(err)
	}
	got, _, err := csvio.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	assertSame(t, got, ds)
}

func TestWriteDirListSeparator(t *testing.T) {
	ds := &reseau.Dataset{Organisations: []reseau.Organisation{{Key: "a", Name: "A", Aliases: []string{"A; B"}}}}
	err := csvio.WriteDir(t.TempDir(), ds)
	if code := reseau.ErrorCode(err); code != reseau.EINVALID {
		t.Fatalf("code %q (%v), want EINVALID", code, err)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	for name, ds := range datasets(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := csvio.WriteJSON(&buf, ds); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte(`{"format":"reseau-snapshot","version":1,`)) {
				t.Errorf("snapshot starts with %.60s", buf.String())
			}
			got, err := csvio.ReadJSON(&buf)
			if err != nil {
				t.Fatal(err)
			}
			assertSame(t, got, ds)
		})
	}
}

func TestReadPath(t *testing.T) {
	ds, src, err := csvio.ReadPath(schaerbeekDir)
	if err != nil || src == nil || len(ds.Organisations) != 83 {
		t.Fatalf("folder: %v", err)
	}
	file := filepath.Join(t.TempDir(), "snapshot.json")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := csvio.WriteJSON(f, ds); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got, src, err := csvio.ReadPath(file)
	if err != nil || src != nil {
		t.Fatalf("snapshot: %v, source %v", err, src)
	}
	assertSame(t, got, ds)
	if _, _, err := csvio.ReadPath(filepath.Join(schaerbeekDir, "domains.csv")); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("a CSV file read as a snapshot: %v, want EINVALID", err)
	}
	if _, _, err := csvio.ReadPath(filepath.Join(t.TempDir(), "missing")); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("a missing path: %v, want EINVALID", err)
	}
	var nilSource *csvio.Source
	e := &reseau.Error{Code: reseau.EINVALID, Section: "participations", Row: 3, Message: "x"}
	if nilSource.Locate(e) != error(e) {
		t.Error("a nil Source changed an error")
	}
}

func TestReadJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
	}{
		{"empty", ``},
		{"not an object", `[1,2]`},
		{"syntax", `{"format":"reseau-snapshot",`},
		{"no format", `{"version":1,"domains":[]}`},
		{"other format", `{"format":"gexf","version":1}`},
		{"no version", `{"format":"reseau-snapshot"}`},
		{"future version", `{"format":"reseau-snapshot","version":2}`},
		{"unknown section", `{"format":"reseau-snapshot","version":1,"usagers":[]}`},
		{"unknown field", `{"format":"reseau-snapshot","version":1,"domains":[{"key":"x","labelFr":"X","colour":"red"}]}`},
		{"wrong type", `{"format":"reseau-snapshot","version":1,"organisations":[{"key":1}]}`},
		{"trailing data", `{"format":"reseau-snapshot","version":1} {}`},
		{"invalid UTF-8", "{\"format\":\"reseau-snapshot\",\"version\":1,\"domains\":[{\"key\":\"x\",\"labelFr\":\"\xff\"}]}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := csvio.ReadJSON(strings.NewReader(tc.doc))
			if code := reseau.ErrorCode(err); code != reseau.EINVALID {
				t.Errorf("code %q (%v), want EINVALID", code, err)
			}
		})
	}
}

// assertSame fails unless got and want are the same dataset; it names the
// first differing section and row rather than dumping both.
func assertSame(t *testing.T, got, want *reseau.Dataset) {
	t.Helper()
	gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for i := range gv.NumField() {
		g, w := gv.Field(i), wv.Field(i)
		name := gv.Type().Field(i).Name
		if g.Len() != w.Len() {
			t.Errorf("%s: %d rows, want %d", name, g.Len(), w.Len())
			continue
		}
		for j := range g.Len() {
			if !reflect.DeepEqual(g.Index(j).Interface(), w.Index(j).Interface()) {
				t.Errorf("%s[%d] = %+v, want %+v", name, j, g.Index(j).Interface(), w.Index(j).Interface())
				break
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("datasets differ (nil against empty slices?)")
	}
}

// BenchmarkReadDir reads the scale M network from CSV; rows/s counts every
// record of the dataset.
func BenchmarkReadDir(b *testing.B) {
	ds, err := demo.Scale("M")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := csvio.WriteDir(dir, ds); err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		n++
		if _, _, err := csvio.ReadDir(dir); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ds.Rows())*float64(n)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkWriteJSON and BenchmarkReadJSON time the snapshot at scale M.
func BenchmarkWriteJSON(b *testing.B) {
	ds, err := demo.Scale("M")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	n := 0
	for b.Loop() {
		n++
		buf.Reset()
		if err := csvio.WriteJSON(&buf, ds); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ds.Rows())*float64(n)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkReadJSON(b *testing.B) {
	ds, err := demo.Scale("M")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := csvio.WriteJSON(&buf, ds); err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		n++
		if _, err := csvio.ReadJSON(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ds.Rows())*float64(n)/b.Elapsed().Seconds(), "rows/s")
}
