package httpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// postAs sends a query over HTTP POST with a bearer token ("" for none).
func postAs(t *testing.T, ts *httptest.Server, token, query string, vars map[string]any) answer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var a answer
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestBadInputRefusedAlikeForEveryRole sends bad inputs to a server built as
// `reseau serve` builds it (a real SQLite file, authorisation, HS256
// tokens): each is INVALID whatever the caller's role, since the domain's
// rules run above authorisation, and leaves the store as it was: same
// version (no write committed), same export, no audit entry.
func TestBadInputRefusedAlikeForEveryRole(t *testing.T) {
	ts, store := importServer(t, limits.Defaults(false))
	sys := context.Background()
	if _, err := store.Import(sys, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{
		"anonymous":   "",
		"viewer":      tokenFor(t, reseau.RoleViewer),
		"editor":      tokenFor(t, reseau.RoleEditor, "cpas"),
		"coordinator": tokenFor(t, reseau.RoleCoordinator),
	}
	cases := []struct {
		name, query string
		vars        map[string]any
	}{
		{"organisation without name", `mutation($in: CreateOrganisationInput!) { createOrganisation(input: $in) { key } }`,
			map[string]any{"in": map[string]any{"key": "nouvelle", "name": "   "}}},
		{"organisation with a control character", `mutation($in: CreateOrganisationInput!) { createOrganisation(input: $in) { key } }`,
			map[string]any{"in": map[string]any{"key": "nouvelle", "name": "Nouvelle\u202e"}}},
		{"membership ending before it starts", `mutation { addMembership(person: "alice", organisation: "cpas", since: "2020", until: "2019") { key } }`, nil},
		{"person knowing themself", `mutation { addKnows(person: "alice", other: "alice") { key } }`, nil},
	}
	before := storetest.Canonical(t, mustExport(t, store))
	version, _ := store.Version(sys)
	for _, c := range cases {
		for role, token := range roles {
			t.Run(c.name+"/"+role, func(t *testing.T) {
				a := postAs(t, ts, token, c.query, c.vars)
				if a.code() != reseau.EINVALID {
					t.Fatalf("code = %q (%+v), want %s", a.code(), a.Errors, reseau.EINVALID)
				}
			})
		}
	}
	if v, _ := store.Version(sys); v != version {
		t.Errorf("version %d → %d: a refused input committed a write", version, v)
	}
	if after := storetest.Canonical(t, mustExport(t, store)); after != before {
		t.Errorf("a refused input changed the graph")
	}
	audit, err := store.Audit(sys, reseau.AuditFilter{}, reseau.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range audit.Items {
		if e.Action != "import" {
			t.Errorf("audit entry %s %s: a refused input left a trace", e.Action, e.Key)
		}
	}
}

func mustExport(t *testing.T, s reseau.Store) *reseau.Dataset {
	t.Helper()
	ds, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestKeyChangeInvalidForEveryRole: a patch that changes a node's key is
// INVALID for an editor of the organisation as for a coordinator, since the
// rules (reseau.Checked, above authorisation as `reseau serve` wires them)
// refuse it inside the patch, before authorisation looks at the result.
func TestKeyChangeInvalidForEveryRole(t *testing.T) {
	_, store := importServer(t, limits.Defaults(false))
	if _, err := store.Import(context.Background(), storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	api := reseau.Checked(authz.New(store))
	for _, c := range []*reseau.Caller{
		{Subject: "e", Roles: []string{reseau.RoleEditor}, Orgs: []string{"cpas"}},
		{Subject: "c", Roles: []string{reseau.RoleCoordinator}},
	} {
		_, err := api.UpdateOrganisation(reseau.WithCaller(context.Background(), c), "cpas", func(o *reseau.Organisation) error {
			o.Key = "cpas-2"
			return nil
		})
		if reseau.ErrorCode(err) != reseau.EINVALID {
			t.Errorf("%s: key change = %v, want %s", c.Roles[0], err, reseau.EINVALID)
		}
	}
}
