package graph

import (
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// The directory record of an organisation between GraphQL and the domain:
// kinds are lower-case strings there ("" the default), enums here; days are
// the same codes.

func phoneKind(k string) model.PhoneKind {
	if k == "" {
		return model.PhoneKindVoice
	}
	return model.PhoneKind(strings.ToUpper(k))
}

func addressKind(k string) model.AddressKind {
	if k == "" {
		return model.AddressKindPhysical
	}
	return model.AddressKind(strings.ToUpper(k))
}

func weekdays(days []string) []model.Weekday {
	out := make([]model.Weekday, len(days))
	for i, d := range days {
		out[i] = model.Weekday(d)
	}
	return out
}

// lower is an optional enum input as the domain stores it: "" when absent.
func lower[E ~string](e *E) string {
	if e == nil {
		return ""
	}
	return strings.ToLower(string(*e))
}

func phones(in []*model.PhoneInput) []reseau.Phone {
	if in == nil {
		return nil
	}
	out := make([]reseau.Phone, len(in))
	for i, p := range in {
		out[i] = reseau.Phone{Number: p.Number, Kind: lower(p.Kind), Description: str(p.Description)}
	}
	return out
}

func addresses(in []*model.AddressInput) []reseau.Address {
	if in == nil {
		return nil
	}
	out := make([]reseau.Address, len(in))
	for i, a := range in {
		out[i] = reseau.Address{Kind: lower(a.Kind), Street: a.Street, Number: str(a.Number), Postcode: a.Postcode,
			Commune: a.Commune, Latitude: a.Latitude, Longitude: a.Longitude}
	}
	return out
}

func schedules(in []*model.ScheduleInput) []reseau.Schedule {
	if in == nil {
		return nil
	}
	out := make([]reseau.Schedule, len(in))
	for i, sc := range in {
		days := make([]string, len(sc.Days))
		for j, d := range sc.Days {
			days[j] = string(d)
		}
		out[i] = reseau.Schedule{Days: days, Opens: sc.Opens, Closes: sc.Closes, ValidFrom: str(sc.ValidFrom), ValidTo: str(sc.ValidTo)}
	}
	return out
}

func identifiers(in []*model.IdentifierInput) []reseau.Identifier {
	if in == nil {
		return nil
	}
	out := make([]reseau.Identifier, len(in))
	for i, id := range in {
		out[i] = reseau.Identifier{Scheme: id.Scheme, Value: id.Value}
	}
	return out
}

func services(in []*model.ServiceInput) []reseau.Service {
	if in == nil {
		return nil
	}
	out := make([]reseau.Service, len(in))
	for i, s := range in {
		out[i] = reseau.Service{Key: s.Key, NameFR: str(s.NameFr), NameNL: str(s.NameNl), DescriptionFR: str(s.DescriptionFr),
			DescriptionNL: str(s.DescriptionNl), Domains: s.Domains, EligibilityFR: str(s.EligibilityFr), EligibilityNL: str(s.EligibilityNl)}
	}
	return out
}

// newDirectory is the record of a createOrganisation.
func newDirectory(in model.CreateOrganisationInput) reseau.Directory {
	return reseau.Directory{
		NameFR: str(in.NameFr), NameNL: str(in.NameNl), DescriptionFR: str(in.DescriptionFr), DescriptionNL: str(in.DescriptionNl),
		Website: str(in.Website), Emails: in.Emails, Phones: phones(in.Phones), Addresses: addresses(in.Addresses),
		Schedules: schedules(in.Schedules), HoursNoteFR: str(in.HoursNoteFr), HoursNoteNL: str(in.HoursNoteNl),
		EligibilityFR: str(in.EligibilityFr), EligibilityNL: str(in.EligibilityNl), AccessFR: str(in.AccessFr),
		AccessNL: str(in.AccessNl), CostFR: str(in.CostFr), CostNL: str(in.CostNl),
		Identifiers: identifiers(in.Identifiers), Services: services(in.Services),
	}
}

// replaceList sets *dst from an omittable list of the directory record: a
// list given replaces it, [] or null empties it (as null clears every other
// field of an update), absent leaves it.
func replaceList[E, T any](o graphql.Omittable[[]E], conv func([]E) []T, dst *[]T) {
	if v, ok := o.ValueOK(); ok {
		*dst = nil
		if len(v) > 0 {
			*dst = conv(v)
		}
	}
}

// mergeDirectory patches the record of an updateOrganisation: texts as
// every update does (null clears), lists whole (null or [] clears them).
func mergeDirectory(d *reseau.Directory, in model.UpdateOrganisationInput) {
	merge(in.NameFr, &d.NameFR)
	merge(in.NameNl, &d.NameNL)
	merge(in.DescriptionFr, &d.DescriptionFR)
	merge(in.DescriptionNl, &d.DescriptionNL)
	merge(in.Website, &d.Website)
	merge(in.HoursNoteFr, &d.HoursNoteFR)
	merge(in.HoursNoteNl, &d.HoursNoteNL)
	merge(in.EligibilityFr, &d.EligibilityFR)
	merge(in.EligibilityNl, &d.EligibilityNL)
	merge(in.AccessFr, &d.AccessFR)
	merge(in.AccessNl, &d.AccessNL)
	merge(in.CostFr, &d.CostFR)
	merge(in.CostNl, &d.CostNL)
	replaceList(in.Emails, func(l []string) []string { return l }, &d.Emails)
	replaceList(in.Phones, phones, &d.Phones)
	replaceList(in.Addresses, addresses, &d.Addresses)
	replaceList(in.Schedules, schedules, &d.Schedules)
	replaceList(in.Identifiers, identifiers, &d.Identifiers)
	replaceList(in.Services, services, &d.Services)
}
