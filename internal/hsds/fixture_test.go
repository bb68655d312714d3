package hsds_test

import "github.com/reseau-bxl/reseau/internal/reseau"

func ptr(f float64) *float64 { return &f }

// directoryDataset is a small network of fictional organisations whose
// directory records fill every field the model has, in the shapes that
// test the mapping: an institution and a service inside it, a record with
// only Dutch texts, a key that is a UUID, a service named only in Dutch, a
// schedule with dates, a hours note in both languages.
func directoryDataset() *reseau.Dataset {
	return &reseau.Dataset{
		Domains: []reseau.Domain{
			{Key: "jeunesse", LabelFR: "Enfance et jeunesse", LabelNL: "Kinderen en jongeren", LabelEN: "Children and youth"},
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

// directory is ds reduced to what HSDS carries: its domains and its
// organisations.
func directory(ds *reseau.Dataset) *reseau.Dataset {
	return &reseau.Dataset{Domains: ds.Domains, Organisations: ds.Organisations}
}
