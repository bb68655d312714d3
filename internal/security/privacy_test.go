package security_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestPrivatePersonInvisible checks that carol, PRIVATE at La Gerbe, is
// absent from every answer to a viewer of the CPAS, and present for a
// viewer of La Gerbe: lookups by key and by global id, lists, filters,
// search, an organisation's staff, a collaboration's people, acquaintances.
func TestPrivatePersonInvisible(t *testing.T) {
	e := start(t, nil, nil)
	coordinator := tokenFor(t, &reseau.Caller{Subject: "coco", Roles: []string{reseau.RoleCoordinator}})
	a := e.gql(t, coordinator, `{ person(key: "carol") { id } }`, nil)
	id, _ := a.at("person.id").(string)
	if id == "" {
		t.Fatalf("no id for carol: %s", a.Raw)
	}
	queries := []struct {
		name, query, path, sub string
	}{
		{"person by key", `{ person(key: "carol") { key } }`, "person", ""},
		{"node by global id", `query($id: ID!) { node(id: $id) { ... on Person { key } } }`, "node", ""},
		{"people list", `{ people(first: 500) { nodes { key } } }`, "people.nodes", ""},
		{"people filtered by text", `{ people(filter: {text: "Carole"}) { nodes { key } } }`, "people.nodes", ""},
		{"people filtered by organisation", `{ people(filter: {organisations: ["gerbe"]}) { nodes { key } } }`, "people.nodes", ""},
		{"search", `{ search(text: "Carole Lefèvre") { node { ... on Person { key } } } }`, "search", "node"},
		{"organisation's people", `{ organisation(key: "gerbe") { people { key } } }`, "organisation.people", ""},
		{"organisation's memberships", `{ organisation(key: "gerbe") { memberships { person { key } } } }`, "organisation.memberships", "person"},
		{"collaboration's people", `{ collaboration(key: "rencontre-2015") { people { person { key } } } }`, "collaboration.people", "person"},
		{"acquaintances", `{ person(key: "alice") { acquaintances { person { key } } } }`, "person.acquaintances", "person"},
		{"bob's acquaintances", `{ person(key: "bob") { acquaintances { person { key } } } }`, "person.acquaintances", "person"},
	}
	viewers := []struct {
		name string
		orgs []string
		sees bool
	}{
		{"viewer of another organisation", []string{"cpas"}, false},
		{"viewer of no organisation", nil, false},
		{"viewer of carol's organisation", []string{"gerbe"}, true},
	}
	a = e.gql(t, coordinator, `{ alice: person(key: "alice") { id } gerbe: organisation(key: "gerbe") { id } }`, nil)
	aliceID, _ := a.at("alice.id").(string)
	gerbeID, _ := a.at("gerbe.id").(string)
	vars := map[string]any{"id": id, "alice": aliceID, "gerbe": gerbeID}
	queries = append(queries, []struct{ name, query, path, sub string }{
		{"introduction path to her organisation", `query($alice: ID!, $gerbe: ID!) { introductionPath(from: $alice, to: $gerbe) { people { key } } }`, "introductionPath.people", ""},
		{"introduction path to her", `query($alice: ID!, $id: ID!) { introductionPath(from: $alice, to: $id) { people { key } } }`, "introductionPath.people", ""},
		{"network view with people", `{ network(filter: {types: [PERSON]}) { nodes { key label } } }`, "network.nodes", ""},
		{"network file", `{ networkFile(filter: {types: [PERSON]}, format: GRAPHML) }`, "networkFile", ""},
	}...)
	for _, v := range viewers {
		tok := tokenFor(t, &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}, Orgs: v.orgs})
		for _, q := range queries {
			t.Run(v.name+"/"+q.name, func(t *testing.T) {
				a := e.gql(t, tok, q.query, vars)
				if !v.sees && strings.Contains(a.Raw, "Carole") {
					t.Fatalf("the answer names her: %s", pretty(a.Raw))
				}
				if a.code() == reseau.ENOTFOUND && !v.sees {
					return // asked for her by id: as if she did not exist
				}
				if a.code() != "" {
					t.Fatalf("errors: %s", pretty(a.Raw))
				}
				var keys []string
				switch x := a.at(q.path).(type) {
				case map[string]any:
					keys = []string{x["key"].(string)}
				case string: // a file: does it mention her key?
					if strings.Contains(x, `"carol"`) || strings.Contains(x, ">carol<") || strings.Contains(x, "Carole") {
						keys = []string{"carol"}
					}
				default:
					keys = a.keysAt(q.path, q.sub)
				}
				if got := slices.Contains(keys, "carol"); got != v.sees {
					t.Errorf("sees carol = %v, want %v: %s", got, v.sees, pretty(a.Raw))
				}
				if !v.sees && strings.Contains(a.Raw, "Carole") {
					t.Errorf("the answer names her: %s", pretty(a.Raw))
				}
			})
		}
	}
}

// TestErasure checks that erasing a person removes them and their ties for
// good, as the coordinator sees it.
func TestErasure(t *testing.T) {
	e := start(t, nil, nil)
	tok := tokenFor(t, &reseau.Caller{Subject: "coco", Roles: []string{reseau.RoleCoordinator}})
	if a := e.gql(t, tok, `mutation { deletePerson(key: "alice") { key } }`, nil); a.code() != "" {
		t.Fatal(pretty(a.Raw))
	}
	a := e.gql(t, tok, `{ person(key: "alice") { key } eve: person(key: "eve") { knows { person { key } other { key } } acquaintances { person { key } } }
		collaboration(key: "rencontre-2015") { people { person { key } } } }`, nil)
	if a.code() != "" || a.at("person") != nil || strings.Contains(a.Raw, `"alice"`) {
		t.Fatalf("alice survives: %s", pretty(a.Raw))
	}
}

// failing is a store whose organisation lists fail with a driver-like error.
type failing struct{ reseau.Store }

func (failing) FindOrganisations(context.Context, reseau.OrganisationFilter, reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	return nil, errors.New("database disk image is malformed: /var/lib/reseau/reseau.db")
}

// TestInternalErrorsMasked checks that an internal error answers only a
// generic message with the request id, never its cause.
func TestInternalErrorsMasked(t *testing.T) {
	e := start(t, nil, func(s reseau.Store) reseau.Store { return failing{s} })
	a := e.gql(t, "", `{ organisations { totalCount } }`, nil)
	id := a.Header.Get("X-Request-Id")
	if a.code() != reseau.EINTERNAL || id == "" || !strings.Contains(a.Errors[0].Message, id) || a.Errors[0].Extensions["requestId"] != id {
		t.Fatalf("request %q: %s", id, pretty(a.Raw))
	}
	if strings.Contains(a.Raw, "malformed") || strings.Contains(a.Raw, "/var/lib") {
		t.Fatalf("the cause leaks: %s", a.Raw)
	}
}
