package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// secret signs the tokens of the tests that run the binary, so that their
// writes are allowed whatever the access rules.
const secret = "durability-test-secret-0123456789abcdef"

// server is the reseau binary serving a database file.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs *bytes.Buffer
}

// buildBinary compiles this command once per test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "reseau")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs `reseau serve --store sqlite --db db --no-demo`, with env added
// to the environment, and waits until it answers. The store is named so that a NEO4J_URI in the environment (set
// to run the Neo4j contract suite) does not turn this SQLite durability test
// into writes to that Neo4j.
func start(t *testing.T, bin, db string, env ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	s := &server{url: "http://" + addr, logs: &bytes.Buffer{}}
	s.cmd = exec.Command(bin, "serve", "--store", "sqlite", "--db", db, "--no-demo", "--addr", addr)
	s.cmd.Env = append(append(os.Environ(), auth.EnvSecret+"="+secret), env...)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			_ = s.cmd.Wait()
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(s.url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %v\n%s", err, s.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// query posts a GraphQL query with a coordinator token and decodes the data.
func (s *server) query(client *http.Client, token, q string, vars map[string]any, data any) error {
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var a struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		return err
	}
	if len(a.Errors) > 0 {
		return fmt.Errorf("%s", a.Errors[0].Message)
	}
	return json.Unmarshal(a.Data, data)
}

// TestKilledServerKeepsAcknowledgedWrites creates organisations from several
// clients at once, kills the server with SIGKILL in the middle, restarts it
// on the same file and checks that every write it acknowledged is there.
func TestKilledServerKeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "reseau.db")
	token, err := auth.Mint([]byte(secret), "durability-test", []string{reseau.RoleCoordinator}, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, bin, db)

	const workers, killAfter = 8, 200
	var mu sync.Mutex
	var acked []string
	var n atomic.Int64
	killed := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second}
			for i := 0; ; i++ {
				key := fmt.Sprintf("w%d-%d", w, i)
				var d struct{ CreateOrganisation struct{ Key string } }
				err := s.query(client, token, `mutation($k: String!) { createOrganisation(input: {key: $k, name: $k}) { key } }`,
					map[string]any{"k": key}, &d)
				if err != nil {
					select {
					case <-killed:
						return // the server is gone: this write was never acknowledged
					default:
						t.Errorf("write %s before the kill: %v", key, err)
						return
					}
				}
				if d.CreateOrganisation.Key != key {
					t.Errorf("write %s answered %q", key, d.CreateOrganisation.Key)
					return
				}
				mu.Lock()
				acked = append(acked, key)
				mu.Unlock()
				if n.Add(1) == killAfter {
					_ = s.cmd.Process.Kill() // SIGKILL: no shutdown, no flush
					close(killed)
				}
			}
		}()
	}
	wg.Wait()
	_ = s.cmd.Wait()
	if t.Failed() {
		t.Fatalf("server logs:\n%s", s.logs)
	}

	s = start(t, bin, db)
	var d struct{ Organisations struct{ TotalCount int } }
	if err := s.query(http.DefaultClient, token, `query($k: [String!]) { organisations(filter: {keys: $k}, first: 0) { totalCount } }`,
		map[string]any{"k": acked}, &d); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d writes acknowledged before SIGKILL", len(acked))
	if d.Organisations.TotalCount != len(acked) {
		t.Errorf("after restart %d of the %d acknowledged organisations are there", d.Organisations.TotalCount, len(acked))
	}
}

// TestCommands runs generate, import and export in-process on real files.
func TestCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "reseau.db")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	env := func(k string) string { return map[string]string{"RESEAU_DB": db}[k] }
	csv := filepath.Join(dir, "s")
	snap := filepath.Join(dir, "snapshot.json")

	for _, tc := range []struct {
		name string
		args []string
		code string // "" for success, else the reseau code of the error
		exit int    // the exit status main gives the error
	}{
		{"generate", []string{"generate", "--scale", "S", "--out", csv}, "", 0},
		{"generate unknown scale", []string{"generate", "--scale", "XL", "--out", csv}, reseau.EINVALID, exitUsage},
		{"generate without --out", []string{"generate", "--scale", "S"}, reseau.EINVALID, exitUsage},
		{"import CSV folder", []string{"import", csv}, "", 0},
		{"import again changes nothing", []string{"import", csv}, "", 0},
		{"export", []string{"export", snap}, "", 0},
		{"backup", []string{"backup", filepath.Join(dir, "backup.db")}, "", 0},
		{"backup over an existing file", []string{"backup", filepath.Join(dir, "backup.db")}, reseau.ECONFLICT, exitData},
		{"backup --force", []string{"backup", "--force", filepath.Join(dir, "backup.db")}, "", 0},
		{"backup of a missing store", []string{"backup", "--db", filepath.Join(dir, "missing.db"), filepath.Join(dir, "b2.db")}, reseau.ENOTFOUND, exitData},
		{"backup of the neo4j store", []string{"backup", "--store", "neo4j", filepath.Join(dir, "b3.db")}, reseau.EINVALID, exitData},
		{"restore over a store", []string{"restore", filepath.Join(dir, "backup.db")}, reseau.ECONFLICT, exitData},
		{"restore --force", []string{"restore", "--force", filepath.Join(dir, "backup.db")}, "", 0},
		{"restore into a new file", []string{"restore", "--db", filepath.Join(dir, "restored.db"), filepath.Join(dir, "backup.db")}, "", 0},
		{"export unknown format", []string{"export", "--format", "nope", snap}, reseau.EINVALID, exitUsage},
		{"export: the extension contradicts --format", []string{"export", filepath.Join(dir, "out.gexf"), "--format", "graphml"}, reseau.EINVALID, exitUsage},
		{"export: graphology into .json", []string{"export", filepath.Join(dir, "net.json"), "--format", "graphology"}, "", 0},
		{"export of a store that does not exist", []string{"export", filepath.Join(dir, "x.gexf"), "--db", filepath.Join(dir, "missing.db")}, reseau.ENOTFOUND, exitData},
		{"export without FILE", []string{"export"}, reseau.EINVALID, exitUsage},
		{"unknown command", []string{"nope"}, reseau.EINVALID, exitUsage},
		{"unknown flag", []string{"export", "--nope", snap}, reseau.EINVALID, exitUsage},
		{"bad --store", []string{"export", "--store", "mysql", snap}, reseau.EINVALID, exitUsage},
		{"help", []string{"help"}, "", 0},
		{"help of a command", []string{"help", "export"}, "", 0},
		{"help of an unknown command", []string{"help", "nope"}, reseau.EINVALID, exitUsage},
		{"--help", []string{"--help"}, "", 0},
		{"-h of a command", []string{"backup", "-h"}, "", 0},
		{"import one CSV file", []string{"import", filepath.Join(csv, "organisations.csv")}, reseau.EINVALID, exitData},
		{"import snapshot", []string{"import", snap, "--db", filepath.Join(dir, "copy.db")}, "", 0},
		{"import missing path", []string{"import", filepath.Join(dir, "nope.json")}, reseau.ENOTFOUND, exitData},
		{"import missing folder", []string{"import", filepath.Join(dir, "nope")}, reseau.ENOTFOUND, exitData},
		{"import a file that is not a snapshot", []string{"import", db}, reseau.EINVALID, exitData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(ctx, tc.args, env, log)
			if got := reseau.ErrorCode(err); got != tc.code && !(tc.exit == 0 && errors.Is(err, flag.ErrHelp)) {
				t.Fatalf("run %v: code %q (%v), want %q", tc.args, got, err, tc.code)
			}
			if got := exitCode(err); got != tc.exit {
				t.Errorf("run %v: exit status %d (%v), want %d", tc.args, got, err, tc.exit)
			}
			// A refused import says which path it could not use.
			if tc.args[0] == "import" && err != nil && !strings.Contains(err.Error(), tc.args[1]) {
				t.Errorf("the error does not name %s: %v", tc.args[1], err)
			}
		})
	}

	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("a command refused for a missing store created it")
	}
	// The import of one CSV file says what to give instead; this message is
	// the whole point of the check.
	if err := run(ctx, []string{"import", filepath.Join(csv, "organisations.csv")}, env, log); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("import of one CSV file: %v, want advice to give the folder", err)
	}

	// The snapshot imported into another file exports identically, and so
	// does the backup restored into another file.
	a, b := exportOf(t, db), exportOf(t, filepath.Join(dir, "copy.db"))
	if a != b {
		t.Error("snapshot round trip changed the graph")
	}
	if exportOf(t, filepath.Join(dir, "restored.db")) != a {
		t.Error("backup round trip changed the graph")
	}
	if !strings.Contains(a, `"organisations"`) {
		t.Error("export lacks organisations")
	}
}

// TestGraphiQLSetting checks when `reseau serve` serves GraphiQL: on in
// development, off in production, RESEAU_GRAPHIQL overriding both.
func TestGraphiQLSetting(t *testing.T) {
	for _, tc := range []struct {
		name     string
		env      map[string]string
		want     bool
		wantCode string
	}{
		{"development", nil, true, ""},
		{"production", map[string]string{"RESEAU_ENV": "production"}, false, ""},
		{"production, on", map[string]string{"RESEAU_ENV": "production", EnvGraphiQL: "on"}, true, ""},
		{"development, off", map[string]string{EnvGraphiQL: "off"}, false, ""},
		{"development, OFF", map[string]string{EnvGraphiQL: " OFF "}, false, ""},
		{"unknown value", map[string]string{EnvGraphiQL: "maybe"}, false, reseau.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := parse("serve", nil, func(k string) string { return tc.env[k] })
			if got := reseau.ErrorCode(err); got != tc.wantCode {
				t.Fatalf("code %q (%v), want %q", got, err, tc.wantCode)
			}
			if err == nil && cfg.GraphiQL != tc.want {
				t.Errorf("GraphiQL = %v, want %v", cfg.GraphiQL, tc.want)
			}
		})
	}
}

func exportOf(t *testing.T, db string) string {
	t.Helper()
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := csvio.WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestBackupWhileServing runs `reseau backup` as its own process while the
// server commits writes from several clients: the copy passes the integrity
// check and holds every write acknowledged before the backup began; and
// `reseau restore` refuses to replace the file the server has open.
func TestBackupWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "reseau.db")
	token, err := auth.Mint([]byte(secret), "backup-test", []string{reseau.RoleCoordinator}, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, bin, db)
	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("w%d-%d", w, i)
				var d struct{ CreateOrganisation struct{ Key string } }
				if err := s.query(client, token, `mutation($k: String!) { createOrganisation(input: {key: $k, name: $k}) { key } }`,
					map[string]any{"k": key}, &d); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, key)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	for b := range 3 {
		mu.Lock()
		before := append([]string(nil), acked...)
		mu.Unlock()
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", b))
		if res, err := exec.Command(bin, "backup", "--store", "sqlite", "--db", db, out).CombinedOutput(); err != nil {
			t.Fatalf("backup: %v\n%s", err, res)
		}
		copy, err := sqlite.Open(context.Background(), out)
		if err != nil {
			t.Fatal(err)
		}
		orgs, err := copy.OrganisationsByKeys(context.Background(), before)
		copy.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != len(before) {
			t.Errorf("backup %d holds %d of the %d writes acknowledged before it began", b, len(orgs), len(before))
		}
		t.Logf("backup %d: %d writes acknowledged before it", b, len(before))
	}
	res, err := exec.Command(bin, "restore", "--store", "sqlite", "--db", db, "--force", filepath.Join(dir, "backup-0.db")).CombinedOutput()
	if err == nil || !strings.Contains(string(res), "is open (a running server") {
		t.Errorf("restore over the served file: %v\n%s", err, res)
	}
	close(stop)
	wg.Wait()
}

// TestExitStatuses runs the binary: help exits 0 (on stdout), a store or
// data that refuses the command exits 1, a usage error exits 2; a command
// refused for a missing store does not create it.
func TestExitStatuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	for _, tc := range []struct {
		name   string
		args   []string
		status int
		stdout string // what the standard output must hold
	}{
		{"--help", []string{"--help"}, 0, "Usage:"},
		{"-h", []string{"-h"}, 0, "Usage:"},
		{"help", []string{"help"}, 0, "Exit status"},
		{"help export", []string{"help", "export"}, 0, "-format"},
		{"export --help", []string{"export", "--help"}, 0, "-min-weight"},
		{"export of a missing store", []string{"export", filepath.Join(dir, "x.gexf"), "--store", "sqlite", "--db", missing}, 1, ""},
		{"import of a missing folder", []string{"import", filepath.Join(dir, "nope"), "--store", "sqlite", "--db", filepath.Join(dir, "new.db")}, 1, ""},
		{"unknown command", []string{"nope"}, 2, ""},
		{"unknown flag", []string{"export", "--nope", "x.json"}, 2, ""},
		{"contradicting format", []string{"export", filepath.Join(dir, "out.gexf"), "--format", "graphml"}, 2, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			status := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				status = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tc.status {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", status, tc.status, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, stdout.String())
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("export of a missing store created it")
	}
}

// TestTwoServersOneFile runs two servers on one SQLite file, with clients
// writing through both, and checks that a read on one server right after a
// write acknowledged by the other answers the write.
func TestTwoServersOneFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "reseau.db")
	token, err := auth.Mint([]byte(secret), "two-servers", []string{reseau.RoleCoordinator}, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	servers := []*server{start(t, bin, db), start(t, bin, db)}
	client := &http.Client{Timeout: 20 * time.Second}
	create := `mutation($k: String!) { createOrganisation(input: {key: $k, name: $k}) { key } }`
	rename := `mutation($k: String!, $n: String!) { updateOrganisation(key: $k, input: {name: $n}) { name } }`
	if err := servers[0].query(client, token, create, map[string]any{"k": "probe"}, &struct{}{}); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := servers[w%2]
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := s.query(client, token, create, map[string]any{"k": fmt.Sprintf("w%d-%d", w, i)}, &struct{}{}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	stale := 0
	const probes = 25
	for i := range probes {
		w, r := servers[i%2], servers[(i+1)%2]
		var before struct{ Organisation struct{ Name string } }
		if err := r.query(client, token, `{ organisation(key: "probe") { name } }`, nil, &before); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("Probe %d", i)
		if err := w.query(client, token, rename, map[string]any{"k": "probe", "n": name}, &struct{}{}); err != nil {
			t.Fatal(err)
		}
		var after struct{ Organisation struct{ Name string } }
		if err := r.query(client, token, `{ organisation(key: "probe") { name } }`, nil, &after); err != nil {
			t.Fatal(err)
		}
		if after.Organisation.Name != name {
			stale++
		}
	}
	close(stop)
	wg.Wait()
	if stale > 0 {
		t.Errorf("%d of %d reads right after the other server acknowledged a rename answered the old name", stale, probes)
	}
}
