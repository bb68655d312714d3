package httpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

const directoryFields = `key nameFr nameNl descriptionFr descriptionNl website emails
	phones { number kind description }
	addresses { kind street number postcode commune latitude longitude }
	schedules { days opens closes validFrom validTo }
	hoursNoteFr hoursNoteNl eligibilityFr eligibilityNl accessFr accessNl costFr costNl languages commune
	identifiers { scheme value }
	services { key nameFr nameNl descriptionFr descriptionNl domains { key } eligibilityFr eligibilityNl }`

// record is an organisation's directory record as the API answers it.
type record struct {
	Key, NameFr, NameNl, DescriptionFr, DescriptionNl, Website string
	Emails                                                     []string
	Phones                                                     []struct{ Number, Kind, Description string }
	Addresses                                                  []struct {
		Kind, Street, Number, Postcode, Commune string
		Latitude, Longitude                     *float64
	}
	Schedules []struct {
		Days               []string
		Opens, Closes      string
		ValidFrom, ValidTo *string
	}
	HoursNoteFr, HoursNoteNl, EligibilityFr, EligibilityNl, AccessFr, AccessNl, CostFr, CostNl string
	Languages                                                                                  []string
	Commune                                                                                    string
	Identifiers                                                                                []struct{ Scheme, Value string }
	Services                                                                                   []struct {
		Key, NameFr, NameNl, DescriptionFr, DescriptionNl string
		Domains                                           []struct{ Key string }
		EligibilityFr, EligibilityNl                      string
	}
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestDirectoryOverHTTP writes and reads directory records through the API
// as `reseau serve` runs it (SQLite file, authorisation, HS256 tokens):
// a coordinator creates a full record, anyone (no token) reads it, an
// update replaces the lists it gives and leaves the others, a bad record is
// INVALID naming its field and changes nothing, an editor writes only its
// own organisation's record, and the list filters answer.
func TestDirectoryOverHTTP(t *testing.T) {
	ts, store := importServer(t, limits.Defaults(false))
	ctx := context.Background()
	if _, err := reseau.Checked(store).Import(ctx, storetest.DirectoryFixture()); err != nil {
		t.Fatal(err)
	}
	coordinator := tokenFor(t, reseau.RoleCoordinator)

	create := `mutation($in: CreateOrganisationInput!) { createOrganisation(input: $in) { ` + directoryFields + ` } }`
	in := map[string]any{
		"key": "maison-medicale", "name": "Maison médicale", "commune": "Schaerbeek", "languages": []string{"fr", "nl"},
		"nameFr": "Maison médicale du Nord", "nameNl": "Medisch huis Noord", "descriptionFr": "Soins\nde première ligne",
		"descriptionNl": "Eerstelijnszorg", "website": "https://mm.example.be/", "emails": []string{"info@mm.example.be"},
		"phones": []map[string]any{{"number": "+32 2 000 00 00", "kind": "VOICE", "description": "accueil"}, {"number": "02 000 00 01"}},
		"addresses": []map[string]any{
			{"street": "Rue Josaphat", "number": "12", "postcode": "1030", "commune": "Schaerbeek", "latitude": 50.86, "longitude": 4.37},
			{"kind": "POSTAL", "street": "Boîte postale", "postcode": "1030", "commune": "Schaerbeek"},
		},
		"schedules":   []map[string]any{{"days": []string{"MO", "FR"}, "opens": "09:00", "closes": "17:00", "validFrom": "2025-01"}},
		"hoursNoteFr": "Sur rendez-vous", "hoursNoteNl": "Op afspraak", "eligibilityFr": "Habitants du quartier",
		"eligibilityNl": "Buurtbewoners", "accessFr": "Bus 66", "accessNl": "Bus 66", "costFr": "Forfait", "costNl": "Forfait",
		"identifiers": []map[string]any{{"scheme": "KBO", "value": "BE 0410 135 301"}},
		"services":    []map[string]any{{"key": "kine", "nameFr": "Kinésithérapie", "domains": []string{"sante-mentale"}, "eligibilityNl": "Patiënten"}},
	}
	var created struct{ CreateOrganisation record }
	data(t, postAs(t, ts, coordinator, create, map[string]any{"in": in}), &created)
	got := created.CreateOrganisation
	if got.Phones[0].Kind != "VOICE" || got.Phones[1].Kind != "VOICE" || got.Addresses[0].Kind != "PHYSICAL" || got.Addresses[1].Kind != "POSTAL" {
		t.Errorf("kinds: %+v %+v", got.Phones, got.Addresses)
	}
	if len(got.Identifiers) != 1 || got.Identifiers[0].Scheme != "BCE" || got.Identifiers[0].Value != "0410.135.301" {
		t.Errorf("identifiers %+v, want BCE 0410.135.301", got.Identifiers)
	}
	if got.Addresses[0].Latitude == nil || *got.Addresses[0].Latitude != 50.86 || got.Addresses[1].Latitude != nil ||
		!slices.Equal(got.Schedules[0].Days, []string{"MO", "FR"}) || got.Schedules[0].ValidFrom == nil || *got.Schedules[0].ValidFrom != "2025-01" ||
		got.Schedules[0].ValidTo != nil || got.Services[0].Domains[0].Key != "sante-mentale" || got.DescriptionFr != "Soins\nde première ligne" ||
		got.CostNl != "Forfait" || got.Website != "https://mm.example.be/" {
		t.Errorf("created %s", asJSON(got))
	}

	// Public: no token reads the same record.
	read := `query($k: String!) { organisation(key: $k) { ` + directoryFields + ` } }`
	var anon struct{ Organisation record }
	data(t, postAs(t, ts, "", read, map[string]any{"k": "maison-medicale"}), &anon)
	if asJSON(anon.Organisation) != asJSON(got) {
		t.Errorf("anonymous read\n%s\nwant\n%s", asJSON(anon.Organisation), asJSON(got))
	}

	// Update: a list given replaces it, [] or null empties it, an absent one (schedules) is kept;
	// a text given null is cleared: one rule for every field of the input.
	update := `mutation($in: UpdateOrganisationInput!) { updateOrganisation(key: "maison-medicale", input: $in) { ` + directoryFields + ` } }`
	var updated struct{ UpdateOrganisation record }
	data(t, postAs(t, ts, coordinator, update, map[string]any{"in": map[string]any{
		"phones": []map[string]any{{"number": "02 000 00 09", "kind": "FAX"}}, "emails": []string{}, "identifiers": nil, "costFr": nil,
	}}), &updated)
	u := updated.UpdateOrganisation
	want := got
	want.Phones = []struct{ Number, Kind, Description string }{{"02 000 00 09", "FAX", ""}}
	want.Emails, want.CostFr = []string{}, ""
	want.Identifiers = want.Identifiers[:0]
	if len(got.Identifiers) == 0 || len(got.Schedules) == 0 {
		t.Fatal("the record created above must have identifiers and schedules for the update to prove anything")
	}
	if asJSON(u) != asJSON(want) {
		t.Errorf("after update\n%s\nwant\n%s", asJSON(u), asJSON(want))
	}

	// A bad record: INVALID on its field, nothing changed.
	before := snapshotOf(t, store)
	for _, c := range []struct {
		name  string
		in    map[string]any
		field string
	}{
		{"postcode", map[string]any{"addresses": []map[string]any{{"street": "Rue", "postcode": "103", "commune": "Schaerbeek"}}}, "addresses[0].postcode"},
		{"BCE control digits", map[string]any{"identifiers": []map[string]any{{"scheme": "BCE", "value": "0410.135.302"}}}, "identifiers[0].value"},
		{"schedule", map[string]any{"schedules": []map[string]any{{"days": []string{"MO"}, "opens": "17:00", "closes": "09:00"}}}, "schedules[0].closes"},
		{"website", map[string]any{"website": "mm.example.be"}, "website"},
		{"service domain", map[string]any{"services": []map[string]any{{"key": "x", "nameFr": "X", "domains": []string{"nulle-part"}}}}, "services[0].domains"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := postAs(t, ts, coordinator, update, map[string]any{"in": c.in})
			if a.code() != reseau.EINVALID || a.Errors[0].Extensions["field"] != c.field {
				t.Fatalf("errors %+v, want INVALID on %s", a.Errors, c.field)
			}
		})
	}
	if !bytes.Equal(snapshotOf(t, store), before) {
		t.Error("a refused update changed the store")
	}

	// An editor writes its own organisation's record, not another's.
	editor := tokenFor(t, reseau.RoleEditor, "ssm")
	phones := map[string]any{"in": map[string]any{"phones": []map[string]any{{"number": "02 111 11 11"}}}}
	if a := postAs(t, ts, editor, update, phones); a.code() != reseau.EFORBIDDEN {
		t.Errorf("editor of ssm updating maison-medicale: %+v, want FORBIDDEN", a.Errors)
	}
	own := `mutation($in: UpdateOrganisationInput!) { updateOrganisation(key: "ssm", input: $in) { phones { number } } }`
	if a := postAs(t, ts, editor, own, phones); len(a.Errors) > 0 {
		t.Errorf("editor of ssm updating ssm: %+v", a.Errors)
	}

	// Filters, anonymous.
	for _, c := range []struct {
		filter string
		want   []string
	}{
		{`{postcode: "1030"}`, []string{"cpas", "maison-medicale"}},
		{`{commune: "saint-josse-ten-noode"}`, []string{"cpas", "ssm"}},
		{`{languageSpoken: "nl"}`, []string{"cpas", "maison-medicale"}},
		{`{openOn: FR}`, []string{"maison-medicale"}},
		{`{openOn: TU, openAt: "15:00"}`, []string{"ssm"}},
		{`{openOn: TU, openAt: "08:00"}`, nil},
		{`{postcode: "1210", languageSpoken: "en", openOn: SA}`, []string{"ssm"}},
	} {
		t.Run(c.filter, func(t *testing.T) {
			var page struct {
				Organisations struct {
					TotalCount int
					Nodes      []struct{ Key string }
				}
			}
			data(t, postAs(t, ts, "", `{ organisations(filter: `+c.filter+`, orderBy: {field: KEY}) { totalCount nodes { key } } }`, nil), &page)
			var keys []string
			for _, n := range page.Organisations.Nodes {
				keys = append(keys, n.Key)
			}
			if !slices.Equal(keys, c.want) || page.Organisations.TotalCount != len(c.want) {
				t.Errorf("%v (total %d), want %v", keys, page.Organisations.TotalCount, c.want)
			}
		})
	}
	for _, c := range []struct{ filter, field string }{
		{`{openAt: "10:00"}`, "openAt"},
		{`{openOn: MO, openAt: "10h"}`, "openAt"},
		{`{postcode: "B-1030"}`, "postcode"},
		{`{languageSpoken: "arabe"}`, "languageSpoken"},
	} {
		a := postAs(t, ts, "", `{ organisations(filter: `+c.filter+`) { totalCount } }`, nil)
		if a.code() != reseau.EINVALID || a.Errors[0].Extensions["field"] != c.field {
			t.Errorf("filter %s: %+v, want INVALID on %s", c.filter, a.Errors, c.field)
		}
	}
	// The README's example query.
	var readme struct {
		Organisations struct{ TotalCount int }
	}
	data(t, postAs(t, ts, "", `{
  organisations(filter: {postcode: "1030", languageSpoken: "nl", openOn: TU, openAt: "10:00"}) {
    totalCount
    nodes {
      name nameNl website emails
      phones { number kind }
      addresses { street number postcode commune latitude longitude }
      schedules { days opens closes }
      hoursNoteFr eligibilityFr costFr
      identifiers { scheme value }
      services { nameFr domains { labelFr } }
    }
  }
}`, nil), &readme)
	if readme.Organisations.TotalCount != 1 {
		t.Errorf("the README's query finds %d organisations, want cpas", readme.Organisations.TotalCount)
	}
	if a := postAs(t, ts, "", `{ organisations(filter: {openOn: MONDAY}) { totalCount } }`, nil); len(a.Errors) == 0 {
		t.Error("openOn: MONDAY, not a Weekday, was accepted")
	}
}

// TestDirectoryNoNPlusOne reads the services of a page of organisations
// with their domains, and of organisations reached through a tie: their
// domains cost one store call per page of organisations read, however many
// organisations and services there are (without the pages, one per service).
func TestDirectoryNoNPlusOne(t *testing.T) {
	ds := &reseau.Dataset{Collaborations: []reseau.Collaboration{{Key: "gt", Kind: "gt", Title: "GT"}}}
	for i := range 12 {
		ds.Domains = append(ds.Domains, reseau.Domain{Key: fmt.Sprintf("d%02d", i), LabelFR: fmt.Sprintf("D%d", i)})
	}
	for i := range 40 {
		o := reseau.Organisation{Key: fmt.Sprintf("o%02d", i), Name: fmt.Sprintf("O%d", i)}
		for j := range 3 {
			o.Services = append(o.Services, reseau.Service{Key: fmt.Sprintf("s%d", j), NameFR: "S",
				Domains: []string{fmt.Sprintf("d%02d", (i+j)%12), fmt.Sprintf("d%02d", (i+2*j+1)%12)}})
		}
		ds.Organisations = append(ds.Organisations, o)
		ds.Participations = append(ds.Participations, reseau.Participation{CollaborationKey: "gt", OrganisationKey: o.Key})
	}
	s := sqlitetest.Open(t)
	if _, err := reseau.Checked(s).Import(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	store := &counting{Store: s, calls: map[string]int{}}
	ts := serve(t, store, reseau.System)
	for _, q := range []struct{ name, query string }{
		{"a page", `{ organisations(first: 40) { nodes { key services { key domains { labelFr } } } } }`},
		{"organisations of ties", `{ organisation(key: "o00") { collaborators(first: 40) { organisation { services { domains { labelFr } } } } } }`},
	} {
		t.Run(q.name, func(t *testing.T) {
			store.reset()
			var out map[string]any
			data(t, post(t, ts, q.query, nil), &out)
			n, byName := store.total()
			t.Logf("%d store calls: %v", n, byName)
			// One page of domains per page of organisations read (the
			// list's, or the root's and its ties'), never one per service.
			if pages := max(1, byName["OrganisationsByKeys"]); byName["DomainsByKeys"] > pages {
				t.Errorf("DomainsByKeys called %d times for %d pages of organisations", byName["DomainsByKeys"], pages)
			}
			if n > 5 {
				t.Errorf("%d store calls: %v", n, byName)
			}
		})
	}
}
