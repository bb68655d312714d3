// The rules of a directory record (directory.go): what Organisation.Validate
// checks of it, the normal form Checked gives it before, and the Belgian
// enterprise number.

package reseau

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strings"
)

// Limits of a directory record: generous for a real organisation, small
// enough that a single record cannot fill a page of the map or a request.
const (
	maxEmails      = 20
	maxPhones      = 20
	maxAddresses   = 20
	maxSchedules   = 50
	maxIdentifiers = 20
	maxServices    = 200
	maxNoteLen     = 5000  // hours note, eligibility, access, cost
	maxDescLen     = 10000 // descriptions, as those of collaborations
)

// Validate checks the directory record of an organisation. Fields are named
// as in the API, relative to the organisation ("website",
// "addresses[1].postcode", "identifiers[0].value"). A BCE number must be in
// its normal form (0123.456.789): Checked normalises it first (Normalise).
func (d *Directory) Validate() error {
	if err := firstErr(
		checkText("nameFr", d.NameFR, false, 300), checkText("nameNl", d.NameNL, false, 300),
		checkLongText("descriptionFr", d.DescriptionFR, maxDescLen), checkLongText("descriptionNl", d.DescriptionNL, maxDescLen),
		checkWebsite("website", d.Website),
		checkLongText("hoursNoteFr", d.HoursNoteFR, maxNoteLen), checkLongText("hoursNoteNl", d.HoursNoteNL, maxNoteLen),
		checkLongText("eligibilityFr", d.EligibilityFR, maxNoteLen), checkLongText("eligibilityNl", d.EligibilityNL, maxNoteLen),
		checkLongText("accessFr", d.AccessFR, maxNoteLen), checkLongText("accessNl", d.AccessNL, maxNoteLen),
		checkLongText("costFr", d.CostFR, maxNoteLen), checkLongText("costNl", d.CostNL, maxNoteLen),
	); err != nil {
		return err
	}
	if err := checkCount("emails", len(d.Emails), maxEmails); err != nil {
		return err
	}
	for i, e := range d.Emails {
		f := fmt.Sprintf("emails[%d]", i)
		if err := checkEmail(f, e); err != nil {
			return err
		}
		for _, prev := range d.Emails[:i] {
			if strings.EqualFold(prev, e) {
				return FieldErrorf(f, "%q is listed twice", e)
			}
		}
	}
	if err := checkCount("phones", len(d.Phones), maxPhones); err != nil {
		return err
	}
	for i := range d.Phones {
		if err := d.Phones[i].check(fmt.Sprintf("phones[%d]", i)); err != nil {
			return err
		}
	}
	if err := checkCount("addresses", len(d.Addresses), maxAddresses); err != nil {
		return err
	}
	for i := range d.Addresses {
		if err := d.Addresses[i].check(fmt.Sprintf("addresses[%d]", i)); err != nil {
			return err
		}
	}
	if err := checkCount("schedules", len(d.Schedules), maxSchedules); err != nil {
		return err
	}
	for i := range d.Schedules {
		if err := d.Schedules[i].check(fmt.Sprintf("schedules[%d]", i)); err != nil {
			return err
		}
	}
	if err := checkCount("identifiers", len(d.Identifiers), maxIdentifiers); err != nil {
		return err
	}
	for i, id := range d.Identifiers {
		f := fmt.Sprintf("identifiers[%d]", i)
		if err := id.check(f); err != nil {
			return err
		}
		for _, prev := range d.Identifiers[:i] {
			if prev == id {
				return FieldErrorf(f+".value", "%s %q is listed twice", id.Scheme, id.Value)
			}
		}
	}
	if err := checkCount("services", len(d.Services), maxServices); err != nil {
		return err
	}
	for i := range d.Services {
		f := fmt.Sprintf("services[%d]", i)
		if err := d.Services[i].check(f); err != nil {
			return err
		}
		for _, prev := range d.Services[:i] {
			if prev.Key == d.Services[i].Key {
				return FieldErrorf(f+".key", "%q is the key of another service of this organisation", prev.Key)
			}
		}
	}
	return nil
}

func checkCount(field string, n, max int) error {
	if n > max {
		return FieldErrorf(field, "lists %d items, more than the %d allowed", n, max)
	}
	return nil
}

// checkWebsite accepts "" or an absolute http or https URL with a host.
func checkWebsite(field, s string) error {
	if err := checkText(field, s, false, 500); err != nil || s == "" {
		return err
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsAny(s, " \t"):
		return FieldErrorf(field, "%q is not a web address", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return FieldErrorf(field, "%q is not an absolute http(s) address: it must start with https:// or http://", s)
	case u.Host == "" || u.Hostname() == "":
		return FieldErrorf(field, "%q names no host (https://www.example.be/)", s)
	}
	return nil
}

// checkEmail accepts a bare address (no display name) whose domain has a dot.
func checkEmail(field, s string) error {
	if err := checkText(field, s, true, 200); err != nil {
		return err
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return FieldErrorf(field, "%q is not an e-mail address (name@example.be)", s)
	}
	at := strings.LastIndexByte(s, '@')
	if domain := s[at+1:]; !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") || strings.HasPrefix(domain, ".") {
		return FieldErrorf(field, "%q is not an e-mail address: its domain %q is not a domain name", s, domain)
	}
	return nil
}

// check checks a phone at field ("phones[0]").
func (p *Phone) check(field string) error {
	if err := firstErr(checkText(field+".number", p.Number, true, 50), checkText(field+".description", p.Description, false, 200)); err != nil {
		return err
	}
	if p.Kind != "" && !slices.Contains(PhoneKinds, p.Kind) {
		return FieldErrorf(field+".kind", "%q is not a kind of phone (%s)", p.Kind, strings.Join(PhoneKinds, ", "))
	}
	digits := 0
	for i, r := range p.Number {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '.', r == '/', r == '(', r == ')', r == '-':
		default:
			return FieldErrorf(field+".number", "%q is not a phone number: %s; write digits, spaces and + . / ( ) - only (+32 2 123 45 67)", p.Number, describeRune(r))
		}
	}
	if digits < 3 || digits > 20 {
		return FieldErrorf(field+".number", "%q is not a phone number: it has %d digits (3 to 20)", p.Number, digits)
	}
	return nil
}

// check checks an address at field ("addresses[0]").
func (a *Address) check(field string) error {
	if err := firstErr(checkText(field+".street", a.Street, true, 200), checkText(field+".number", a.Number, false, 20),
		checkText(field+".postcode", a.Postcode, true, 4), checkText(field+".commune", a.Commune, true, 100)); err != nil {
		return err
	}
	if a.Kind != "" && !slices.Contains(AddressKinds, a.Kind) {
		return FieldErrorf(field+".kind", "%q is not a kind of address (%s)", a.Kind, strings.Join(AddressKinds, ", "))
	}
	if !ValidPostcode(a.Postcode) {
		return FieldErrorf(field+".postcode", "%q is not a Belgian postcode (four digits, 1000 to 9999)", a.Postcode)
	}
	switch {
	case (a.Latitude == nil) != (a.Longitude == nil):
		f := ".latitude"
		if a.Longitude == nil {
			f = ".longitude"
		}
		return FieldErrorf(field+f, "is missing: give both the latitude and the longitude, or neither")
	case a.Latitude == nil:
		return nil
	case math.IsNaN(*a.Latitude) || *a.Latitude < -90 || *a.Latitude > 90:
		return FieldErrorf(field+".latitude", "%v is not a latitude (-90 to 90)", *a.Latitude)
	case math.IsNaN(*a.Longitude) || *a.Longitude < -180 || *a.Longitude > 180:
		return FieldErrorf(field+".longitude", "%v is not a longitude (-180 to 180)", *a.Longitude)
	}
	return nil
}

// ValidPostcode reports whether s is a Belgian postcode: four digits, 1000
// to 9999.
func ValidPostcode(s string) bool {
	return len(s) == 4 && s[0] >= '1' && s[0] <= '9' && isDigits(s)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ValidTime reports whether s is a time of day "HH:MM" (00:00 to 23:59).
func ValidTime(s string) bool {
	return len(s) == 5 && s[2] == ':' && isDigits(s[:2]) && isDigits(s[3:]) && s[:2] <= "23" && s[3:] <= "59"
}

// ValidWeekday reports whether s is one of Weekdays.
func ValidWeekday(s string) bool { return slices.Contains(Weekdays, s) }

// check checks a schedule at field ("schedules[0]").
func (s *Schedule) check(field string) error {
	if len(s.Days) == 0 {
		return FieldErrorf(field+".days", "is empty: name the days it applies to (%s)", strings.Join(Weekdays, ", "))
	}
	for i, d := range s.Days {
		if !ValidWeekday(d) {
			return FieldErrorf(field+".days", "%q is not a day (%s)", d, strings.Join(Weekdays, ", "))
		}
		if slices.Contains(s.Days[:i], d) {
			return FieldErrorf(field+".days", "%s is listed twice", d)
		}
	}
	if !ValidTime(s.Opens) {
		return FieldErrorf(field+".opens", "%q is not a time (HH:MM, 24 h)", s.Opens)
	}
	if !ValidTime(s.Closes) {
		return FieldErrorf(field+".closes", "%q is not a time (HH:MM, 24 h)", s.Closes)
	}
	if s.Closes <= s.Opens {
		return FieldErrorf(field+".closes", "%s is not after the opening time %s", s.Closes, s.Opens)
	}
	return checkDates(field+".validFrom", s.ValidFrom, field+".validTo", s.ValidTo)
}

// check checks an identifier at field ("identifiers[0]"); a BCE number must
// be in its normal form.
func (id Identifier) check(field string) error {
	if err := firstErr(checkText(field+".scheme", id.Scheme, true, 50), checkText(field+".value", id.Value, true, 100)); err != nil {
		return err
	}
	if id.Scheme != IdentifierBCE {
		return nil
	}
	n, err := NormaliseBCE(id.Value)
	if err != nil {
		return FieldErrorf(field+".value", "%s", err.(*Error).Message)
	}
	if n != id.Value {
		return FieldErrorf(field+".value", "%q is not written 0123.456.789 (%s)", id.Value, n)
	}
	return nil
}

// check checks a service at field ("services[0]").
func (s *Service) check(field string) error {
	if err := firstErr(checkKey(field+".key", s.Key),
		checkText(field+".nameFr", s.NameFR, false, 300), checkText(field+".nameNl", s.NameNL, false, 300),
		checkLongText(field+".descriptionFr", s.DescriptionFR, maxDescLen), checkLongText(field+".descriptionNl", s.DescriptionNL, maxDescLen),
		checkLongText(field+".eligibilityFr", s.EligibilityFR, maxNoteLen), checkLongText(field+".eligibilityNl", s.EligibilityNL, maxNoteLen),
		checkKeyList(field+".domains", s.Domains)); err != nil {
		return err
	}
	if strings.TrimSpace(s.NameFR) == "" && strings.TrimSpace(s.NameNL) == "" {
		return FieldErrorf(field+".nameFr", "is empty, and so is nameNl: a service needs a name in French or in Dutch")
	}
	return nil
}

// Normalise puts d in its normal form, in place: a BCE number written
// 0123456789 or "BE 0123 456 789" (or under the scheme "KBO", or in lower
// case) becomes scheme BCE, value 0123.456.789. A value that is not a valid
// number is left as it is, for Validate to refuse. Checked calls it before
// Validate, so that every store keeps one spelling of a number.
func (d *Directory) Normalise() {
	for i, id := range d.Identifiers {
		s := strings.ToUpper(strings.TrimSpace(id.Scheme))
		if s != IdentifierBCE && s != "KBO" {
			continue
		}
		d.Identifiers[i].Scheme = IdentifierBCE
		if n, err := NormaliseBCE(id.Value); err == nil {
			d.Identifiers[i].Value = n
		}
	}
}

// NormaliseBCE returns the Belgian enterprise number s (BCE/KBO) in its
// normal form, 0123.456.789, or an EINVALID error saying why it is not one.
// It accepts the ten digits with or without dots and spaces, an optional
// "BE" prefix (the VAT form), and the former nine-digit form (a leading 0
// added); the last two digits must be 97 minus the first eight modulo 97.
func NormaliseBCE(s string) (string, error) {
	t := strings.TrimSpace(s)
	if len(t) >= 2 && strings.EqualFold(t[:2], "BE") {
		t = t[2:]
	}
	var digits []byte
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '.' || c == ' ' || c == '-':
		default:
			return "", Errorf(EINVALID, "%q is not an enterprise number: only digits, dots and spaces, as 0123.456.789", s)
		}
	}
	if len(digits) == 9 {
		digits = append([]byte{'0'}, digits...)
	}
	if len(digits) != 10 {
		return "", Errorf(EINVALID, "%q is not an enterprise number: it has %d digits, not 10 (0123.456.789)", s, len(digits))
	}
	if digits[0] != '0' && digits[0] != '1' {
		return "", Errorf(EINVALID, "%q is not an enterprise number: it starts with %c, not 0 or 1", s, digits[0])
	}
	base, check := 0, int(digits[8]-'0')*10+int(digits[9]-'0')
	for _, c := range digits[:8] {
		base = base*10 + int(c-'0')
	}
	if want := 97 - base%97; check != want {
		return "", Errorf(EINVALID, "%q is not an enterprise number: its control digits are %02d, the first eight digits call for %02d (a typing error?)", s, check, want)
	}
	return fmt.Sprintf("%s.%s.%s", digits[:4], digits[4:7], digits[7:]), nil
}

// BCEValid reports whether s is a Belgian enterprise number in any spelling
// NormaliseBCE accepts.
func BCEValid(s string) bool {
	_, err := NormaliseBCE(s)
	return err == nil
}

// Ref is a reference a node makes to other nodes, which must exist: Field
// names it in errors.
type Ref struct {
	Field, Type string
	Keys        []string
}

// Refs returns the references of o that a store checks: its parent, its
// domains, and the domains of its services ("services[2].domains").
func (o *Organisation) Refs() []Ref {
	refs := []Ref{{"parent", TypeOrganisation, []string{o.ParentKey}}, {"domains", TypeDomain, o.Domains}}
	for i, s := range o.Services {
		if len(s.Domains) > 0 {
			refs = append(refs, Ref{fmt.Sprintf("services[%d].domains", i), TypeDomain, s.Domains})
		}
	}
	return refs
}

// clone returns a deep copy of d.
func (d Directory) clone() Directory {
	c := d
	c.Emails = slices.Clone(d.Emails)
	c.Phones = slices.Clone(d.Phones)
	c.Addresses = slices.Clone(d.Addresses)
	for i, a := range c.Addresses {
		if a.Latitude != nil {
			v := *a.Latitude
			c.Addresses[i].Latitude = &v
		}
		if a.Longitude != nil {
			v := *a.Longitude
			c.Addresses[i].Longitude = &v
		}
	}
	c.Schedules = slices.Clone(d.Schedules)
	for i := range c.Schedules {
		c.Schedules[i].Days = slices.Clone(d.Schedules[i].Days)
	}
	c.Identifiers = slices.Clone(d.Identifiers)
	c.Services = slices.Clone(d.Services)
	for i := range c.Services {
		c.Services[i].Domains = slices.Clone(d.Services[i].Domains)
	}
	return c
}
