package hsds

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Detect reports whether folder dir of fsys holds an HSDS package rather
// than Réseau's own CSV layout: a datapackage.json with HSDS's organization
// resource, or an organizations.csv (HSDS's spelling; Réseau's file is
// organisations.csv) whose header names only HSDS organization fields.
func Detect(fsys fs.FS, dir string) bool {
	if b, err := fs.ReadFile(fsys, path.Join(dir, DatapackageFile)); err == nil {
		var p struct {
			Resources []struct {
				Name string          `json:"name"`
				Path json.RawMessage `json:"path"`
			} `json:"resources"`
		}
		if json.Unmarshal(b, &p) == nil {
			for _, r := range p.Resources {
				if r.Name == resOrganization.name || string(r.Path) == `"`+resOrganization.path+`"` {
					return true
				}
			}
		}
	}
	f, err := fsys.Open(path.Join(dir, resOrganization.path))
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = csvio.NewTable(f, resOrganization.path, resOrganization.columns, []string{"id", "name"})
	return err == nil
}

// ReadDir reads the HSDS package in folder dir. See ReadFS.
func ReadDir(dir string) (*reseau.Dataset, *Source, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "cannot read folder %s: %v", dir, reason(err))
	} else if !fi.IsDir() {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "%s is not a folder", dir)
	}
	return ReadFS(os.DirFS(dir), ".")
}

func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadFS reads the HSDS 3.0 package in folder dir of fsys into a dataset of
// domains and organisations, the inverse of WriteDir. organizations.csv is
// required; the other files Réseau writes are read when present; HSDS's
// other files (programs.csv, funding.csv...) and the resources a
// datapackage.json adds are left aside; any other .csv file is an error,
// most likely a misspelt name. Each file may have any of the columns HSDS
// 3.0 defines for it, and those its datapackage.json declares, in any
// order; another column is an error. Files are read as csvio reads its own
// (separator and encoding detected).
//
// A package Réseau did not write is read as well as it maps: organisations
// without a Réseau key take their HSDS id as key; phones, languages and
// opening hours linked to an organisation's services or locations become the
// organisation's; a schedule that is not weekly becomes a line of the hours
// note; languages other than fr, nl, en and de, named contacts and
// attributes of other taxonomies are left aside.
//
// Every error is an EINVALID *reseau.Error naming the file, the line (the
// header is line 1) and the column; the dataset is checked by
// Dataset.Validate with every reference taken to exist, and Source.Locate
// places the store's errors in the files.
func ReadFS(fsys fs.FS, dir string) (*reseau.Dataset, *Source, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "cannot read folder %s: %v", dir, reason(err))
	}
	extra, declared, err := readDatapackage(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(path.Ext(name), ".csv") {
			continue
		}
		if resourceAt(name) == nil && !slices.Contains(otherPaths, name) && !declared[name] {
			return nil, nil, &reseau.Error{Code: reseau.EINVALID, File: name,
				Message: "not a file of an HSDS 3.0 package (expected " + strings.Join(Files()[1:], ", ") +
					", or a resource its datapackage.json declares)"}
		}
		present[name] = true
	}
	if !present[resOrganization.path] {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "no %s in %s: an HSDS package holds its organizations there", resOrganization.path, dir)
	}
	r := &reader{src: &Source{}, rows: map[*resource][]row{}}
	for _, res := range resources {
		if !present[res.path] {
			continue
		}
		if err := r.readFile(fsys, path.Join(dir, res.path), res, extra[res.path]); err != nil {
			return nil, nil, err
		}
	}
	ds, err := r.dataset()
	if err != nil {
		return nil, nil, err
	}
	if err := ds.Validate(func(string, string) bool { return true }); err != nil {
		return nil, nil, r.src.Locate(err)
	}
	return ds, r.src, nil
}

// readDatapackage reads the columns a datapackage.json adds to HSDS's files
// (extensions), and the paths of the resources it declares.
func readDatapackage(fsys fs.FS, dir string) (extra map[string][]string, declared map[string]bool, err error) {
	b, err := fs.ReadFile(fsys, path.Join(dir, DatapackageFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, &reseau.Error{Code: reseau.EINVALID, File: DatapackageFile, Message: "cannot read: " + reason(err).Error()}
	}
	var p struct {
		Resources []struct {
			Path   json.RawMessage `json:"path"`
			Schema struct {
				Fields []struct {
					Name string `json:"name"`
				} `json:"fields"`
			} `json:"schema"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, nil, &reseau.Error{Code: reseau.EINVALID, File: DatapackageFile, Message: "not a data package: " + err.Error()}
	}
	extra, declared = map[string][]string{}, map[string]bool{}
	for i, res := range p.Resources {
		var name string
		if len(res.Path) == 0 {
			continue // inline data: no file
		}
		if err := json.Unmarshal(res.Path, &name); err != nil {
			return nil, nil, &reseau.Error{Code: reseau.EINVALID, File: DatapackageFile,
				Message: fmt.Sprintf("resources[%d].path: give one file name (a list of files is not read)", i)}
		}
		declared[name] = true
		for _, f := range res.Schema.Fields {
			extra[name] = append(extra[name], strings.ToLower(f.Name))
		}
	}
	return extra, declared, nil
}

// row is a record of a file: its cells by column, and its line.
type row struct {
	line int
	v    map[string]string
}

// Columns read of each file; the others are left aside.
var readColumns = map[*resource][]string{
	resOrganization:      {"id", "name", "alternate_name", "description", "email", "website", "parent_organization_id"},
	resService:           {"id", "organization_id", "name", "description", "application_process", "fees_description", "eligibility_description"},
	resAttribute:         {"link_id", "taxonomy_term_id", "link_entity", "value"},
	resServiceAtLocation: {"id", "service_id", "location_id"},
	resLocation:          {"id", "location_type", "organization_id", "latitude", "longitude"},
	resPhone:             {"organization_id", "service_id", "location_id", "number", "type", "description"},
	resContact:           {"organization_id", "name", "email"},
	resAddress:           {"location_id", "address_1", "city", "postal_code", "address_type"},
	resSchedule:          {"service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "freq", "interval", "byday", "opens_at", "closes_at", "description", "notes"},
	resLanguage:          {"service_id", "location_id", "name", "code"},
	resTaxonomyTerm:      {"id", "code", "name", "language", "taxonomy_id"},
	resIdentifier:        {"organization_id", "identifier_scheme", "identifier_type", "identifier"},
	resTaxonomy:          {"id"},
}

// Cells each file's rows must not leave empty, for Réseau to use them.
var needed = map[*resource][]string{
	resOrganization:      {"id", "name"},
	resService:           {"id", "organization_id", "name"},
	resAttribute:         {"link_id", "taxonomy_term_id"},
	resServiceAtLocation: {"service_id", "location_id"},
	resLocation:          {"id"},
	resPhone:             {"number"},
	resAddress:           {"address_1"},
	resTaxonomyTerm:      {"id", "name"},
	resIdentifier:        {"organization_id", "identifier"},
}

type reader struct {
	src  *Source
	rows map[*resource][]row
}

func (r *reader) readFile(fsys fs.FS, name string, res *resource, extra []string) error {
	f, err := fsys.Open(name)
	if err != nil {
		return &reseau.Error{Code: reseau.EINVALID, File: res.path, Message: "cannot open: " + reason(err).Error()}
	}
	defer f.Close()
	t, err := csvio.NewTable(f, res.path, append(slices.Clone(res.columns), extra...), needed[res])
	if err != nil {
		return err
	}
	defer func() { r.src.formats = append(r.src.formats, t.Format()) }()
	cols := readColumns[res]
	for t.Next() {
		v := make(map[string]string, len(cols))
		for _, c := range cols {
			if s := t.Get(c); s != "" {
				v[c] = s
			}
		}
		for _, c := range needed[res] {
			if v[c] == "" {
				return t.Errorf(c, "empty %s: a %s row needs it", c, res.name)
			}
		}
		r.rows[res] = append(r.rows[res], row{line: t.Line(), v: v})
	}
	return t.Err()
}

// fail is an error about a cell of a file.
func fail(res *resource, rw row, column, format string, args ...any) error {
	return &reseau.Error{Code: reseau.EINVALID, File: res.path, Line: rw.line, Column: column, Message: fmt.Sprintf(format, args...)}
}

// term is a taxonomy term of Réseau's taxonomies, by what it means.
type term struct {
	taxonomy string // one of the tax* ids
	code     string // without its prefix
}

// resolver turns the rows into a dataset.
type resolver struct {
	*reader
	ds       *reseau.Dataset
	terms    map[string]term // Réseau's terms, by id
	orgs     map[string]int  // organisation index, by HSDS id
	services map[string]svcRef
	mains    map[string]int // organisation index, by main service id
	locs     map[string]int // organisation index, by location id
	locRows  map[string]row
	sals     map[string]string // service id, by service_at_location id
	notes    map[int][]string  // hours note lines, by organisation index
}

// svcRef is a service of the package: its organisation, and its index in
// the organisation's Services (-1 for the main service).
type svcRef struct{ org, svc int }

func (r *reader) dataset() (*reseau.Dataset, error) {
	z := &resolver{reader: r, ds: &reseau.Dataset{}, terms: map[string]term{}, orgs: map[string]int{},
		services: map[string]svcRef{}, mains: map[string]int{}, locs: map[string]int{}, locRows: map[string]row{},
		sals: map[string]string{}, notes: map[int][]string{}}
	for _, step := range []func() error{z.taxonomy, z.organizations, z.keys, z.servicesRows, z.attributes,
		z.parents, z.phones, z.contacts, z.identifiers, z.locations, z.addresses, z.languages, z.schedules} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	for i, lines := range z.notes {
		z.ds.Organisations[i].HoursNoteFR = strings.Join(lines, "\n")
	}
	return z.ds, nil
}

// taxonomy reads Réseau's terms, and the domains from them.
func (z *resolver) taxonomy() error {
	domain := map[string]int{}
	prefixes := map[string]string{taxSectors: prefixSector, taxDomainsFR: prefixDomainFR, taxDomainsNL: prefixDomainNL, taxDomainsEN: prefixDomainEN, taxFields: prefixField}
	var dutch, english []row
	for _, rw := range z.rows[resTaxonomyTerm] {
		tax := strings.ToLower(rw.v["taxonomy_id"])
		prefix, ours := prefixes[tax]
		if !ours {
			continue
		}
		code, ok := strings.CutPrefix(rw.v["code"], prefix)
		if !ok {
			return fail(resTaxonomyTerm, rw, "code", "a term of Réseau's taxonomy %s has a code starting with %q, not %q", tax, prefix, rw.v["code"])
		}
		z.terms[strings.ToLower(rw.v["id"])] = term{taxonomy: tax, code: code}
		switch tax {
		case taxDomainsFR:
			domain[code] = len(z.ds.Domains)
			z.ds.Domains = append(z.ds.Domains, reseau.Domain{Key: code, LabelFR: rw.v["name"]})
			z.src.domainLines = append(z.src.domainLines, rw.line)
		case taxDomainsNL:
			dutch = append(dutch, rw)
		case taxDomainsEN:
			english = append(english, rw)
		}
	}
	for _, rw := range dutch {
		code := strings.TrimPrefix(rw.v["code"], prefixDomainNL)
		i, ok := domain[code]
		if !ok {
			return fail(resTaxonomyTerm, rw, "code", "Dutch term %q has no French term %s%s", rw.v["code"], prefixDomainFR, code)
		}
		z.ds.Domains[i].LabelNL = rw.v["name"]
	}
	for _, rw := range english {
		code := strings.TrimPrefix(rw.v["code"], prefixDomainEN)
		i, ok := domain[code]
		if !ok {
			return fail(resTaxonomyTerm, rw, "code", "English term %q has no French term %s%s", rw.v["code"], prefixDomainFR, code)
		}
		z.ds.Domains[i].LabelEN = rw.v["name"]
	}
	return nil
}

func (z *resolver) organizations() error {
	for _, rw := range z.rows[resOrganization] {
		id := strings.ToLower(rw.v["id"])
		if _, dup := z.orgs[id]; dup {
			return fail(resOrganization, rw, "id", "organization %s appears twice", id)
		}
		o := reseau.Organisation{Key: id, Name: rw.v["name"], ShortName: rw.v["alternate_name"]}
		o.DescriptionFR, o.Website = rw.v["description"], rw.v["website"]
		if e := rw.v["email"]; e != "" {
			o.Emails = []string{e}
		}
		z.orgs[id] = len(z.ds.Organisations)
		z.ds.Organisations = append(z.ds.Organisations, o)
		z.src.orgLines = append(z.src.orgLines, rw.line)
	}
	return nil
}

// attrOf returns the Réseau term of an attribute row, and whether it is one.
func (z *resolver) attrOf(rw row) (term, bool) {
	t, ok := z.terms[strings.ToLower(rw.v["taxonomy_term_id"])]
	return t, ok
}

// keys gives each organisation its Réseau key: the value of its key
// attribute, or its HSDS id.
func (z *resolver) keys() error {
	for _, rw := range z.rows[resAttribute] {
		t, ok := z.attrOf(rw)
		if !ok || t.taxonomy != taxFields || t.code != fKey.code || rw.v["link_entity"] != "organization" {
			continue
		}
		i, ok := z.orgs[strings.ToLower(rw.v["link_id"])]
		if !ok {
			return fail(resAttribute, rw, "link_id", "no organization %s in %s", rw.v["link_id"], resOrganization.path)
		}
		z.ds.Organisations[i].Key = rw.v["value"]
	}
	return nil
}

// org returns the index of the organisation an id cell names.
func (z *resolver) org(res *resource, rw row, column string) (int, error) {
	i, ok := z.orgs[strings.ToLower(rw.v[column])]
	if !ok {
		return 0, fail(res, rw, column, "no organization %s in %s", rw.v[column], resOrganization.path)
	}
	return i, nil
}

func (z *resolver) servicesRows() error {
	for _, rw := range z.rows[resService] {
		i, err := z.org(resService, rw, "organization_id")
		if err != nil {
			return err
		}
		id := strings.ToLower(rw.v["id"])
		if _, dup := z.services[id]; dup {
			return fail(resService, rw, "id", "service %s appears twice", id)
		}
		o := &z.ds.Organisations[i]
		if id == mainServiceID(o.Key) {
			o.AccessFR, o.CostFR, o.EligibilityFR = rw.v["application_process"], rw.v["fees_description"], rw.v["eligibility_description"]
			z.services[id] = svcRef{org: i, svc: -1}
			z.mains[id] = i
			continue
		}
		z.services[id] = svcRef{org: i, svc: len(o.Services)}
		o.Services = append(o.Services, reseau.Service{Key: id, NameFR: rw.v["name"], DescriptionFR: rw.v["description"],
			EligibilityFR: rw.v["eligibility_description"]})
	}
	return nil
}

func (z *resolver) attributes() error {
	for _, rw := range z.rows[resAttribute] {
		t, ok := z.attrOf(rw)
		if !ok {
			continue // another taxonomy's term: not Réseau's to read
		}
		link, value := strings.ToLower(rw.v["link_id"]), rw.v["value"]
		switch entity := rw.v["link_entity"]; entity {
		case "organization":
			i, ok := z.orgs[link]
			if !ok {
				return fail(resAttribute, rw, "link_id", "no organization %s in %s", link, resOrganization.path)
			}
			if err := orgAttr(&z.ds.Organisations[i], t, value, rw); err != nil {
				return err
			}
		case "service":
			ref, ok := z.services[link]
			if !ok {
				return fail(resAttribute, rw, "link_id", "no service %s in %s", link, resService.path)
			}
			if ref.svc < 0 {
				continue // the main service carries no attribute of Réseau's
			}
			if err := serviceAttr(&z.ds.Organisations[ref.org].Services[ref.svc], t, value, rw); err != nil {
				return err
			}
		default:
			return fail(resAttribute, rw, "link_entity", "a term of Réseau's taxonomies applies to an organization or a service, not %q", entity)
		}
	}
	return nil
}

func orgAttr(o *reseau.Organisation, t term, value string, rw row) error {
	switch t.taxonomy {
	case taxSectors:
		s := reseau.Sector(strings.ToUpper(t.code))
		if !s.Valid() {
			return fail(resAttribute, rw, "taxonomy_term_id", "unknown sector %q", t.code)
		}
		o.Sector = s
		return nil
	case taxDomainsFR:
		o.Domains = append(o.Domains, t.code)
		return nil
	case taxFields:
		switch t.code {
		case fKey.code:
			// Read first, by keys.
		case fCommune.code:
			o.Commune = value
		case fAlias.code:
			o.Aliases = append(o.Aliases, value)
		case fNameFR.code:
			o.NameFR = value
		case fNameNL.code:
			o.NameNL = value
		case fDescNL.code:
			o.DescriptionNL = value
		case fEligNL.code:
			o.EligibilityNL = value
		case fAccessNL.code:
			o.AccessNL = value
		case fCostNL.code:
			o.CostNL = value
		case fHoursNoteNL.code:
			o.HoursNoteNL = value
		case fComposed.code:
			if value == "description" {
				o.DescriptionFR = ""
			}
		}
		return nil
	}
	return fail(resAttribute, rw, "taxonomy_term_id", "a term of taxonomy %s does not apply to an organization", t.taxonomy)
}

func serviceAttr(s *reseau.Service, t term, value string, rw row) error {
	switch {
	case t.taxonomy == taxDomainsFR:
		s.Domains = append(s.Domains, t.code)
	case t.taxonomy == taxFields && t.code == fKey.code:
		s.Key = value
	case t.taxonomy == taxFields && t.code == fNameNL.code:
		s.NameNL = value
	case t.taxonomy == taxFields && t.code == fDescNL.code:
		s.DescriptionNL = value
	case t.taxonomy == taxFields && t.code == fEligNL.code:
		s.EligibilityNL = value
	case t.taxonomy == taxFields && t.code == fComposed.code:
		if value == "name" {
			s.NameFR = ""
		}
	default:
		return fail(resAttribute, rw, "taxonomy_term_id", "term %s%s does not apply to a service", t.taxonomy, t.code)
	}
	return nil
}

func (z *resolver) parents() error {
	for n, rw := range z.rows[resOrganization] {
		if p := rw.v["parent_organization_id"]; p != "" {
			i, err := z.org(resOrganization, rw, "parent_organization_id")
			if err != nil {
				return err
			}
			z.ds.Organisations[n].ParentKey = z.ds.Organisations[i].Key
		}
	}
	return nil
}

// owner returns the organisation a row about an organisation, a service or
// a location belongs to, from the first of those columns it fills; false
// when it names none. A name that is not in the package is an error.
func (z *resolver) owner(res *resource, rw row) (int, bool, error) {
	if id := rw.v["organization_id"]; id != "" {
		i, err := z.org(res, rw, "organization_id")
		return i, err == nil, err
	}
	if id := strings.ToLower(rw.v["service_id"]); id != "" {
		ref, ok := z.services[id]
		if !ok {
			return 0, false, fail(res, rw, "service_id", "no service %s in %s", id, resService.path)
		}
		return ref.org, true, nil
	}
	if id := strings.ToLower(rw.v["location_id"]); id != "" {
		i, ok := z.locs[id]
		if !ok {
			if _, known := z.locRows[id]; known {
				return 0, false, nil // a location of no organisation
			}
			return 0, false, fail(res, rw, "location_id", "no location %s in %s", id, resLocation.path)
		}
		return i, true, nil
	}
	if id := strings.ToLower(rw.v["service_at_location_id"]); id != "" {
		svc, ok := z.sals[id]
		if !ok {
			return 0, false, nil
		}
		return z.services[svc].org, true, nil
	}
	return 0, false, nil
}

func (z *resolver) phones() error {
	for _, rw := range z.rows[resPhone] {
		if rw.v["organization_id"] == "" && rw.v["service_id"] == "" {
			continue // a location's or a contact's phone: read with the locations
		}
		i, ok, err := z.owner(resPhone, rw)
		if err != nil || !ok {
			return err
		}
		z.addPhone(i, rw)
	}
	return nil
}

func (z *resolver) addPhone(i int, rw row) {
	o := &z.ds.Organisations[i]
	p := reseau.Phone{Number: rw.v["number"], Kind: rw.v["type"], Description: rw.v["description"]}
	if !slices.ContainsFunc(o.Phones, func(q reseau.Phone) bool { return q.Number == p.Number }) {
		o.Phones = append(o.Phones, p)
	}
}

func (z *resolver) contacts() error {
	for _, rw := range z.rows[resContact] {
		if rw.v["organization_id"] == "" || rw.v["name"] != "" || rw.v["email"] == "" {
			continue // a person: not an address of the organisation
		}
		i, err := z.org(resContact, rw, "organization_id")
		if err != nil {
			return err
		}
		if o := &z.ds.Organisations[i]; !slices.Contains(o.Emails, rw.v["email"]) {
			o.Emails = append(o.Emails, rw.v["email"])
		}
	}
	return nil
}

func (z *resolver) identifiers() error {
	for _, rw := range z.rows[resIdentifier] {
		i, err := z.org(resIdentifier, rw, "organization_id")
		if err != nil {
			return err
		}
		scheme := rw.v["identifier_type"]
		if strings.EqualFold(rw.v["identifier_scheme"], bceScheme) {
			scheme = reseau.IdentifierBCE
		}
		if scheme == "" {
			return fail(resIdentifier, rw, "identifier_type", "empty identifier_type: say what register %s is in", rw.v["identifier"])
		}
		o := &z.ds.Organisations[i]
		o.Identifiers = append(o.Identifiers, reseau.Identifier{Scheme: scheme, Value: rw.v["identifier"]})
	}
	return nil
}

// locations places each location with its organisation: its
// organization_id, or else the organisation of a service it is linked to.
func (z *resolver) locations() error {
	for _, rw := range z.rows[resServiceAtLocation] {
		svc := strings.ToLower(rw.v["service_id"])
		if _, ok := z.services[svc]; !ok {
			return fail(resServiceAtLocation, rw, "service_id", "no service %s in %s", svc, resService.path)
		}
		if id := strings.ToLower(rw.v["id"]); id != "" {
			z.sals[id] = svc
		}
	}
	linked := map[string]int{} // location → organisation, through its services
	for _, rw := range z.rows[resServiceAtLocation] {
		loc := strings.ToLower(rw.v["location_id"])
		if _, ok := linked[loc]; !ok {
			linked[loc] = z.services[strings.ToLower(rw.v["service_id"])].org
		}
	}
	for _, rw := range z.rows[resLocation] {
		id := strings.ToLower(rw.v["id"])
		z.locRows[id] = rw
		if rw.v["organization_id"] != "" {
			i, err := z.org(resLocation, rw, "organization_id")
			if err != nil {
				return err
			}
			z.locs[id] = i
		} else if i, ok := linked[id]; ok {
			z.locs[id] = i
		}
	}
	for _, rw := range z.rows[resPhone] {
		if rw.v["organization_id"] == "" && rw.v["service_id"] == "" && rw.v["location_id"] != "" {
			i, ok, err := z.owner(resPhone, rw)
			if err != nil {
				return err
			}
			if ok {
				z.addPhone(i, rw)
			}
		}
	}
	return nil
}

func (z *resolver) addresses() error {
	for _, rw := range z.rows[resAddress] {
		id := strings.ToLower(rw.v["location_id"])
		if id == "" {
			continue // an address of no location: of no organisation either
		}
		loc, known := z.locRows[id]
		if !known {
			return fail(resAddress, rw, "location_id", "no location %s in %s", id, resLocation.path)
		}
		i, ok := z.locs[id]
		if !ok {
			continue
		}
		a := reseau.Address{Postcode: rw.v["postal_code"], Commune: rw.v["city"]}
		a.Street, a.Number = splitAddressLine(rw.v["address_1"])
		if k := rw.v["address_type"]; k != "physical" {
			a.Kind = k
		}
		if la, lo := loc.v["latitude"], loc.v["longitude"]; la != "" || lo != "" {
			lat, err := number(resLocation, loc, "latitude")
			if err != nil {
				return err
			}
			lon, err := number(resLocation, loc, "longitude")
			if err != nil {
				return err
			}
			a.Latitude, a.Longitude = &lat, &lon
		}
		o := &z.ds.Organisations[i]
		o.Addresses = append(o.Addresses, a)
	}
	return nil
}

func number(res *resource, rw row, column string) (float64, error) {
	f, err := strconv.ParseFloat(rw.v[column], 64)
	if err != nil {
		return 0, fail(res, rw, column, "%q is not a number (a decimal point, no thousands separator)", rw.v[column])
	}
	return f, nil
}

func (z *resolver) languages() error {
	for _, rw := range z.rows[resLanguage] {
		i, ok, err := z.owner(resLanguage, rw)
		if err != nil {
			return err
		}
		code := strings.ToLower(rw.v["code"])
		if !ok || languageNames[code] == "" {
			continue // Réseau records fr, nl, en and de
		}
		if o := &z.ds.Organisations[i]; !slices.Contains(o.Languages, code) {
			o.Languages = append(o.Languages, code)
		}
	}
	return nil
}

// clock reads HH:MM at the start of an HSDS time (09:00, 09:00:00,
// 09:00:00+01:00); Réseau keeps local hours and minutes.
var clock = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:Z|[+-]\d{2}:?\d{2})?$`)

func (z *resolver) schedules() error {
	for _, rw := range z.rows[resSchedule] {
		i, ok, err := z.owner(resSchedule, rw)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		o := &z.ds.Organisations[i]
		opens, closes, byday := rw.v["opens_at"], rw.v["closes_at"], rw.v["byday"]
		for _, c := range []string{"opens_at", "closes_at"} {
			if s := rw.v[c]; s != "" && !clock.MatchString(s) {
				return fail(resSchedule, rw, c, "%q is not a time of day (HH:MM or HH:MM:SS)", s)
			}
		}
		days, weekly := weekDays(byday)
		freq, interval := strings.ToUpper(rw.v["freq"]), rw.v["interval"]
		if weekly && opens != "" && closes != "" && (freq == "" || freq == "WEEKLY") && (interval == "" || interval == "1") {
			o.Schedules = append(o.Schedules, reseau.Schedule{Days: days, Opens: opens[:5], Closes: closes[:5],
				ValidFrom: rw.v["valid_from"], ValidTo: rw.v["valid_to"]})
			continue
		}
		// What Réseau cannot hold as a weekly opening is kept as text.
		note := strings.TrimSpace(strings.Join(nonEmpty(rw.v["description"], rw.v["notes"]), " "))
		if byday != "" || opens != "" {
			rule := strings.TrimSpace(strings.Join(nonEmpty(freq, byday, span(opens, closes)), " "))
			note = strings.TrimSpace(note + " (" + rule + ")")
		}
		if note != "" && !slices.Contains(z.notes[i], note) {
			z.notes[i] = append(z.notes[i], note)
		}
	}
	return nil
}

func nonEmpty(s ...string) []string {
	return slices.DeleteFunc(s, func(x string) bool { return x == "" })
}

func span(opens, closes string) string {
	if opens == "" && closes == "" {
		return ""
	}
	return opens + "–" + closes
}

// weekDays reads an RFC 5545 BYDAY list of plain days ("MO,TU"); false for
// an empty list or one with ordinals ("2MO"), which no weekly opening is.
func weekDays(byday string) ([]string, bool) {
	if byday == "" {
		return nil, false
	}
	var days []string
	for d := range strings.SplitSeq(byday, ",") {
		d = strings.ToUpper(strings.TrimSpace(d))
		if !slices.Contains(reseau.Weekdays, d) {
			return nil, false
		}
		days = append(days, d)
	}
	return days, true
}

// Source says where the rows of a dataset read by ReadFS came from, so that
// an error a store reports by dataset section and row can name a file, a
// line and a column. It has csvio.Source's methods.
type Source struct {
	orgLines, domainLines []int
	formats               []csvio.FileFormat
}

// Formats returns the separator and encoding of each file read; nil for a
// nil Source.
func (s *Source) Formats() []csvio.FileFormat {
	if s == nil {
		return nil
	}
	return s.formats
}

// orgColumns are the columns of organizations.csv that hold an
// organisation's fields, by the field an error names; the other fields
// come from other files, and their errors name the field only.
var orgColumns = map[string]string{"key": "id", "name": "name", "shortName": "alternate_name",
	"parent": "parent_organization_id", "website": "website", "descriptionFr": "description"}

// Locate returns err with the file, line and column of the dataset row it
// names (reseau.Error Section and Row); any other error unchanged.
func (s *Source) Locate(err error) error {
	var e *reseau.Error
	if s == nil || !errors.As(err, &e) || e.Section == "" || e.File != "" {
		return err
	}
	located := *e
	switch {
	case e.Section == "organisations" && e.Row >= 0 && e.Row < len(s.orgLines):
		located.File, located.Line = resOrganization.path, s.orgLines[e.Row]
		if c, ok := orgColumns[e.Field]; ok {
			located.Column, located.Field = c, ""
		}
	case e.Section == "domains" && e.Row >= 0 && e.Row < len(s.domainLines):
		located.File, located.Line = resTaxonomyTerm.path, s.domainLines[e.Row]
		switch e.Field {
		case "key":
			located.Column, located.Field = "code", ""
		case "labelFr":
			located.Column, located.Field = "name", ""
		}
	default:
		return err
	}
	return &located
}
