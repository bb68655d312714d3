package demo

import (
	"fmt"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// FillDirectories gives every organisation of a generated network (Scale,
// Generate: fictional by construction) a deterministic directory record, so
// that exports, imports and the duplicate search have every kind of row at
// the generator's scales: a website and e-mails of its own under
// example.org, a phone, an address with coordinates, opening hours, an
// enterprise number, and on some a Dutch name, a description, notes and
// services. As in real directories, a service (an organisation with a
// parent) gives its institution's enterprise number, switchboard and
// address beside its own e-mail and website, and one organisation in
// twenty of a commune is housed at the commune's house of associations,
// whose address and reception phone many bodies give.
//
// Never call it on real organisations (the Schaerbeek dataset): their
// records come from public pages, and none may be invented.
func FillDirectories(ds *reseau.Dataset) {
	at := make(map[string]int, len(ds.Organisations))
	for i := range ds.Organisations {
		at[ds.Organisations[i].Key] = i
	}
	for i := range ds.Organisations {
		o := &ds.Organisations[i]
		n := i + 1
		host := strings.ReplaceAll(o.Key, "_", "-") + ".example.org"
		o.Website = "https://" + host + "/"
		o.Emails = []string{"info@" + host}
		if n%5 == 0 {
			o.Emails = append(o.Emails, "direction@"+host)
		}
		o.Phones = []reseau.Phone{{Number: fictionalPhone(n)}}
		o.Addresses = []reseau.Address{fictionalAddress(n, o.Commune)}
		o.Schedules = []reseau.Schedule{{Days: []string{"MO", "TU", "WE", "TH", "FR"}, Opens: "09:00", Closes: "17:00"}}
		o.Identifiers = []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: fictionalBCE(n)}}
		if p, ok := at[o.ParentKey]; ok && o.ParentKey != "" {
			// The institution's: its number, its switchboard, its building.
			o.Identifiers[0].Value = fictionalBCE(p + 1)
			o.Phones[0] = reseau.Phone{Number: fictionalPhone(p + 1), Description: "Call center"}
			o.Addresses[0] = fictionalAddress(p+1, o.Commune)
		} else if n%20 == 0 {
			// The commune's house of associations.
			h := communeHash(o.Commune)
			o.Phones[0] = reseau.Phone{Number: fmt.Sprintf("+32 2 999 %02d %02d", h/100%100, h%100), Description: "Accueil"}
			o.Addresses[0] = reseau.Address{Street: "Rue des Associations", Number: "1", Postcode: fmt.Sprint(1000 + h),
				Commune: cmpOr(o.Commune, "Bruxelles")}
		}
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

// fictionalPhone is the phone of the n-th organisation: in the Brussels
// zone, never a real organisation's on purpose.
func fictionalPhone(n int) string {
	return fmt.Sprintf("+32 2 %03d %02d %02d", n%1000, n%97, n%89)
}

func fictionalAddress(n int, commune string) reseau.Address {
	lat, lon := 50.8+float64(n%100)/1000, 4.3+float64(n%100)/1000
	return reseau.Address{Street: "Rue de l'Exemple", Number: fmt.Sprint(n % 300), Postcode: fmt.Sprint(1000 + n%210),
		Commune: cmpOr(commune, "Bruxelles"), Latitude: &lat, Longitude: &lon}
}

// communeHash is a number below 8000 for a commune's name, the same for
// every organisation of the commune: its house of associations' postcode
// (1000 plus it) and phone.
func communeHash(commune string) int {
	h := 0
	for _, r := range commune {
		h = (h*31 + int(r)) % 8000
	}
	return h
}

// fictionalBCE is the enterprise number 04xx.xxx.xxx of the n-th
// organisation, with its two control digits (97 minus the first eight
// modulo 97), so that it passes the checks.
func fictionalBCE(n int) string {
	first8 := 4000000 + n
	s := fmt.Sprintf("%010d", first8*100+97-first8%97)
	return s[:4] + "." + s[4:7] + "." + s[7:]
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
