// Package netfile is the network view as a file: its formats (GEXF, GraphML,
// graphology JSON), their content types and writers, and the view's filter
// read from named string values. The download endpoint
// (GET /export/network.gexf?sectors=CPAS) reads the filter from its query
// parameters, `reseau export --sectors CPAS net.gexf` from its flags, under
// the same names; GraphQL's networkFile writes with the same writers.
package netfile

import (
	"flag"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Format is a file format of a network view.
type Format struct {
	Ext         string // the file name's extension, with its dot
	ContentType string
	Write       func(io.Writer, *analytics.Network) error
}

// Formats are the file formats of a network view by name, for the download
// endpoint, `reseau export` and GraphQL's networkFile. Over HTTP, "json" is
// graphology's JSON; `reseau export --format json` is the dataset snapshot
// instead.
var Formats = map[string]Format{
	"gexf":       {".gexf", "application/gexf+xml", WriteGEXF},
	"graphml":    {".graphml", "application/graphml+xml", WriteGraphML},
	"graphology": {".json", "application/json", WriteGraphology},
	// compact is for browsers that draw the view (see WriteCompact):
	// /export/network.compact, or network.json?compact=1.
	"compact": {".compact.json", "application/json", WriteCompact},
}

// Param is one field of the view's filter: its name as a query parameter,
// its name as a flag of `reseau export`, and what it does.
type Param struct {
	Name, Flag, Usage string
}

// Params are the fields of the view's filter, which are those of the
// GraphQL NetworkFilter; list values may repeat or be comma-separated.
var Params = []Param{
	{"types", "types", "node types besides organisations: PERSON, COLLABORATION, PARTNERSHIP (default: all; ORGANISATION alone for organisations only)"},
	{"ties", "ties", "organisation ties: COLLABORATION, PARTNERSHIP (default: both)"},
	{"sectors", "sectors", "keep the organisations of these sectors (CPAS, ASSOCIATIF, COMMUNAL, PUBLIC, MIXTE)"},
	{"domains", "domains", "keep the organisations present in these domains, the collaborations about them (keys)"},
	{"since", "since", "keep the collaborations and partnerships from this date (YYYY[-MM[-DD]])"},
	{"until", "until", "keep the collaborations and partnerships until this date"},
	{"centre", "centre", "keep the organisations within --depth ties of this one (a key)"},
	{"depth", "depth", "ties from --centre (default 1)"},
	{"minWeight", "min-weight", "drop organisation ties of lower weight (shared collaborations and partnerships)"},
	{"scope", "scope", "ORGANISATION (default) or INSTITUTION: each service folded into its top institution"},
	{"topTies", "top-ties", "keep each organisation's N heaviest organisation ties (a tie stays if among the heaviest of either end; 0: all)"},
	{"byCommunity", "by-community", "true: draw each community of organisations as one node, the ties between communities summed (organisations only)"},
}

// RegisterFlags declares the flags of Params on fs; each value given is added
// to q under the parameter's name, for ParseFilter.
func RegisterFlags(fs *flag.FlagSet, q url.Values) {
	for _, p := range Params {
		fs.Func(p.Flag, p.Usage+" (graph formats)", func(v string) error {
			q.Add(p.Name, v)
			return nil
		})
	}
}

// ParseFilter reads a network filter from named values (see Params); the
// names "format" and "compact" (the download's) are allowed and ignored. Without types, the view holds every
// node type the caller may see: organisations, people, collaborations and
// partnerships. Domains and centre take keys or global ids. EINVALID for an
// unknown name or value.
func ParseFilter(q url.Values) (analytics.NetworkFilter, error) {
	var f analytics.NetworkFilter
	for name := range q {
		if name != "format" && name != "compact" && !slices.ContainsFunc(Params, func(p Param) bool { return p.Name == name }) {
			names := make([]string, len(Params))
			for i, p := range Params {
				names[i] = p.Name
			}
			return f, reseau.FieldErrorf(name, "unknown parameter (want format, %s)", strings.Join(names, ", "))
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
	scope, err := one("scope")
	if err != nil {
		return f, err
	}
	if f.Scope = reseau.Scope(strings.ToUpper(scope)); !f.Scope.Valid() {
		return f, reseau.FieldErrorf("scope", "unknown scope %q (ORGANISATION, INSTITUTION)", scope)
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"depth", &f.Depth}, {"minWeight", &f.MinWeight}, {"topTies", &f.TopTies}} {
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
	by, err := one("byCommunity")
	if err != nil {
		return f, err
	}
	if by != "" {
		if f.ByCommunity, err = strconv.ParseBool(by); err != nil {
			return f, reseau.FieldErrorf("byCommunity", "%q is not true or false", by)
		}
	}
	return f, nil
}

// keyOf reads a key or a global id of type typ.
func keyOf(field, typ, ref string) (string, error) {
	t, k, err := reseau.ParseNodeID(ref)
	if err != nil {
		return ref, nil // not an id: a key
	}
	if t != typ {
		return "", reseau.FieldErrorf(field, "%q is the id of a %s, not of a %s", ref, t, typ)
	}
	return k, nil
}
