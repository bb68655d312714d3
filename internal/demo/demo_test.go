package demo_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// none is the exists function of a dataset that must be valid on its own.
func none(string, string) bool { return false }

func TestSchaerbeek(t *testing.T) {
	ds, err := demo.Schaerbeek()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Domains) != 21 || len(ds.Organisations) != 83 || len(ds.Collaborations) != 31 || len(ds.Partnerships) != 55 || len(ds.People) != 0 {
		t.Errorf("sizes: %d domains, %d organisations, %d collaborations, %d partnerships, %d people",
			len(ds.Domains), len(ds.Organisations), len(ds.Collaborations), len(ds.Partnerships), len(ds.People))
	}
}

func TestDemoDataset(t *testing.T) {
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Validate(none); err != nil {
		t.Fatal(err)
	}
	checkPeople(t, ds)
	staff := map[string]int{}
	for _, m := range ds.Memberships {
		staff[m.OrganisationKey]++
	}
	for _, o := range ds.Organisations {
		if staff[o.Key] < 2 {
			t.Errorf("%s has %d staff, want at least 2", o.Key, staff[o.Key])
		}
	}
	if len(ds.People) < 2*83 || len(ds.People) > 6*83 || len(ds.Knows) == 0 || len(ds.PersonParticipations) == 0 {
		t.Errorf("%d people, %d knows, %d person participations", len(ds.People), len(ds.Knows), len(ds.PersonParticipations))
	}
	again, _ := demo.DemoDataset()
	if !reflect.DeepEqual(ds, again) {
		t.Error("DemoDataset differs between two calls")
	}
}

func TestStaffSeed(t *testing.T) {
	staffed := func(seed int64) *reseau.Dataset {
		ds, err := demo.Schaerbeek()
		if err != nil {
			t.Fatal(err)
		}
		demo.Staff(ds, seed)
		return ds
	}
	if !reflect.DeepEqual(staffed(7), staffed(7)) {
		t.Error("same seed, different staff")
	}
	if reflect.DeepEqual(staffed(7).People, staffed(8).People) {
		t.Error("different seeds, same staff")
	}
	// Staff added twice gets new keys, never a duplicate.
	ds := staffed(7)
	demo.Staff(ds, 7)
	if err := ds.Validate(none); err != nil {
		t.Errorf("staff added twice: %v", err)
	}
}

// checkPeople checks the privacy and participation rules of generated
// people: fictional e-mails, about 15% PRIVATE, and a person takes part in a
// collaboration only through an organisation they work at that attended it.
func checkPeople(t *testing.T, ds *reseau.Dataset) {
	t.Helper()
	private := 0
	for _, p := range ds.People {
		if !strings.HasSuffix(p.Email, "@example.org") {
			t.Fatalf("%s: e-mail %q is not at example.org", p.Key, p.Email)
		}
		if p.Visibility == reseau.VisibilityPrivate {
			private++
		}
	}
	if share := float64(private) / float64(len(ds.People)); share < 0.08 || share > 0.25 {
		t.Errorf("%.0f%% PRIVATE people, want about 15%%", 100*share)
	}
	worksAt := map[[2]string]bool{}
	orgsOf := map[string][]string{}
	for _, m := range ds.Memberships {
		worksAt[[2]string{m.PersonKey, m.OrganisationKey}] = true
		orgsOf[m.PersonKey] = append(orgsOf[m.PersonKey], m.OrganisationKey)
	}
	attended := map[[2]string]bool{}
	for _, p := range ds.Participations {
		if p.Role != reseau.RoleInviteAbsent {
			attended[[2]string{p.CollaborationKey, p.OrganisationKey}] = true
		}
	}
	for _, pp := range ds.PersonParticipations {
		ok := false
		for _, o := range orgsOf[pp.PersonKey] {
			ok = ok || attended[[2]string{pp.CollaborationKey, o}]
		}
		if !ok {
			t.Fatalf("%s took part in %s without any of their organisations %v", pp.PersonKey, pp.CollaborationKey, orgsOf[pp.PersonKey])
		}
	}
}

func TestGenerateSeed(t *testing.T) {
	a, _ := demo.Generate("S", 42)
	b, _ := demo.Generate("s", 42)
	c, _ := demo.Generate("S", 43)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different networks")
	}
	if reflect.DeepEqual(a.Participations, c.Participations) {
		t.Error("different seeds, same network")
	}
}

func TestGenerateUnknownScale(t *testing.T) {
	if _, err := demo.Generate("XL", 1); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("Generate(XL): %v, want EINVALID", err)
	}
}

func TestScaleS(t *testing.T) {
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	checkScale(t, ds, demo.Scales["S"])
}

func TestScaleML(t *testing.T) {
	if testing.Short() {
		t.Skip("M and L take seconds and gigabytes: skipped with -short")
	}
	for _, name := range []string{"M", "L"} {
		t.Run(name, func(t *testing.T) {
			ds, err := demo.Scale(name)
			if err != nil {
				t.Fatal(err)
			}
			checkScale(t, ds, demo.Scales[name])
		})
	}
}

func TestGenerateSizesSmall(t *testing.T) {
	for _, sz := range []demo.Sizes{{}, {Organisations: 1}, {Organisations: 2, People: 1, Collaborations: 3}, {Organisations: 7, People: 3, Collaborations: 20}} {
		ds := demo.GenerateSizes(sz, 1)
		if err := ds.Validate(none); err != nil {
			t.Errorf("%+v: %v", sz, err)
		}
		if len(ds.Organisations) != sz.Organisations || len(ds.People) != sz.People {
			t.Errorf("%+v: %d organisations, %d people", sz, len(ds.Organisations), len(ds.People))
		}
	}
}

// checkScale checks sizes, validity and the structure the benchmarks rely
// on: sector proportions, hubs, collaboration sizes and dates.
func checkScale(t *testing.T, ds *reseau.Dataset, sz demo.Sizes) {
	t.Helper()
	if len(ds.Organisations) != sz.Organisations || len(ds.People) != sz.People || len(ds.Collaborations) != sz.Collaborations {
		t.Fatalf("%d organisations, %d people, %d collaborations; want %+v", len(ds.Organisations), len(ds.People), len(ds.Collaborations), sz)
	}
	if err := ds.Validate(none); err != nil {
		t.Fatal(err)
	}
	checkPeople(t, ds)
	sectors := map[reseau.Sector]int{}
	children := 0
	for _, o := range ds.Organisations {
		sectors[o.Sector]++
		if o.ParentKey != "" {
			children++
		}
	}
	if share := float64(sectors[reseau.SectorAssociatif]) / float64(sz.Organisations); share < 0.6 || share > 0.85 {
		t.Errorf("%.0f%% associations, want about three in four", 100*share)
	}
	for _, s := range reseau.AllSectors {
		if sectors[s] == 0 {
			t.Errorf("no organisation of sector %s", s)
		}
	}
	if children == 0 {
		t.Error("no organisation is part of another")
	}
	size := map[string]int{}
	for _, p := range ds.Participations {
		size[p.CollaborationKey]++
	}
	subEvents := 0
	for _, c := range ds.Collaborations {
		if n := size[c.Key]; n < 2 || n > 15 {
			t.Fatalf("%s has %d participants, want 2 to 15", c.Key, n)
		}
		if c.StartDate < "2005" || c.StartDate > "2025-12-31" {
			t.Fatalf("%s starts on %s, outside 2005–2025", c.Key, c.StartDate)
		}
		if c.ParentKey != "" {
			subEvents++
		}
	}
	if subEvents == 0 {
		t.Error("no sub-event")
	}
	// Hubs: the most connected organisation takes part in far more
	// collaborations than the median one.
	perOrg := map[string]int{}
	for _, p := range ds.Participations {
		perOrg[p.OrganisationKey]++
	}
	top := 0
	for _, n := range perOrg {
		top = max(top, n)
	}
	if mean := float64(len(ds.Participations)) / float64(sz.Organisations); float64(top) < 5*mean {
		t.Errorf("top organisation in %d collaborations, mean %.1f: no hub", top, mean)
	}
	kinds := map[string]int{}
	for _, p := range ds.Partnerships {
		kinds[p.Kind]++
	}
	if kinds["adhesion"] == 0 || kinds["convention"] == 0 || kinds["financement"] == 0 {
		t.Errorf("partnership kinds %v", kinds)
	}
	if len(ds.Knows) == 0 || len(ds.Memberships) <= len(ds.People) {
		t.Errorf("%d knows, %d memberships for %d people", len(ds.Knows), len(ds.Memberships), len(ds.People))
	}
}

// BenchmarkGenerate times each scale; rows/s counts every record.
func BenchmarkGenerate(b *testing.B) {
	for _, name := range []string{"S", "M", "L"} {
		b.Run(name, func(b *testing.B) {
			rows, n := 0, 0
			for b.Loop() {
				ds, err := demo.Scale(name)
				if err != nil {
					b.Fatal(err)
				}
				rows = ds.Rows()
				n++
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(rows)*float64(n)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// TestFillDirectories checks that the fictional directory records pass the
// checks an import makes, and that services give their institution's
// switchboard and enterprise number, as the duplicate search expects of
// real directories.
func TestFillDirectories(t *testing.T) {
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	demo.FillDirectories(ds)
	if err := ds.Validate(none); err != nil {
		t.Fatal(err)
	}
	at := map[string]*reseau.Organisation{}
	for i := range ds.Organisations {
		at[ds.Organisations[i].Key] = &ds.Organisations[i]
	}
	services := 0
	for _, o := range ds.Organisations {
		if o.Website == "" || len(o.Phones) == 0 || len(o.Addresses) == 0 || len(o.Identifiers) == 0 {
			t.Fatalf("%s: no directory record: %+v", o.Key, o.Directory)
		}
		if p := at[o.ParentKey]; p != nil {
			services++
			if o.Phones[0].Number != p.Phones[0].Number || o.Identifiers[0] != p.Identifiers[0] || o.Website == p.Website {
				t.Errorf("service %s of %s: phone %s, number %s, website %s", o.Key, p.Key, o.Phones[0].Number, o.Identifiers[0].Value, o.Website)
			}
		}
	}
	if services == 0 {
		t.Error("S has no service: nothing shares an institution's contacts")
	}
}
