package hsds_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func ptr(f float64) *float64 { return &f }

// directoryDataset is a small network of fictional organisations whose
// directory records fill every field the model has, in the shapes that
// test the mapping: an institution and a service inside it, a record with
// only Dutch texts, a key that is a UUID, a service named only in Dutch, a
// schedule with dates, a hours note in both languages.
func directoryDataset() *reseau.Dataset {
	return &reseau.Dataset{
		Domains: []reseau.Domain{
			{Key: "jeunesse", LabelFR: "Enfance et jeunesse", LabelNL: "Kinderen en jongeren"},
			{Key: "logement", LabelFR: "Logement"},
		},
		Organisations: []reseau.Organisation{
			{Key: "cpas-exemple", Name: "CPAS d'Exemple", ShortName: "CPAS", Sector: reseau.SectorCPAS,
				Domains: []string{"jeunesse", "logement"}, Commune: "Exemple", Languages: []string{"fr", "nl"},
				Aliases: []string{"OCMW Voorbeeld", "CPAS 1099"},
				Directory: reseau.Directory{
					NameFR: "CPAS d'Exemple", NameNL: "OCMW Voorbeeld",
					DescriptionFR: "Aide sociale et revenu d'intégration.\nSur rendez-vous.", DescriptionNL: "Sociale hulp.",
					Website: "https://cpas.example.org/", Emails: []string{"accueil@cpas.example.org", "social@cpas.example.org"},
					Phones: []reseau.Phone{{Number: "+32 2 000 00 01", Description: "Accueil"},
						{Number: "+32 2 000 00 02", Kind: "fax"}},
					Addresses: []reseau.Address{
						{Street: "Rue de l'Exemple", Number: "12 bte 3", Postcode: "1030", Commune: "Schaerbeek",
							Latitude: ptr(50.8671), Longitude: ptr(4.3734)},
						{Kind: "postal", Street: "Place Communale", Postcode: "1099", Commune: "Exemple"},
					},
					Schedules: []reseau.Schedule{
						{Days: []string{"MO", "TU", "WE", "TH", "FR"}, Opens: "08:30", Closes: "12:00"},
						{Days: []string{"TH"}, Opens: "13:30", Closes: "16:00", ValidFrom: "2026-01-01", ValidTo: "2026-06-30"},
					},
					HoursNoteFR: "Fermé en août.", HoursNoteNL: "Gesloten in augustus.",
					EligibilityFR: "Habitants de la commune.", EligibilityNL: "Inwoners van de gemeente.",
					AccessFR: "Sans rendez-vous le matin.", AccessNL: "Zonder afspraak 's ochtends.",
					CostFR: "Gratuit.", CostNL: "Gratis.",
					Identifiers: []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: "0212.345.668"},
						{Scheme: "INAMI", Value: "123-45"}},
					Services: []reseau.Service{
						{Key: "epicerie", NameFR: "Épicerie sociale", NameNL: "Sociale kruidenier",
							DescriptionFR: "Produits à petit prix.", DescriptionNL: "Goedkope producten.",
							Domains: []string{"logement"}, EligibilityFR: "Sur orientation.", EligibilityNL: "Na doorverwijzing."},
						{Key: "jobs", NameNL: "Jobdienst"},
					},
				}},
			{Key: "cpas-exemple-jeunes", Name: "Pôle Jeunes du CPAS", Sector: reseau.SectorCPAS, ParentKey: "cpas-exemple",
				Domains: []string{"jeunesse"}, Commune: "Exemple",
				Directory: reseau.Directory{NameNL: "Jongerenpool van het OCMW", DescriptionNL: "Voor jongeren van 18 tot 25 jaar."}},
			{Key: "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", Name: "Maison venue d'ailleurs",
				Directory: reseau.Directory{Website: "http://maison.example.net", Phones: []reseau.Phone{{Number: "02 000 00 03", Kind: "voice"}}}},
			{Key: "asbl-sans-rien", Name: "ASBL sans fiche", Sector: reseau.SectorAssociatif},
		},
	}
}

// fill gives every organisation of a generated dataset (fictional, by
// construction) a deterministic directory record, so that the export has
// every kind of row at the generator's scales.
func fill(ds *reseau.Dataset) {
	for i := range ds.Organisations {
		o := &ds.Organisations[i]
		n := i + 1
		host := strings.ReplaceAll(o.Key, "_", "-") + ".example.org"
		o.Website = "https://" + host + "/"
		o.Emails = []string{"info@" + host}
		if n%5 == 0 {
			o.Emails = append(o.Emails, "direction@"+host)
		}
		o.Phones = []reseau.Phone{{Number: fmt.Sprintf("+32 2 %03d %02d %02d", n%1000, n%97, n%89)}}
		postcode := fmt.Sprintf("%d", 1000+n%210)
		o.Addresses = []reseau.Address{{Street: "Rue de l'Exemple", Number: fmt.Sprint(n % 300), Postcode: postcode,
			Commune: cmpOr(o.Commune, "Bruxelles"), Latitude: ptr(50.8 + float64(n%100)/1000), Longitude: ptr(4.3 + float64(n%100)/1000)}}
		o.Schedules = []reseau.Schedule{{Days: []string{"MO", "TU", "WE", "TH", "FR"}, Opens: "09:00", Closes: "17:00"}}
		first8 := 4000000 + n // 04xx.xxx.xxx: enterprise numbers begin with 0 or 1
		o.Identifiers = []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: bce(first8)}}
		if n%2 == 0 {
			o.NameNL = o.Name + " (nl)"
			o.EligibilityFR, o.EligibilityNL = "Tout public.", "Iedereen."
		}
		if n%3 == 0 {
			o.DescriptionFR = "Une organisation du réseau, numéro " + fmt.Sprint(n) + "."
			o.HoursNoteFR = "Sur rendez-vous."
		}
		if n%4 == 0 {
			o.Services = []reseau.Service{{Key: "accueil", NameFR: "Accueil", Domains: slices.Clone(o.Domains[:min(1, len(o.Domains))])},
				{Key: "permanence", NameFR: "Permanence", NameNL: "Permanentie"}}
		}
	}
}

// bce writes the enterprise number of eight digits with its two control
// digits, 97 minus their remainder modulo 97.
func bce(first8 int) string {
	n := first8*100 + 97 - first8%97
	s := fmt.Sprintf("%010d", n)
	return s[:4] + "." + s[4:7] + "." + s[7:]
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// directory is ds reduced to what HSDS carries: its domains and its
// organisations.
func directory(ds *reseau.Dataset) *reseau.Dataset {
	return &reseau.Dataset{Domains: ds.Domains, Organisations: ds.Organisations}
}
