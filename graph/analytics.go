package graph

import (
	"bytes"
	"strings"

	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/netfile"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// engine returns the analytics engine, EUNAVAILABLE when the server was
// built without one.
func (r *Resolver) engine() (*analytics.Engine, error) {
	if r.Analytics == nil {
		return nil, reseau.Errorf(reseau.EUNAVAILABLE, "analytics are not available on this server")
	}
	return r.Analytics, nil
}

// tiesOf maps the TieKind list of an argument to analytics.Ties (none: both).
func tiesOf(ks []model.TieKind) analytics.Ties {
	var t analytics.Ties
	for _, k := range ks {
		switch k {
		case model.TieKindCollaboration:
			t |= analytics.TiesCollaboration
		case model.TieKindPartnership:
			t |= analytics.TiesPartnership
		}
	}
	return t
}

// scopeOf is a scope argument's value; its default (ORGANISATION) when
// absent.
func scopeOf(s *reseau.Scope) reseau.Scope {
	if s == nil {
		return reseau.ScopeOrganisation
	}
	return *s
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func refKeys(field, typ string, refs []string) ([]string, error) {
	out := make([]string, 0, len(refs))
	for _, ref := range refs {
		k, err := refKey(field, typ, ref)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// globalID turns an analytics node id ("Type:key") into a global id.
func globalID(id string) string {
	typ, key, _ := strings.Cut(id, ":")
	return reseau.NodeID(typ, key)
}

// networkFilter converts the GraphQL filter, resolving keys and ids.
func networkFilter(f *model.NetworkFilter) (analytics.NetworkFilter, error) {
	if f == nil {
		return analytics.NetworkFilter{}, nil
	}
	domains, err := refKeys("domains", reseau.TypeDomain, f.Domains)
	if err != nil {
		return analytics.NetworkFilter{}, err
	}
	nf := analytics.NetworkFilter{Types: nodeTypes(f.Types), Ties: tiesOf(f.Ties), Sectors: f.Sectors, Domains: domains,
		Since: str(f.Since), Until: str(f.Until), Depth: intOr(f.Depth, 1), MinWeight: intOr(f.MinWeight, 1), TopTies: intOr(f.TopTies, 0),
		ByCommunity: f.ByCommunity != nil && *f.ByCommunity, Scope: scopeOf(f.Scope)}
	if f.Centre != nil {
		if nf.Centre, err = refKey("centre", reseau.TypeOrganisation, *f.Centre); err != nil {
			return analytics.NetworkFilter{}, err
		}
	}
	return nf, nil
}

// writeNetwork renders n in format, with the writers of the download
// endpoint and `reseau export`.
func writeNetwork(n *analytics.Network, format model.NetworkFormat) (string, error) {
	f, ok := netfile.Formats[strings.ToLower(string(format))]
	if !ok {
		return "", reseau.FieldErrorf("format", "unknown format %q", format)
	}
	var buf bytes.Buffer
	err := f.Write(&buf, n)
	return buf.String(), err
}

// knownSector is nil for an unknown (empty) sector, which GraphQL answers as
// null rather than as an invalid enum value.
func knownSector(s reseau.Sector) *reseau.Sector {
	if s == "" {
		return nil
	}
	return &s
}
