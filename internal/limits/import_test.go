package limits

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGuardImport checks the Guard's rules for uploads to ImportPath: the
// two upload types pass with the body unread and bounded by MaxImport, not
// MaxBody; forms and text are 415 as on /graphql.
func TestGuardImport(t *testing.T) {
	cfg := Defaults(false)
	cfg.MaxBody, cfg.MaxImport = 10, 100
	var read int
	var readErr error
	h := Guard(cfg, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		read, readErr = len(b), err
	}))
	for _, tc := range []struct {
		name, path, contentType string
		size                    int
		status                  int
		tooLargeInHandler       bool
	}{
		{"zip", ImportPath, "application/zip", 50, http.StatusOK, false},
		{"snapshot, larger than MaxBody", ImportPath, "application/json; charset=utf-8", 50, http.StatusOK, false},
		{"declared too large", ImportPath, "application/zip", 101, http.StatusRequestEntityTooLarge, false},
		{"form", ImportPath, "application/x-www-form-urlencoded", 5, http.StatusUnsupportedMediaType, false},
		{"multipart", ImportPath, "multipart/form-data; boundary=x", 5, http.StatusUnsupportedMediaType, false},
		{"text", ImportPath, "text/plain", 5, http.StatusUnsupportedMediaType, false},
		{"zip to /graphql", "/graphql", "application/zip", 5, http.StatusUnsupportedMediaType, false},
		{"undeclared too large", ImportPath, "application/zip", 150, http.StatusOK, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read, readErr = -1, nil
			var body io.Reader = strings.NewReader(strings.Repeat("x", tc.size))
			if tc.tooLargeInHandler {
				body = io.MultiReader(body) // no Content-Length: the limit shows while reading
			}
			r := httptest.NewRequest(http.MethodPost, tc.path, body)
			r.Header.Set("Content-Type", tc.contentType)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body)
			}
			switch {
			case tc.status != http.StatusOK:
				if read != -1 {
					t.Error("the handler ran")
				}
			case tc.tooLargeInHandler:
				var mbe *http.MaxBytesError
				if !errors.As(readErr, &mbe) {
					t.Errorf("read %d bytes, err %v: want a MaxBytesError", read, readErr)
				}
			case read != tc.size || readErr != nil:
				t.Errorf("the handler read %d bytes (%v), want %d", read, readErr, tc.size)
			}
		})
	}
}

func TestConfigMaxImport(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  string
		want int64
		ok   bool
	}{
		{"default", "", 64 << 20, true},
		{"set", "1000", 1000, true},
		{"zero", "0", 0, false},
		{"not a number", "64MiB", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ConfigFromEnv(func(k string) string {
				if k == EnvMaxImport {
					return tc.env
				}
				return ""
			})
			if (err == nil) != tc.ok || (tc.ok && c.MaxImport != tc.want) {
				t.Errorf("MaxImport %d, err %v; want %d, ok %v", c.MaxImport, err, tc.want, tc.ok)
			}
		})
	}
}
