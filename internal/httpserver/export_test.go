package httpserver_test

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// exportAuth signs the tokens of the download tests.
var exportAuth = auth.Config{Secret: []byte("export-suite-secret-0123456789abcdef"), Issuer: "https://id.reseau.test", Audience: "reseau"}

// serveSecure serves the demo as `reseau serve` does: the guarded store,
// the analytics engine over it, token authentication and the Guard.
func serveSecure(t *testing.T) *httptest.Server {
	t.Helper()
	v, err := auth.NewVerifier(exportAuth)
	if err != nil {
		t.Fatal(err)
	}
	guarded := authz.New(demoStore(t))
	srv := httpserver.NewSecure(&graph.Resolver{Store: guarded, Analytics: analytics.NewEngine(guarded)},
		slog.New(slog.NewTextHandler(io.Discard, nil)), httpserver.Security{Verifier: v, Limits: limits.Defaults(false)})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// nodeIDs reads the node ids ("Type:key") of a downloaded file, failing the
// test if it does not parse.
func nodeIDs(t *testing.T, contentType string, body []byte) []string {
	t.Helper()
	var ids []string
	switch {
	case strings.HasPrefix(contentType, "application/gexf+xml"):
		var doc struct {
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"graph>nodes>node"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatalf("GEXF does not parse: %v", err)
		}
		for _, n := range doc.Nodes {
			ids = append(ids, n.ID)
		}
	case strings.HasPrefix(contentType, "application/graphml+xml"):
		var doc struct {
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"graph>node"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatalf("GraphML does not parse: %v", err)
		}
		for _, n := range doc.Nodes {
			ids = append(ids, n.ID)
		}
	case strings.HasPrefix(contentType, "application/json"):
		var doc struct {
			Nodes []struct{ Key string }
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatalf("graphology JSON does not parse: %v", err)
		}
		for _, n := range doc.Nodes {
			ids = append(ids, n.Key)
		}
	default:
		t.Fatalf("Content-Type %q", contentType)
	}
	return ids
}

// demoPeople picks from the demo a NETWORK person and a PRIVATE one who
// work somewhere, and an organisation the PRIVATE one does not work at.
func demoPeople(t *testing.T) (public, private, privateOrg, otherOrg string) {
	t.Helper()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	vis := map[string]reseau.Visibility{}
	for _, p := range ds.People {
		vis[p.Key] = p.Visibility
	}
	worksAt := map[string][]string{}
	for _, m := range ds.Memberships {
		worksAt[m.PersonKey] = append(worksAt[m.PersonKey], m.OrganisationKey)
	}
	for _, m := range ds.Memberships {
		switch {
		case public == "" && vis[m.PersonKey] == reseau.VisibilityNetwork:
			public = m.PersonKey
		case private == "" && vis[m.PersonKey] == reseau.VisibilityPrivate:
			private, privateOrg = m.PersonKey, m.OrganisationKey
		}
	}
	for _, o := range ds.Organisations {
		if !slices.Contains(worksAt[private], o.Key) {
			otherOrg = o.Key
			break
		}
	}
	if public == "" || private == "" || otherOrg == "" {
		t.Fatalf("the demo lacks a NETWORK or PRIVATE employee: %q %q %q", public, private, otherOrg)
	}
	return public, private, privateOrg, otherOrg
}

// TestNetworkDownload downloads the network view over HTTP as different
// callers: each file parses, and names only the people its caller may see.
func TestNetworkDownload(t *testing.T) {
	ts := serveSecure(t)
	public, private, privateOrg, otherOrg := demoPeople(t)
	token := func(orgs ...string) string {
		tok, err := exportAuth.Mint("v", []string{reseau.RoleViewer}, orgs, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	cases := []struct {
		name, path, token string
		contentType, file string
		sees, hides       []string // node ids that must (not) be in the file
		onlyOrganisations bool
	}{
		{"anonymous GEXF", "/export/network.gexf", "", "application/gexf+xml", "reseau-network.gexf",
			[]string{"Organisation:css", "Organisation:cass"}, []string{"Person:" + public, "Person:" + private}, false},
		{"anonymous GraphML by parameter", "/export/network?format=graphml", "", "application/graphml+xml", "reseau-network.graphml",
			[]string{"Organisation:css"}, []string{"Person:" + public}, false},
		{"viewer of another organisation", "/export/network.graphml", token(otherOrg), "application/graphml+xml", "reseau-network.graphml",
			[]string{"Organisation:css", "Person:" + public}, []string{"Person:" + private}, false},
		{"viewer of another organisation, graphology", "/export/network.json", token(otherOrg), "application/json", "reseau-network.json",
			[]string{"Person:" + public}, []string{"Person:" + private}, false},
		{"viewer of the private person's organisation", "/export/network.gexf", token(privateOrg), "application/gexf+xml", "reseau-network.gexf",
			[]string{"Person:" + public, "Person:" + private}, nil, false},
		{"organisations of one sector", "/export/network.gexf?types=ORGANISATION&sectors=CPAS&ties=COLLABORATION&since=2015", token(privateOrg),
			"application/gexf+xml", "reseau-network.gexf", []string{"Organisation:cpas-pole-jeunes"}, []string{"Organisation:cass", "Person:" + public}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, ts.URL+tc.path, nil)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			res, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			ct := res.Header.Get("Content-Type")
			if !strings.HasPrefix(ct, tc.contentType) {
				t.Errorf("Content-Type = %q, want %s", ct, tc.contentType)
			}
			if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="`+tc.file+`"` {
				t.Errorf("Content-Disposition = %q", cd)
			}
			ids := nodeIDs(t, ct, body)
			for _, id := range tc.sees {
				if !slices.Contains(ids, id) {
					t.Errorf("%s is missing", id)
				}
			}
			for _, id := range tc.hides {
				// Nor as the end of an edge.
				if slices.Contains(ids, id) || strings.Contains(string(body), `"`+id+`"`) {
					t.Errorf("%s is in the file", id)
				}
			}
			for _, id := range ids {
				if tc.onlyOrganisations && !strings.HasPrefix(id, "Organisation:") {
					t.Errorf("%s is not an organisation", id)
				}
			}
		})
	}
}

// TestNetworkDownloadRefused checks the answers to downloads that cannot be
// served: a status and a JSON error with a code.
func TestNetworkDownloadRefused(t *testing.T) {
	ts := serveSecure(t)
	cases := []struct {
		name, method, path, token string
		body                      string // sent as JSON, which the Guard lets through
		status                    int
		code                      string
	}{
		{"unknown extension", http.MethodGet, "/export/network.csv", "", "", http.StatusBadRequest, reseau.EINVALID},
		{"no format", http.MethodGet, "/export/network", "", "", http.StatusBadRequest, reseau.EINVALID},
		{"unknown format parameter", http.MethodGet, "/export/network?format=dot", "", "", http.StatusBadRequest, reseau.EINVALID},
		{"extension and parameter disagree", http.MethodGet, "/export/network.gexf?format=graphml", "", "", http.StatusBadRequest, reseau.EINVALID},
		{"unknown parameter", http.MethodGet, "/export/network.gexf?min-weight=2", "", "", http.StatusBadRequest, reseau.EINVALID},
		{"unknown sector", http.MethodGet, "/export/network.gexf?sectors=BANK", "", "", http.StatusBadRequest, reseau.EINVALID},
		{"bad date", http.MethodGet, "/export/network.gexf?since=yesterday", "", "", http.StatusBadRequest, reseau.EINVALID},
		{"depth too deep", http.MethodGet, "/export/network.gexf?centre=css&depth=99", "", "", http.StatusBadRequest, reseau.EINVALID},
		{"unknown centre", http.MethodGet, "/export/network.gexf?centre=nowhere", "", "", http.StatusBadRequest, reseau.ENOTFOUND},
		{"unknown domain", http.MethodGet, "/export/network.gexf?domains=astronomy", "", "", http.StatusBadRequest, reseau.ENOTFOUND},
		{"invalid token", http.MethodGet, "/export/network.gexf", "not-a-token", "", http.StatusUnauthorized, reseau.EUNAUTHORIZED},
		{"POST", http.MethodPost, "/export/network.gexf", "", "", http.StatusUnsupportedMediaType, httperr.CodeMediaType},
		{"POST as JSON", http.MethodPost, "/export/network.gexf", "", `{"query": "{ __typename }"}`, http.StatusMethodNotAllowed, httperr.CodeMethodNotAllowed},
		{"DELETE", http.MethodDelete, "/export/network.gexf", "", "", http.StatusMethodNotAllowed, httperr.CodeMethodNotAllowed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			res, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var a answer
			if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
				t.Fatalf("status %d, not a JSON error: %v", res.StatusCode, err)
			}
			if res.StatusCode != tc.status || a.code() != tc.code {
				t.Errorf("status %d code %q, want %d %s: %+v", res.StatusCode, a.code(), tc.status, tc.code, a.Errors)
			}
		})
	}
}
