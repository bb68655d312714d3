package httpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// jobAnswer is the JSON of GET /import/jobs/{id}.
type jobAnswer struct {
	ID, State   string
	Done, Total int
	Status      int
	Result      json.RawMessage
}

func do(t *testing.T, ts *httptest.Server, method, path, token string, body []byte, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, raw
}

// startJob posts body with Prefer: respond-async and returns the job's
// location.
func startJob(t *testing.T, ts *httptest.Server, token string, body []byte) string {
	t.Helper()
	res, raw := do(t, ts, http.MethodPost, "/import", token, body, "Content-Type", limits.ContentTypeZip, "Prefer", "respond-async")
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("status %d, want 202: %s", res.StatusCode, raw)
	}
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/import/jobs/") {
		t.Fatalf("Location = %q", loc)
	}
	return loc
}

// poll reads the job until it has finished.
func poll(t *testing.T, ts *httptest.Server, loc, token string) jobAnswer {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		res, raw := do(t, ts, http.MethodGet, loc, token, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d: %s", loc, res.StatusCode, raw)
		}
		var j jobAnswer
		if err := json.Unmarshal(raw, &j); err != nil {
			t.Fatal(err)
		}
		if j.State != "running" {
			return j
		}
	}
	t.Fatal("the job did not finish")
	return jobAnswer{}
}

// TestImportJob imports over real HTTP as a job: 202 with a Location, then
// polling until done gives the synchronous import's answer; a bad file's
// job ends with the located error and changes nothing; another coordinator
// or a viewer cannot read the job (NOT_FOUND, as for an unknown id: the
// house table answers it 400), an admin can.
func TestImportJob(t *testing.T) {
	ts, store := importServer(t, limits.Defaults(false))
	ds, zipTop, _, _ := demoUpload(t)
	carla := tokenFor(t, reseau.RoleCoordinator)

	loc := startJob(t, ts, carla, zipTop)
	j := poll(t, ts, loc, carla)
	var stats struct{ Rows, Created int }
	if err := json.Unmarshal(j.Result, &stats); err != nil {
		t.Fatal(err)
	}
	if j.State != "done" || j.Status != http.StatusOK || stats.Rows != ds.Rows() || stats.Created != ds.Rows() {
		t.Fatalf("job %+v, want done with %d rows created", j, ds.Rows())
	}
	if j.Done != ds.Rows() || j.Total != ds.Rows() {
		t.Errorf("progress %d of %d, want %d of %d", j.Done, j.Total, ds.Rows(), ds.Rows())
	}

	other, err := exportAuth.Mint("dirk", []string{reseau.RoleCoordinator}, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	admin := tokenFor(t, reseau.RoleAdmin)
	for _, tc := range []struct {
		name, token string
		code        string
	}{
		{"anonymous", "", reseau.EUNAUTHORIZED},
		{"viewer", tokenFor(t, reseau.RoleViewer), reseau.ENOTFOUND},
		{"another coordinator", other, reseau.ENOTFOUND},
		{"admin", admin, ""},
		{"unknown job", carla, reseau.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := loc
			if tc.name == "unknown job" {
				path = "/import/jobs/0123456789abcdef"
			}
			res, raw := do(t, ts, http.MethodGet, path, tc.token, nil)
			var a uploadAnswer
			_ = json.Unmarshal(raw, &a)
			if a.code() != tc.code || (tc.code == "") != (res.StatusCode == http.StatusOK) {
				t.Errorf("status %d code %q, want code %q: %s", res.StatusCode, a.code(), tc.code, raw)
			}
			if tc.code != "" && strings.Contains(string(raw), "rows") {
				t.Errorf("the job's content leaked: %s", raw)
			}
		})
	}

	before := snapshotOf(t, store)
	bad := zipFiles(t, [][2]string{{csvio.FileOrganisations, "id,name,sector\nnew-org,Nouvelle,associatif\nbad-org,Mauvaise,banque\n"}})
	j = poll(t, ts, startJob(t, ts, carla, bad), carla)
	var a uploadAnswer
	if err := json.Unmarshal(j.Result, &a); err != nil {
		t.Fatal(err)
	}
	if e := a.Errors; j.State != "failed" || j.Status != http.StatusBadRequest || len(e) == 0 || e[0].Extensions.Code != reseau.EINVALID ||
		e[0].Extensions.File != csvio.FileOrganisations || e[0].Extensions.Line != 3 || e[0].Extensions.Column != "sector" {
		t.Errorf("bad file's job: %+v %s", j, j.Result)
	}
	if !bytes.Equal(snapshotOf(t, store), before) {
		t.Error("the bad file's job changed the store")
	}

	// Without Prefer, the import answers synchronously as before.
	if res, raw := do(t, ts, http.MethodPost, "/import", carla, zipTop, "Content-Type", limits.ContentTypeZip); res.StatusCode != http.StatusOK {
		t.Errorf("synchronous import: %d %s", res.StatusCode, raw)
	}
}
