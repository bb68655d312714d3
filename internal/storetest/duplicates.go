package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// testDuplicates reads the directory records through the store as the
// create and import warnings do (analytics.DuplicatesInStore): an
// organisation under another name with the CPAS's enterprise number is
// its probable duplicate, a service of the CPAS giving its phone and seat
// is not.
func testDuplicates(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	ds := DirectoryFixture()
	for i := range ds.Domains {
		must(t, s.CreateDomain(ctx, &ds.Domains[i]))
	}
	for i := range ds.Organisations {
		must(t, s.CreateOrganisation(ctx, &ds.Organisations[i]))
	}
	renamed := reseau.Organisation{Key: "renamed", Name: "Centre public d'entraide",
		Directory: reseau.Directory{Identifiers: []reseau.Identifier{{Scheme: "KBO", Value: "0212345668"}}}}
	service := reseau.Organisation{Key: "cpas-energie", Name: "Cellule énergie", ParentKey: "cpas",
		Directory: reseau.Directory{Phones: []reseau.Phone{{Number: "02 000 00 01"}},
			Addresses: []reseau.Address{{Street: "Bd Auguste Reyers", Number: "70", Postcode: "1030", Commune: "Schaerbeek"}}}}
	for _, o := range []*reseau.Organisation{&renamed, &service} {
		must(t, s.CreateOrganisation(ctx, o))
	}
	d, err := analytics.DuplicatesInStore(ctx, s, []reseau.Organisation{renamed, service})
	must(t, err)
	if len(d) != 1 || d[0].A != "renamed" || d[0].B != "cpas" ||
		!slices.ContainsFunc(d[0].Explanations, func(e i18n.Explanation) bool { return e.Code == i18n.DuplicateSameEnterpriseNumber }) {
		t.Errorf("duplicates %+v, want renamed / cpas by the enterprise number alone", d)
	}
}
