package httpserver_test

import (
	"net/http"
	"path"
	"regexp"
	"strings"
	"testing"
)

// mapRefs are the URLs of the map page's script, stylesheet and icon.
var mapRefs = regexp.MustCompile(`(?:src|href)="([^"]*)"`)

// TestMapPage checks the map at / with the production limits and GraphiQL
// off, as `RESEAU_ENV=production reseau serve` runs it: a page revalidated
// every time under a strict Content-Security-Policy that lets its layout
// worker run, and hashed assets cached for a year.
func TestMapPage(t *testing.T) {
	ts := graphiqlServer(t, false)
	status, h, page := graphiqlGet(t, ts, "/")
	if status != http.StatusOK || h.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("/: status %d, %q; want 200, text/html", status, h.Get("Content-Type"))
	}
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self';", "worker-src 'self';", "style-src 'self';", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %s", csp, want)
		}
	}
	for _, never := range []string{"unsafe-inline", "unsafe-eval", "blob: ", "*"} {
		if strings.Contains(strings.SplitAfter(csp, "img-src")[0], never) {
			t.Errorf("Content-Security-Policy %q allows %s", csp, never)
		}
	}
	if h.Get("Cache-Control") != "no-cache" {
		t.Errorf("/: Cache-Control %q, want no-cache (the page names the current assets)", h.Get("Cache-Control"))
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, " style=") || strings.Contains(page, "://") {
		t.Errorf("the page has an inline script or style, or another host:\n%s", page)
	}
	refs := mapRefs.FindAllStringSubmatch(page, -1)
	if len(refs) != 3 {
		t.Fatalf("the page references %d files, want a script, a stylesheet and an icon:\n%s", len(refs), page)
	}
	types := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
	worker := ""
	for _, m := range refs {
		url := "/" + m[1]
		t.Run(path.Ext(url), func(t *testing.T) {
			if !strings.HasPrefix(url, "/assets/") {
				t.Fatalf("%s is outside /assets/", url)
			}
			status, h, body := graphiqlGet(t, ts, url)
			if status != http.StatusOK || h.Get("Content-Type") != types[path.Ext(url)] || len(body) == 0 {
				t.Fatalf("%s: status %d, %q, %d bytes", url, status, h.Get("Content-Type"), len(body))
			}
			if !strings.Contains(h.Get("Cache-Control"), "immutable") || h.Get("ETag") == "" {
				t.Errorf("%s: Cache-Control %q, ETag %q", url, h.Get("Cache-Control"), h.Get("ETag"))
			}
			if w := regexp.MustCompile(`assets/layout\.worker-[A-Z0-9]+\.js`).FindString(body); w != "" {
				worker = "/" + w
			}
		})
	}
	// The layout runs in a worker loaded from this origin (worker-src
	// 'self'), which the script names by its hashed file.
	if worker == "" {
		t.Fatal("the script names no layout worker under assets/")
	}
	if status, h, _ := graphiqlGet(t, ts, worker); status != http.StatusOK || h.Get("Content-Type") != types[".js"] {
		t.Errorf("%s: status %d, %q", worker, status, h.Get("Content-Type"))
	}
	if status, _, _ := graphiqlGet(t, ts, "/assets/nope.js"); status != http.StatusNotFound {
		t.Errorf("/assets/nope.js: status %d, want 404", status)
	}
}
