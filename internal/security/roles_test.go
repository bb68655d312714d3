package security_test

import (
	"fmt"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// The callers of the HTTP table, in column order; the viewer and the editor
// speak for the CPAS.
var callers = []struct {
	name string
	c    *reseau.Caller
}{
	{"anonymous", reseau.Anonymous},
	{"viewer", &reseau.Caller{Subject: "vera", Roles: []string{reseau.RoleViewer}, Orgs: []string{"cpas"}}},
	{"editor", &reseau.Caller{Subject: "ed", Roles: []string{reseau.RoleEditor}, Orgs: []string{"cpas"}}},
	{"coordinator", &reseau.Caller{Subject: "coco", Roles: []string{reseau.RoleCoordinator}}},
	{"admin", &reseau.Caller{Subject: "ada", Roles: []string{reseau.RoleAdmin}}},
}

const (
	U = reseau.EUNAUTHORIZED
	F = reseau.EFORBIDDEN
	N = reseau.ENOTFOUND
)

// httpTable is what each role sees and writes through GraphQL. A cell is an
// error code, "ok", or "ok:X" where X describes the value at path: a number,
// a list's length, "null" or "obj".
var httpTable = []struct {
	name, query, path string
	want              [5]string
}{
	// Reads open to everyone.
	{"organisations", `{ organisations { totalCount } }`, "organisations.totalCount", [5]string{"ok:8", "ok:8", "ok:8", "ok:8", "ok:8"}},
	{"collaborations", `{ collaborations { totalCount } }`, "collaborations.totalCount", [5]string{"ok:5", "ok:5", "ok:5", "ok:5", "ok:5"}},
	{"partnerships", `{ partnerships { totalCount } }`, "partnerships.totalCount", [5]string{"ok:2", "ok:2", "ok:2", "ok:2", "ok:2"}},
	{"domains", `{ domains { key } }`, "domains", [5]string{"ok:3", "ok:3", "ok:3", "ok:3", "ok:3"}},
	{"collaborators (organisation-level ties)", `{ organisation(key: "meridien") { collaborators { weight } } }`, "organisation.collaborators", [5]string{"ok:4", "ok:4", "ok:4", "ok:4", "ok:4"}},
	{"partners", `{ organisation(key: "meridien") { partners { key } } }`, "organisation.partners", [5]string{"ok:3", "ok:3", "ok:3", "ok:3", "ok:3"}},
	{"search finds no hidden person", `{ search(text: "Carole") { score } }`, "search", [5]string{"ok:0", "ok:0", "ok:0", "ok:1", "ok:1"}},

	// People: viewer and above, within the visibility rules.
	{"people", `{ people { totalCount } }`, "people.totalCount", [5]string{U, "ok:4", "ok:4", "ok:5", "ok:5"}},
	{"person PRIVATE of another organisation", `{ person(key: "carol") { name } }`, "person", [5]string{U, "ok:null", "ok:null", "ok:obj", "ok:obj"}},
	{"person PRIVATE of the caller's organisation", `{ person(key: "dan") { name } }`, "person", [5]string{U, "ok:obj", "ok:obj", "ok:obj", "ok:obj"}},
	{"an organisation's people", `{ organisation(key: "gerbe") { people { key } } }`, "organisation.people", [5]string{U, "ok:0", "ok:0", "ok:1", "ok:1"}},
	{"acquaintances", `{ person(key: "alice") { acquaintances { weight } } }`, "person.acquaintances", [5]string{U, "ok:3", "ok:3", "ok:4", "ok:4"}},

	// The audit log: admins.
	{"auditLog", `{ auditLog { totalCount } }`, "auditLog.totalCount", [5]string{U, F, F, F, "ok:1"}},

	// Writes of the directory's structure: coordinators.
	{"createOrganisation", `mutation { createOrganisation(input: {key: "neuve", name: "Asbl Neuve"}) { key } }`, "", [5]string{U, F, F, "ok", "ok"}},
	{"deleteOrganisation", `mutation { deleteOrganisation(key: "cpas") { key } }`, "", [5]string{U, F, F, "ok", "ok"}},
	{"createDomain", `mutation { createDomain(input: {key: "emploi", labelFr: "Emploi"}) { key } }`, "", [5]string{U, F, F, "ok", "ok"}},
	{"createPartnership", `mutation { createPartnership(input: {key: "conv", kind: "convention", title: "Convention"}) { key } }`, "", [5]string{U, F, F, "ok", "ok"}},
	{"addParty", `mutation { addParty(partnership: "css-adhesion", organisation: "cpas", role: "membre") { key } }`, "", [5]string{U, F, F, "ok", "ok"}},

	// Organisations: an editor updates its own.
	{"updateOrganisation own", `mutation { updateOrganisation(key: "cpas", input: {shortName: "CPAS 1030"}) { shortName } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"updateOrganisation other", `mutation { updateOrganisation(key: "gerbe", input: {shortName: "Gerbe"}) { shortName } }`, "", [5]string{U, F, F, "ok", "ok"}},

	// People: an editor writes its organisations' staff.
	{"createPerson", `mutation { createPerson(input: {name: "Frank"}) { key } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"createPerson with a chosen key", `mutation { createPerson(input: {key: "frank", name: "Frank"}) { key } }`, "", [5]string{U, F, reseau.EINVALID, "ok", "ok"}},
	{"createPerson PRIVATE at its organisation", `mutation { createPerson(input: {name: "Frank", visibility: PRIVATE, organisation: "cpas"}) { key } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"updatePerson own", `mutation { updatePerson(key: "alice", input: {phone: "+32 2 111 11 11"}) { phone } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"updatePerson other, visible", `mutation { updatePerson(key: "bob", input: {phone: "+32 2 111 11 11"}) { phone } }`, "", [5]string{U, F, F, "ok", "ok"}},
	{"updatePerson other, hidden", `mutation { updatePerson(key: "carol", input: {phone: "+32 2 111 11 11"}) { phone } }`, "", [5]string{U, N, N, "ok", "ok"}},
	{"deletePerson own (erasure)", `mutation { deletePerson(key: "dan") { key } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"deletePerson other", `mutation { deletePerson(key: "eve") { key } }`, "", [5]string{U, F, F, "ok", "ok"}},
	{"addMembership own person", `mutation { addMembership(person: "alice", organisation: "cpas", role: "coordinatrice") { key } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"addMembership another organisation's person", `mutation { addMembership(person: "bob", organisation: "cpas") { key } }`, "", [5]string{U, F, F, "ok", "ok"}},
	{"addKnows own person", `mutation { addKnows(person: "alice", other: "bob") { key } }`, "", [5]string{U, F, "ok", "ok", "ok"}},

	// Collaborations: an editor writes those its organisations take part in.
	{"createCollaboration", `mutation { createCollaboration(input: {key: "gt-2026", kind: "groupe_de_travail", title: "GT 2026"}) { key } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"updateCollaboration own", `mutation { updateCollaboration(key: "gt-logement", input: {status: "closed"}) { status } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"updateCollaboration other", `mutation { updateCollaboration(key: "meeting-2018", input: {status: "closed"}) { status } }`, "", [5]string{U, F, F, "ok", "ok"}},
	{"addParticipant to own collaboration", `mutation { addParticipant(collaboration: "gt-logement", organisation: "amo", role: "membre") { key } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"addParticipant to other collaboration", `mutation { addParticipant(collaboration: "meeting-2018", organisation: "cpas") { key } }`, "", [5]string{U, F, F, "ok", "ok"}},
	{"addPersonParticipant", `mutation { addPersonParticipant(collaboration: "gt-logement", person: "alice") { key } }`, "", [5]string{U, F, "ok", "ok", "ok"}},
	{"deleteCollaboration other", `mutation { deleteCollaboration(key: "immersion-2022") { key } }`, "", [5]string{U, F, F, "ok", "ok"}},
}

// TestRolesOverHTTP runs every cell of httpTable on a fresh server, with a
// real token per role.
func TestRolesOverHTTP(t *testing.T) {
	for _, row := range httpTable {
		t.Run(row.name, func(t *testing.T) {
			for i, c := range callers {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					e := start(t, nil, nil)
					a := e.gql(t, tokenFor(t, c.c), row.query, nil)
					got := a.code()
					if got == "" {
						got = "ok"
						if row.path != "" {
							got = "ok:" + describe(a.at(row.path))
						}
					}
					if got != row.want[i] {
						t.Errorf("%s as %s = %s, want %s (HTTP %d: %s)", row.name, c.name, got, row.want[i], a.Status, pretty(a.Raw))
					}
					if got == U && a.Status != 200 {
						// UNAUTHENTICATED from the store is a GraphQL
						// error of one field, not an HTTP 401: the request
						// itself was fine (no token is not a bad token).
						t.Errorf("status %d", a.Status)
					}
				})
			}
		})
	}
}

func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case float64:
		return fmt.Sprint(int(v))
	case []any:
		return fmt.Sprint(len(v))
	case map[string]any:
		return "obj"
	}
	return fmt.Sprint(v)
}

// TestAuditLogNamesTheWriter checks the admin's view of an editor's write.
func TestAuditLogNamesTheWriter(t *testing.T) {
	e := start(t, nil, nil)
	ed, ada := tokenFor(t, callers[2].c), tokenFor(t, callers[4].c)
	if a := e.gql(t, ed, `mutation { updateOrganisation(key: "cpas", input: {shortName: "CPAS 1030"}) { key } }`, nil); a.code() != "" {
		t.Fatal(pretty(a.Raw))
	}
	a := e.gql(t, ada, `{ auditLog(filter: {actor: "ed"}) { totalCount nodes { actor action type key before after } } }`, nil)
	if a.code() != "" || a.at("auditLog.totalCount") != float64(1) {
		t.Fatal(pretty(a.Raw))
	}
	n := a.at("auditLog.nodes").([]any)[0].(map[string]any)
	if n["key"] != "cpas" || n["type"] != reseau.TypeOrganisation || n["before"] == nil || n["after"] == nil {
		t.Fatalf("entry %v", n)
	}
}
