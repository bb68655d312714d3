package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestCommuneFoldMigration opens a store written before communes were read
// in French whatever their language: an organisation recorded in
// "Schaarbeek" and an address in "Sint-Joost-ten-Node" had the Dutch folds.
// After the migration the French names find them, and so do the Dutch ones.
func TestCommuneFoldMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reseau.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	before := len(migrations) - 1
	for _, m := range migrations[:before] {
		if _, err := raw.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	// The folds as the store wrote them then: reseau.Fold of what was typed.
	if _, err := raw.Exec(`PRAGMA user_version = `+strconv.Itoa(before)+`;
		INSERT INTO organisations(key, name, commune, commune_fold) VALUES ('amo', 'AMO', 'Schaarbeek', ?),
			('ssm', 'SSM', 'Ixelles', ?), ('x', 'X', '', '')`, reseau.Fold("Schaarbeek"), reseau.Fold("Ixelles")); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO organisation_addresses(org_key, position, postcode, commune_fold) VALUES ('ssm', 0, '1210', ?)`,
		reseau.Fold("Sint-Joost-ten-Node")); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st := reseau.Checked(s)
	for commune, want := range map[string][]string{
		"Schaerbeek": {"amo"}, "Schaarbeek": {"amo"}, "SCHAARBEEK": {"amo"},
		"Saint-Josse-ten-Noode": {"ssm"}, "Sint-Joost-ten-Node": {"ssm"}, "Elsene": {"ssm"}, "Ixelles": {"ssm"},
	} {
		page, err := st.FindOrganisations(ctx, reseau.OrganisationFilter{Commune: commune}, reseau.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range page.Items {
			got = append(got, o.Key)
		}
		if !slices.Equal(got, want) {
			t.Errorf("commune %q: %v, want %v", commune, got, want)
		}
	}
}
