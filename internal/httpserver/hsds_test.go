package httpserver_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// download GETs path with a token (none: anonymous) and returns the status,
// the headers and the body.
func download(t *testing.T, ts *httptest.Server, method, path, token string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, body
}

// zipRows returns the data rows of a file of a zip.
func zipRows(t *testing.T, body []byte, name string) [][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// TestHSDSDownload: GET /export/hsds.zip answers the demo's directory as an
// HSDS package, to an anonymous caller as to a signed-in one (it holds no
// person), on a real server with the production middleware; uploaded to
// another server, it imports into an empty store, which then downloads the
// same package byte for byte.
func TestHSDSDownload(t *testing.T) {
	ts := serveSecure(t)
	status, h, anon := download(t, ts, http.MethodGet, "/export/hsds.zip", "")
	if status != http.StatusOK || h.Get("Content-Type") != "application/zip" ||
		!strings.Contains(h.Get("Content-Disposition"), "reseau-hsds.zip") || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d, headers %v, body %.200s", status, h, anon)
	}
	if n := len(zipRows(t, anon, "organizations.csv")); n != 83 {
		t.Errorf("organizations.csv has %d rows, want the demo's 83", n)
	}
	_, _, viewer := download(t, ts, http.MethodGet, "/export/hsds.zip", tokenFor(t, reseau.RoleViewer))
	if !bytes.Equal(anon, viewer) {
		t.Error("a viewer downloads another package than an anonymous caller")
	}
	// No person of the demo's staff is in it.
	store := demoStore(t)
	people, err := store.FindPeople(reseau.WithCaller(t.Context(), reseau.System), reseau.PersonFilter{}, reseau.ListOptions{Limit: 20})
	if err != nil || len(people.Items) == 0 {
		t.Fatalf("demo people: %v", err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(anon), int64(len(anon)))
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, p := range people.Items {
			if strings.Contains(string(b), p.Name) || (p.Email != "" && strings.Contains(string(b), p.Email)) {
				t.Errorf("%s names %s", f.Name, p.Name)
			}
		}
	}
	// A POST reaches the route only as JSON (the Guard answers the others 415).
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/export/hsds.zip", strings.NewReader(`{"query":"{ __typename }"}`))
	req.Header.Set("Content-Type", "application/json")
	if res, err := ts.Client().Do(req); err != nil {
		t.Fatal(err)
	} else if res.Body.Close(); res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
	if h.Get("Content-Length") != strconv.Itoa(len(anon)) {
		t.Errorf("Content-Length %s for %d bytes", h.Get("Content-Length"), len(anon))
	}

	// The package seeds another network.
	ts2, store2 := importServer(t, limits.Defaults(false))
	empty := snapshotOf(t, store2)
	if status, a := upload(t, ts2, tokenFor(t, reseau.RoleViewer), limits.ContentTypeZip, anon, false); status != http.StatusForbidden {
		t.Errorf("a viewer's HSDS upload: status %d, %+v", status, a)
	}
	if !bytes.Equal(snapshotOf(t, store2), empty) {
		t.Fatal("a refused upload changed the store")
	}
	status, a := upload(t, ts2, tokenFor(t, reseau.RoleCoordinator), limits.ContentTypeZip, anon, false)
	if status != http.StatusOK || a.Created == 0 {
		t.Fatalf("coordinator's HSDS upload: status %d, %+v", status, a)
	}
	_, _, again := download(t, ts2, http.MethodGet, "/export/hsds.zip", "")
	if !bytes.Equal(again, anon) {
		t.Error("the imported store downloads another package than the one it imported")
	}
}

// TestHSDSUploadRefused: a bad HSDS package is refused with the file, line
// and column, and changes nothing.
func TestHSDSUploadRefused(t *testing.T) {
	ts, store := importServer(t, limits.Defaults(false))
	before := snapshotOf(t, store)
	const org = "0a1b2c3d-0000-4000-8000-000000000001"
	for _, c := range []struct {
		name         string
		files        [][2]string
		file, column string
		line         int
	}{
		{"service of no organization", [][2]string{
			{"organizations.csv", "id,name,description\n" + org + ",Maison,Accueil\n"},
			{"services.csv", "id,organization_id,name,status\n0a1b2c3d-0000-4000-8000-0000000000a1,0a1b2c3d-0000-4000-8000-0000000000ff,Aide,active\n"},
		}, "services.csv", "organization_id", 2},
		{"unknown column, in a top folder", [][2]string{
			{"annuaire/organizations.csv", "id,name,description,sector\n" + org + ",Maison,Accueil,cpas\n"},
			{"annuaire/datapackage.json", `{"resources":[{"name":"organization","path":"organizations.csv"}]}`},
		}, "organizations.csv", "sector", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, a := upload(t, ts, tokenFor(t, reseau.RoleCoordinator), limits.ContentTypeZip, zipFiles(t, c.files), false)
			if status != http.StatusBadRequest || a.code() != reseau.EINVALID {
				t.Fatalf("status %d, %+v", status, a)
			}
			if e := a.Errors[0].Extensions; e.File != c.file || e.Line != c.line || e.Column != c.column {
				t.Errorf("at %s:%d %s, want %s:%d %s (%s)", e.File, e.Line, e.Column, c.file, c.line, c.column, a.Errors[0].Message)
			}
			if !bytes.Equal(snapshotOf(t, store), before) {
				t.Error("a refused upload changed the store")
			}
		})
	}
}
