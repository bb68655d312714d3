// Command serveload measures a real `reseau serve` the way issue 9's memory
// and first-call figures are measured: it starts the server on a copy of a
// store, then either loads it with GraphQL queries from many connections
// (load) or asks a few first calls from the moment it listens, until its
// indexes are warm (firstcalls). It reads the server's CPU time and peak
// resident memory (VmHWM) in /proc, so it runs on Linux. It stops the
// server it started when it ends.
//
//	go build -o /tmp/reseau . && go run ./bench/serveload load -bin /tmp/reseau -db M.db \
//	    -queries bench/queries/nested.reseau.graphql:10,bench/queries/nested.reseau.graphql:50
//	go run ./bench/serveload firstcalls -bin /tmp/reseau -db L.db
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "load" && os.Args[1] != "firstcalls") {
		fmt.Fprintln(os.Stderr, "usage: serveload load|firstcalls -bin RESEAU -db STORE [flags]")
		os.Exit(2)
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet(mode, flag.ExitOnError)
	bin := fs.String("bin", "", "the reseau binary")
	db := fs.String("db", "", "the SQLite store, copied first (the copy is removed at the end)")
	queries := fs.String("queries", "bench/queries/nested.reseau.graphql:50", "load: query files with their connections, run in turn (file:conns,…)")
	dur := fs.Duration("d", 20*time.Second, "load: how long each query runs")
	from := fs.String("from", "org-00001", "firstcalls: the organisation asked for, and the path's start")
	to := fs.String("to", "org-04321", "firstcalls: the path's end")
	every := fs.Duration("every", 3*time.Second, "firstcalls: how often the calls are asked")
	after := fs.Duration("after", 10*time.Second, "firstcalls: how long they go on once the indexes are warm")
	_ = fs.Parse(os.Args[2:])
	if *bin == "" || *db == "" {
		fs.Usage()
		os.Exit(2)
	}
	// Interrupted, or writing to a closed pipe (output sent to head): the
	// server and its copy of the store go too. Asked before the server
	// starts, so that a signal during its start is kept for after.
	stopped := make(chan os.Signal, 1)
	signal.Notify(stopped, os.Interrupt, syscall.SIGTERM, syscall.SIGPIPE)
	srv, err := start(*bin, *db)
	if err != nil {
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
	defer srv.stop()
	go func() {
		<-stopped
		srv.stop()
		os.Exit(1)
	}()
	if mode == "load" {
		err = load(srv, *queries, *dur)
	} else {
		err = firstCalls(srv, *from, *to, *every, *after)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
}

// server is a running `reseau serve`.
type server struct {
	cmd   *exec.Cmd
	dir   string
	url   string
	token string
	began time.Time
	warm  chan time.Duration // receives when the server logs "indexes warm"
	// stopOnce: the end of main and a signal may both stop it.
	stopOnce sync.Once
}

const secret = "serveload-development-secret-0123456789"

func start(bin, db string) (*server, error) {
	dir, err := os.MkdirTemp("", "serveload-")
	if err != nil {
		return nil, err
	}
	copyDB := filepath.Join(dir, "reseau.db")
	if err := copyFile(db, copyDB); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	env := append(os.Environ(), "RESEAU_JWT_SECRET="+secret, "RESEAU_ENV=production", "RESEAU_MAX_COMPLEXITY=100000000")
	tok := exec.Command(bin, "token", "--role", "coordinator", "--sub", "serveload")
	tok.Env = env
	token, err := tok.Output()
	if err != nil {
		return nil, fmt.Errorf("reseau token: %w", err)
	}
	s := &server{dir: dir, url: "http://" + addr + "/graphql", token: strings.TrimSpace(string(token)), warm: make(chan time.Duration, 1)}
	s.cmd = exec.Command(bin, "serve", "--no-demo", "--db", copyDB, "--addr", addr)
	// The server ends with this process, however it ends (a closed pipe
	// when its output goes to head, a kill): left running, a server at
	// scale L holds 900 MiB and skews every later measure. Linux sends it
	// when the thread that started the server ends, which is the process's
	// end here: nothing locks that goroutine to its thread.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	s.cmd.Env = env
	logs, err := s.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	s.began = time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	listening := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(logs)
		var once sync.Once
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.Contains(line, "msg=listening"):
				once.Do(func() { close(listening) })
			case strings.Contains(line, `msg="indexes warm"`):
				s.warm <- time.Since(s.began)
			case strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR"):
				fmt.Println("server:", line)
			}
		}
	}()
	select {
	case <-listening:
		return s, nil
	case <-time.After(2 * time.Minute):
		s.stop()
		return nil, fmt.Errorf("the server did not listen within 2 minutes")
	}
}

func (s *server) stop() {
	s.stopOnce.Do(func() {
		_ = s.cmd.Process.Signal(os.Interrupt)
		_ = s.cmd.Wait()
		_ = os.RemoveAll(s.dir)
	})
}

// status reads a field of /proc/PID/status in MiB (VmHWM, VmRSS).
func (s *server) status(field string) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			var kb int
			fmt.Sscan(v, &kb)
			return kb >> 10
		}
	}
	return -1
}

// cpu is the server's user and system CPU time so far.
func (s *server) cpu() time.Duration {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	var user, sys int64
	fmt.Sscan(f[11], &user)
	fmt.Sscan(f[12], &sys)
	return time.Duration(user+sys) * 10 * time.Millisecond // clock ticks of 10 ms
}

func (s *server) post(ctx context.Context, client *http.Client, body []byte) (int, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.token)
	begin := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(begin)
	if err != nil {
		return 0, took, err
	}
	if resp.StatusCode != http.StatusOK || bytes.Contains(answer, []byte(`"errors"`)) {
		return 0, took, fmt.Errorf("status %d: %.200s", resp.StatusCode, answer)
	}
	return len(answer), took, nil
}

// load waits for the warm indexes, then runs each query from its number of
// connections for d.
func load(s *server, queries string, d time.Duration) error {
	fmt.Printf("indexes warm after %v; VmHWM %d MiB, VmRSS %d MiB\n", (<-s.warm).Round(time.Millisecond), s.status("VmHWM"), s.status("VmRSS"))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	for _, run := range strings.Split(queries, ",") {
		file, conns := run, 50
		if i := strings.LastIndexByte(run, ':'); i > 0 {
			file = run[:i]
			if _, err := fmt.Sscan(run[i+1:], &conns); err != nil {
				return fmt.Errorf("%s: connections: %w", run, err)
			}
		}
		query, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		body, _ := json.Marshal(map[string]string{"query": string(query)})
		var mu sync.Mutex
		var took []time.Duration
		var errs, size int
		var firstErr error
		ctx, cancel := context.WithTimeout(context.Background(), d)
		cpu0, t0 := s.cpu(), time.Now()
		var wg sync.WaitGroup
		for range conns {
			wg.Go(func() {
				for ctx.Err() == nil {
					n, t, err := s.post(context.Background(), client, body)
					mu.Lock()
					if err != nil {
						errs++
						firstErr = cmpErr(firstErr, err)
					} else {
						took, size = append(took, t), n
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		cancel()
		elapsed, cpu := time.Since(t0), s.cpu()-cpu0
		slices.Sort(took)
		pct := func(p float64) time.Duration {
			if len(took) == 0 {
				return 0
			}
			return took[int(p*float64(len(took)-1))].Round(time.Millisecond)
		}
		perReq := 0.0
		if len(took) > 0 {
			perReq = float64(cpu.Microseconds()) / 1000 / float64(len(took))
		}
		fmt.Printf("%s, %d connections: %.1f req/s (%d in %v), p50 %v, p99 %v, %d errors, %d-byte answers, server CPU %.1f ms per request; VmHWM %d MiB\n",
			filepath.Base(file), conns, float64(len(took))/elapsed.Seconds(), len(took), elapsed.Round(time.Millisecond),
			pct(0.5), pct(0.99), errs, size, perReq, s.status("VmHWM"))
		if firstErr != nil {
			fmt.Println("  first error:", firstErr)
		}
	}
	fmt.Printf("VmHWM %d MiB, VmRSS %d MiB\n", s.status("VmHWM"), s.status("VmRSS"))
	return nil
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// firstCalls asks an organisation with its ties and partners, a list page
// with ties, a search and an organisation path, from the moment the server
// listens and every `every`, until `after` past the warm indexes.
func firstCalls(s *server, from, to string, every, after time.Duration) error {
	calls := []struct{ name, query string }{
		{"organisation", fmt.Sprintf(`{ organisation(key: %q) { name collaborators(first: 10) { organisation { name } weight } partners { name } } }`, from)},
		{"list", `{ organisations(first: 20) { nodes { name domains { labelFr } collaborators(first: 5) { organisation { name } } } } }`},
		{"search", `{ search(text: "service sante", first: 5) { score } }`},
		{"path", fmt.Sprintf(`{ organisationPath(from: %q, to: %q) { length } }`, from, to)},
	}
	client := &http.Client{}
	var warmAt time.Duration
	for {
		for _, c := range calls {
			body, _ := json.Marshal(map[string]string{"query": c.query})
			at := time.Since(s.began)
			_, took, err := s.post(context.Background(), client, body)
			result := "ok"
			if err != nil {
				result = err.Error()
			}
			fmt.Printf("%7.1f s  %-12s %9.1f ms  %.100s\n", at.Seconds(), c.name, float64(took.Microseconds())/1000, result)
		}
		select {
		case w := <-s.warm:
			warmAt = w
			fmt.Printf("indexes warm after %v\n", w.Round(time.Millisecond))
		default:
		}
		if warmAt > 0 && time.Since(s.began) > warmAt+after {
			break
		}
		time.Sleep(every)
	}
	fmt.Printf("VmHWM %d MiB, VmRSS %d MiB\n", s.status("VmHWM"), s.status("VmRSS"))
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
