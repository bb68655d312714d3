package httpserver_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// importServer serves an empty SQLite file as `reseau serve` does (guarded
// store, HS256 tokens, the Guard with lim) and returns the unguarded store
// for the test's own reads.
func importServer(t *testing.T, lim limits.Config) (*httptest.Server, *sqlite.Store) {
	t.Helper()
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	v, err := auth.NewVerifier(exportAuth)
	if err != nil {
		t.Fatal(err)
	}
	guarded := authz.New(store)
	srv := httpserver.NewSecure(&graph.Resolver{Store: guarded}, slog.New(slog.NewTextHandler(io.Discard, nil)),
		httpserver.Security{Verifier: v, Limits: lim})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, store
}

// tokenFor mints a token of one role.
func tokenFor(t *testing.T, role string, orgs ...string) string {
	t.Helper()
	tok, err := exportAuth.Mint(role+"-1", []string{role}, orgs, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// zipFiles zips files (name, content), deflated, in that order.
func zipFiles(t *testing.T, files [][2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, f[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zipDir zips the files of dir, under top/ when top is not "", then the
// extra files.
func zipDir(t *testing.T, dir, top string, extra ...[2]string) []byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files [][2]string
	if top != "" {
		files = append(files, [2]string{top + "/", ""})
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		name := e.Name()
		if top != "" {
			name = top + "/" + name
		}
		files = append(files, [2]string{name, string(b)})
	}
	return zipFiles(t, append(files, extra...))
}

// uploadAnswer is the answer of POST /import: the counts, or an error.
type uploadAnswer struct {
	Rows, Created, Updated, Unchanged int
	Errors                            []struct {
		Message    string
		Extensions struct {
			Code, File, Column string
			Line               int
		}
	}
}

func (a uploadAnswer) code() string {
	if len(a.Errors) == 0 {
		return ""
	}
	return a.Errors[0].Extensions.Code
}

// upload posts body to /import, chunked (without a Content-Length) if asked.
func upload(t *testing.T, ts *httptest.Server, token, contentType string, body []byte, chunked bool) (int, uploadAnswer) {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	if chunked {
		r = io.MultiReader(r) // hides the length: the client sends it chunked
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/import", r)
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var a uploadAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("status %d, not JSON: %v: %s", res.StatusCode, err, raw)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	return res.StatusCode, a
}

// snapshotOf is the store's export as a JSON snapshot, to compare states.
func snapshotOf(t *testing.T, s reseau.Store) []byte {
	t.Helper()
	ds, err := s.Export(reseau.WithCaller(context.Background(), reseau.System))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := csvio.WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// demoUpload is the demo dataset as a zipped CSV folder (files in one top
// folder, and at the root) and as a JSON snapshot.
func demoUpload(t *testing.T) (ds *reseau.Dataset, zipTop, zipRoot, snapshot []byte) {
	t.Helper()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := csvio.WriteDir(dir, ds); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := csvio.WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	// What an archiver adds beside the files must not get in the way.
	return ds, zipDir(t, dir, "schaerbeek", [2]string{"README.txt", "Schaerbeek"}, [2]string{"__MACOSX/schaerbeek/._domains.csv", "x"}),
		zipDir(t, dir, "", [2]string{"docs/notes.csv.txt", "x"}, [2]string{".DS_Store", "x"}), b.Bytes()
}

// TestImportUpload imports over HTTP as each role, in order, on one store:
// refusals change nothing, a coordinator's zip creates the graph, the same
// data again (zip or snapshot) creates and updates nothing.
func TestImportUpload(t *testing.T) {
	ts, store := importServer(t, limits.Defaults(false))
	ds, zipTop, zipRoot, snapshot := demoUpload(t)
	empty := snapshotOf(t, store)
	for _, tc := range []struct {
		name, token, contentType string
		body                     []byte
		status                   int
		code                     string
		created, updated         int // -1: any number above 0
	}{
		{"anonymous", "", limits.ContentTypeZip, zipTop, http.StatusUnauthorized, reseau.EUNAUTHORIZED, 0, 0},
		{"viewer", tokenFor(t, reseau.RoleViewer), limits.ContentTypeZip, zipTop, http.StatusForbidden, reseau.EFORBIDDEN, 0, 0},
		{"editor", tokenFor(t, reseau.RoleEditor, "css"), limits.ContentTypeJSON, snapshot, http.StatusForbidden, reseau.EFORBIDDEN, 0, 0},
		// Refused before the body is read: a caller who may not import
		// cannot make the server unpack and parse an upload.
		{"viewer, not a zip", tokenFor(t, reseau.RoleViewer), limits.ContentTypeZip, []byte("not a zip"), http.StatusForbidden, reseau.EFORBIDDEN, 0, 0},
		{"editor, not a snapshot", tokenFor(t, reseau.RoleEditor, "css"), limits.ContentTypeJSON, []byte("{"), http.StatusForbidden, reseau.EFORBIDDEN, 0, 0},
		{"coordinator, zip with a top folder", tokenFor(t, reseau.RoleCoordinator), limits.ContentTypeZip, zipTop, http.StatusOK, "", -1, 0},
		{"coordinator, the same zip with files at the root", tokenFor(t, reseau.RoleCoordinator), limits.ContentTypeZip, zipRoot, http.StatusOK, "", 0, 0},
		{"coordinator, the same data as a snapshot", tokenFor(t, reseau.RoleCoordinator), limits.ContentTypeJSON + "; charset=utf-8", snapshot, http.StatusOK, "", 0, 0},
		{"admin, snapshot", tokenFor(t, reseau.RoleAdmin), limits.ContentTypeJSON, snapshot, http.StatusOK, "", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, a := upload(t, ts, tc.token, tc.contentType, tc.body, false)
			if status != tc.status || a.code() != tc.code {
				t.Fatalf("status %d code %q, want %d %q: %+v", status, a.code(), tc.status, tc.code, a.Errors)
			}
			if tc.status != http.StatusOK {
				if got := snapshotOf(t, store); !bytes.Equal(got, empty) {
					t.Error("a refused import changed the store")
				}
				return
			}
			if a.Rows != ds.Rows() {
				t.Errorf("rows = %d, want %d", a.Rows, ds.Rows())
			}
			if (tc.created < 0 && a.Created == 0) || (tc.created >= 0 && a.Created != tc.created) || a.Updated != tc.updated {
				t.Errorf("created %d updated %d unchanged %d, want created %d updated %d", a.Created, a.Updated, a.Unchanged, tc.created, tc.updated)
			}
			if tc.created == 0 && a.Unchanged == 0 {
				t.Error("a re-import left nothing unchanged")
			}
		})
	}

	// The snapshot imported into another store gives the same graph as the
	// zipped CSV folder.
	ts2, store2 := importServer(t, limits.Defaults(false))
	if status, a := upload(t, ts2, tokenFor(t, reseau.RoleCoordinator), limits.ContentTypeJSON, snapshot, true); status != http.StatusOK || a.Created == 0 {
		t.Fatalf("snapshot into an empty store: status %d, %+v", status, a)
	}
	if !bytes.Equal(snapshotOf(t, store), snapshotOf(t, store2)) {
		t.Error("the zip and the snapshot imported different graphs")
	}
}

// TestImportUploadRefused sends uploads that must be refused with a status,
// a code, and for CSV errors the file, line and column, leaving the store as
// it was.
func TestImportUploadRefused(t *testing.T) {
	lim := limits.Defaults(false)
	lim.MaxImport = 64 << 10
	ts, store := importServer(t, lim)
	_, zipTop, _, _ := demoUpload(t)
	coordinator := tokenFor(t, reseau.RoleCoordinator)
	if status, a := upload(t, ts, coordinator, limits.ContentTypeZip, zipTop, false); status != http.StatusOK {
		t.Fatalf("demo zip: status %d %+v", status, a.Errors)
	}
	before := snapshotOf(t, store)

	// 1 MiB of blanks inflates from about a kilobyte: four times MaxImport
	// is 256 KiB.
	bomb := zipFiles(t, [][2]string{{csvio.FileOrganisations, "id,name\n" + strings.Repeat(" ", 1<<20) + "\n"}})
	many := make([][2]string, 100)
	for i := range many {
		many[i] = [2]string{fmt.Sprintf("notes-%d.txt", i), ""}
	}
	big := append([]byte(`{"format":"reseau-snapshot","version":1,"domains":[],"x":"`), bytes.Repeat([]byte("x"), 70<<10)...)
	big = append(big, `"}`...)

	for _, tc := range []struct {
		name, contentType string
		body              []byte
		chunked           bool
		status            int
		code              string
		file, column      string
		line              int
	}{
		{"bad sector", limits.ContentTypeZip, zipFiles(t, [][2]string{
			{csvio.FileOrganisations, "id,name,sector\nnew-org,Nouvelle,associatif\nbad-org,Mauvaise,banque\n"},
		}), false, http.StatusBadRequest, reseau.EINVALID, csvio.FileOrganisations, "sector", 3},
		{"unknown organisation, found by the store", limits.ContentTypeZip, zipFiles(t, [][2]string{
			{"new/" + csvio.FileOrganisations, "id,name\nbrand-new,Toute Neuve\n"},
			{"new/" + csvio.FileParticipants, "collaboration_id,organisation_id\n" + firstCollaboration(t) + ",brand-new\n" + firstCollaboration(t) + ",nowhere\n"},
		}), false, http.StatusBadRequest, reseau.EINVALID, csvio.FileParticipants, "organisation_id", 3},
		{"misspelt file", limits.ContentTypeZip, zipFiles(t, [][2]string{{"organisation.csv", "id,name\nx,X\n"}}), false,
			http.StatusBadRequest, reseau.EINVALID, "organisation.csv", "", 0},
		{"two folders", limits.ContentTypeZip, zipFiles(t, [][2]string{{"a/" + csvio.FileDomains, "id,label_fr\nd,D\n"}, {"b/" + csvio.FileDomains, "id,label_fr\nd,D\n"}}), false,
			http.StatusBadRequest, reseau.EINVALID, "", "", 0},
		{"no CSV file", limits.ContentTypeZip, zipFiles(t, [][2]string{{"a/notes.txt", "x"}}), false, http.StatusBadRequest, reseau.EINVALID, "", "", 0},
		{"not a zip", limits.ContentTypeZip, []byte("id,name\nx,X\n"), false, http.StatusBadRequest, reseau.EINVALID, "", "", 0},
		{"not a snapshot", limits.ContentTypeJSON, []byte(`{"query":"{ domains { key } }"}`), false, http.StatusBadRequest, reseau.EINVALID, "", "", 0},
		{"a size the zip hides", limits.ContentTypeZip, lyingZip(t, csvio.FileOrganisations, "id,name\n"+strings.Repeat("x,X\n", 1<<18)), false,
			http.StatusBadRequest, reseau.EINVALID, csvio.FileOrganisations, "", 0},
		{"zip bomb", limits.ContentTypeZip, bomb, false, http.StatusRequestEntityTooLarge, httperr.CodeTooLarge, "", "", 0},
		{"too many entries", limits.ContentTypeZip, zipFiles(t, many), false, http.StatusRequestEntityTooLarge, httperr.CodeTooLarge, "", "", 0},
		{"too big", limits.ContentTypeJSON, big, false, http.StatusRequestEntityTooLarge, httperr.CodeTooLarge, "", "", 0},
		{"too big, chunked", limits.ContentTypeJSON, big, true, http.StatusRequestEntityTooLarge, httperr.CodeTooLarge, "", "", 0},
		{"form", "application/x-www-form-urlencoded", []byte("a=b"), false, http.StatusUnsupportedMediaType, httperr.CodeMediaType, "", "", 0},
		{"multipart form", "multipart/form-data; boundary=x", []byte("--x--\r\n"), false, http.StatusUnsupportedMediaType, httperr.CodeMediaType, "", "", 0},
		{"plain text", "text/plain", zipTop, false, http.StatusUnsupportedMediaType, httperr.CodeMediaType, "", "", 0},
		{"CSV as text", "text/csv", []byte("id,name\nx,X\n"), false, http.StatusUnsupportedMediaType, httperr.CodeMediaType, "", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, a := upload(t, ts, coordinator, tc.contentType, tc.body, tc.chunked)
			if status != tc.status || a.code() != tc.code {
				t.Fatalf("status %d code %q, want %d %q: %+v", status, a.code(), tc.status, tc.code, a.Errors)
			}
			if e := a.Errors[0].Extensions; e.File != tc.file || e.Line != tc.line || e.Column != tc.column {
				t.Errorf("at %s:%d column %q, want %s:%d column %q (%s)", e.File, e.Line, e.Column, tc.file, tc.line, tc.column, a.Errors[0].Message)
			}
			if !bytes.Equal(snapshotOf(t, store), before) {
				t.Error("a refused import changed the store")
			}
		})
	}

	t.Run("GET", func(t *testing.T) {
		res, err := ts.Client().Get(ts.URL + "/import")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "POST" {
			t.Errorf("status %d Allow %q, want 405 POST", res.StatusCode, res.Header.Get("Allow"))
		}
	})
}

// firstCollaboration is the key of a collaboration of the demo.
func firstCollaboration(t *testing.T) string {
	t.Helper()
	ds, err := demo.DemoDataset()
	if err != nil || len(ds.Collaborations) == 0 {
		t.Fatalf("demo: %v", err)
	}
	return ds.Collaborations[0].Key
}

// lyingZip zips content as name, deflated, with a header declaring 100
// bytes: archive/zip stops reading at the declared size.
func lyingZip(t *testing.T, name, content string) []byte {
	t.Helper()
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestCompression)
	_, _ = io.WriteString(fw, content)
	_ = fw.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE([]byte(content)),
		CompressedSize64: uint64(deflated.Len()), UncompressedSize64: 100,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(deflated.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGraphiQL checks that /graphiql serves GraphiQL only when the server
// says so.
func TestGraphiQL(t *testing.T) {
	for _, tc := range []struct {
		name     string
		graphiql bool
		status   int
	}{
		{"on", true, http.StatusOK},
		{"off", false, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httpserver.NewSecure(&graph.Resolver{Store: demoStore(t)}, slog.New(slog.NewTextHandler(io.Discard, nil)),
				httpserver.Security{Limits: limits.Defaults(true), GraphiQL: tc.graphiql})
			ts := httptest.NewServer(srv.Handler())
			defer ts.Close()
			res, err := ts.Client().Get(ts.URL + "/graphiql")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.status || bytes.Contains(body, []byte("graphiql")) != tc.graphiql {
				t.Errorf("status %d, GraphiQL in the page: %v; want %d, %v", res.StatusCode, bytes.Contains(body, []byte("graphiql")), tc.status, tc.graphiql)
			}
		})
	}
}
