package reseau

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LanguageCodes are the languages an organisation may speak
// (Organisation.Languages): the three official languages of Belgium and
// English.
var LanguageCodes = []string{"fr", "nl", "en", "de"}

// MaxKeyLen is the longest key, in bytes (keys are ASCII).
const MaxKeyLen = 100

// Keys are 1 to MaxKeyLen lower-case ASCII letters, digits, '-', '_' and
// '.', starting with a letter or a digit ("le-meridien", "groupe_de_travail",
// "org-00042"). They appear in URLs, file names, CSV cells and logs: an
// alphabet without spaces, case, accents or controls keeps them unambiguous
// everywhere.
func checkKey(field, key string) error {
	switch {
	case key == "":
		return FieldErrorf(field, "is empty; every object needs a key")
	case !utf8.ValidString(key):
		return FieldErrorf(field, "is not valid UTF-8")
	case len(key) > MaxKeyLen:
		return FieldErrorf(field, "is longer than %d characters", MaxKeyLen)
	}
	for i, r := range []rune(key) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		case i > 0 && (r == '-' || r == '_' || r == '.'):
		default:
			return FieldErrorf(field, "%q is not a key: %s at position %d; a key is lower-case letters a-z, digits, '-', '_' and '.', starting with a letter or a digit",
				key, describeRune(r), i+1)
		}
	}
	return nil
}

// describeRune names r for an error message: its code point, and what it is
// when it does not show ("control character U+0000").
func describeRune(r rune) string {
	switch {
	case unicode.IsControl(r):
		return fmt.Sprintf("control character U+%04X", r)
	case bidiControl(r):
		return fmt.Sprintf("bidirectional control U+%04X", r)
	case unicode.IsSpace(r):
		return fmt.Sprintf("space U+%04X", r)
	}
	return fmt.Sprintf("%q (U+%04X)", r, r)
}

// bidiControl reports whether r is an explicit bidirectional embedding,
// override or isolate (U+202A–U+202E, U+2066–U+2069): invisible characters
// that reorder the text shown after them ("Trojan Source").
func bidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// checkText checks a short text: no control character at all.
func checkText(field, s string, required bool, max int) error {
	return checkString(field, s, required, max, false)
}

// checkLongText checks a multi-line text (a description): tab, newline and
// a carriage return before a newline are allowed, no other control.
func checkLongText(field, s string, max int) error {
	return checkString(field, s, false, max, true)
}

func checkString(field, s string, required bool, max int, multiline bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return FieldErrorf(field, "is empty")
	case len(s) > max:
		return FieldErrorf(field, "is longer than %d characters", max)
	case !utf8.ValidString(s):
		return FieldErrorf(field, "is not valid UTF-8")
	}
	pos := 0
	for i, r := range s {
		pos++
		if r < 0x20 || r >= 0x7F && r <= 0x9F || bidiControl(r) {
			if multiline && (r == '\t' || r == '\n' || r == '\r' && strings.HasPrefix(s[i+1:], "\n")) {
				continue
			}
			return FieldErrorf(field, "%s at position %d", describeRune(r), pos)
		}
	}
	return nil
}

// checkDate returns EINVALID naming field unless s is "" or a date (ValidDate).
func checkDate(field, s string) error {
	if !ValidDate(s) {
		return FieldErrorf(field, "%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s)
	}
	return nil
}

func checkDates(startField, start, endField, end string) error {
	if err := firstErr(checkDate(startField, start), checkDate(endField, end)); err != nil {
		return err
	}
	if start != "" && end != "" && DateHigh(end) < DateLow(start) {
		return FieldErrorf(endField, "%s is before %s %s", end, startField, start)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Validate checks d's own fields (references are checked by the store).
func (d *Domain) Validate() error {
	return firstErr(checkKey("key", d.Key), checkText("labelFr", d.LabelFR, true, 200), checkText("labelNl", d.LabelNL, false, 200),
		checkText("labelEn", d.LabelEN, false, 200))
}

// Validate checks o's own fields: key, name, sector, lists, and its
// directory record (Directory.Validate).
func (o *Organisation) Validate() error {
	if err := firstErr(checkKey("key", o.Key), checkText("name", o.Name, true, 300),
		checkText("shortName", o.ShortName, false, 100), checkText("commune", o.Commune, false, 100),
		checkRef("parent", o.ParentKey)); err != nil {
		return err
	}
	if o.Sector != "" && !o.Sector.Valid() {
		return FieldErrorf("sector", "%q is not one of CPAS, ASSOCIATIF, COMMUNAL, PUBLIC, MIXTE", o.Sector)
	}
	if o.ParentKey == o.Key {
		return FieldErrorf("parent", "an organisation cannot be part of itself")
	}
	for _, l := range o.Languages {
		if !slices.Contains(LanguageCodes, l) {
			return FieldErrorf("languages", "%q is not a language code (%s)", l, strings.Join(LanguageCodes, ", "))
		}
	}
	for _, a := range o.Aliases {
		if err := checkText("aliases", a, true, 300); err != nil {
			return err
		}
	}
	if err := checkKeyList("domains", o.Domains); err != nil {
		return err
	}
	return o.Directory.Validate()
}

// checkRef checks an optional reference to another node's key.
func checkRef(field, key string) error {
	if key == "" {
		return nil
	}
	return checkKey(field, key)
}

// checkKeyList checks each key of a list and that none appears twice: a
// domain listed twice would be one relationship in one store and two in
// another.
func checkKeyList(field string, keys []string) error {
	for i, k := range keys {
		if err := checkKey(field, k); err != nil {
			return err
		}
		for _, prev := range keys[:i] {
			if prev == k {
				return FieldErrorf(field, "%q is listed twice", k)
			}
		}
	}
	return nil
}

// Validate checks p's own fields.
func (p *Person) Validate() error {
	return firstErr(checkKey("key", p.Key), p.checkFields())
}

// checkFields checks p's fields but its key.
func (p *Person) checkFields() error {
	if err := firstErr(checkText("name", p.Name, true, 200),
		checkText("email", p.Email, false, 200), checkText("phone", p.Phone, false, 50)); err != nil {
		return err
	}
	if p.Email != "" && (!strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " \t")) {
		return FieldErrorf("email", "%q is not an e-mail address", p.Email)
	}
	if !p.Visibility.Valid() {
		return FieldErrorf("visibility", "%q is not NETWORK or PRIVATE", p.Visibility)
	}
	return nil
}

// Validate checks c's own fields.
func (c *Collaboration) Validate() error {
	if err := firstErr(checkKey("key", c.Key), checkKey("kind", c.Kind), checkText("title", c.Title, true, 500),
		checkText("status", c.Status, false, 50), checkLongText("description", c.Description, 10000),
		checkDates("startDate", c.StartDate, "endDate", c.EndDate),
		checkRef("parent", c.ParentKey), checkRef("location", c.LocationKey)); err != nil {
		return err
	}
	if c.ParentKey == c.Key {
		return FieldErrorf("parent", "a collaboration cannot be part of itself")
	}
	if c.ParticipantsCount != nil && *c.ParticipantsCount < 0 {
		return FieldErrorf("participantsCount", "is negative")
	}
	return checkKeyList("domains", c.Domains)
}

// Validate checks p's own fields.
func (p *Partnership) Validate() error {
	return firstErr(checkKey("key", p.Key), checkKey("kind", p.Kind), checkText("title", p.Title, true, 500),
		checkLongText("description", p.Description, 10000), checkDates("startDate", p.StartDate, "endDate", p.EndDate))
}

// Validate checks m's own fields.
func (m *Membership) Validate() error {
	return firstErr(checkKey("person", m.PersonKey), m.checkFields())
}

// checkFields checks m's fields but its person key.
func (m *Membership) checkFields() error {
	return firstErr(checkKey("organisation", m.OrganisationKey),
		checkText("role", m.Role, false, 200), checkDates("since", m.Since, "until", m.Until))
}

// Validate checks p's own fields.
func (p *Participation) Validate() error {
	return firstErr(checkKey("collaboration", p.CollaborationKey), checkKey("organisation", p.OrganisationKey), checkText("role", p.Role, false, 100))
}

// Validate checks p's own fields.
func (p *PersonParticipation) Validate() error {
	return firstErr(checkKey("collaboration", p.CollaborationKey), checkKey("person", p.PersonKey), checkText("role", p.Role, false, 100))
}

// Validate checks p's own fields.
func (p *Party) Validate() error {
	return firstErr(checkKey("partnership", p.PartnershipKey), checkKey("organisation", p.OrganisationKey), checkText("role", p.Role, false, 100))
}

// Validate checks k's own fields.
func (k *Knows) Validate() error {
	if err := firstErr(checkKey("person", k.PersonKey), checkKey("other", k.OtherKey),
		checkText("source", k.Source, false, 200)); err != nil {
		return err
	}
	if err := checkDate("since", k.Since); err != nil {
		return err
	}
	if k.PersonKey == k.OtherKey {
		return FieldErrorf("other", "a person cannot know themself")
	}
	return nil
}
