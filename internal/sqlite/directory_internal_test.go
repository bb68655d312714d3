package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestDirectoryMigration opens a store written before directory records
// existed (schema version 3, an organisation speaking fr and nl): it is
// migrated, the organisation reads with an empty record, the language
// filter finds it from its old languages column, and a record written
// afterwards reads back whole.
func TestDirectoryMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:3] {
		if _, err := raw.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`PRAGMA user_version = 3;
		INSERT INTO organisations(key, name, languages, commune, commune_fold) VALUES ('cpas', 'CPAS', '["fr","nl"]', 'Schaerbeek', 'schaerbeek'),
			('ssm', 'SSM', '["fr"]', '', '')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := userVersion(t, s.w); v != len(migrations) {
		t.Fatalf("user_version = %d, want %d", v, len(migrations))
	}
	st := reseau.Checked(s)
	got, err := st.FindOrganisations(ctx, reseau.OrganisationFilter{Language: "nl"}, reseau.ListOptions{})
	if err != nil || len(got.Items) != 1 || got.Items[0].Key != "cpas" || !reflect.ValueOf(got.Items[0].Directory).IsZero() {
		t.Fatalf("speaking nl after the migration: %+v, %v; want cpas without a record", got, err)
	}
	lat, lon := 50.86, 4.37
	rec := reseau.Directory{
		NameNL: "OCMW", Website: "https://cpas.example.be/", Emails: []string{"info@cpas.example.be"},
		Addresses: []reseau.Address{{Street: "Rue", Postcode: "1030", Commune: "Schaerbeek", Latitude: &lat, Longitude: &lon}},
		Schedules: []reseau.Schedule{{Days: []string{"MO", "TU"}, Opens: "09:00", Closes: "12:00"}},
	}
	if _, err := st.UpdateOrganisation(ctx, "ssm", func(o *reseau.Organisation) error { o.Directory = rec; return nil }); err != nil {
		t.Fatal(err)
	}
	back, err := getOrganisation(ctx, s.rd, "ssm")
	if err != nil || !reflect.DeepEqual(back.Directory, rec) {
		t.Fatalf("record read back: %+v, %v; want %+v", back.Directory, err, rec)
	}
}

// TestDirectoryFiltersUseIndexes asks SQLite for the plan of each directory
// filter of the organisations list: each reads its index table through an
// index (SEARCH … USING … INDEX), never by scanning it, and no filter reads
// the directory JSON.
func TestDirectoryFiltersUseIndexes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cases := []struct {
		name   string
		filter reseau.OrganisationFilter
		want   []string // index names the plan must use
	}{
		{"postcode", reseau.OrganisationFilter{Postcode: "1030"}, []string{"organisation_addresses_postcode"}},
		{"commune", reseau.OrganisationFilter{Commune: "Schaerbeek"}, []string{"organisation_addresses_commune", "organisations_commune"}},
		{"language", reseau.OrganisationFilter{Language: "nl"}, []string{"organisation_languages"}},
		{"open on a day", reseau.OrganisationFilter{OpenOn: "MO"}, []string{"organisation_hours_day"}},
		{"open at a time", reseau.OrganisationFilter{OpenOn: "MO", OpenAt: "10:00"}, []string{"organisation_hours_day"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := orgWhere(c.filter)
			if strings.Contains(strings.Join(w.conds, " "), "directory") {
				t.Fatalf("the filter reads the directory column: %s", w.String())
			}
			rows, err := s.rd.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT `+orgCols+` FROM organisations o`+w.String()+` ORDER BY o.name_fold, o.key LIMIT 50`, w.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			all := strings.Join(plan, "\n")
			t.Log(all)
			for _, idx := range c.want {
				if !strings.Contains(all, idx) {
					t.Errorf("the plan does not use %s:\n%s", idx, all)
				}
			}
			for _, line := range plan {
				if strings.HasPrefix(line, "SCAN organisation_") {
					t.Errorf("the plan scans an index table: %s\n%s", line, all)
				}
			}
		})
	}
}
