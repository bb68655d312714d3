package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/graph/scalar"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// network answers the root field network as the executor would, writing
// the view's JSON as it walks it: at scale M the whole view is 5,000 nodes
// and 222,000 edges with their spells, 59 MB that the executor wrote value
// by value (a field context, a field set and a marshaler each) in 8 s of
// CPU and 900 MiB of memory. The filter is read from the arguments as the
// executor reads it (anything it does not recognise is handed over), and
// the view is computed by the resolver itself; an error is handed over to
// the executor, which reports it.
func (w *onePass) network(r *Resolver, field graphql.CollectedField) error {
	filter, ok := networkFilterArg(field.ArgumentMap(w.oc.Variables)["filter"])
	if !ok {
		return errHandOver
	}
	n, err := (&queryResolver{r}).Network(w.ctx, filter)
	if err != nil || n == nil {
		return errHandOver
	}
	fields := graphql.CollectFields(w.oc, field.Selections, []string{"Network"})
	w.buf.WriteByte('{')
	for i, f := range fields {
		w.key(i, f)
		switch f.Name {
		case "__typename":
			w.str("Network")
		case "exact":
			graphql.MarshalBoolean(n.Exact).MarshalGQL(w.buf)
		case "nodes":
			if err := w.networkNodes(f, n.Nodes); err != nil {
				return err
			}
		case "edges":
			if err := w.networkEdges(f, n.Edges); err != nil {
				return err
			}
		default:
			return errHandOver
		}
	}
	w.buf.WriteByte('}')
	return nil
}

func (w *onePass) networkNodes(f graphql.CollectedField, nodes []analytics.NetworkNode) error {
	fields := graphql.CollectFields(w.oc, f.Selections, []string{"NetworkNode"})
	w.buf.WriteByte('[')
	for i := range nodes {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if i%checkEvery == 0 && w.ctx.Err() != nil {
			return errHandOver // the executor reports the context's end
		}
		nd := &nodes[i]
		w.buf.WriteByte('{')
		for j, f := range fields {
			w.key(j, f)
			switch f.Name {
			case "__typename":
				w.str("NetworkNode")
			case "id":
				w.str(reseau.NodeID(nd.Type, nd.Key))
			case "key":
				w.str(nd.Key)
			case "type":
				w.str(nd.Type)
			case "label":
				w.str(nd.Label)
			case "size":
				graphql.MarshalInt(nd.Size).MarshalGQL(w.buf)
			case "sector":
				if s := knownSector(nd.Sector); s == nil {
					w.buf.WriteString("null")
				} else {
					w.str(string(*s))
				}
			case "domains":
				w.buf.WriteByte('[')
				for k, d := range nd.Domains {
					if k > 0 {
						w.buf.WriteByte(',')
					}
					w.str(d)
				}
				w.buf.WriteByte(']')
			case "start":
				w.date(nd.Start)
			case "end":
				w.date(nd.End)
			case "degree":
				graphql.MarshalInt(nd.Degree).MarshalGQL(w.buf)
			case "betweenness":
				if err := w.float(nd.Betweenness); err != nil {
					return err
				}
			case "closeness":
				if err := w.float(nd.Closeness); err != nil {
					return err
				}
			case "community":
				graphql.MarshalInt(nd.Community).MarshalGQL(w.buf)
			default:
				return errHandOver
			}
		}
		w.buf.WriteByte('}')
	}
	w.buf.WriteByte(']')
	return nil
}

func (w *onePass) networkEdges(f graphql.CollectedField, edges []analytics.NetworkEdge) error {
	fields := graphql.CollectFields(w.oc, f.Selections, []string{"NetworkEdge"})
	spellFields := w.subFields(fields, "spells", "Spell")
	w.buf.WriteByte('[')
	for i := range edges {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if i%checkEvery == 0 && w.ctx.Err() != nil {
			return errHandOver
		}
		e := &edges[i]
		w.buf.WriteByte('{')
		for j, f := range fields {
			w.key(j, f)
			switch f.Name {
			case "__typename":
				w.str("NetworkEdge")
			case "id":
				w.str(e.ID)
			case "source":
				w.str(globalID(e.Source))
			case "target":
				w.str(globalID(e.Target))
			case "kind":
				w.str(e.Kind)
			case "weight":
				graphql.MarshalInt(e.Weight).MarshalGQL(w.buf)
			case "start":
				w.date(e.Start)
			case "end":
				w.date(e.End)
			case "spells":
				w.buf.WriteByte('[')
				for k, sp := range e.Spells {
					if k > 0 {
						w.buf.WriteByte(',')
					}
					w.buf.WriteByte('{')
					for l, sf := range spellFields[j] {
						w.key(l, sf)
						switch sf.Name {
						case "__typename":
							w.str("Spell")
						case "start":
							w.date(sp.Start)
						case "end":
							w.date(sp.End)
						default:
							return errHandOver
						}
					}
					w.buf.WriteByte('}')
				}
				w.buf.WriteByte(']')
			default:
				return errHandOver
			}
		}
		w.buf.WriteByte('}')
	}
	w.buf.WriteByte(']')
	return nil
}

// float writes a Float as the executor does; a value it cannot write (NaN,
// infinities) is handed over, for the executor to report.
func (w *onePass) float(v float64) error {
	if err := graphql.MarshalFloatContext(v).MarshalGQLContext(w.ctx, w.buf); err != nil {
		return errHandOver
	}
	return nil
}

// checkEvery is how many nodes or edges are written between two looks at
// the request's context: a whole view takes a few hundred milliseconds.
const checkEvery = 4096

// networkFilterArg reads the network field's filter argument as the
// executor's input coercion would (GraphQL validation has checked its
// shape, its enums and its Ints); ok is false for anything else, which the
// executor then reads and reports.
func networkFilterArg(v any) (f *model.NetworkFilter, ok bool) {
	if v == nil {
		return nil, true
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		return nil, false
	}
	f = &model.NetworkFilter{}
	for name, value := range m {
		if value == nil {
			continue // null: as absent (depth and minWeight then default to 1)
		}
		switch name {
		case "types":
			for _, s := range listOf(value, &ok) {
				t := model.NodeType(s)
				ok = ok && t.IsValid()
				f.Types = append(f.Types, t)
			}
		case "ties":
			for _, s := range listOf(value, &ok) {
				t := model.TieKind(s)
				ok = ok && t.IsValid()
				f.Ties = append(f.Ties, t)
			}
		case "sectors":
			for _, s := range listOf(value, &ok) {
				sec := reseau.Sector(s)
				ok = ok && sec.Valid()
				f.Sectors = append(f.Sectors, sec)
			}
		case "domains":
			f.Domains = listOf(value, &ok)
		case "since", "until":
			d, err := scalar.UnmarshalDate(value)
			ok = err == nil
			if name == "since" {
				f.Since = &d
			} else {
				f.Until = &d
			}
		case "centre":
			s, isString := value.(string)
			ok = isString
			f.Centre = &s
		case "scope":
			s, isString := value.(string)
			sc := reseau.Scope(s)
			ok = isString && (sc == reseau.ScopeOrganisation || sc == reseau.ScopeInstitution)
			f.Scope = &sc
		case "byCommunity":
			b, isBool := value.(bool)
			ok = isBool
			f.ByCommunity = &b
		case "depth", "minWeight", "topTies":
			var n *int
			n, ok = intArg(map[string]any{name: value}, name)
			switch name {
			case "depth":
				f.Depth = n
			case "minWeight":
				f.MinWeight = n
			default:
				f.TopTies = n
			}
		default:
			ok = false
		}
		if !ok {
			return nil, false
		}
	}
	return f, true
}

// listOf reads a list of strings, or one string (GraphQL coerces a single
// value to a list); *ok turns false on anything else.
func listOf(v any, ok *bool) []string {
	*ok = true
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			s, isString := x.(string)
			if !isString {
				*ok = false
				return nil
			}
			out[i] = s
		}
		return out
	}
	*ok = false
	return nil
}
