package reseau_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// mergeDirectory returns a Directory with every field filled, each text
// prefixed, so that a test can tell whose value a fold kept.
func mergeDirectory(p string) reseau.Directory {
	digit := map[string]string{"a": "1", "b": "2"}[p]
	return reseau.Directory{
		NameFR: p + " nom", NameNL: p + " naam", DescriptionFR: p + " description", DescriptionNL: p + " beschrijving",
		Website: "https://" + p + ".example", Emails: []string{p + "@example.org"},
		Phones:      []reseau.Phone{{Number: "+32 2 000 00 0" + digit, Kind: "voice", Description: p + " accueil"}},
		Addresses:   []reseau.Address{{Kind: "physical", Street: p + " rue", Number: "1", Postcode: "1030", Commune: "Schaerbeek", Latitude: ptr(50.86), Longitude: ptr(4.37)}},
		Schedules:   []reseau.Schedule{{Days: []string{"MO", "TU"}, Opens: "09:00", Closes: "12:00", ValidFrom: "2024-01-01", ValidTo: "2024-12-31"}},
		HoursNoteFR: p + " fermé en août", HoursNoteNL: p + " gesloten in augustus",
		EligibilityFR: p + " tous", EligibilityNL: p + " iedereen", AccessFR: p + " sans rendez-vous", AccessNL: p + " zonder afspraak",
		CostFR: p + " gratuit", CostNL: p + " gratis",
		Identifiers: []reseau.Identifier{{Scheme: reseau.IdentifierBCE, Value: "0" + digit + "00.000.000"}},
		Services:    []reseau.Service{{Key: "accueil", NameFR: p + " Accueil", NameNL: p + " Onthaal", DescriptionFR: "d", DescriptionNL: "b", Domains: []string{p + "-d"}, EligibilityFR: "e", EligibilityNL: "v"}},
	}
}

// TestMergeOrganisationRecordsKeepsInto merges two records with every field
// filled: into keeps every scalar of its own, gains every list item of
// from's, and from's names as aliases; neither record is changed.
func TestMergeOrganisationRecordsKeepsInto(t *testing.T) {
	into := reseau.Organisation{Key: "a", Name: "Alpha", ShortName: "A", Sector: reseau.SectorAssociatif, ParentKey: "p",
		Domains: []string{"x"}, Commune: "Schaerbeek", Languages: []string{"fr"}, Aliases: []string{"Alpha asbl"}, Directory: mergeDirectory("a")}
	from := reseau.Organisation{Key: "b", Name: "Beta", ShortName: "B", Sector: reseau.SectorCPAS, ParentKey: "q",
		Domains: []string{"y", "x"}, Commune: "Evere", Languages: []string{"nl", "fr"}, Aliases: []string{"Beta vzw", "alpha ASBL"}, Directory: mergeDirectory("b")}
	intoJSON, _ := json.Marshal(into)
	fromJSON, _ := json.Marshal(from)

	got := reseau.MergeOrganisationRecords(into, from)

	if got.Key != "a" || got.Name != "Alpha" || got.ShortName != "A" || got.Sector != reseau.SectorAssociatif ||
		got.ParentKey != "p" || got.Commune != "Schaerbeek" {
		t.Errorf("scalars %+v, want into's", got)
	}
	d, a := got.Directory, into.Directory
	for name, pair := range map[string][2]string{
		"nameFr": {d.NameFR, a.NameFR}, "nameNl": {d.NameNL, a.NameNL}, "descriptionFr": {d.DescriptionFR, a.DescriptionFR},
		"descriptionNl": {d.DescriptionNL, a.DescriptionNL}, "website": {d.Website, a.Website},
		"hoursNoteFr": {d.HoursNoteFR, a.HoursNoteFR}, "hoursNoteNl": {d.HoursNoteNL, a.HoursNoteNL},
		"eligibilityFr": {d.EligibilityFR, a.EligibilityFR}, "eligibilityNl": {d.EligibilityNL, a.EligibilityNL},
		"accessFr": {d.AccessFR, a.AccessFR}, "accessNl": {d.AccessNL, a.AccessNL}, "costFr": {d.CostFR, a.CostFR}, "costNl": {d.CostNL, a.CostNL},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s = %q, want into's %q", name, pair[0], pair[1])
		}
	}
	eq := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %+v, want %+v", name, got, want)
		}
	}
	eq("domains", got.Domains, []string{"x", "y"})
	eq("languages", got.Languages, []string{"fr", "nl"})
	// "alpha ASBL" folds like into's "Alpha asbl": held already.
	eq("aliases", got.Aliases, []string{"Alpha asbl", "Beta", "B", "b nom", "b naam", "Beta vzw"})
	eq("emails", d.Emails, []string{"a@example.org", "b@example.org"})
	eq("phones", d.Phones, append(into.Phones, from.Phones...))
	eq("addresses", d.Addresses, append(into.Addresses, from.Addresses...))
	eq("schedules", d.Schedules, append(into.Schedules, from.Schedules...)[:1]) // the same opening, once
	eq("identifiers", d.Identifiers, append(into.Identifiers, from.Identifiers...))
	// Two services under one key with other names: from's is kept, renamed.
	renamed := from.Services[0]
	renamed.Key = "accueil-2"
	eq("services", d.Services, []reseau.Service{into.Services[0], renamed})

	if b, _ := json.Marshal(into); string(b) != string(intoJSON) {
		t.Errorf("into changed: %s", b)
	}
	if b, _ := json.Marshal(from); string(b) != string(fromJSON) {
		t.Errorf("from changed: %s", b)
	}
	got.Directory.Phones[0].Number = "changed"
	*got.Directory.Addresses[0].Latitude = 0
	got.Directory.Schedules[0].Days[0] = "SU"
	got.Directory.Services[0].Domains[0] = "changed"
	got.Aliases[0] = "changed"
	if b, _ := json.Marshal(into); string(b) != string(intoJSON) {
		t.Errorf("the merged record shares memory with into: %s", b)
	}
}

// TestMergeOrganisationRecordsFillsEmpty merges into an empty record: every
// scalar, Directory included, comes from from, and from's lists whole.
func TestMergeOrganisationRecordsFillsEmpty(t *testing.T) {
	from := reseau.Organisation{Key: "b", Name: "Beta", ShortName: "B", Sector: reseau.SectorCPAS, ParentKey: "q",
		Domains: []string{"y"}, Commune: "Evere", Languages: []string{"nl"}, Directory: mergeDirectory("b")}
	got := reseau.MergeOrganisationRecords(reseau.Organisation{Key: "a", Name: "Alpha"}, from)
	want := from
	want.Key, want.Name = "a", "Alpha"
	// from's name, and its Dutch name (its French one would be too, but
	// into holds it now as its own nameFr, which fold compares).
	want.Aliases = []string{"Beta"}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("merged\n%s\nwant\n%s", g, w)
	}
}

// TestMergeOrganisationRecordsFoldsSameItems: the same phone, address,
// identifier and service written otherwise are one item, into's, with its
// empty fields filled.
func TestMergeOrganisationRecordsFoldsSameItems(t *testing.T) {
	into := reseau.Organisation{Key: "a", Name: "A", Directory: reseau.Directory{
		Emails:      []string{"Info@A.be"},
		Phones:      []reseau.Phone{{Number: "02/123.45.67"}},
		Addresses:   []reseau.Address{{Street: "Rue Royale", Number: "1", Postcode: "1030"}},
		Identifiers: []reseau.Identifier{{Scheme: "BCE", Value: "0123.456.749"}},
		Services:    []reseau.Service{{Key: "s", NameFR: "Accueil", Domains: []string{"x"}}},
	}}
	from := reseau.Organisation{Key: "b", Name: "A", Directory: reseau.Directory{
		Emails:      []string{"info@a.be "},
		Phones:      []reseau.Phone{{Number: "+32 2 123 45 67", Kind: "voice", Description: "accueil"}},
		Addresses:   []reseau.Address{{Kind: "physical", Street: "rue royale", Number: "1", Postcode: "1030", Commune: "Schaerbeek", Latitude: ptr(1.0), Longitude: ptr(2.0)}},
		Identifiers: []reseau.Identifier{{Scheme: "bce", Value: "0123456749"}},
		Services:    []reseau.Service{{Key: "s", NameFR: "accueil", NameNL: "Onthaal", Domains: []string{"y"}}},
	}}
	d := reseau.MergeOrganisationRecords(into, from).Directory
	want := reseau.Directory{
		Emails:      []string{"Info@A.be"},
		Phones:      []reseau.Phone{{Number: "02/123.45.67", Kind: "voice", Description: "accueil"}},
		Addresses:   []reseau.Address{{Street: "Rue Royale", Number: "1", Postcode: "1030", Commune: "Schaerbeek", Latitude: ptr(1.0), Longitude: ptr(2.0)}},
		Identifiers: []reseau.Identifier{{Scheme: "BCE", Value: "0123.456.749"}},
		Services:    []reseau.Service{{Key: "s", NameFR: "Accueil", NameNL: "Onthaal", Domains: []string{"x", "y"}}},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("merged %+v\nwant %+v", d, want)
	}
}

// TestMergeOrganisationRecordsParent: the merged organisation is never part
// of itself, whichever of the two was part of the other.
func TestMergeOrganisationRecordsParent(t *testing.T) {
	for _, tt := range []struct {
		name                   string
		intoParent, fromParent string
		want                   string
	}{
		{"into's kept", "p", "q", "p"},
		{"from's fills an empty one", "", "q", "q"},
		{"into part of from: from's parent", "b", "q", "q"},
		{"into part of from at the top", "b", "", ""},
		{"from part of into", "", "a", ""},
		{"from part of into, into's kept", "p", "a", "p"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := reseau.MergeOrganisationRecords(reseau.Organisation{Key: "a", Name: "A", ParentKey: tt.intoParent},
				reseau.Organisation{Key: "b", Name: "B", ParentKey: tt.fromParent})
			if got.ParentKey != tt.want {
				t.Errorf("parent %q, want %q", got.ParentKey, tt.want)
			}
		})
	}
}

func TestMergePersonRecords(t *testing.T) {
	into := reseau.Person{Key: "a", Name: "Ana Diaz", Email: "ana@x.be", Visibility: reseau.VisibilityNetwork}
	from := reseau.Person{Key: "b", Name: "A. Diaz", Email: "adiaz@y.be", Phone: "02 000 00 00", Visibility: reseau.VisibilityPrivate}
	want := reseau.Person{Key: "a", Name: "Ana Diaz", Email: "ana@x.be", Phone: "02 000 00 00", Visibility: reseau.VisibilityPrivate}
	if got := reseau.MergePersonRecords(into, from); got != want {
		t.Errorf("merged %+v, want %+v (into kept, phone filled, PRIVATE since from was)", got, want)
	}
	from.Visibility = reseau.VisibilityNetwork
	into.Visibility = reseau.VisibilityPrivate
	if got := reseau.MergePersonRecords(into, from); got.Visibility != reseau.VisibilityPrivate {
		t.Errorf("visibility %s, want PRIVATE (into was)", got.Visibility)
	}
}

func TestMergedRole(t *testing.T) {
	for _, tt := range []struct{ into, from, want string }{
		{"participant", "organisateur", "organisateur"},
		{"organisateur", "participant", "organisateur"},
		{"intervenant", "participant", "intervenant"},
		{"participant", "intervenant", "intervenant"},
		{"intervenant", "rapporteur", "intervenant"}, // as specific: into's
		{"hote", "Organisateur", "hote"},
		{reseau.RoleInviteAbsent, "participant", "participant"},
		{"participant", reseau.RoleInviteAbsent, "participant"},
		{"", reseau.RoleInviteAbsent, ""},
		{reseau.RoleInviteAbsent, "", ""},
		{"", "membre", "membre"},
		{"membre", reseau.RoleNetwork, reseau.RoleNetwork},
	} {
		if got := reseau.MergedRole(tt.into, tt.from); got != tt.want {
			t.Errorf("MergedRole(%q, %q) = %q, want %q", tt.into, tt.from, got, tt.want)
		}
	}
}

// TestRedirected rewrites a dataset's references through merged keys: rows
// that become one fold, a PART_OF or KNOWS onto oneself is dropped, a node
// row with a merged key is left for the store to refuse.
func TestRedirected(t *testing.T) {
	ds := &reseau.Dataset{
		Organisations:  []reseau.Organisation{{Key: "svc", Name: "S", ParentKey: "old"}, {Key: "new", Name: "N", ParentKey: "old"}, {Key: "old", Name: "O"}},
		Collaborations: []reseau.Collaboration{{Key: "c", Kind: "k", Title: "C", LocationKey: "old"}},
		Memberships: []reseau.Membership{{PersonKey: "ann", OrganisationKey: "new", Role: "AS"},
			{PersonKey: "ann", OrganisationKey: "old", Since: "2020"}},
		Participations: []reseau.Participation{{CollaborationKey: "c", OrganisationKey: "old", Role: "organisateur"},
			{CollaborationKey: "c", OrganisationKey: "new", Role: "participant"}},
		Knows:     []reseau.Knows{{PersonKey: "ann", OtherKey: "ann-2"}, {PersonKey: "bob", OtherKey: "ann-2", Source: "gt"}},
		Redirects: []reseau.Redirect{{Type: reseau.TypePerson, Key: "ann-2", Into: "ann"}},
	}
	before, _ := json.Marshal(ds)
	got := ds.Redirected(map[string]string{"old": "new"}, nil)
	if b, _ := json.Marshal(ds); string(b) != string(before) {
		t.Errorf("Redirected changed its dataset")
	}
	want := &reseau.Dataset{
		Organisations:  []reseau.Organisation{{Key: "svc", Name: "S", ParentKey: "new"}, {Key: "new", Name: "N"}, {Key: "old", Name: "O", ParentKey: ""}},
		Collaborations: []reseau.Collaboration{{Key: "c", Kind: "k", Title: "C", LocationKey: "new"}},
		Memberships:    []reseau.Membership{{PersonKey: "ann", OrganisationKey: "new", Role: "AS", Since: "2020"}},
		Participations: []reseau.Participation{{CollaborationKey: "c", OrganisationKey: "new", Role: "organisateur"}},
		Knows:          []reseau.Knows{{PersonKey: "bob", OtherKey: "ann", Source: "gt"}},
		Redirects:      []reseau.Redirect{{Type: reseau.TypePerson, Key: "ann-2", Into: "ann"}},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("redirected:\n%s", g)
	}
	err := got.CheckMergedKeys(func(typ, key string) (string, bool) { return "new", typ == reseau.TypeOrganisation && key == "old" })
	if e, ok := err.(*reseau.Error); !ok || e.Code != reseau.ECONFLICT || e.Section != "organisations" || e.Row != 2 {
		t.Errorf("merged key imported: %v, want CONFLICT at organisations[2]", err)
	}
}

// TestDatasetRedirectRules: a redirect must be of a merged type, lead
// elsewhere, exist once, name no node of the dataset or the store, and lead
// to a node.
func TestDatasetRedirectRules(t *testing.T) {
	orgs := []reseau.Organisation{{Key: "a", Name: "A"}}
	for _, tt := range []struct {
		name   string
		rs     []reseau.Redirect
		stored map[string]bool
		field  string
	}{
		{"fine", []reseau.Redirect{{Type: reseau.TypeOrganisation, Key: "b", Into: "a"}}, nil, ""},
		{"into stored", []reseau.Redirect{{Type: reseau.TypeOrganisation, Key: "b", Into: "s"}}, map[string]bool{"s": true}, ""},
		{"a collaboration", []reseau.Redirect{{Type: reseau.TypeCollaboration, Key: "b", Into: "a"}}, nil, "type"},
		{"to itself", []reseau.Redirect{{Type: reseau.TypeOrganisation, Key: "a", Into: "a"}}, nil, "into"},
		{"twice", []reseau.Redirect{{Type: reseau.TypeOrganisation, Key: "b", Into: "a"}, {Type: reseau.TypeOrganisation, Key: "b", Into: "a"}}, nil, "key"},
		{"a node of the dataset", []reseau.Redirect{{Type: reseau.TypeOrganisation, Key: "a", Into: "b"}}, nil, "key"},
		{"a stored node", []reseau.Redirect{{Type: reseau.TypeOrganisation, Key: "s", Into: "a"}}, map[string]bool{"s": true}, "key"},
		{"to nothing", []reseau.Redirect{{Type: reseau.TypeOrganisation, Key: "b", Into: "c"}}, nil, "into"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ds := &reseau.Dataset{Organisations: orgs, Redirects: tt.rs}
			err := ds.Validate(func(typ, key string) bool { return typ == reseau.TypeOrganisation && tt.stored[key] })
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if e, ok := err.(*reseau.Error); !ok || e.Code != reseau.EINVALID || e.Field != tt.field || e.Section != "redirects" {
				t.Fatalf("err = %v, want INVALID on redirects[].%s", err, tt.field)
			}
		})
	}
}
