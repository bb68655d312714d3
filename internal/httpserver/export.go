package httpserver

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// NetworkFormat is a file format of a network view.
type NetworkFormat struct {
	Ext         string // the file name's extension, with its dot
	ContentType string
	Write       func(io.Writer, *analytics.Network) error
}

// NetworkFormats are the file formats of a network view by name, for the
// download endpoint and `reseau export`. Over HTTP, "json" is graphology's
// JSON; `reseau export --format json` is the dataset snapshot instead.
var NetworkFormats = map[string]NetworkFormat{
	"gexf":       {".gexf", "application/gexf+xml", analytics.WriteGEXF},
	"graphml":    {".graphml", "application/graphml+xml", analytics.WriteGraphML},
	"graphology": {".json", "application/json", analytics.WriteGraphology},
}

// NetworkParams are the query parameters of a network download, which are
// the fields of the GraphQL NetworkFilter; list values may repeat or be
// comma-separated.
var NetworkParams = []string{"types", "ties", "sectors", "domains", "since", "until", "centre", "depth", "minWeight"}

// exportPath is where a network view is downloaded, with its format as an
// extension (network.gexf) or as ?format=.
const exportPath = "/export/network"

// ParseNetworkFilter reads a network filter from query parameters (see
// NetworkParams). Without types, the view holds every node type the caller
// may see: organisations, people, collaborations and partnerships. Domains
// and centre take keys or global ids. EINVALID for an unknown parameter or
// value.
func ParseNetworkFilter(q url.Values) (analytics.NetworkFilter, error) {
	var f analytics.NetworkFilter
	for name := range q {
		if name != "format" && !slices.Contains(NetworkParams, name) {
			return f, reseau.FieldErrorf(name, "unknown parameter (want format, %s)", strings.Join(NetworkParams, ", "))
		}
	}
	list := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			for _, e := range strings.Split(v, ",") {
				if e = strings.TrimSpace(e); e != "" {
					out = append(out, e)
				}
			}
		}
		return out
	}
	one := func(name string) (string, error) {
		if len(q[name]) > 1 {
			return "", reseau.FieldErrorf(name, "give it once")
		}
		return strings.TrimSpace(q.Get(name)), nil
	}
	types := map[string]string{
		"ORGANISATION": reseau.TypeOrganisation, "PERSON": reseau.TypePerson,
		"COLLABORATION": reseau.TypeCollaboration, "PARTNERSHIP": reseau.TypePartnership,
	}
	for _, v := range list("types") {
		t, ok := types[strings.ToUpper(v)]
		if !ok {
			return f, reseau.FieldErrorf("types", "unknown node type %q (ORGANISATION, PERSON, COLLABORATION, PARTNERSHIP)", v)
		}
		f.Types = append(f.Types, t)
	}
	if len(f.Types) == 0 {
		f.Types = []string{reseau.TypeOrganisation, reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership}
	}
	for _, v := range list("ties") {
		switch strings.ToUpper(v) {
		case analytics.KindCollaboration:
			f.Ties |= analytics.TiesCollaboration
		case analytics.KindPartnership:
			f.Ties |= analytics.TiesPartnership
		default:
			return f, reseau.FieldErrorf("ties", "unknown tie kind %q (COLLABORATION, PARTNERSHIP)", v)
		}
	}
	for _, v := range list("sectors") {
		s := reseau.Sector(strings.ToUpper(v))
		if !s.Valid() {
			return f, reseau.FieldErrorf("sectors", "unknown sector %q", v)
		}
		f.Sectors = append(f.Sectors, s)
	}
	for _, v := range list("domains") {
		k, err := keyOf("domains", reseau.TypeDomain, v)
		if err != nil {
			return f, err
		}
		f.Domains = append(f.Domains, k)
	}
	var err error
	if f.Since, err = one("since"); err != nil {
		return f, err
	}
	if f.Until, err = one("until"); err != nil {
		return f, err
	}
	centre, err := one("centre")
	if err != nil {
		return f, err
	}
	if centre != "" {
		if f.Centre, err = keyOf("centre", reseau.TypeOrganisation, centre); err != nil {
			return f, err
		}
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"depth", &f.Depth}, {"minWeight", &f.MinWeight}} {
		v, err := one(p.name)
		if err != nil {
			return f, err
		}
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, reseau.FieldErrorf(p.name, "%q is not a whole number", v)
		}
		*p.dst = n
	}
	return f, nil
}

// keyOf reads a key or a global id of type typ.
func keyOf(field, typ, ref string) (string, error) {
	t, k, err := graph.ParseNodeID(ref)
	if err != nil {
		return ref, nil // not an id: a key
	}
	if t != typ {
		return "", reseau.FieldErrorf(field, "%q is the id of a %s, not of a %s", ref, t, typ)
	}
	return k, nil
}

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
	}
	format, ok := NetworkFormats[name]
	if !ok {
		httperr.Write(w, reseau.EINVALID, "format: give one of gexf, graphml, json (graphology), as "+exportPath+".gexf or ?format=gexf")
		return
	}
	if s.Analytics == nil {
		httperr.Write(w, reseau.EUNAVAILABLE, "analytics are not available on this server")
		return
	}
	f, err := ParseNetworkFilter(r.URL.Query())
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
