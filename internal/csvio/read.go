package csvio

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// ReadDir reads the CSV files of folder dir. See ReadFS.
func ReadDir(dir string) (*reseau.Dataset, *Source, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "cannot read folder %s: %v", dir, reason(err))
	} else if !fi.IsDir() {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "%s is not a folder", dir)
	}
	return ReadFS(os.DirFS(dir), ".")
}

// ReadFS reads the CSV files of folder dir in fsys (an embedded folder, for
// instance). Any subset of the layout's files may be present, at least one;
// a .csv file that is not part of the layout is an error, since it is most
// likely a misspelt name whose rows would otherwise be silently ignored.
//
// Rows are checked one by one (columns, sectors, visibilities, numbers) and
// the dataset as a whole by Dataset.Validate, with every reference taken to
// exist: references to keys outside the folder can only be checked by the
// store, and its errors are located with the returned Source.
func ReadFS(fsys fs.FS, dir string) (*reseau.Dataset, *Source, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "cannot read folder %s: %v", dir, reason(err))
	}
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(path.Ext(name), ".csv") {
			continue
		}
		if specOf(name) == nil {
			return nil, nil, &reseau.Error{Code: reseau.EINVALID, File: name,
				Message: "unknown file (expected " + strings.Join(fileNames(), ", ") + ")"}
		}
		present[name] = true
	}
	if len(present) == 0 {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "no CSV file to import in %s (expected any of %s)", dir, strings.Join(fileNames(), ", "))
	}

	r := &reader{ds: &reseau.Dataset{}, src: &Source{lines: map[string][]int32{}}}
	for _, spec := range specs {
		if !present[spec.name] {
			continue
		}
		if err := r.readFile(fsys, path.Join(dir, spec.name), spec); err != nil {
			return nil, nil, err
		}
	}
	if err := r.ds.Validate(func(string, string) bool { return true }); err != nil {
		return nil, nil, r.src.Locate(err)
	}
	return r.ds, r.src, nil
}

// reason drops the path from a file system error: messages name files
// relative to the folder.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func fileNames() []string {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.name
	}
	return names
}

type reader struct {
	ds   *reseau.Dataset
	src  *Source
	orgs map[string]int // key → row of organisations.csv, for the record files
}

func (r *reader) readFile(fsys fs.FS, name string, spec fileSpec) error {
	f, err := fsys.Open(name)
	if err != nil {
		return &reseau.Error{Code: reseau.EINVALID, File: spec.name, Message: "cannot open: " + reason(err).Error()}
	}
	defer f.Close()
	t, err := newTable(f, spec)
	if err != nil {
		return err
	}
	defer func() { r.src.formats = append(r.src.formats, t.format()) }()
	switch spec.name {
	case FileDomains:
		return r.domains(t)
	case FileOrganisations:
		return r.organisations(t)
	case FilePeople:
		return r.people(t)
	case FileCollaborations:
		return r.collaborations(t)
	case FileParticipants:
		return r.participations(t)
	case FileCollaborationPeople:
		return r.personParticipations(t)
	case FilePartnerships:
		return r.partnerships(t)
	case FileParties:
		return r.parties(t)
	case FileKnows:
		return r.knows(t)
	case FileOrganisationPhones:
		return r.phones(t)
	case FileOrganisationAddresses:
		return r.addresses(t)
	case FileOrganisationSchedules:
		return r.schedules(t)
	case FileOrganisationIdentifiers:
		return r.identifiers(t)
	case FileOrganisationServices:
		return r.services(t)
	}
	return nil
}

func (r *reader) domains(t *table) error {
	id, fr, nl, en := t.col("id"), t.col("label_fr"), t.col("label_nl"), t.col("label_en")
	for t.next() {
		r.ds.Domains = append(r.ds.Domains, reseau.Domain{Key: t.val(id), LabelFR: t.val(fr), LabelNL: t.val(nl), LabelEN: t.val(en)})
		r.src.add("domains", t.line)
	}
	return t.err
}

func (r *reader) organisations(t *table) error {
	id, name, short, sector, parent := t.col("id"), t.col("name"), t.col("short_name"), t.col("sector"), t.col("parent_id")
	domains, commune, langs, aliases := t.col("domains"), t.col("commune"), t.col("languages"), t.col("aliases")
	nameFR, nameNL, descFR, descNL := t.col("name_fr"), t.col("name_nl"), t.col("description_fr"), t.col("description_nl")
	website, emails, noteFR, noteNL := t.col("website"), t.col("emails"), t.col("hours_note_fr"), t.col("hours_note_nl")
	eligFR, eligNL, accessFR, accessNL := t.col("eligibility_fr"), t.col("eligibility_nl"), t.col("access_fr"), t.col("access_nl")
	costFR, costNL := t.col("cost_fr"), t.col("cost_nl")
	r.orgs = map[string]int{}
	for t.next() {
		o := reseau.Organisation{Key: t.val(id), Name: t.val(name), ShortName: t.val(short), ParentKey: t.val(parent),
			Domains: t.list(domains), Commune: t.val(commune), Languages: t.list(langs), Aliases: t.list(aliases),
			Directory: reseau.Directory{
				NameFR: t.val(nameFR), NameNL: t.val(nameNL), DescriptionFR: t.val(descFR), DescriptionNL: t.val(descNL),
				Website: t.val(website), Emails: t.list(emails), HoursNoteFR: t.val(noteFR), HoursNoteNL: t.val(noteNL),
				EligibilityFR: t.val(eligFR), EligibilityNL: t.val(eligNL), AccessFR: t.val(accessFR), AccessNL: t.val(accessNL),
				CostFR: t.val(costFR), CostNL: t.val(costNL),
			}}
		if _, seen := r.orgs[o.Key]; !seen {
			r.orgs[o.Key] = len(r.ds.Organisations)
		}
		if s := t.val(sector); s != "" {
			o.Sector = reseau.Sector(strings.ToUpper(s))
			if !o.Sector.Valid() {
				return t.errorf("sector", "unknown sector %q (expected cpas, associatif, communal, public or mixte)", s)
			}
		}
		r.ds.Organisations = append(r.ds.Organisations, o)
		r.src.add("organisations", t.line)
	}
	return t.err
}

// people reads people.csv, where a person who works at several
// organisations appears on several rows with the same id: the person fields
// are given once (the first non-empty value counts, a different one is an
// error) and each row with an organisation_id is a membership. A row with an
// empty name only adds a membership, to a person that the store already holds.
func (r *reader) people(t *table) error {
	id, name, email, phone, org := t.col("id"), t.col("name"), t.col("email"), t.col("phone"), t.col("organisation_id")
	role, since, until, vis := t.col("role"), t.col("since"), t.col("until"), t.col("visibility")
	seen := map[string]int{} // person key → index in ds.People
	for t.next() {
		key, n := t.val(id), t.val(name)
		p := reseau.Person{Key: key, Name: n, Email: t.val(email), Phone: t.val(phone)}
		if v := t.val(vis); v != "" {
			p.Visibility = reseau.Visibility(strings.ToUpper(v))
			if !p.Visibility.Valid() {
				return t.errorf("visibility", "unknown visibility %q (expected network or private)", v)
			}
		}
		if n != "" {
			if i, ok := seen[key]; ok {
				if err := merge(t, &r.ds.People[i], p); err != nil {
					return err
				}
			} else {
				seen[key] = len(r.ds.People)
				r.ds.People = append(r.ds.People, p)
				r.src.add("people", t.line)
			}
		} else if p.Email != "" || p.Phone != "" || p.Visibility != "" {
			return t.errorf("name", "a row with contact details needs the person's name")
		} else if t.val(org) == "" {
			return t.errorf("name", "a row with neither name nor organisation_id says nothing")
		}
		if o := t.val(org); o != "" {
			r.ds.Memberships = append(r.ds.Memberships, reseau.Membership{PersonKey: key, OrganisationKey: o,
				Role: t.val(role), Since: t.val(since), Until: t.val(until)})
			r.src.add("memberships", t.line)
		} else if t.val(role) != "" || t.val(since) != "" || t.val(until) != "" {
			return t.errorf("organisation_id", "role, since and until describe a membership: organisation_id is empty")
		}
	}
	if t.err != nil {
		return t.err
	}
	for i := range r.ds.People {
		if r.ds.People[i].Visibility == "" {
			r.ds.People[i].Visibility = reseau.VisibilityNetwork
		}
	}
	return nil
}

// merge folds the person fields of a further row of the same person into p.
func merge(t *table, p *reseau.Person, q reseau.Person) error {
	if q.Name != p.Name {
		return t.errorf("name", "person %q is named %q on an earlier row", p.Key, p.Name)
	}
	for _, f := range []struct {
		col      string
		dst      *string
		val, old string
	}{{"email", &p.Email, q.Email, p.Email}, {"phone", &p.Phone, q.Phone, p.Phone}, {"visibility", (*string)(&p.Visibility), string(q.Visibility), string(p.Visibility)}} {
		if f.val == "" || f.val == f.old {
			continue
		}
		if f.old != "" {
			return t.errorf(f.col, "person %q has %s %q on an earlier row", p.Key, f.col, f.old)
		}
		*f.dst = f.val
	}
	return nil
}

func (r *reader) collaborations(t *table) error {
	id, kind, title, domains := t.col("id"), t.col("kind"), t.col("title"), t.col("domains")
	start, end, status, parent := t.col("start_date"), t.col("end_date"), t.col("status"), t.col("parent_id")
	loc, count, desc := t.col("location_id"), t.col("participants_count"), t.col("description")
	for t.next() {
		c := reseau.Collaboration{Key: t.val(id), Kind: t.val(kind), Title: t.val(title), Domains: t.list(domains),
			StartDate: t.val(start), EndDate: t.val(end), Status: t.val(status), ParentKey: t.val(parent),
			LocationKey: t.val(loc), Description: t.val(desc)}
		if s := t.val(count); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return t.errorf("participants_count", "%q is not a number of participants", s)
			}
			c.ParticipantsCount = &n
		}
		r.ds.Collaborations = append(r.ds.Collaborations, c)
		r.src.add("collaborations", t.line)
	}
	return t.err
}

func (r *reader) participations(t *table) error {
	c, o, role := t.col("collaboration_id"), t.col("organisation_id"), t.col("role")
	for t.next() {
		r.ds.Participations = append(r.ds.Participations, reseau.Participation{CollaborationKey: t.val(c), OrganisationKey: t.val(o), Role: t.val(role)})
		r.src.add("participations", t.line)
	}
	return t.err
}

func (r *reader) personParticipations(t *table) error {
	c, p, role := t.col("collaboration_id"), t.col("person_id"), t.col("role")
	for t.next() {
		r.ds.PersonParticipations = append(r.ds.PersonParticipations, reseau.PersonParticipation{CollaborationKey: t.val(c), PersonKey: t.val(p), Role: t.val(role)})
		r.src.add("personParticipations", t.line)
	}
	return t.err
}

func (r *reader) partnerships(t *table) error {
	id, kind, title, start, end, desc := t.col("id"), t.col("kind"), t.col("title"), t.col("start_date"), t.col("end_date"), t.col("description")
	for t.next() {
		r.ds.Partnerships = append(r.ds.Partnerships, reseau.Partnership{Key: t.val(id), Kind: t.val(kind), Title: t.val(title),
			StartDate: t.val(start), EndDate: t.val(end), Description: t.val(desc)})
		r.src.add("partnerships", t.line)
	}
	return t.err
}

func (r *reader) parties(t *table) error {
	p, o, role := t.col("partnership_id"), t.col("organisation_id"), t.col("role")
	for t.next() {
		r.ds.Parties = append(r.ds.Parties, reseau.Party{PartnershipKey: t.val(p), OrganisationKey: t.val(o), Role: t.val(role)})
		r.src.add("parties", t.line)
	}
	return t.err
}

func (r *reader) knows(t *table) error {
	p, o, since, source := t.col("person_id"), t.col("other_person_id"), t.col("since"), t.col("source")
	for t.next() {
		r.ds.Knows = append(r.ds.Knows, reseau.Knows{PersonKey: t.val(p), OtherKey: t.val(o), Since: t.val(since), Source: t.val(source)})
		r.src.add("knows", t.line)
	}
	return t.err
}

// record returns the organisation of organisations.csv that the current
// row of a record file belongs to, and notes the row's line as the next
// item of its list.
func (r *reader) record(t *table, org int, list string) (*reseau.Organisation, error) {
	key := t.val(org)
	i, ok := r.orgs[key]
	switch {
	case key == "":
		return nil, t.errorf("organisation_id", "is empty: name the organisation (its id in organisations.csv)")
	case r.orgs == nil:
		return nil, t.errorf("organisation_id", "%s needs organisations.csv in the same folder: an organisation's %s are part of its row, which an import replaces whole", t.file, list)
	case !ok:
		return nil, t.errorf("organisation_id", "%q is not an organisation of organisations.csv: an organisation's %s are imported with its row", key, list)
	}
	r.src.addRecord(list, i, t.line)
	return &r.ds.Organisations[i], nil
}

func (r *reader) phones(t *table) error {
	org, number, kind, desc := t.col("organisation_id"), t.col("number"), t.col("kind"), t.col("description")
	for t.next() {
		o, err := r.record(t, org, "phones")
		if err != nil {
			return err
		}
		o.Phones = append(o.Phones, reseau.Phone{Number: t.val(number), Kind: t.val(kind), Description: t.val(desc)})
	}
	return t.err
}

func (r *reader) addresses(t *table) error {
	org, kind, street, number, postcode, commune := t.col("organisation_id"), t.col("kind"), t.col("street"), t.col("number"), t.col("postcode"), t.col("commune")
	lat, lon := t.col("latitude"), t.col("longitude")
	for t.next() {
		o, err := r.record(t, org, "addresses")
		if err != nil {
			return err
		}
		a := reseau.Address{Kind: t.val(kind), Street: t.val(street), Number: t.val(number), Postcode: t.val(postcode), Commune: t.val(commune)}
		if a.Latitude, err = t.float(lat, "latitude"); err != nil {
			return err
		}
		if a.Longitude, err = t.float(lon, "longitude"); err != nil {
			return err
		}
		o.Addresses = append(o.Addresses, a)
	}
	return t.err
}

func (r *reader) schedules(t *table) error {
	org, days, opens, closes, from, to := t.col("organisation_id"), t.col("days"), t.col("opens"), t.col("closes"), t.col("valid_from"), t.col("valid_to")
	for t.next() {
		o, err := r.record(t, org, "schedules")
		if err != nil {
			return err
		}
		d := t.list(days)
		for i := range d {
			d[i] = strings.ToUpper(d[i])
		}
		o.Schedules = append(o.Schedules, reseau.Schedule{Days: d, Opens: t.val(opens), Closes: t.val(closes), ValidFrom: t.val(from), ValidTo: t.val(to)})
	}
	return t.err
}

func (r *reader) identifiers(t *table) error {
	org, scheme, value := t.col("organisation_id"), t.col("scheme"), t.col("value")
	for t.next() {
		o, err := r.record(t, org, "identifiers")
		if err != nil {
			return err
		}
		o.Identifiers = append(o.Identifiers, reseau.Identifier{Scheme: t.val(scheme), Value: t.val(value)})
	}
	return t.err
}

func (r *reader) services(t *table) error {
	org, id, nameFR, nameNL := t.col("organisation_id"), t.col("id"), t.col("name_fr"), t.col("name_nl")
	descFR, descNL, domains, eligFR, eligNL := t.col("description_fr"), t.col("description_nl"), t.col("domains"), t.col("eligibility_fr"), t.col("eligibility_nl")
	for t.next() {
		o, err := r.record(t, org, "services")
		if err != nil {
			return err
		}
		o.Services = append(o.Services, reseau.Service{Key: t.val(id), NameFR: t.val(nameFR), NameNL: t.val(nameNL),
			DescriptionFR: t.val(descFR), DescriptionNL: t.val(descNL), Domains: t.list(domains),
			EligibilityFR: t.val(eligFR), EligibilityNL: t.val(eligNL)})
	}
	return t.err
}

// table reads the records of one CSV file, by column name.
type table struct {
	file   string
	r      *csv.Reader
	header []string
	pos    map[string]int // column name → index in a record
	rec    []string
	line   int
	err    error
	dec    *decoder
	sep    rune
}

// format says how the file was written, once it has been read.
func (t *table) format() FileFormat {
	return FileFormat{File: t.file, Separator: string(t.sep), Encoding: t.dec.encoding}
}

// newTable reads the header of a CSV file separated by ',' or ';', in
// UTF-8 (with or without a BOM) or Windows-1252: see sniffSeparator and
// decoder.
func newTable(f io.Reader, spec fileSpec) (*table, error) {
	dec := newDecoder(bufio.NewReaderSize(f, 64<<10))
	// The separator is read on the raw bytes: ',' and ';' are the same
	// bytes in both encodings, and a header is ASCII.
	sep := sniffSeparator(dec.br)
	t := &table{file: spec.name, r: csv.NewReader(dec), pos: map[string]int{}, dec: dec, sep: sep}
	t.r.Comma = sep
	t.r.FieldsPerRecord = -1 // counted here, to say which line is wrong and how
	t.r.ReuseRecord = true
	rec, err := t.r.Read()
	if err == io.EOF {
		return nil, t.fail(1, "", "empty file: a header row is required")
	} else if err != nil {
		return nil, t.csvError(err)
	}
	t.header = slices.Clone(rec)
	for i, h := range t.header {
		h = strings.ToLower(strings.TrimSpace(h))
		t.header[i] = h
		if !slices.Contains(spec.columns, h) {
			return nil, t.fail(1, h, "unknown column (expected %s)", strings.Join(spec.columns, ", "))
		}
		if _, dup := t.pos[h]; dup {
			return nil, t.fail(1, h, "column appears twice in the header")
		}
		t.pos[h] = i
	}
	for _, c := range spec.required {
		if _, ok := t.pos[c]; !ok {
			return nil, t.fail(1, c, "missing column (required: %s)", strings.Join(spec.required, ", "))
		}
	}
	return t, nil
}

// col returns the record index of a column, -1 when the header lacks it.
func (t *table) col(name string) int {
	if i, ok := t.pos[name]; ok {
		return i
	}
	return -1
}

// next reads the next record; on false, t.err says whether it was an error.
func (t *table) next() bool {
	if t.err != nil {
		return false
	}
	rec, err := t.r.Read()
	if err == io.EOF {
		return false
	} else if err != nil {
		t.err = t.csvError(err)
		return false
	}
	t.rec = rec
	t.line, _ = t.r.FieldPos(0)
	if len(rec) != len(t.header) {
		col := "" // too many values: no column to blame
		if len(rec) < len(t.header) {
			col = t.header[len(rec)] // the first column without a value
		}
		hint := ""
		if len(rec) > len(t.header) && t.sep == ';' {
			hint = ` (the file is separated by ";", which also separates the values of a list cell: ` +
				`put a cell with several values in double quotes, "a;b", as spreadsheet programs do)`
		}
		t.err = t.fail(t.line, col, "%d values for %d columns%s", len(rec), len(t.header), hint)
		return false
	}
	return true
}

// val returns the trimmed value of column i of the current record.
func (t *table) val(i int) string {
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// float reads a decimal number of column i (named col in errors); an empty
// cell is nil. A decimal comma, as Belgian spreadsheets write it
// ("50,8467"), is read as a point.
func (t *table) float(i int, col string) (*float64, error) {
	v := t.val(i)
	if v == "" {
		return nil, nil
	}
	s := v
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, t.errorf(col, "%q is not a number (write it as 50.8467)", v)
	}
	return &f, nil
}

// list splits a cell on ";", dropping empty items; an empty cell is nil.
func (t *table) list(i int) []string {
	v := t.val(i)
	if v == "" {
		return nil
	}
	var out []string
	for item := range strings.SplitSeq(v, ";") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// errorf returns an error about column col of the current record.
func (t *table) errorf(col, format string, args ...any) error {
	return t.fail(t.line, col, format, args...)
}

func (t *table) fail(line int, col, format string, args ...any) error {
	return &reseau.Error{Code: reseau.EINVALID, File: t.file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}

// csvError turns a syntax error of encoding/csv (a stray quote) into an
// EINVALID error at the line where the record began: a quote left open runs
// on to the end of the file, where the reader stops, far from the quote.
func (t *table) csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &reseau.Error{Code: reseau.EINVALID, File: t.file, Message: "cannot read: " + err.Error()}
	}
	if pe.StartLine > 0 && pe.StartLine != pe.Line {
		return t.fail(pe.StartLine, "", "a quote opened in this record is not closed: %v (the reader stopped at line %d, character %d)", pe.Err, pe.Line, pe.Column)
	}
	return t.fail(pe.Line, "", "%v (at character %d)", pe.Err, pe.Column)
}

// ReadPath reads what `reseau import PATH` is given: a folder of CSV files
// (ReadDir) or a JSON snapshot file (ReadJSON). A snapshot has no Source;
// the returned nil *Source leaves errors unchanged in Locate.
func ReadPath(p string) (*reseau.Dataset, *Source, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "cannot read %s: %v", p, reason(err))
	}
	if fi.IsDir() {
		return ReadDir(p)
	}
	if strings.EqualFold(filepath.Ext(p), ".csv") {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "%s is one CSV file: give the folder that holds the CSV files (organisations.csv, domains.csv…), or a .json snapshot", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "cannot read %s: %v", p, reason(err))
	}
	defer f.Close()
	ds, err := ReadJSON(f)
	return ds, nil, err
}
