// Package hsds writes and reads Réseau's directory as HSDS 3.0 tabular data,
// the Human Services Data Specification of Open Referral: one CSV file per
// HSDS object (organizations.csv, services.csv, locations.csv...) and a
// datapackage.json describing them (a Frictionless tabular data package).
//
// HSDS carries the directory half of a dataset: its domains and its
// organisations with their directory records. People, collaborations and
// partnerships have no place in HSDS and stay in the snapshot and the CSV
// layout of package csvio. docs/imports.md says how each field maps; in
// short:
//
//   - every organisation is an HSDS organization; a service inside an
//     institution (PART_OF) is one too, with parent_organization_id;
//   - every organisation has one "main" service that carries what HSDS
//     keeps on services only: eligibility, access, cost, languages spoken,
//     opening hours and the locations it receives people at; the services an
//     organisation lists (Directory.Services) are services beside it;
//   - French goes in HSDS's own fields; Dutch, the Réseau key, the sector,
//     the domains, the commune and the aliases are attributes: taxonomy
//     terms of Réseau's four taxonomies, with a value where they carry text.
//
// Ids are UUIDv5 of the records' keys under a fixed namespace, so that every
// export of the same data gives the same ids; an organisation whose key is a
// UUID (it came from HSDS) keeps it as its id.
package hsds

import (
	"strings"

	"github.com/google/uuid"
)

// Version is the HSDS version written and read.
const Version = "3.0.0"

// namespace is the UUIDv5 namespace of every id this package writes. It
// never changes: ids would change with it.
var namespace = uuid.MustParse("5b0c7f0e-3a51-5d7e-9c3c-6b0a1e9a4d21")

// newID returns the UUIDv5 of a record of kind named by parts.
func newID(kind string, parts ...string) string {
	return uuid.NewSHA1(namespace, []byte(kind+"\x00"+strings.Join(parts, "\x00"))).String()
}

// isUUID reports whether s is a UUID in the canonical lower-case form.
func isUUID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && len(s) == 36 && u.String() == s
}

// orgID is the HSDS id of the organisation of key.
func orgID(key string) string {
	if isUUID(key) {
		return key
	}
	return newID("organization", key)
}

// mainServiceID is the id of the main service of the organisation of key:
// the import knows an organisation's main service by it.
func mainServiceID(orgKey string) string { return newID("main-service", orgKey) }

// serviceID is the HSDS id of service key of the organisation orgKey.
func serviceID(orgKey, key string) string {
	if isUUID(key) {
		return key
	}
	return newID("service", orgKey, key)
}

// field is one column of a file Réseau writes, as its datapackage.json
// declares it (Table Schema: type, format, constraints).
type field struct {
	name     string
	typ      string // string, number, date, time
	format   string // uuid, email, uri
	required bool
	unique   bool
	enum     []string
}

// resource is one HSDS file: the object it holds, its path, every column
// HSDS 3.0 defines for it (what a file read may hold) and the fields
// Réseau writes, in order.
type resource struct {
	name    string
	path    string
	columns []string
	fields  []field
}

func idField() field {
	return field{name: "id", typ: "string", format: "uuid", required: true, unique: true}
}
func ref(name string) field { return field{name: name, typ: "string", format: "uuid"} }
func reqRef(name string) field {
	return field{name: name, typ: "string", format: "uuid", required: true}
}
func text(name string) field    { return field{name: name, typ: "string"} }
func reqText(name string) field { return field{name: name, typ: "string", required: true} }

var locationTypes = []string{"physical", "postal", "virtual"}

// The files Réseau writes, in the order of HSDS's own datapackage.
var (
	resOrganization = &resource{"organization", "organizations.csv",
		[]string{"id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id",
			"year_incorporated", "legal_status", "logo", "uri", "parent_organization_id"},
		[]field{idField(), reqText("name"), text("alternate_name"), reqText("description"),
			{name: "email", typ: "string", format: "email"}, {name: "website", typ: "string", format: "uri"},
			ref("parent_organization_id")}}
	resService = &resource{"service", "services.csv",
		[]string{"id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
			"status", "interpretation_services", "application_process", "fees_description", "wait_time", "fees",
			"accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
			"assurer_email", "licenses", "alert", "last_modified"},
		[]field{idField(), reqRef("organization_id"), reqText("name"), text("description"),
			{name: "status", typ: "string", required: true, enum: []string{"active", "inactive", "defunct", "temporarily closed"}},
			text("application_process"), text("fees_description"), text("eligibility_description")}}
	resAttribute = &resource{"attribute", "attributes.csv",
		[]string{"id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"},
		[]field{idField(), reqRef("link_id"), reqRef("taxonomy_term_id"), text("link_type"), reqText("link_entity"), text("value")}}
	resServiceAtLocation = &resource{"service_at_location", "service_at_location.csv",
		[]string{"id", "service_id", "location_id", "description"},
		[]field{idField(), reqRef("service_id"), reqRef("location_id")}}
	resLocation = &resource{"location", "locations.csv",
		[]string{"id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
			"transportation", "latitude", "longitude", "external_identifier", "external_identifier_type"},
		[]field{idField(), {name: "location_type", typ: "string", required: true, enum: locationTypes},
			ref("organization_id"), text("name"), {name: "latitude", typ: "number"}, {name: "longitude", typ: "number"}}}
	resPhone = &resource{"phone", "phones.csv",
		[]string{"id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
			"number", "extension", "type", "description"},
		[]field{idField(), ref("organization_id"), reqText("number"), text("type"), text("description")}}
	resContact = &resource{"contact", "contacts.csv",
		[]string{"id", "organization_id", "service_id", "service_at_location_id", "location_id", "name", "title",
			"department", "email"},
		[]field{idField(), ref("organization_id"), {name: "email", typ: "string", format: "email"}}}
	resAddress = &resource{"address", "addresses.csv",
		[]string{"id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province",
			"postal_code", "country", "address_type"},
		[]field{idField(), ref("location_id"), reqText("address_1"), reqText("city"), reqText("state_province"),
			reqText("postal_code"), reqText("country"),
			{name: "address_type", typ: "string", required: true, enum: locationTypes}}}
	resSchedule = &resource{"schedule", "schedules.csv",
		[]string{"id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart",
			"timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday",
			"byyearday", "description", "opens_at", "closes_at", "schedule_link", "attending_type", "notes"},
		[]field{idField(), ref("service_id"), {name: "valid_from", typ: "date"}, {name: "valid_to", typ: "date"},
			{name: "freq", typ: "string", enum: []string{"WEEKLY", "MONTHLY"}}, text("byday"),
			{name: "opens_at", typ: "time"}, {name: "closes_at", typ: "time"}, text("description")}}
	resLanguage = &resource{"language", "languages.csv",
		[]string{"id", "service_id", "location_id", "phone_id", "name", "code", "note"},
		[]field{idField(), ref("service_id"), text("name"), text("code")}}
	resTaxonomyTerm = &resource{"taxonomy_term", "taxonomy_terms.csv",
		[]string{"id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri"},
		[]field{idField(), {name: "code", typ: "string", unique: true}, reqText("name"), reqText("description"),
			text("language"), ref("taxonomy_id")}}
	resIdentifier = &resource{"organization_identifier", "organization_identifiers.csv",
		[]string{"id", "organization_id", "identifier_scheme", "identifier_type", "identifier"},
		[]field{idField(), reqRef("organization_id"), text("identifier_scheme"), reqText("identifier_type"), reqText("identifier")}}
	resTaxonomy = &resource{"taxonomy", "taxonomies.csv",
		[]string{"id", "name", "description", "uri", "version"},
		[]field{idField(), reqText("name"), reqText("description"), text("version")}}
)

// resources are the files Réseau writes, in HSDS's order.
var resources = []*resource{resOrganization, resService, resAttribute, resServiceAtLocation, resLocation,
	resPhone, resContact, resAddress, resSchedule, resLanguage, resTaxonomyTerm, resIdentifier, resTaxonomy}

// otherPaths are HSDS 3.0 files that Réseau neither writes nor reads: a
// package may hold them, and an import leaves them aside.
var otherPaths = []string{"programs.csv", "funding.csv", "service_areas.csv", "required_documents.csv",
	"accessibility.csv", "metadata.csv", "meta_table_descriptions.csv", "cost_options.csv"}

// resourceAt returns the resource of a file name, nil for another.
func resourceAt(path string) *resource {
	for _, r := range resources {
		if r.path == path {
			return r
		}
	}
	return nil
}

// Réseau's taxonomies. Their ids are fixed: an import knows Réseau's terms
// by them.
var (
	taxSectors   = newID("taxonomy", "secteurs")
	taxDomainsFR = newID("taxonomy", "domaines")
	taxDomainsNL = newID("taxonomy", "domeinen")
	taxDomainsEN = newID("taxonomy", "domains")
	taxFields    = newID("taxonomy", "champs")
)

// Code prefixes of the terms of each taxonomy (HSDS wants codes unique in a
// package, across taxonomies).
const (
	prefixSector   = "secteur:"
	prefixDomainFR = "domaine:"
	prefixDomainNL = "domein:"
	prefixDomainEN = "domain:"
	prefixField    = "champ:"
)

// Link types of the attributes (attribute.link_type).
const (
	linkSector = "secteur"
	linkDomain = "domaine"
	linkField  = "champ"
)

// fieldTerm is a term of the fields taxonomy: an attribute of it carries a
// field of Réseau that HSDS has no column for, in its value.
type fieldTerm struct {
	code, name, description string
}

// The field terms. "compose" marks a value Réseau composed because HSDS
// requires one (attribute value: the HSDS field, "description" or "name");
// an import leaves the Réseau field empty.
var (
	fKey         = fieldTerm{"cle", "Clé Réseau", "La clé de l'enregistrement dans Réseau, quand son identifiant HSDS n'est pas cette clé."}
	fCommune     = fieldTerm{"commune", "Commune", "La commune de l'organisation."}
	fAlias       = fieldTerm{"alias", "Autre nom", "Un autre nom sous lequel l'organisation est connue."}
	fNameFR      = fieldTerm{"nom_fr", "Nom en français", "Le nom en français, quand il est enregistré à part du nom principal."}
	fNameNL      = fieldTerm{"nom_nl", "Nom en néerlandais", "Le nom en néerlandais (naam in het Nederlands)."}
	fDescNL      = fieldTerm{"description_nl", "Description en néerlandais", "La description en néerlandais (beschrijving in het Nederlands)."}
	fEligNL      = fieldTerm{"public_nl", "Public en néerlandais", "Qui est servi, en néerlandais (doelgroep)."}
	fAccessNL    = fieldTerm{"acces_nl", "Accès en néerlandais", "Comment y accéder, en néerlandais (toegang)."}
	fCostNL      = fieldTerm{"cout_nl", "Coût en néerlandais", "Ce que cela coûte, en néerlandais (kostprijs)."}
	fHoursNoteNL = fieldTerm{"horaires_nl", "Horaires en néerlandais", "Ce que les horaires ne disent pas, en néerlandais (openingsuren)."}
	fComposed    = fieldTerm{"compose", "Texte composé", "Le champ HSDS nommé par la valeur a été composé par Réseau, faute d'être enregistré."}
)

var fieldTerms = []fieldTerm{fKey, fCommune, fAlias, fNameFR, fNameNL, fDescNL, fEligNL, fAccessNL, fCostNL, fHoursNoteNL, fComposed}

// termID is the id of a term of Réseau's taxonomies, by code.
func termID(code string) string { return newID("taxonomy_term", code) }

// bceScheme is the org-id.guide code of the Belgian enterprise number
// (identifier_scheme), for reseau.IdentifierBCE.
const bceScheme = "BE-BCE_KBO"

// languageNames names the languages Réseau records, in French.
var languageNames = map[string]string{"fr": "français", "nl": "néerlandais", "en": "anglais", "de": "allemand"}
