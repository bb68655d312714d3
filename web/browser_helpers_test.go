package web_test

// The map in a real browser: Debian's chromium, headless, driven by
// chromedp, against a real server on the demo store with the production
// limits and GraphiQL off (the map is on in production). Without chromium
// these tests skip with how to run them; in CI (CI=true) they fail instead.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// chromiumPath answers the browser to drive: $RESEAU_CHROMIUM, else
// chromium on the PATH. Without one the test skips, or fails in CI.
func chromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("RESEAU_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no chromium: the browser tests of the map need Debian's chromium " +
		"(apt-get install -y chromium, or RESEAU_CHROMIUM=/path/to/chrome), then: go test ./web/"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// mapServer serves the demo store as `reseau serve` does in production:
// authz in front of the store, token verification, production limits,
// GraphiQL off. It answers the server and the token secret.
func mapServer(t testing.TB, store reseau.Store) (*httptest.Server, []byte) {
	t.Helper()
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		t.Fatal(err)
	}
	verifier, err := auth.NewVerifier(auth.Config{Secret: []byte(hex.EncodeToString(secret)), Production: true})
	if err != nil {
		t.Fatal(err)
	}
	guarded := authz.New(store)
	srv := httpserver.NewSecure(&graph.Resolver{Store: guarded, Analytics: analytics.NewEngine(guarded)},
		slog.New(slog.NewTextHandler(io.Discard, nil)),
		httpserver.Security{Verifier: verifier, Limits: limits.Defaults(true), GraphiQL: false})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, []byte(hex.EncodeToString(secret))
}

// browser is one headless chromium; its console errors, uncaught
// exceptions and browser log errors (CSP violations among them) are
// collected.
type browser struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
	shots  string
}

func newBrowser(t testing.TB, lang string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.WindowSize(1440, 900),
		chromedp.Flag("lang", lang),
		chromedp.Flag("accept-lang", lang),
		// WebGL through SwiftShader, on a machine without a GPU.
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("ignore-gpu-blocklist", true),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	// chromedp v0.14 does not know the newer DOM events of this chromium
	// (the dialog's top layer) and says so; anything else is logged.
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithErrorf(func(format string, args ...any) {
		if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "unhandled node event") {
			fmt.Fprintln(os.Stderr, "chromedp:", msg) // may come after the test ended: not t.Logf
		}
	}))
	t.Cleanup(func() {
		cancelC()
		cancelA()
	})
	b := &browser{ctx: ctx, shots: screenshotDir(t)}
	chromedp.ListenTarget(ctx, func(ev any) {
		var msg string
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
				}
				msg = "console.error: " + strings.Join(parts, " ")
			}
		case *runtime.EventExceptionThrown:
			msg = "exception: " + e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.LevelError {
				msg = "log: " + e.Entry.Text + " " + e.Entry.URL
			}
		}
		if msg != "" {
			b.mu.Lock()
			b.errors = append(b.errors, msg)
			b.mu.Unlock()
		}
	})
	if err := chromedp.Run(ctx, log.Enable(), runtime.Enable()); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

// screenshotDir is where the views' screenshots go: $RESEAU_SCREENSHOTS,
// else web/screenshots (ignored by git).
func screenshotDir(t testing.TB) string {
	dir := os.Getenv("RESEAU_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// run runs actions with a time limit, failing the test on error.
func (b *browser) run(t testing.TB, what string, actions ...chromedp.Action) {
	t.Helper()
	// Generous: CI runs other packages' tests beside these on 2 cores.
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		var body string
		tctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		defer cancel()
		_ = chromedp.Run(tctx, chromedp.Text("body", &body, chromedp.ByQuery))
		t.Fatalf("%s: %v\npage text:\n%.2000s", what, err, body)
	}
}

// shot saves a screenshot of the page as name.png and logs its path; the
// pages that scroll (gaps, timeline) are taken whole.
func (b *browser) shot(t testing.TB, name string) {
	t.Helper()
	var png []byte
	capture := chromedp.CaptureScreenshot(&png)
	if strings.HasPrefix(name, "gaps") || strings.HasPrefix(name, "timeline") {
		capture = chromedp.FullScreenshot(&png, 100)
	}
	b.run(t, "screenshot", chromedp.Sleep(300*time.Millisecond), capture)
	p := filepath.Join(b.shots, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// noErrors fails the test if the page logged an error so far.
func (b *browser) noErrors(t testing.TB) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		t.Errorf("browser error: %s", e)
	}
	b.errors = nil
}

// open loads url afresh (a new document, even when only the hash differs)
// and waits for the map page to start.
func (b *browser) open(t testing.TB, url string) {
	t.Helper()
	b.run(t, "open "+url, chromedp.Navigate("about:blank"), chromedp.Navigate(url), chromedp.WaitVisible(`header.top`, chromedp.ByQuery))
}

func (b *browser) text(t testing.TB, sel string) string {
	t.Helper()
	var s string
	b.run(t, "text of "+sel, chromedp.WaitVisible(sel, chromedp.ByQuery), chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

func (b *browser) eval(t testing.TB, js string, out any) {
	t.Helper()
	b.run(t, "eval "+js, chromedp.Evaluate(js, out))
}

// waitMap waits until the map is drawn (laid out and rendered).
func (b *browser) waitMap(t testing.TB) {
	t.Helper()
	b.run(t, "map drawn", chromedp.WaitVisible(`.map[data-drawn="true"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.map-wrap[aria-busy="false"]`, chromedp.ByQuery))
	var marks map[string]float64
	b.eval(t, `Object.fromEntries(performance.getEntries().filter(e => e.entryType === 'mark' || e.entryType === 'navigation').map(e => [e.name.slice(-30), e.entryType === 'navigation' ? e.domContentLoadedEventEnd : e.startTime]))`, &marks)
	t.Logf("timings (ms since navigation): %v", marks)
}

// demoPeople answers the names of every person of the demo dataset.
func demoPeople(t testing.TB) []string {
	t.Helper()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ds.People {
		names = append(names, p.Name)
	}
	if len(names) == 0 {
		t.Fatal("the demo has no people: the anonymous check would prove nothing")
	}
	return names
}

// introductionEnds answers a person of Le Méridien (the viewer's token
// lists Le Méridien, so its PRIVATE staff is visible) and one of La Gerbe
// visible to any viewer (NETWORK).
func introductionEnds(t testing.TB) (from, to reseau.Person) {
	t.Helper()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	people := make(map[string]reseau.Person)
	for _, p := range ds.People {
		people[p.Key] = p
	}
	for _, m := range ds.Memberships {
		p := people[m.PersonKey]
		switch {
		case m.OrganisationKey == "le-meridien" && from.Key == "":
			from = p
		case m.OrganisationKey == "la-gerbe" && to.Key == "" && p.Visibility == reseau.VisibilityNetwork:
			to = p
		}
	}
	if from.Key == "" || to.Key == "" {
		t.Fatal("the demo has nobody visible at Le Méridien or La Gerbe")
	}
	return from, to
}

// namesIn answers the names of people that text shows.
func namesIn(text string, names []string) []string {
	var found []string
	for _, n := range names {
		if strings.Contains(text, n) {
			found = append(found, n)
		}
	}
	return found
}
