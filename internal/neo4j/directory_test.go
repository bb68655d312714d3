package neo4j

import (
	"context"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// directoryOrganisation has every field of a directory record set.
func directoryOrganisation() *reseau.Organisation {
	lat, lon := 50.8671, 4.3779
	return &reseau.Organisation{
		Key: "cpas", Name: "CPAS", Commune: "Schaerbeek", Languages: []string{"fr", "nl"},
		Directory: reseau.Directory{
			NameFR: "CPAS de Schaerbeek", NameNL: "OCMW Schaarbeek", DescriptionFR: "Aide\nsociale", DescriptionNL: "Hulp",
			Website: "https://cpas.example.be/", Emails: []string{"a@cpas.example.be", "b@cpas.example.be"},
			Phones: []reseau.Phone{{Number: "+32 2 000 00 00", Kind: "voice", Description: "accueil"}, {Number: "02 000 00 01"}},
			Addresses: []reseau.Address{{Kind: "physical", Street: "Rue", Number: "1", Postcode: "1030", Commune: "Schaerbeek", Latitude: &lat, Longitude: &lon},
				{Street: "Place", Postcode: "1000", Commune: "Bruxelles"}},
			Schedules:   []reseau.Schedule{{Days: []string{"MO", "TU"}, Opens: "09:00", Closes: "12:30", ValidFrom: "2024-01-01", ValidTo: "2024-12-31"}},
			HoursNoteFR: "Sur rendez-vous", HoursNoteNL: "Op afspraak", EligibilityFR: "Tous", EligibilityNL: "Iedereen",
			AccessFR: "Tram 7", AccessNL: "Tram 7", CostFR: "Gratuit", CostNL: "Gratis",
			Identifiers: []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: "0212.345.668"}},
			Services:    []reseau.Service{{Key: "ris", NameFR: "RIS", Domains: []string{"d"}, EligibilityNL: "Meerderjarigen"}},
		},
	}
}

// TestOpeningHoursFilter pins how find_organisations reads openingHours
// ("MO 09:00 12:30", one per day of a schedule): the day is its first two
// characters, an organisation is open from its opening time included to its
// closing time excluded, and a day alone matches any of its hours.
func TestOpeningHoursFilter(t *testing.T) {
	ctx := context.Background()
	for name, s := range semanticStores(t) {
		t.Run(name, func(t *testing.T) {
			st := reseau.Checked(s)
			for _, o := range []*reseau.Organisation{
				{Key: "morning", Name: "M", Directory: reseau.Directory{Schedules: []reseau.Schedule{{Days: []string{"MO", "TU"}, Opens: "09:00", Closes: "12:30"}}}},
				{Key: "evening", Name: "E", Directory: reseau.Directory{Schedules: []reseau.Schedule{{Days: []string{"TU"}, Opens: "17:00", Closes: "21:00"}, {Days: []string{"SU"}, Opens: "10:00", Closes: "11:00"}}}},
				{Key: "closed", Name: "C"},
			} {
				if err := st.CreateOrganisation(ctx, o); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range []struct {
				day, at string
				want    []string
			}{
				{"MO", "", []string{"morning"}},
				{"TU", "", []string{"evening", "morning"}},
				{"TU", "09:00", []string{"morning"}},
				{"TU", "12:29", []string{"morning"}},
				{"TU", "12:30", nil},
				{"TU", "20:59", []string{"evening"}},
				{"SU", "10:30", []string{"evening"}},
				{"SA", "", nil},
			} {
				p, err := st.FindOrganisations(ctx, reseau.OrganisationFilter{OpenOn: c.day, OpenAt: c.at}, reseau.ListOptions{OrderBy: reseau.OrderKey})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, o := range p.Items {
					got = append(got, o.Key)
				}
				if !slices.Equal(got, c.want) || p.TotalCount != len(c.want) {
					t.Errorf("open on %s at %q: %v (total %d), want %v", c.day, c.at, got, p.TotalCount, c.want)
				}
			}
		})
	}
}
