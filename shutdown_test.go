package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// TestSIGTERMCancelsAnImport starts an import of a generated M network over
// HTTP, sends SIGTERM while the server works on it, and checks that the
// server exits 0 within its shutdown bound, that the import rolled back
// (nothing of it in the file) and that the log names the request it
// cancelled. The server used to wait for the import to end (65 s for a big
// one), then exit 2 with "context deadline exceeded".
func TestSIGTERMCancelsAnImport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	csv := filepath.Join(dir, "m")
	if out, err := exec.Command(bin, "generate", "--scale", "M", "--out", csv).CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	body := zipFolder(t, csv)
	db := filepath.Join(dir, "reseau.db")
	const grace = 200 * time.Millisecond
	s := start(t, bin, db, "RESEAU_SHUTDOWN_GRACE="+grace.String(), "RESEAU_REQUEST_TIMEOUT=10m", "RESEAU_MAX_IMPORT=268435456")
	token, err := auth.Mint([]byte(secret), "shutdown-test", []string{reseau.RoleCoordinator}, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	sent := make(chan struct{})
	answered := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, s.url+"/import", &signalEOF{r: bytes.NewReader(body), eof: sent})
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", "application/zip")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		answered <- res.Status + " " + string(b)
	}()
	select {
	case <-sent:
	case <-time.After(60 * time.Second):
		t.Fatalf("the upload was not read in a minute\n%s", s.logs)
	}
	time.Sleep(time.Second) // the server unzips and parses, then imports
	start := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	// The bound: the grace period, five seconds for cancelled work to
	// return, and slack for a busy machine.
	bound := grace + 5*time.Second + 5*time.Second
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit: %v, want 0\n%s", err, s.logs)
		}
	case <-time.After(bound):
		t.Fatalf("the server still runs %v after SIGTERM\n%s", bound, s.logs)
	}
	t.Logf("stopped %v after SIGTERM; the client got: %.200s", time.Since(start).Round(time.Millisecond), <-answered)
	t.Logf("server log:\n%s", s.logs)
	logs := s.logs.String()
	if !strings.Contains(logs, "cancelled at shutdown") || !strings.Contains(logs, "POST /import") {
		t.Errorf("the log does not name the cancelled import:\n%s", logs)
	}

	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := reseau.WithCaller(context.Background(), reseau.System)
	orgs, err := store.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	people, err := store.FindPeople(ctx, reseau.PersonFilter{}, reseau.ListOptions{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if orgs.TotalCount != 0 || people.TotalCount != 0 {
		t.Errorf("after the cancelled import the file holds %d organisations and %d people, want none", orgs.TotalCount, people.TotalCount)
	}
}

// signalEOF closes eof when r is read to its end.
type signalEOF struct {
	r   io.Reader
	eof chan struct{}
}

func (s *signalEOF) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if errors.Is(err, io.EOF) && s.eof != nil {
		close(s.eof)
		s.eof = nil
	}
	return n, err
}

// zipFolder zips the files of dir.
func zipFolder(t *testing.T, dir string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
