package reseau

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// ValidDate reports whether s is empty or an ISO-8601 calendar date, possibly
// partial: YYYY, YYYY-MM or YYYY-MM-DD, with a real month and day.
func ValidDate(s string) bool {
	if s == "" {
		return true
	}
	digits := func(t string) (int, bool) {
		n := 0
		for _, r := range t {
			if r < '0' || r > '9' {
				return 0, false
			}
			n = n*10 + int(r-'0')
		}
		return n, t != ""
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return false
	}
	year, ok := digits(parts[0])
	if !ok || year < 1800 {
		return false
	}
	if len(parts) == 1 {
		return true
	}
	month, ok := digits(parts[1])
	if !ok || len(parts[1]) != 2 || month < 1 || month > 12 {
		return false
	}
	if len(parts) == 2 {
		return true
	}
	day, ok := digits(parts[2])
	return ok && len(parts[2]) == 2 && day >= 1 && day <= daysIn(year, month)
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DateLow pads a valid partial date to its first day ("2015" → "2015-01-01");
// "" stays "".
func DateLow(s string) string {
	switch len(s) {
	case 4:
		return s + "-01-01"
	case 7:
		return s + "-01"
	}
	return s
}

// DateHigh pads a valid partial date to its last day ("2015-02" → "2015-02-28");
// "" stays "".
func DateHigh(s string) string {
	switch len(s) {
	case 4:
		return s + "-12-31"
	case 7:
		y, m := 0, 0
		for _, r := range s[:4] {
			y = y*10 + int(r-'0')
		}
		m = int(s[5]-'0')*10 + int(s[6]-'0')
		d := daysIn(y, m)
		return s + "-" + string(rune('0'+d/10)) + string(rune('0'+d%10))
	}
	return s
}

// Overlaps reports whether the span [start, end] (partial dates; a missing end
// is the start, a missing start is unknown) meets [from, to] (either open).
// A span with no known date overlaps only an unbounded range.
func Overlaps(start, end, from, to string) bool {
	if from == "" && to == "" {
		return true
	}
	if start == "" && end == "" {
		return false
	}
	if start == "" {
		start = end
	}
	if end == "" {
		end = start
	}
	if from != "" && DateHigh(end) < DateLow(from) {
		return false
	}
	if to != "" && DateLow(start) > DateHigh(to) {
		return false
	}
	return true
}

// newFolder returns the accent-stripping transformer. A transform.Chain
// keeps state between calls, so each call of Fold needs its own: a shared
// one corrupts concurrent searches and imports (slice bounds panics).
func newFolder() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// Fold lower-cases s, strips accents, turns punctuation into spaces and
// collapses spaces, so that "Le Méridien, SSM" and "le meridien ssm" compare
// equal. Search in every store compares folded strings.
func Fold(s string) string {
	if s == "" {
		return ""
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		if t, _, err := transform.String(newFolder(), s); err == nil {
			s = t
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(b.String(), " ")
}

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
	return firstErr(checkKey("key", d.Key), checkText("labelFr", d.LabelFR, true, 200), checkText("labelNl", d.LabelNL, false, 200))
}

// Validate checks o's own fields: key, name, sector, lists.
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
		if l != "fr" && l != "nl" && l != "en" && l != "de" {
			return FieldErrorf("languages", "%q is not a language code (fr, nl, en, de)", l)
		}
	}
	for _, a := range o.Aliases {
		if err := checkText("aliases", a, true, 300); err != nil {
			return err
		}
	}
	return checkKeyList("domains", o.Domains)
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

// onPartOfCycle returns the keys that lie on a PART_OF cycle of the graph
// parent describes (child key → parent key; chains leaving the map end
// there), in time linear in its size: each key is walked once, and a walk
// that meets a key of its own path has found a cycle.
func onPartOfCycle(parent map[string]string) map[string]bool {
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[string]int8, len(parent))
	cycle := map[string]bool{}
	var path []string
	for start := range parent {
		if state[start] != unseen {
			continue
		}
		path = path[:0]
		k := start
		for k != "" && state[k] == unseen {
			state[k] = onPath
			path = append(path, k)
			k = parent[k]
		}
		if k != "" && state[k] == onPath {
			// k is on this walk's own path: everything from k on is a cycle.
			for i := len(path) - 1; ; i-- {
				cycle[path[i]] = true
				if path[i] == k {
					break
				}
			}
		}
		for _, p := range path {
			state[p] = done
		}
	}
	return cycle
}

// CheckPartOf checks that importing d into a store whose organisations and
// collaborations have the given parents (child key → parent key) closes no
// PART_OF cycle: d's rows replace the stored parents of their keys. Stores
// call it when d.ReachesStoredParents(); Validate covers the rest. The error
// is EINVALID and names the first row of d on a cycle.
func (d *Dataset) CheckPartOf(storedOrgParents, storedCollabParents map[string]string) error {
	check := func(section string, stored map[string]string, keys []string, parents []string) error {
		merged := make(map[string]string, len(stored)+len(keys))
		for k, p := range stored {
			merged[k] = p
		}
		for i, k := range keys {
			merged[k] = parents[i]
		}
		cycle := onPartOfCycle(merged)
		for i, k := range keys {
			if cycle[k] {
				return rowError(section, i, FieldErrorf("parent", "%q would be part of itself through its parents", k))
			}
		}
		return nil
	}
	keys, parents := make([]string, len(d.Organisations)), make([]string, len(d.Organisations))
	for i, o := range d.Organisations {
		keys[i], parents[i] = o.Key, o.ParentKey
	}
	if err := check("organisations", storedOrgParents, keys, parents); err != nil {
		return err
	}
	keys, parents = make([]string, len(d.Collaborations)), make([]string, len(d.Collaborations))
	for i, c := range d.Collaborations {
		keys[i], parents[i] = c.Key, c.ParentKey
	}
	return check("collaborations", storedCollabParents, keys, parents)
}

// ReachesStoredParents reports whether a row of d has a parent outside d: only
// then can an import close a PART_OF cycle through rows already stored.
func (d *Dataset) ReachesStoredParents() bool {
	orgs := make(map[string]bool, len(d.Organisations))
	for _, o := range d.Organisations {
		orgs[o.Key] = true
	}
	for _, o := range d.Organisations {
		if o.ParentKey != "" && !orgs[o.ParentKey] {
			return true
		}
	}
	collabs := make(map[string]bool, len(d.Collaborations))
	for _, c := range d.Collaborations {
		collabs[c.Key] = true
	}
	for _, c := range d.Collaborations {
		if c.ParentKey != "" && !collabs[c.ParentKey] {
			return true
		}
	}
	return false
}

// rowError places err, an *Error about one field, at a row of a section.
func rowError(section string, row int, err error) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	out := *e
	out.Code = EINVALID
	out.Section, out.Row = section, row
	return &out
}

// Validate checks d as Check does, then its references as CheckRefs does.
// The first error found is returned, an EINVALID *Error naming Section, Row
// and Field.
func (d *Dataset) Validate(exists func(typ, key string) bool) error {
	if err := d.Check(); err != nil {
		return err
	}
	return d.CheckRefs(exists)
}

// Check checks what of d needs no store: every row's own fields, keys and
// rows that appear twice, and PART_OF cycles within d. Checked runs it
// before an import reaches a store. The first error found is returned, an
// EINVALID *Error naming Section, Row and Field.
func (d *Dataset) Check() error {
	if err := firstErr(checkRows("domains", d.Domains), checkRows("organisations", d.Organisations),
		checkRows("people", d.People), checkRows("collaborations", d.Collaborations),
		checkRows("partnerships", d.Partnerships)); err != nil {
		return err
	}
	// A PART_OF chain inside the dataset must end: a cycle would make an
	// organisation (or a collaboration) part of itself. Chains leaving the
	// dataset are the store's to check (CheckPartOf).
	if err := d.CheckPartOf(nil, nil); err != nil {
		return err
	}
	return firstErr(checkEdges("memberships", d.Memberships, func(m *Membership) [2]string { return [2]string{m.PersonKey, m.OrganisationKey} }),
		checkEdges("participations", d.Participations, func(p *Participation) [2]string { return [2]string{p.CollaborationKey, p.OrganisationKey} }),
		checkEdges("personParticipations", d.PersonParticipations, func(p *PersonParticipation) [2]string { return [2]string{p.CollaborationKey, p.PersonKey} }),
		checkEdges("parties", d.Parties, func(p *Party) [2]string { return [2]string{p.PartnershipKey, p.OrganisationKey} }),
		checkEdges("knows", d.Knows, func(k *Knows) [2]string { return [2]string{k.PersonKey, k.OtherKey} }))
}

// checkRows checks the nodes of one section: each row's fields, and keys
// that appear twice.
func checkRows[T any, P Patched[T]](section string, rows []T) error {
	seen := make(map[string]bool, len(rows))
	for i := range rows {
		row := P(&rows[i])
		if err := row.Validate(); err != nil {
			return rowError(section, i, err)
		}
		if seen[row.nodeKey()] {
			return rowError(section, i, FieldErrorf("key", "%q appears twice", row.nodeKey()))
		}
		seen[row.nodeKey()] = true
	}
	return nil
}

// checkEdges checks the relationship rows of one section: each row's fields,
// and pairs that appear twice.
func checkEdges[T any, P interface {
	*T
	Validate() error
}](section string, rows []T, ends func(P) [2]string) error {
	seen := make(map[[2]string]bool, len(rows))
	for i := range rows {
		row := P(&rows[i])
		if err := row.Validate(); err != nil {
			return rowError(section, i, err)
		}
		e := ends(row)
		if seen[e] {
			return rowError(section, i, FieldErrorf("key", "%q – %q appears twice", e[0], e[1]))
		}
		seen[e] = true
	}
	return nil
}

// CheckRefs checks that every key a row of d refers to is a row of d or,
// through exists, of the store (exists may be nil when d is the whole
// graph). Stores call it inside an import's transaction, which alone knows
// what exists. The first missing key is an EINVALID *Error naming Section,
// Row and Field.
func (d *Dataset) CheckRefs(exists func(typ, key string) bool) error {
	in := map[string]map[string]bool{
		TypeDomain: {}, TypeOrganisation: {}, TypePerson: {}, TypeCollaboration: {}, TypePartnership: {},
	}
	for _, x := range d.Domains {
		in[TypeDomain][x.Key] = true
	}
	for _, x := range d.Organisations {
		in[TypeOrganisation][x.Key] = true
	}
	for _, x := range d.People {
		in[TypePerson][x.Key] = true
	}
	for _, x := range d.Collaborations {
		in[TypeCollaboration][x.Key] = true
	}
	for _, x := range d.Partnerships {
		in[TypePartnership][x.Key] = true
	}
	ref := func(section string, row int, field, typ string, keys ...string) error {
		for _, key := range keys {
			if key == "" || in[typ][key] || (exists != nil && exists(typ, key)) {
				continue
			}
			return rowError(section, row, MissingRef(field, typ, key))
		}
		return nil
	}
	for i, o := range d.Organisations {
		if err := firstErr(ref("organisations", i, "parent", TypeOrganisation, o.ParentKey),
			ref("organisations", i, "domains", TypeDomain, o.Domains...)); err != nil {
			return err
		}
	}
	for i, c := range d.Collaborations {
		if err := firstErr(ref("collaborations", i, "parent", TypeCollaboration, c.ParentKey),
			ref("collaborations", i, "location", TypeOrganisation, c.LocationKey),
			ref("collaborations", i, "domains", TypeDomain, c.Domains...)); err != nil {
			return err
		}
	}
	for i, m := range d.Memberships {
		if err := firstErr(ref("memberships", i, "person", TypePerson, m.PersonKey),
			ref("memberships", i, "organisation", TypeOrganisation, m.OrganisationKey)); err != nil {
			return err
		}
	}
	for i, p := range d.Participations {
		if err := firstErr(ref("participations", i, "collaboration", TypeCollaboration, p.CollaborationKey),
			ref("participations", i, "organisation", TypeOrganisation, p.OrganisationKey)); err != nil {
			return err
		}
	}
	for i, p := range d.PersonParticipations {
		if err := firstErr(ref("personParticipations", i, "collaboration", TypeCollaboration, p.CollaborationKey),
			ref("personParticipations", i, "person", TypePerson, p.PersonKey)); err != nil {
			return err
		}
	}
	for i, p := range d.Parties {
		if err := firstErr(ref("parties", i, "partnership", TypePartnership, p.PartnershipKey),
			ref("parties", i, "organisation", TypeOrganisation, p.OrganisationKey)); err != nil {
			return err
		}
	}
	for i, k := range d.Knows {
		if err := firstErr(ref("knows", i, "person", TypePerson, k.PersonKey),
			ref("knows", i, "other", TypePerson, k.OtherKey)); err != nil {
			return err
		}
	}
	return nil
}
