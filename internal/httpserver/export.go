package httpserver

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/hsds"
	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/netfile"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// exportPath is where a network view is downloaded, with its format as an
// extension (network.gexf) or as ?format=.
const exportPath = "/export/network"

// exportNetwork answers a network view as a file, as the request's caller
// may see it: people only for callers allowed to see them, and only those.
func (s *Server) exportNetwork(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httperr.Write(w, httperr.CodeMethodNotAllowed, "downloads are GET requests")
		return
	}
	base, name, _ := strings.Cut(r.PathValue("file"), ".")
	if base != "network" {
		http.NotFound(w, r)
		return
	}
	if q := r.URL.Query().Get("format"); q != "" {
		if name != "" && !strings.EqualFold(q, name) {
			httperr.Write(w, reseau.EINVALID, "format: the extension says "+name+", the format parameter "+q)
			return
		}
		name = strings.ToLower(q)
	}
	if name == "json" {
		name = "graphology"
		if c := r.URL.Query().Get("compact"); c == "1" || c == "true" {
			name = "compact"
		}
	}
	format, ok := netfile.Formats[name]
	if !ok {
		httperr.Write(w, reseau.EINVALID, "format: give one of gexf, graphml, json (graphology), compact, as "+exportPath+".gexf or ?format=gexf")
		return
	}
	if s.Analytics == nil {
		httperr.Write(w, reseau.EUNAVAILABLE, "analytics are not available on this server")
		return
	}
	f, err := netfile.ParseFilter(r.URL.Query())
	var n *analytics.Network
	if err == nil {
		n, err = s.Analytics.Network(r.Context(), f)
	}
	if err != nil {
		httperr.Error(w, r, s.Log, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", format.ContentType+"; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="reseau-network`+format.Ext+`"`)
	// The file may name people: no cache may keep it.
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if err := format.Write(w, n); err != nil {
		// The status is sent: the client sees a truncated file.
		s.Log.ErrorContext(r.Context(), "network export", "format", name, "err", err)
	}
}

// hsdsPath is where the directory downloads as an HSDS 3.0 package.
const hsdsPath = "/export/hsds.zip"

// exportHSDS answers the directory (domains and organisations with their
// directory records) as a zipped HSDS 3.0 package, read through the same
// guarded store as every read: what the caller may see, never more (HSDS
// holds no person).
func (s *Server) exportHSDS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httperr.Write(w, httperr.CodeMethodNotAllowed, "downloads are GET requests")
		return
	}
	ds, err := s.Store.Export(r.Context())
	if err != nil {
		httperr.Error(w, r, s.Log, err)
		return
	}
	// Written whole before the status, so that a failure is a 500, not a
	// truncated zip.
	var buf bytes.Buffer
	if err := hsds.WriteZip(&buf, ds); err != nil {
		httperr.Error(w, r, s.Log, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="reseau-hsds.zip"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(buf.Bytes())
}
