// Package csvio reads and writes Réseau datasets: the CSV folder layout of
// DESIGN.md (the layout of the bundled Schaerbeek data) and the JSON snapshot.
//
// A folder may hold any subset of the fourteen files, so that a folder with only
// people.csv is an incremental import; it must hold at least one of them.
// Each file starts with a header row naming its columns in any order and any
// case; a file may leave out optional columns (only ids and names are
// required) but may not name unknown ones. Cells are trimmed; ";" separates
// the values of a list cell; sectors and visibilities are written in lower
// case and read in any case; an empty visibility is NETWORK.
//
// Each file may be separated by "," or ";" (read from its header) and
// encoded in UTF-8, with or without a BOM, or in Windows-1252 (what Excel
// saves on a Belgian Windows); Source.Formats says which. In a ";" file a
// list cell with several values is quoted ("fr;nl"), as spreadsheet
// programs write it.
//
// In people.csv a person who works at several organisations takes several
// rows with the same id and name, one per membership; a row with an id and an
// organisation_id but no name adds a membership to a person the store holds.
// Every error is a *reseau.Error with code EINVALID naming the file, the line
// (1-based, the header is line 1) and the column. Errors that only the store
// can detect (a reference to an organisation it does not hold) come back from
// the store with a dataset section and row; Source.Locate turns them into
// file, line and column.
package csvio

import (
	"errors"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// File names of the CSV layout.
const (
	FileDomains             = "domains.csv"
	FileOrganisations       = "organisations.csv"
	FileCollaborations      = "collaborations.csv"
	FileParticipants        = "collaboration_participants.csv"
	FilePartnerships        = "partnerships.csv"
	FileParties             = "partnership_parties.csv"
	FilePeople              = "people.csv"
	FileCollaborationPeople = "collaboration_people.csv"
	FileKnows               = "knows.csv"

	// The directory record of the organisations of organisations.csv: one
	// row per phone, address, schedule, identifier or service, in the order
	// of the organisation's list.
	FileOrganisationPhones      = "organisation_phones.csv"
	FileOrganisationAddresses   = "organisation_addresses.csv"
	FileOrganisationSchedules   = "organisation_schedules.csv"
	FileOrganisationIdentifiers = "organisation_identifiers.csv"
	FileOrganisationServices    = "organisation_services.csv"
)

// fileSpec is one file of the layout: its columns in the order WriteDir
// writes them, and those a header must name.
type fileSpec struct {
	name     string
	columns  []string
	required []string
}

// Files are read in this order, so that a section's rows keep the order of
// their file and errors come in a predictable order.
var specs = []fileSpec{
	{FileDomains, []string{"id", "label_fr", "label_nl", "label_en"}, []string{"id", "label_fr"}},
	{FileOrganisations, []string{"id", "name", "short_name", "sector", "parent_id", "domains", "commune", "languages", "aliases",
		"name_fr", "name_nl", "description_fr", "description_nl", "website", "emails", "hours_note_fr", "hours_note_nl",
		"eligibility_fr", "eligibility_nl", "access_fr", "access_nl", "cost_fr", "cost_nl"}, []string{"id", "name"}},
	{FileOrganisationPhones, []string{"organisation_id", "number", "kind", "description"}, []string{"organisation_id", "number"}},
	{FileOrganisationAddresses, []string{"organisation_id", "kind", "street", "number", "postcode", "commune", "latitude", "longitude"},
		[]string{"organisation_id", "street", "postcode", "commune"}},
	{FileOrganisationSchedules, []string{"organisation_id", "days", "opens", "closes", "valid_from", "valid_to"},
		[]string{"organisation_id", "days", "opens", "closes"}},
	{FileOrganisationIdentifiers, []string{"organisation_id", "scheme", "value"}, []string{"organisation_id", "scheme", "value"}},
	{FileOrganisationServices, []string{"organisation_id", "id", "name_fr", "name_nl", "description_fr", "description_nl", "domains",
		"eligibility_fr", "eligibility_nl"}, []string{"organisation_id", "id"}},
	{FilePeople, []string{"id", "name", "email", "phone", "organisation_id", "role", "since", "until", "visibility"}, []string{"id", "name"}},
	{FileCollaborations, []string{"id", "kind", "title", "domains", "start_date", "end_date", "status", "parent_id", "location_id", "participants_count", "description"}, []string{"id", "kind", "title"}},
	{FileParticipants, []string{"collaboration_id", "organisation_id", "role"}, []string{"collaboration_id", "organisation_id"}},
	{FileCollaborationPeople, []string{"collaboration_id", "person_id", "role"}, []string{"collaboration_id", "person_id"}},
	{FilePartnerships, []string{"id", "kind", "title", "start_date", "end_date", "description"}, []string{"id", "kind", "title"}},
	{FileParties, []string{"partnership_id", "organisation_id", "role"}, []string{"partnership_id", "organisation_id"}},
	{FileKnows, []string{"person_id", "other_person_id", "since", "source"}, []string{"person_id", "other_person_id"}},
}

func specOf(name string) *fileSpec {
	for i := range specs {
		if specs[i].name == name {
			return &specs[i]
		}
	}
	return nil
}

// sectionFile maps each Dataset section (its JSON field name) to the file its
// rows come from. People and memberships share people.csv.
var sectionFile = map[string]string{
	"domains":              FileDomains,
	"organisations":        FileOrganisations,
	"people":               FilePeople,
	"memberships":          FilePeople,
	"collaborations":       FileCollaborations,
	"participations":       FileParticipants,
	"personParticipations": FileCollaborationPeople,
	"partnerships":         FilePartnerships,
	"parties":              FileParties,
	"knows":                FileKnows,
}

// fieldAliases names the column of model fields whose name is not the
// column's name without "_id" (see columnFor).
var fieldAliases = map[string]map[string]string{
	"memberships": {"person": "id"},
	"knows":       {"other": "other_person_id"},
}

// columnFor returns the CSV column of a model field reported by a validation
// error, or "" when there is none. It accepts the JSON field names
// ("parent", "startDate") as well as the Go ones ("ParentKey").
func columnFor(section, field string) string {
	if field == "" {
		return ""
	}
	f := normField(field)
	if c, ok := fieldAliases[section][f]; ok {
		return c
	}
	if f == "key" || f == "id" {
		switch section {
		case "participations", "personParticipations", "parties", "knows":
			// Relationship rows have no id column of their own.
		default:
			return "id"
		}
	}
	spec := specOf(sectionFile[section])
	if spec == nil {
		return ""
	}
	for _, c := range spec.columns {
		n := strings.ReplaceAll(c, "_", "")
		if n == f || strings.TrimSuffix(n, "id") == f {
			return c
		}
	}
	return ""
}

// normField lower-cases a field name and drops underscores and a trailing
// "key", so that "ParentKey", "parent" and "parent_id" compare equal once the
// column's "id" suffix is dropped too.
func normField(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "_", ""))
	if s != "key" {
		s = strings.TrimSuffix(s, "key")
	}
	return s
}

// Source records where each row of a dataset read by ReadDir came from, so
// that an error a store reports by dataset section and row can name a file,
// a line and a column.
type Source struct {
	lines   map[string][]int32 // section → row → 1-based line
	formats []FileFormat
	// records: list of an organisation's record ("addresses") → row of the
	// organisation → 1-based line of each item, in the list's order.
	records map[string]map[int][]int32
}

// recordFiles maps each list of an organisation's directory record to the
// file its items come from.
var recordFiles = map[string]string{
	"phones": FileOrganisationPhones, "addresses": FileOrganisationAddresses, "schedules": FileOrganisationSchedules,
	"identifiers": FileOrganisationIdentifiers, "services": FileOrganisationServices,
}

// addRecord notes the line of the next item of list of the organisation at
// row.
func (s *Source) addRecord(list string, row, line int) {
	if s.records == nil {
		s.records = map[string]map[int][]int32{}
	}
	if s.records[list] == nil {
		s.records[list] = map[int][]int32{}
	}
	s.records[list][row] = append(s.records[list][row], int32(line))
}

// locateRecord places an error about an item of an organisation's record
// ("addresses[1].postcode", "emails[0]") at its file, line and column.
func (s *Source) locateRecord(e *reseau.Error) (*reseau.Error, bool) {
	list, rest, ok := strings.Cut(e.Field, "[")
	if s == nil || !ok || e.Section != "organisations" {
		return nil, false
	}
	idx, sub, _ := strings.Cut(rest, "]")
	sub = strings.TrimPrefix(sub, ".")
	n, err := strconv.Atoi(idx)
	if err != nil {
		return nil, false
	}
	located := *e
	if list == "emails" {
		file, line, ok := s.Position(e.Section, e.Row)
		if !ok {
			return nil, false
		}
		located.File, located.Line, located.Column, located.Field = file, line, "emails", ""
		return &located, true
	}
	lines := s.records[list][e.Row]
	if n < 0 || n >= len(lines) {
		return nil, false
	}
	located.File, located.Line = recordFiles[list], int(lines[n])
	if spec := specOf(located.File); spec != nil {
		f := normField(sub)
		for _, c := range spec.columns {
			if strings.ReplaceAll(c, "_", "") == f || f == "key" && c == "id" {
				located.Column, located.Field = c, ""
			}
		}
	}
	return &located, true
}

// Formats returns the separator and encoding of each file read, in the
// order of reading; nil for a nil Source (a snapshot).
func (s *Source) Formats() []FileFormat {
	if s == nil {
		return nil
	}
	return s.formats
}

// Position returns the file and the 1-based line of a dataset row.
func (s *Source) Position(section string, row int) (file string, line int, ok bool) {
	if s == nil {
		return "", 0, false
	}
	ls := s.lines[section]
	if row < 0 || row >= len(ls) {
		return "", 0, false
	}
	return sectionFile[section], int(ls[row]), true
}

// Locate returns err with the file, line and column of the dataset row it
// names (reseau.Error Section and Row, as returned by Dataset.Validate or a
// store's Import). Any other error is returned unchanged. The returned error
// is a copy: err is not modified.
func (s *Source) Locate(err error) error {
	var e *reseau.Error
	if !errors.As(err, &e) || e.Section == "" || e.File != "" {
		return err
	}
	if located, ok := s.locateRecord(e); ok {
		return located
	}
	file, line, ok := s.Position(e.Section, e.Row)
	if !ok {
		return err
	}
	located := *e
	located.File, located.Line = file, line
	if c := columnFor(e.Section, e.Field); c != "" {
		located.Column = c
		located.Field = ""
	}
	return &located
}

func (s *Source) add(section string, line int) {
	s.lines[section] = append(s.lines[section], int32(line))
}
