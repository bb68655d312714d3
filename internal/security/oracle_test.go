package security_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestHiddenPersonWritesAnswerAsAbsent checks that no write taking a person
// key tells an editor of the CPAS whether a person it cannot see exists:
// for every such write, asking with the key (or the global id) of a hidden
// person gets exactly the answer (status, data, errors with their messages,
// paths and extensions) that the key of nobody gets, once the key itself is
// written out of both. The hidden people are carol (PRIVATE at La Gerbe) and
// karim-demir (PRIVATE, imported, no membership yet).
func TestHiddenPersonWritesAnswerAsAbsent(t *testing.T) {
	const absent = "zoe-nobody"
	writes := []struct{ name, query string }{
		{"createPerson with the key", `mutation($k: String!) { createPerson(input: {key: $k, name: "Karim Demir", visibility: PRIVATE}) { key name } }`},
		{"updatePerson", `mutation($k: String!) { updatePerson(key: $k, input: {phone: "+32 2 000 00 01"}) { key phone } }`},
		{"updatePerson with an invalid input", `mutation($k: String!) { updatePerson(key: $k, input: {name: ""}) { key } }`},
		{"updatePerson by id", `mutation($id: ID!) { updatePerson(id: $id, input: {phone: "+32 2 000 00 01"}) { key } }`},
		{"deletePerson", `mutation($k: String!) { deletePerson(key: $k) { id key } }`},
		{"deletePerson by id", `mutation($id: ID!) { deletePerson(id: $id) { id key } }`},
		{"addMembership to its organisation", `mutation($k: String!) { addMembership(person: $k, organisation: "cpas", role: "AS") { key name } }`},
		{"addMembership by id", `mutation($id: String!) { addMembership(person: $id, organisation: "cpas") { key } }`},
		{"addMembership to another organisation", `mutation($k: String!) { addMembership(person: $k, organisation: "gerbe") { key } }`},
		{"addMembership to an unknown organisation", `mutation($k: String!) { addMembership(person: $k, organisation: "nowhere") { key } }`},
		{"removeMembership from its organisation", `mutation($k: String!) { removeMembership(person: $k, organisation: "cpas") { key } }`},
		{"removeMembership from the person's organisation", `mutation($k: String!) { removeMembership(person: $k, organisation: "gerbe") { key } }`},
		{"addKnows from its person", `mutation($k: String!) { addKnows(person: "alice", other: $k) { key } }`},
		{"addKnows to its person", `mutation($k: String!) { addKnows(person: $k, other: "alice", source: "gt") { key } }`},
		{"removeKnows from its person", `mutation($k: String!) { removeKnows(person: "alice", other: $k) { key } }`},
		{"removeKnows to its person", `mutation($k: String!) { removeKnows(person: $k, other: "alice") { key } }`},
		{"addPersonParticipant", `mutation($k: String!) { addPersonParticipant(collaboration: "gt-logement", person: $k, role: "membre") { key } }`},
		{"addPersonParticipant by id", `mutation($id: String!) { addPersonParticipant(collaboration: "gt-logement", person: $id) { key } }`},
		{"removePersonParticipant where the person took part", `mutation($k: String!) { removePersonParticipant(collaboration: "rencontre-2015", person: $k) { key } }`},
		{"removePersonParticipant elsewhere", `mutation($k: String!) { removePersonParticipant(collaboration: "gt-logement", person: $k) { key } }`},
		{"mergePeople from", `mutation($k: String!) { mergePeople(into: "alice", from: $k) { key } }`},
		{"mergePeople into", `mutation($k: String!) { mergePeople(into: $k, from: "alice") { key } }`},
		{"mergePeople by id", `mutation($id: String!) { mergePeople(into: "alice", from: $id) { key } }`},
	}
	editor := &reseau.Caller{Subject: "eddy", Roles: []string{reseau.RoleEditor}, Orgs: []string{"cpas"}}
	for _, hidden := range []string{"carol", "karim-demir"} {
		for _, w := range writes {
			t.Run(hidden+"/"+w.name, func(t *testing.T) {
				e := start(t, nil, nil)
				// An imported PRIVATE person nobody has attached yet.
				if err := e.store.CreatePerson(context.Background(), &reseau.Person{Key: "karim-demir", Name: "Karim Demir", Visibility: reseau.VisibilityPrivate}); err != nil {
					t.Fatal(err)
				}
				tok := tokenFor(t, editor)
				ask := func(key string) answer {
					return e.gql(t, tok, w.query, map[string]any{"k": key, "id": reseau.NodeID(reseau.TypePerson, key)})
				}
				h, a := ask(hidden), ask(absent)
				if h.Status != a.Status || masked(h.Raw, hidden) != masked(a.Raw, absent) {
					t.Fatalf("the answers differ:\nhidden %s: %d %s\nabsent %s: %d %s", hidden, h.Status, h.Raw, absent, a.Status, a.Raw)
				}
				if h.code() == "" {
					t.Fatalf("both writes went through: %s", h.Raw)
				}
				if strings.Contains(h.Raw, "Karim") && !strings.Contains(w.query, "Karim") || strings.Contains(h.Raw, "Carole") {
					t.Fatalf("the answer names the hidden person: %s", h.Raw)
				}
				// Nothing changed for the hidden person.
				p, err := e.store.PeopleByKeys(context.Background(), []string{hidden})
				if err != nil || p[hidden] == nil || p[hidden].Phone != "" {
					t.Fatalf("the hidden person changed: %+v, %v", p[hidden], err)
				}
				ms, err := e.store.Memberships(context.Background(), reseau.EdgeFilter{From: []string{hidden}})
				if want := map[string]int{"carol": 1, "karim-demir": 0}[hidden]; err != nil || len(ms) != want {
					t.Fatalf("the hidden person's memberships changed: %+v, %v", ms, err)
				}
			})
		}
	}
}

// masked writes key and its global id out of an answer.
func masked(raw, key string) string {
	raw = strings.ReplaceAll(raw, reseau.NodeID(reseau.TypePerson, key), "<ID>")
	return strings.ReplaceAll(raw, key, "<KEY>")
}

// serverKey is the form of the keys the server gives people.
var serverKey = regexp.MustCompile(`^p-[a-z2-7]{20}$`)

// TestCreatePersonServerKey checks that a person created by an editor gets a
// fresh key from the server, that the editor (whose organisation the new
// PRIVATE person works at) sees them, and that a chosen key is refused to
// an editor but kept for a coordinator.
func TestCreatePersonServerKey(t *testing.T) {
	e := start(t, nil, nil)
	editor := tokenFor(t, &reseau.Caller{Subject: "eddy", Roles: []string{reseau.RoleEditor}, Orgs: []string{"cpas"}})
	keys := map[string]bool{}
	for i := 0; i < 3; i++ {
		a := e.gql(t, editor, `mutation { createPerson(input: {name: "Karim Demir", visibility: PRIVATE, organisation: "cpas", role: "AS"}) { key name memberships { organisation { key } role } } }`, nil)
		k, _ := a.at("createPerson.key").(string)
		if a.code() != "" || !serverKey.MatchString(k) {
			t.Fatalf("key %q: %s", k, a.Raw)
		}
		keys[k] = true
		if got := a.keysAt("createPerson.memberships", "organisation"); len(got) != 1 || got[0] != "cpas" {
			t.Fatalf("memberships %v: %s", got, a.Raw)
		}
		if b := e.gql(t, editor, `query($k: String!) { person(key: $k) { key } }`, map[string]any{"k": k}); b.at("person.key") != k {
			t.Fatalf("the editor does not see the person it created: %s", b.Raw)
		}
	}
	if len(keys) != 3 {
		t.Fatalf("keys repeat: %v", keys)
	}
	if a := e.gql(t, editor, `mutation { createPerson(input: {key: "karim-demir", name: "Karim Demir"}) { key } }`, nil); a.code() != reseau.EINVALID || a.Errors[0].Extensions["field"] != "key" {
		t.Fatalf("an editor chose a key: %s", a.Raw)
	}
	coordinator := tokenFor(t, &reseau.Caller{Subject: "coco", Roles: []string{reseau.RoleCoordinator}})
	if a := e.gql(t, coordinator, `mutation { createPerson(input: {key: "karim-demir", name: "Karim Demir"}) { key } }`, nil); a.at("createPerson.key") != "karim-demir" {
		t.Fatalf("a coordinator's key was not kept: %s", a.Raw)
	}
}
