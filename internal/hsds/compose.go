package hsds

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// sectorLabels name each sector in French and Dutch, for the sector terms
// and the composed descriptions.
var sectorLabels = map[reseau.Sector][2]string{
	reseau.SectorCPAS:       {"CPAS", "OCMW"},
	reseau.SectorAssociatif: {"associatif", "verenigingen"},
	reseau.SectorCommunal:   {"communal", "gemeentelijk"},
	reseau.SectorPublic:     {"public", "openbaar"},
	reseau.SectorMixte:      {"mixte", "gemengd"},
}

// composer writes the description HSDS requires of an organisation whose
// record has none, from what Réseau knows: sector, commune, domains and
// institution, in French, then in Dutch when a Dutch name, domain label or
// description is recorded.
type composer struct {
	domains map[string]reseau.Domain
	names   map[string]*reseau.Organisation // by key, for the institution's name
}

func (c *composer) describe(o *reseau.Organisation) string {
	var parent *reseau.Organisation
	if o.ParentKey != "" {
		parent = c.names[o.ParentKey]
	}
	var fr strings.Builder
	fr.WriteString(o.Name)
	if l, ok := sectorLabels[o.Sector]; ok {
		fr.WriteString(" : organisation du secteur " + l[0])
	} else {
		fr.WriteString(" : organisation du réseau")
	}
	if o.Commune != "" {
		fr.WriteString(", à " + o.Commune)
	}
	fr.WriteString(".")
	var frDomains, nlDomains []string
	for _, k := range o.Domains {
		d, ok := c.domains[k]
		if !ok {
			continue
		}
		frDomains = append(frDomains, d.LabelFR)
		if d.LabelNL != "" {
			nlDomains = append(nlDomains, d.LabelNL)
		}
	}
	if len(frDomains) > 0 {
		fr.WriteString(" Domaines : " + strings.Join(frDomains, ", ") + ".")
	}
	if parent != nil {
		fr.WriteString(" Fait partie de " + parent.Name + ".")
	}
	if o.DescriptionNL != "" {
		return fr.String() + "\n\n" + o.DescriptionNL
	}
	if o.NameNL == "" && len(nlDomains) == 0 {
		return fr.String()
	}
	var nl strings.Builder
	nl.WriteString(cmp.Or(o.NameNL, o.Name))
	if l, ok := sectorLabels[o.Sector]; ok {
		nl.WriteString(": organisatie uit de sector " + l[1])
	} else {
		nl.WriteString(": organisatie uit het netwerk")
	}
	if o.Commune != "" {
		nl.WriteString(", in " + o.Commune)
	}
	nl.WriteString(".")
	if len(nlDomains) > 0 {
		nl.WriteString(" Domeinen: " + strings.Join(nlDomains, ", ") + ".")
	}
	if parent != nil {
		nl.WriteString(" Maakt deel uit van " + cmp.Or(parent.NameNL, parent.Name) + ".")
	}
	return fr.String() + "\n\n" + nl.String()
}

// addressLine is HSDS's address_1 of a Belgian address: the street, then the
// number, as Belgian addresses are written ("Rue de la Poste 12 bte 3").
func addressLine(a reseau.Address) string {
	return strings.TrimSpace(a.Street + " " + a.Number)
}

// numberAtEnd finds the house number at the end of an address line: a word
// starting with a digit, and a box ("bte 3", "bus 3", "b. 3") after it.
var numberAtEnd = regexp.MustCompile(`(?i)^(.*?\S)\s+(\d[\p{L}\d/-]*(?:\s+(?:bte|boîte|bus|b\.?)\s*[\p{L}\d]+)?)$`)

// splitAddressLine splits address_1 into street and number: the inverse of
// addressLine. A line with no number at its end ("12 Main Street") is all
// street.
func splitAddressLine(s string) (street, number string) {
	if m := numberAtEnd.FindStringSubmatch(s); m != nil {
		return m[1], m[2]
	}
	return s, ""
}

// province names the province (or region, for Brussels) of a Belgian
// postcode, which HSDS's state_province requires; "Belgique" when the
// postcode is not one.
func province(postcode string) string {
	n, err := strconv.Atoi(postcode)
	if err != nil || len(postcode) != 4 {
		return "Belgique"
	}
	switch {
	case n < 1000:
	case n < 1300:
		return "Région de Bruxelles-Capitale"
	case n < 1500:
		return "Brabant wallon"
	case n < 2000:
		return "Brabant flamand"
	case n < 3000:
		return "Anvers"
	case n < 3500:
		return "Brabant flamand"
	case n < 4000:
		return "Limbourg"
	case n < 5000:
		return "Liège"
	case n < 6000:
		return "Namur"
	case n < 6600:
		return "Hainaut"
	case n < 7000:
		return "Luxembourg"
	case n < 8000:
		return "Hainaut"
	case n < 9000:
		return "Flandre-Occidentale"
	default:
		return "Flandre-Orientale"
	}
	return "Belgique"
}
