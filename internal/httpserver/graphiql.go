package httpserver

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"sync"
	"time"
)

// The GraphiQL page and its scripts come from the binary, not a CDN: the
// page then works offline and behind proxies that block CDNs. Where the
// files come from and how to update them: graphiql/README.md.
//
//go:embed graphiql/*.js graphiql/*.css graphiql/LICENSE-* graphiql/page.html
var graphiqlFiles embed.FS

// graphiqlCSP allows nothing but the server itself. The stylesheet inlines
// its fonts and a few images as data: URLs; scripts and styles never come
// inline (page.js starts GraphiQL).
const graphiqlCSP = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"font-src 'self' data:; img-src 'self' data:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// graphiqlTypes are the content types of the served files, by extension,
// fixed here rather than read from the system's MIME tables, which differ
// between machines.
var graphiqlTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
	"":     "text/plain; charset=utf-8", // the LICENSE files
}

type graphiqlAsset struct {
	body []byte
	typ  string
	etag string
}

// graphiqlBundle is the embedded files, read once. version is a digest of
// them all: it is part of every asset's URL, so an asset can be cached for
// a year and a new binary with different files is still fetched afresh.
var graphiqlBundle = sync.OnceValues(func() (string, map[string]graphiqlAsset) {
	entries, err := fs.ReadDir(graphiqlFiles, "graphiql")
	if err != nil {
		panic(err) // embedded: cannot fail at run time
	}
	assets := make(map[string]graphiqlAsset)
	all := sha256.New()
	for _, e := range entries {
		typ, ok := graphiqlTypes[path.Ext(e.Name())]
		if !ok {
			continue // page.html is a template, served at /graphiql only
		}
		b, err := fs.ReadFile(graphiqlFiles, "graphiql/"+e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		all.Write([]byte(e.Name()))
		all.Write(sum[:])
		assets[e.Name()] = graphiqlAsset{body: b, typ: typ, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return hex.EncodeToString(all.Sum(nil)[:6]), assets
})

// handleGraphiQL serves on mux the GraphiQL page at /graphiql querying
// endpoint, and its scripts and styles under /graphiql/<version>/ (the map
// has /).
func handleGraphiQL(mux *http.ServeMux, endpoint string) {
	version, assets := graphiqlBundle()
	tmpl := template.Must(template.ParseFS(graphiqlFiles, "graphiql/page.html"))
	var page bytes.Buffer
	if err := tmpl.Execute(&page, struct{ Assets, Endpoint string }{"/graphiql/" + version + "/", endpoint}); err != nil {
		panic(err) // a fixed template and strings: cannot fail at run time
	}
	mux.HandleFunc("GET /graphiql", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", graphiqlCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		// The page names the current assets: always revalidate it.
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(page.Bytes())
	})
	mux.HandleFunc("GET /graphiql/{version}/{file}", func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets[r.PathValue("file")]
		if !ok || r.PathValue("version") != version {
			// An old version's URL must not be cached with today's file.
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.typ)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("ETag", a.etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	})
}
