package httpserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"sync"
	"time"

	"github.com/reseau-bxl/reseau/web"
)

// mapCSP is GraphiQL's policy plus what the map needs: its layout worker
// (a file of this origin, never a blob:) and blob: images for the PNG
// download. No inline script or style, no eval.
const mapCSP = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// mapTypes are the content types of the map's assets, by extension.
var mapTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".svg": "image/svg+xml",
	".txt": "text/plain; charset=utf-8",
}

// mapBundle is the embedded page and its assets, read once. Asset names
// carry a hash of their content (npm run build), so they are cached for a
// year; the page names them and is revalidated every time.
var mapBundle = sync.OnceValues(func() ([]byte, map[string]graphiqlAsset) {
	page, err := fs.ReadFile(web.Dist, "dist/index.html")
	if err != nil {
		panic(err) // embedded: cannot fail at run time
	}
	entries, err := fs.ReadDir(web.Dist, "dist/assets")
	if err != nil {
		panic(err)
	}
	assets := make(map[string]graphiqlAsset)
	for _, e := range entries {
		typ, ok := mapTypes[path.Ext(e.Name())]
		if !ok {
			continue
		}
		b, err := fs.ReadFile(web.Dist, "dist/assets/"+e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		assets[e.Name()] = graphiqlAsset{body: b, typ: typ, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return page, assets
})

// handleMap serves on mux the map page at / and its assets under /assets/.
// The page is a client of /graphql and /export/ like any other.
func handleMap(mux *http.ServeMux) {
	page, assets := mapBundle()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", mapCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(page)
	})
	mux.HandleFunc("GET /assets/{file}", func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets[r.PathValue("file")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.typ)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("ETag", a.etag)
		if path.Ext(r.PathValue("file")) == ".js" {
			// The worker script answers with its own policy: a worker
			// obeys the policy of its script's response.
			h.Set("Content-Security-Policy", mapCSP)
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	})
}
