package hsds

import (
	"archive/zip"
	"bufio"
	"cmp"
	"compress/flate"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// DatapackageFile is the name of the package descriptor.
const DatapackageFile = "datapackage.json"

// Files are the names of the files Write writes, datapackage.json first.
func Files() []string {
	names := []string{DatapackageFile}
	for _, r := range resources {
		names = append(names, r.path)
	}
	return names
}

// WriteDir writes ds as an HSDS package into folder dir (created if
// needed). Each file is written beside its final name and renamed, so a
// reader never sees half a file; files of dir that are not part of the
// package are left alone.
func WriteDir(dir string, ds *reseau.Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return write(ds, func(name string, fill func(io.Writer) error) error {
		tmp, err := os.CreateTemp(dir, "."+name+"-*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		bw := bufio.NewWriterSize(tmp, 64<<10)
		if err := fill(bw); err != nil {
			tmp.Close()
			return err
		}
		if err := bw.Flush(); err != nil {
			tmp.Close()
			return err
		}
		if err := tmp.Close(); err != nil {
			return err
		}
		return os.Rename(tmp.Name(), filepath.Join(dir, name))
	})
}

// WriteZip writes ds as an HSDS package into a zip, its files at the root,
// deflated at flate.BestSpeed: CSV compresses well at any level (3.8 MB
// instead of 3.5 at M with directories), and the default level took about
// half of an export's CPU, BestSpeed about a third.
func WriteZip(w io.Writer, ds *reseau.Dataset) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	err := write(ds, func(name string, fill func(io.Writer) error) error {
		// A fixed date keeps two exports of one graph identical byte for
		// byte; Create would write the DOS date 1980-00-00, which is no
		// date at all to unzip and to some validators.
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipDate})
		if err != nil {
			return err
		}
		return fill(f)
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

// zipDate is the date of every file of a zipped package.
var zipDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// write builds the package of ds and hands each file to put.
func write(ds *reseau.Dataset, put func(name string, fill func(io.Writer) error) error) error {
	t := build(ds)
	if err := put(DatapackageFile, func(w io.Writer) error { return writeDatapackage(w) }); err != nil {
		return err
	}
	for _, r := range resources {
		rows := t[r]
		if err := put(r.path, func(w io.Writer) error { return writeCSV(w, r, rows) }); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(w io.Writer, r *resource, rows [][]string) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(r.fields))
	for i, f := range r.fields {
		header[i] = f.name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// datapackage.json, as Frictionless's tabular data package describes it.
type dpPackage struct {
	Name        string       `json:"name"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Profile     string       `json:"profile"`
	Version     string       `json:"version"`
	Homepage    string       `json:"homepage"`
	Resources   []dpResource `json:"resources"`
}

type dpResource struct {
	Name      string   `json:"name"`
	Path      string   `json:"path"`
	Profile   string   `json:"profile"`
	Format    string   `json:"format"`
	Mediatype string   `json:"mediatype"`
	Encoding  string   `json:"encoding"`
	Schema    dpSchema `json:"schema"`
}

type dpSchema struct {
	PrimaryKey  string         `json:"primaryKey"`
	Fields      []dpField      `json:"fields"`
	ForeignKeys []dpForeignKey `json:"foreignKeys,omitempty"`
}

type dpField struct {
	Name        string        `json:"name"`
	Type        string        `json:"type"`
	Format      string        `json:"format,omitempty"`
	Constraints dpConstraints `json:"constraints"`
}

type dpConstraints struct {
	Required bool     `json:"required"`
	Unique   bool     `json:"unique"`
	Enum     []string `json:"enum,omitempty"`
}

type dpForeignKey struct {
	Fields    string      `json:"fields"`
	Reference dpReference `json:"reference"`
}

type dpReference struct {
	Resource string `json:"resource"`
	Fields   string `json:"fields"`
}

// foreignKeys are the references between the files Réseau writes, by field.
var foreignKeys = map[string]string{
	"organization_id":  "organization",
	"service_id":       "service",
	"location_id":      "location",
	"taxonomy_id":      "taxonomy",
	"taxonomy_term_id": "taxonomy_term",
}

func datapackage() dpPackage {
	p := dpPackage{Name: "reseau-hsds", Title: "Réseau : annuaire des organisations (HSDS " + Version + ")",
		Description: "Les organisations d'un réseau d'action sociale, leurs coordonnées, horaires, publics et services, " +
			"au format Human Services Data Specification d'Open Referral. Le français est dans les champs HSDS, " +
			"le néerlandais et ce que Réseau ajoute dans des attributs (taxonomies Réseau).",
		Profile: "tabular-data-package", Version: Version, Homepage: "https://docs.openreferral.org"}
	for _, r := range resources {
		res := dpResource{Name: r.name, Path: r.path, Profile: "tabular-data-resource", Format: "csv",
			Mediatype: "text/csv", Encoding: "utf-8", Schema: dpSchema{PrimaryKey: "id"}}
		for _, f := range r.fields {
			res.Schema.Fields = append(res.Schema.Fields, dpField{Name: f.name, Type: f.typ, Format: f.format,
				Constraints: dpConstraints{Required: f.required, Unique: f.unique, Enum: f.enum}})
			if target, ok := foreignKeys[f.name]; ok {
				res.Schema.ForeignKeys = append(res.Schema.ForeignKeys,
					dpForeignKey{Fields: f.name, Reference: dpReference{Resource: target, Fields: "id"}})
			}
		}
		p.Resources = append(p.Resources, res)
	}
	return p
}

func writeDatapackage(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(datapackage())
}

// tables are the rows of each file, in the order of its fields.
type tables map[*resource][][]string

func (t tables) add(r *resource, vals ...string) {
	if len(vals) != len(r.fields) {
		panic("hsds: " + r.path + ": " + strconv.Itoa(len(vals)) + " values for " + strconv.Itoa(len(r.fields)) + " fields")
	}
	t[r] = append(t[r], vals)
}

// attr adds an attribute row: the term of code applies to the record id of
// entity (organization, service), with a value when it carries text. n
// numbers the attributes of one record and term.
func (t tables) attr(entity, id, code, linkType, value string, n int) {
	term := termID(code)
	t.add(resAttribute, newID("attribute", id, term, strconv.Itoa(n)), id, term, linkType, entity, value)
}

// fieldAttr adds the attribute of a field term when value is not empty.
func (t tables) fieldAttr(entity, id string, f fieldTerm, value string) {
	if value != "" {
		t.attr(entity, id, prefixField+f.code, linkField, value, 0)
	}
}

func build(ds *reseau.Dataset) tables {
	t := tables{}
	taxonomies(t, ds.Domains)
	c := &composer{domains: make(map[string]reseau.Domain, len(ds.Domains)),
		names: make(map[string]*reseau.Organisation, len(ds.Organisations))}
	for _, d := range ds.Domains {
		c.domains[d.Key] = d
	}
	for i := range ds.Organisations {
		c.names[ds.Organisations[i].Key] = &ds.Organisations[i]
	}
	for i := range ds.Organisations {
		organisation(t, c, &ds.Organisations[i])
	}
	return t
}

// taxonomies writes Réseau's five taxonomies and their terms: the sectors,
// the domains in French, in Dutch and in English, and the fields HSDS has no
// column for.
func taxonomies(t tables, domains []reseau.Domain) {
	t.add(resTaxonomy, taxSectors, "Réseau : secteurs", "Le secteur d'une organisation : CPAS, associatif, communal, public ou mixte.", "1")
	t.add(resTaxonomy, taxDomainsFR, "Réseau : domaines", "Les domaines d'action du réseau (libellés en français).", "1")
	t.add(resTaxonomy, taxDomainsNL, "Réseau : domeinen", "De actiedomeinen van het netwerk (Nederlandse benamingen); dezelfde codes als de taxonomie « domaines ».", "1")
	t.add(resTaxonomy, taxDomainsEN, "Réseau : domains", "The network's fields of work (English labels); the same codes as the taxonomy « domaines ».", "1")
	t.add(resTaxonomy, taxFields, "Réseau : champs", "Les champs de Réseau que HSDS n'a pas : la valeur de l'attribut les porte.", "1")
	for _, s := range reseau.AllSectors {
		l := sectorLabels[s]
		code := prefixSector + strings.ToLower(string(s))
		t.add(resTaxonomyTerm, termID(code), code, l[0], "Secteur : "+l[0]+" (nl : "+l[1]+").", "fr", taxSectors)
	}
	for _, d := range domains {
		code := prefixDomainFR + d.Key
		t.add(resTaxonomyTerm, termID(code), code, d.LabelFR, "Domaine d'action : "+d.LabelFR+".", "fr", taxDomainsFR)
	}
	for _, d := range domains {
		if d.LabelNL != "" {
			code := prefixDomainNL + d.Key
			t.add(resTaxonomyTerm, termID(code), code, d.LabelNL, "Actiedomein: "+d.LabelNL+".", "nl", taxDomainsNL)
		}
	}
	for _, d := range domains {
		if d.LabelEN != "" {
			code := prefixDomainEN + d.Key
			t.add(resTaxonomyTerm, termID(code), code, d.LabelEN, "Field of work: "+d.LabelEN+".", "en", taxDomainsEN)
		}
	}
	for _, f := range fieldTerms {
		code := prefixField + f.code
		t.add(resTaxonomyTerm, termID(code), code, f.name, f.description, "fr", taxFields)
	}
}

func organisation(t tables, c *composer, o *reseau.Organisation) {
	id := orgID(o.Key)
	desc, composed := o.DescriptionFR, false
	if desc == "" {
		desc, composed = c.describe(o), true
	}
	var email string
	if len(o.Emails) > 0 {
		email = o.Emails[0]
	}
	parent := ""
	if o.ParentKey != "" {
		parent = orgID(o.ParentKey)
	}
	t.add(resOrganization, id, o.Name, o.ShortName, desc, email, o.Website, parent)

	const org = "organization"
	if id != o.Key {
		t.fieldAttr(org, id, fKey, o.Key)
	}
	if o.Sector != "" {
		t.attr(org, id, prefixSector+strings.ToLower(string(o.Sector)), linkSector, "", 0)
	}
	for _, d := range o.Domains {
		t.attr(org, id, prefixDomainFR+d, linkDomain, "", 0)
	}
	t.fieldAttr(org, id, fCommune, o.Commune)
	for i, a := range o.Aliases {
		t.attr(org, id, prefixField+fAlias.code, linkField, a, i)
	}
	t.fieldAttr(org, id, fNameFR, o.NameFR)
	t.fieldAttr(org, id, fNameNL, o.NameNL)
	t.fieldAttr(org, id, fDescNL, o.DescriptionNL)
	t.fieldAttr(org, id, fEligNL, o.EligibilityNL)
	t.fieldAttr(org, id, fAccessNL, o.AccessNL)
	t.fieldAttr(org, id, fCostNL, o.CostNL)
	t.fieldAttr(org, id, fHoursNoteNL, o.HoursNoteNL)
	if composed {
		t.fieldAttr(org, id, fComposed, "description")
	}

	for i, e := range o.Emails[min(1, len(o.Emails)):] {
		t.add(resContact, newID("contact", o.Key, strconv.Itoa(i)), id, e)
	}
	for i, p := range o.Phones {
		t.add(resPhone, newID("phone", o.Key, strconv.Itoa(i)), id, p.Number, p.Kind, p.Description)
	}
	for i, x := range o.Identifiers {
		scheme := ""
		if x.Scheme == reseau.IdentifierBCE {
			scheme = bceScheme
		}
		t.add(resIdentifier, newID("identifier", o.Key, strconv.Itoa(i)), id, scheme, x.Scheme, x.Value)
	}

	// The main service: how the organisation receives people.
	main := mainServiceID(o.Key)
	t.add(resService, main, id, o.Name, "", "active", o.AccessFR, o.CostFR, o.EligibilityFR)
	for _, l := range o.Languages {
		t.add(resLanguage, newID("language", o.Key, l), main, cmp.Or(languageNames[l], l), l)
	}
	for i, s := range o.Schedules {
		t.add(resSchedule, newID("schedule", o.Key, strconv.Itoa(i)), main, s.ValidFrom, s.ValidTo, "WEEKLY",
			strings.Join(s.Days, ","), s.Opens+":00", s.Closes+":00", "")
	}
	if o.HoursNoteFR != "" {
		t.add(resSchedule, newID("schedule-note", o.Key), main, "", "", "", "", "", "", o.HoursNoteFR)
	}
	for i, a := range o.Addresses {
		n := strconv.Itoa(i)
		loc := newID("location", o.Key, n)
		kind := cmp.Or(a.Kind, "physical")
		lat, lon := "", ""
		if a.Latitude != nil && a.Longitude != nil {
			lat, lon = strconv.FormatFloat(*a.Latitude, 'f', -1, 64), strconv.FormatFloat(*a.Longitude, 'f', -1, 64)
		}
		t.add(resLocation, loc, kind, id, o.Name, lat, lon)
		t.add(resAddress, newID("address", o.Key, n), loc, addressLine(a), a.Commune, province(a.Postcode),
			a.Postcode, "BE", kind)
		t.add(resServiceAtLocation, newID("service_at_location", o.Key, n), main, loc)
	}

	for i := range o.Services {
		service(t, o, &o.Services[i])
	}
}

// service writes one of the services an organisation lists.
func service(t tables, o *reseau.Organisation, s *reseau.Service) {
	id := serviceID(o.Key, s.Key)
	name := cmp.Or(s.NameFR, s.NameNL, s.Key)
	t.add(resService, id, orgID(o.Key), name, s.DescriptionFR, "active", "", "", s.EligibilityFR)
	const svc = "service"
	if id != s.Key {
		t.fieldAttr(svc, id, fKey, s.Key)
	}
	for _, d := range s.Domains {
		t.attr(svc, id, prefixDomainFR+d, linkDomain, "", 0)
	}
	t.fieldAttr(svc, id, fNameNL, s.NameNL)
	t.fieldAttr(svc, id, fDescNL, s.DescriptionNL)
	t.fieldAttr(svc, id, fEligNL, s.EligibilityNL)
	if s.NameFR == "" {
		t.fieldAttr(svc, id, fComposed, "name")
	}
}
