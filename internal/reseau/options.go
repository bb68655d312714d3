package reseau

import (
	"slices"
	"strings"
)

// The checks of list options, filters and search arguments: the rules of
// what a read may ask. Checked runs them before any store is asked, so that
// every store answers a bad argument alike, and no store repeats them.

// checkOrder returns EINVALID (field "orderBy") unless o.OrderBy is "" or one
// of the orderings of the listed type.
func checkOrder(o ListOptions, what string, allowed ...string) error {
	if o.OrderBy == "" || slices.Contains(allowed, o.OrderBy) {
		return nil
	}
	return FieldErrorf("orderBy", "%q is not an ordering of %s (%s)", o.OrderBy, what, strings.Join(allowed, ", "))
}

// Check returns EINVALID for a sector, postcode, language, day or time that
// does not exist, a time without its day, a tie condition that names no
// target or an unknown tie kind (field "tiedTo.sectors"…), or an ordering
// that organisations do not have. Whether the keys a tie condition names
// exist needs the store: Checked asks it (checkTieRefs).
func (f OrganisationFilter) Check(o ListOptions) error {
	if err := checkSectors("sectors", f.Sectors); err != nil {
		return err
	}
	if err := f.TiedTo.check("tiedTo"); err != nil {
		return err
	}
	if err := f.NotTiedTo.check("notTiedTo"); err != nil {
		return err
	}
	switch {
	case f.Postcode != "" && !ValidPostcode(f.Postcode):
		return FieldErrorf("postcode", "%q is not a Belgian postcode (four digits, 1000 to 9999)", f.Postcode)
	case f.Language != "" && !slices.Contains(LanguageCodes, f.Language):
		return FieldErrorf("languageSpoken", "%q is not a language code (%s)", f.Language, strings.Join(LanguageCodes, ", "))
	case f.OpenOn != "" && !ValidWeekday(f.OpenOn):
		return FieldErrorf("openOn", "%q is not a day (%s)", f.OpenOn, strings.Join(Weekdays, ", "))
	case f.OpenAt != "" && f.OpenOn == "":
		return FieldErrorf("openAt", "a time needs its day: give openOn too")
	case f.OpenAt != "" && !ValidTime(f.OpenAt):
		return FieldErrorf("openAt", "%q is not a time (HH:MM, 24 h)", f.OpenAt)
	}
	return checkOrder(o, "organisations", OrderKey, OrderName)
}

func checkSectors(field string, sectors []Sector) error {
	for _, sec := range sectors {
		if !sec.Valid() {
			return FieldErrorf(field, "%q is not one of CPAS, ASSOCIATIF, COMMUNAL, PUBLIC, MIXTE", sec)
		}
	}
	return nil
}

// check returns EINVALID (field name.sectors, name.organisations or
// name.kinds) for a condition that is set but names no target, an unknown
// sector, an empty key or an unknown tie kind.
func (c TieCondition) check(name string) error {
	if c.IsZero() {
		return nil
	}
	if len(c.Sectors) == 0 && len(c.Organisations) == 0 {
		return FieldErrorf(name+".organisations", "name at least one sector or organisation the organisations must be tied to (or not)")
	}
	if err := checkSectors(name+".sectors", c.Sectors); err != nil {
		return err
	}
	for _, k := range c.Organisations {
		if k == "" {
			return FieldErrorf(name+".organisations", "an organisation key is empty")
		}
	}
	for _, k := range c.Kinds {
		if k != TieCollaboration && k != TiePartnership {
			return FieldErrorf(name+".kinds", "%q is not a tie kind (COLLABORATION, PARTNERSHIP)", k)
		}
	}
	return nil
}

// Check returns EINVALID for an ordering that people do not have.
func (f PersonFilter) Check(o ListOptions) error {
	return checkOrder(o, "people", OrderKey, OrderName)
}

// Check returns EINVALID for a From or To that is not a date, or an
// ordering that collaborations do not have.
func (f CollaborationFilter) Check(o ListOptions) error {
	return firstErr(checkDate("from", f.From), checkDate("to", f.To),
		checkOrder(o, "collaborations", OrderKey, OrderTitle, OrderStartDate))
}

// Check returns EINVALID for a From or To that is not a date, or an
// ordering that partnerships do not have.
func (f PartnershipFilter) Check(o ListOptions) error {
	return firstErr(checkDate("from", f.From), checkDate("to", f.To),
		checkOrder(o, "partnerships", OrderKey, OrderTitle, OrderStartDate))
}

// Check returns EINVALID for a Since or Until that is not a date.
func (f TieFilter) Check() error {
	return firstErr(checkDate("since", f.Since), checkDate("until", f.Until))
}

// nodeTypes are the Type* constants: what Search may be restricted to.
var nodeTypes = []string{TypeOrganisation, TypePerson, TypeCollaboration, TypePartnership, TypeDomain}

// checkSearchTypes returns EINVALID (field "types") for a type that is not
// one of the Type* constants.
func checkSearchTypes(types []string) error {
	for _, t := range types {
		if !slices.Contains(nodeTypes, t) {
			return FieldErrorf("types", "%q is not a node type", t)
		}
	}
	return nil
}
