package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/graph/scalar"
	"github.com/reseau-bxl/reseau/internal/loaders"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// OnePass answers the dashboard's wide lists (organisations with their
// domains, collaborators and partners; collaborations with their
// participants; people with their memberships), and the network view a map
// draws (network, onepass_network.go), in one pass that writes the JSON as
// it walks the page: the selection sets are collected once per list
// (not once per object), each relation is read a page at a time through the
// request's loaders, and no field context, field set or goroutine is made
// per value. gqlgen's executor spends most of such a request on that per
// value bookkeeping (the answer at M is a megabyte of JSON).
//
// It is a root field middleware (handler.Server.AroundRootFields) in front
// of the generated executor, and answers only what it knows exactly as the
// executor would (onePassFields lists it): any other field, argument or
// directive, any error and any null it meets, and it hands the field to the
// executor, which answers it, errors included. It reads through the same
// loaders and store as the resolvers, so a caller sees what the resolvers
// would show it. TestOnePassAnswersAsTheExecutor compares both answers.
func OnePass(r *Resolver) graphql.RootFieldMiddleware {
	return func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		oc := graphql.GetOperationContext(ctx)
		rf := graphql.GetRootFieldContext(ctx)
		if oc == nil || rf == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query {
			return next(ctx)
		}
		conn := onePassRoots[rf.Field.Name]
		if conn == "" || !onePassable(oc, conn, rf.Field.Selections) {
			return next(ctx)
		}
		w := &onePass{ctx: ctx, oc: oc, l: loaders.For(ctx), buf: answerBufs.Get().(*bytes.Buffer)}
		if err := w.root(r, rf.Field, conn); err != nil {
			putAnswerBuf(w.buf)
			return next(ctx)
		}
		return &pooledJSON{buf: w.buf}
	}
}

// answerBufs recycles the buffers OnePass writes its answers in: an answer
// at scale M is a megabyte, and growing a fresh buffer to that size for
// every request allocated twice that, which the collector paid for and
// which, at 50 connections, set the process's peak memory (issue 9).
var answerBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledAnswer bounds the buffers answerBufs keeps: a rare huge answer's
// buffer is left to the collector rather than held.
const maxPooledAnswer = 4 << 20

func putAnswerBuf(b *bytes.Buffer) {
	if b.Cap() > maxPooledAnswer {
		return
	}
	b.Reset()
	answerBufs.Put(b)
}

// pooledJSON is an answer already written, in a buffer of answerBufs that
// goes back to the pool once the executor has copied it into its answer.
// The executor marshals a root field's value once (or never, when a null
// propagates past it, and then the buffer is simply collected).
type pooledJSON struct{ buf *bytes.Buffer }

func (j *pooledJSON) MarshalGQL(w io.Writer) {
	b := j.buf
	if b == nil {
		// Marshalled twice (gqlgen never does): the buffer may hold another
		// request's answer by now, which must never be written here.
		_, _ = io.WriteString(w, "null")
		return
	}
	j.buf = nil
	// The executor writes into a bytes.Buffer: one allocation of the
	// answer's size rather than a doubling from the few bytes before it.
	if g, ok := w.(interface{ Grow(int) }); ok {
		g.Grow(b.Len() + 64)
	}
	_, _ = w.Write(b.Bytes())
	putAnswerBuf(b)
}

// errHandOver makes OnePass hand a field to the executor.
var errHandOver = errors.New("graph: answered by the executor")

// onePassRoots maps the root fields OnePass answers to their type.
var onePassRoots = map[string]string{
	"organisations": "OrganisationConnection", "collaborations": "CollaborationConnection", "people": "PersonConnection",
	"network": "Network",
}

// onePassFields lists, per type, the fields OnePass answers and the type of
// their values (""; a scalar).
var onePassFields = map[string]map[string]string{
	"OrganisationConnection": {"__typename": "", "totalCount": "", "nodes": "Organisation"},
	"Organisation": {"__typename": "", "id": "", "key": "", "name": "", "shortName": "", "sector": "",
		"domains": "Domain", "collaborators": "CollaborationTie", "partners": "Organisation"},
	"Domain":           {"__typename": "", "id": "", "key": "", "labelFr": "", "labelNl": "", "labelEn": ""},
	"CollaborationTie": {"__typename": "", "organisation": "Organisation", "weight": ""},

	"CollaborationConnection": {"__typename": "", "totalCount": "", "nodes": "Collaboration"},
	"Collaboration": {"__typename": "", "id": "", "key": "", "kind": "", "title": "", "startDate": "", "endDate": "",
		"status": "", "domains": "Domain", "participants": "Participation"},
	"Participation": {"__typename": "", "role": "", "organisation": "Organisation"},

	"PersonConnection": {"__typename": "", "totalCount": "", "nodes": "Person"},
	"Person":           {"__typename": "", "id": "", "key": "", "name": "", "email": "", "phone": "", "memberships": "Membership"},
	"Membership":       {"__typename": "", "role": "", "since": "", "until": "", "organisation": "Organisation"},

	"Network": {"__typename": "", "exact": "", "nodes": "NetworkNode", "edges": "NetworkEdge"},
	"NetworkNode": {"__typename": "", "id": "", "key": "", "type": "", "label": "", "size": "", "sector": "", "domains": "",
		"start": "", "end": "", "degree": "", "betweenness": "", "closeness": "", "community": ""},
	"NetworkEdge": {"__typename": "", "id": "", "source": "", "target": "", "kind": "", "weight": "", "start": "", "end": "",
		"spells": "Spell"},
	"Spell": {"__typename": "", "start": "", "end": ""},
}

// onePassable reports whether OnePass answers every field of sel, a
// selection on typ, with no directive but @include and @skip.
func onePassable(oc *graphql.OperationContext, typ string, sel ast.SelectionSet) bool {
	known := onePassFields[typ]
	for _, f := range graphql.CollectFields(oc, sel, []string{typ}) {
		child, ok := known[f.Name]
		if !ok || len(f.Deferrables) > 0 {
			return false
		}
		for _, d := range f.Directives {
			if d.Name != "include" && d.Name != "skip" {
				return false
			}
		}
		if child != "" && !onePassable(oc, child, f.Selections) {
			return false
		}
	}
	return true
}

// onePass is one answer being written.
type onePass struct {
	ctx context.Context
	oc  *graphql.OperationContext
	l   *loaders.Loaders
	buf *bytes.Buffer
}

func (w *onePass) str(s string) { graphql.MarshalString(s).MarshalGQL(w.buf) }

func (w *onePass) key(i int, f graphql.CollectedField) {
	if i > 0 {
		w.buf.WriteByte(',')
	}
	w.str(f.Alias)
	w.buf.WriteByte(':')
}

// root answers the root list field, organisations, collaborations or people.
func (w *onePass) root(r *Resolver, field graphql.CollectedField, conn string) error {
	if field.Name == "network" {
		return w.network(r, field)
	}
	args := field.ArgumentMap(w.oc.Variables)
	if args["filter"] != nil {
		return errHandOver
	}
	by, dir := "", model.OrderDirection("")
	if o, ok := args["orderBy"].(map[string]any); ok {
		f, _ := o["field"].(string)
		d, _ := o["direction"].(string)
		by, dir = f, model.OrderDirection(d)
		if by == "" || (d != "" && !dir.IsValid()) {
			return errHandOver
		}
	} else if args["orderBy"] != nil {
		return errHandOver
	}
	first, ok := intArg(args, "first")
	if !ok {
		return errHandOver
	}
	var after *string
	if a, ok := args["after"].(string); ok {
		after = &a
	} else if args["after"] != nil {
		return errHandOver
	}
	fields := graphql.CollectFields(w.oc, field.Selections, []string{conn})
	skip, items := true, false
	for _, f := range fields {
		switch f.Name {
		case "totalCount":
			skip = false
		case "nodes", "edges", "pageInfo":
			items = true
		}
	}
	var total int
	var nodes func(graphql.CollectedField) error
	switch field.Name {
	case "organisations":
		of, ok := validOrder[model.OrganisationOrderField](by)
		if !ok {
			return errHandOver
		}
		var order *model.OrganisationOrder
		if by != "" {
			order = &model.OrganisationOrder{Field: of, Direction: dir}
		}
		f, o, err := organisationQuery(nil, order, first, after)
		if err != nil {
			return err
		}
		p, err := readPage(o, skip, items, func(lo reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
			return r.Store.FindOrganisations(w.ctx, f, lo)
		}, w.l.PrimeOrganisations)
		if err != nil {
			return err
		}
		total, nodes = p.TotalCount, func(f graphql.CollectedField) error { return w.orgList(f, p.Items) }
	case "collaborations":
		of, ok := validOrder[model.CollaborationOrderField](by)
		if !ok {
			return errHandOver
		}
		var order *model.CollaborationOrder
		if by != "" {
			order = &model.CollaborationOrder{Field: of, Direction: dir}
		}
		f, o, err := collaborationQuery(nil, order, first, after)
		if err != nil {
			return err
		}
		p, err := readPage(o, skip, items, func(lo reseau.ListOptions) (*reseau.Page[*reseau.Collaboration], error) {
			return r.Store.FindCollaborations(w.ctx, f, lo)
		}, w.l.PrimeCollaborations)
		if err != nil {
			return err
		}
		total, nodes = p.TotalCount, func(f graphql.CollectedField) error { return w.collabList(f, p.Items) }
	case "people":
		of, ok := validOrder[model.PersonOrderField](by)
		if !ok {
			return errHandOver
		}
		var order *model.PersonOrder
		if by != "" {
			order = &model.PersonOrder{Field: of, Direction: dir}
		}
		f, o, err := personQuery(nil, order, first, after)
		if err != nil {
			return err
		}
		p, err := readPage(o, skip, items, func(lo reseau.ListOptions) (*reseau.Page[*reseau.Person], error) {
			return r.Store.FindPeople(w.ctx, f, lo)
		}, w.l.PrimePeople)
		if err != nil {
			return err
		}
		total, nodes = p.TotalCount, func(f graphql.CollectedField) error { return w.personList(f, p.Items) }
	default:
		return errHandOver
	}
	w.buf.WriteByte('{')
	for i, f := range fields {
		w.key(i, f)
		switch f.Name {
		case "__typename":
			w.str(conn)
		case "totalCount":
			graphql.MarshalInt(total).MarshalGQL(w.buf)
		case "nodes":
			if err := nodes(f); err != nil {
				return err
			}
		}
	}
	w.buf.WriteByte('}')
	return nil
}

// validOrder is the ordering field named by (none when by is empty); ok is
// false for a name that is not one of the list's, which the executor then
// reports.
func validOrder[F interface {
	~string
	IsValid() bool
}](by string) (F, bool) {
	f := F(by)
	return f, by == "" || f.IsValid()
}

// readPage reads one page of a root list as its selection asks: the total
// only when totalCount is selected, one row when no node is; the page's
// nodes are primed in the request's loaders.
func readPage[T any](o pageArgs, skip, items bool, find func(reseau.ListOptions) (*reseau.Page[*T], error), prime func([]*T)) (*reseau.Page[*T], error) {
	o.SkipCount = skip
	o.countOnly(!items)
	p, err := find(o.ListOptions)
	if err != nil {
		return nil, err
	}
	prime(p.Items)
	if o.count {
		p.Items = p.Items[:0]
	}
	return p, nil
}

// intArg reads an optional Int argument; ok is false for a value of
// another kind (which the executor then reports).
func intArg(args map[string]any, name string) (v *int, ok bool) {
	var n int64
	switch a := args[name].(type) {
	case nil:
		return nil, true
	case int:
		n = int64(a)
	case int64:
		n = a
	case int32:
		n = int64(a)
	case json.Number:
		i, err := a.Int64()
		if err != nil {
			return nil, false
		}
		n = i
	default:
		return nil, false
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		return nil, false
	}
	i := int(n)
	return &i, true
}

func (w *onePass) orgList(f graphql.CollectedField, os []*reseau.Organisation) error {
	fields := graphql.CollectFields(w.oc, f.Selections, []string{"Organisation"})
	w.buf.WriteByte('[')
	for i, o := range os {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if err := w.organisation(fields, o); err != nil {
			return err
		}
	}
	w.buf.WriteByte(']')
	return nil
}

func (w *onePass) organisation(fields []graphql.CollectedField, o *reseau.Organisation) error {
	if o == nil {
		return errHandOver
	}
	w.buf.WriteByte('{')
	for i, f := range fields {
		w.key(i, f)
		switch f.Name {
		case "__typename":
			w.str("Organisation")
		case "id":
			w.str(reseau.NodeID(reseau.TypeOrganisation, o.Key))
		case "key":
			w.str(o.Key)
		case "name":
			w.str(o.Name)
		case "shortName":
			w.str(o.ShortName)
		case "sector":
			if o.Sector == "" {
				w.buf.WriteString("null")
			} else {
				w.str(string(o.Sector))
			}
		case "domains":
			ds, err := w.l.Domains(w.ctx, o.Domains)
			if err != nil {
				return err
			}
			if err := w.domains(f, ds); err != nil {
				return err
			}
		case "collaborators":
			args := f.ArgumentMap(w.oc.Variables)
			first, ok := intArg(args, "first")
			since, ok1 := optString(args, "since")
			until, ok2 := optString(args, "until")
			if !ok || !ok1 || !ok2 || !organisationScope(args) {
				return errHandOver
			}
			n, err := limit(first, DefaultFirst)
			if err != nil {
				return err
			}
			ties, err := w.l.Collaborators(w.ctx, o.Key, reseau.ScopeOrganisation, since, until, n)
			if err != nil {
				return err
			}
			if err := w.ties(f, ties); err != nil {
				return err
			}
		case "partners":
			if !organisationScope(f.ArgumentMap(w.oc.Variables)) {
				return errHandOver
			}
			ps, err := w.l.Partners(w.ctx, o.Key, reseau.ScopeOrganisation)
			if err != nil {
				return err
			}
			if err := w.orgList(f, ps); err != nil {
				return err
			}
		default:
			return errHandOver
		}
	}
	w.buf.WriteByte('}')
	return nil
}

// organisationScope reports whether a field's scope argument is absent or
// ORGANISATION: the one pass answers that scope only, and hands the
// institution scope over to the executor.
func organisationScope(args map[string]any) bool {
	switch a := args["scope"].(type) {
	case nil:
		return true
	case string:
		return a == string(reseau.ScopeOrganisation)
	case reseau.Scope:
		return a == reseau.ScopeOrganisation
	}
	return false
}

// optString reads an optional String argument as the resolvers do (str).
func optString(args map[string]any, name string) (string, bool) {
	switch a := args[name].(type) {
	case nil:
		return "", true
	case string:
		return a, true
	}
	return "", false
}

func (w *onePass) domains(f graphql.CollectedField, ds []*reseau.Domain) error {
	fields := graphql.CollectFields(w.oc, f.Selections, []string{"Domain"})
	w.buf.WriteByte('[')
	for i, d := range ds {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if d == nil {
			return errHandOver
		}
		w.buf.WriteByte('{')
		for j, f := range fields {
			w.key(j, f)
			switch f.Name {
			case "__typename":
				w.str("Domain")
			case "id":
				w.str(reseau.NodeID(reseau.TypeDomain, d.Key))
			case "key":
				w.str(d.Key)
			case "labelFr":
				w.str(d.LabelFR)
			case "labelNl":
				w.str(d.LabelNL)
			case "labelEn":
				w.str(d.LabelEN)
			default:
				return errHandOver
			}
		}
		w.buf.WriteByte('}')
	}
	w.buf.WriteByte(']')
	return nil
}

func (w *onePass) ties(f graphql.CollectedField, ties []reseau.CollaborationTie) error {
	fields := graphql.CollectFields(w.oc, f.Selections, []string{"CollaborationTie"})
	orgFields := w.subFields(fields, "organisation", "Organisation")
	w.buf.WriteByte('[')
	for i, t := range ties {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		w.buf.WriteByte('{')
		for j, f := range fields {
			w.key(j, f)
			switch f.Name {
			case "__typename":
				w.str("CollaborationTie")
			case "weight":
				graphql.MarshalInt(t.Weight).MarshalGQL(w.buf)
			case "organisation":
				o, err := w.l.Organisation(w.ctx, t.OrganisationKey)
				if err != nil {
					return err
				}
				if err := w.organisation(orgFields[j], o); err != nil {
					return err
				}
			default:
				return errHandOver
			}
		}
		w.buf.WriteByte('}')
	}
	w.buf.WriteByte(']')
	return nil
}

func (w *onePass) date(s string) { scalar.MarshalDate(s).MarshalGQL(w.buf) }

func (w *onePass) collabList(f graphql.CollectedField, cs []*reseau.Collaboration) error {
	fields := graphql.CollectFields(w.oc, f.Selections, []string{"Collaboration"})
	w.buf.WriteByte('[')
	for i, c := range cs {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if c == nil {
			return errHandOver
		}
		w.buf.WriteByte('{')
		for j, f := range fields {
			w.key(j, f)
			switch f.Name {
			case "__typename":
				w.str("Collaboration")
			case "id":
				w.str(reseau.NodeID(reseau.TypeCollaboration, c.Key))
			case "key":
				w.str(c.Key)
			case "kind":
				w.str(c.Kind)
			case "title":
				w.str(c.Title)
			case "status":
				w.str(c.Status)
			case "startDate":
				w.date(c.StartDate)
			case "endDate":
				w.date(c.EndDate)
			case "domains":
				ds, err := w.l.Domains(w.ctx, c.Domains)
				if err != nil {
					return err
				}
				if err := w.domains(f, ds); err != nil {
					return err
				}
			case "participants":
				ps, err := w.l.ParticipationsOfCollaboration(w.ctx, c.Key)
				if err != nil {
					return err
				}
				if err := w.participations(f, ps); err != nil {
					return err
				}
			default:
				return errHandOver
			}
		}
		w.buf.WriteByte('}')
	}
	w.buf.WriteByte(']')
	return nil
}

func (w *onePass) participations(f graphql.CollectedField, ps []reseau.Participation) error {
	fields := graphql.CollectFields(w.oc, f.Selections, []string{"Participation"})
	orgFields := w.subFields(fields, "organisation", "Organisation")
	w.buf.WriteByte('[')
	for i, p := range ps {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		w.buf.WriteByte('{')
		for j, f := range fields {
			w.key(j, f)
			switch f.Name {
			case "__typename":
				w.str("Participation")
			case "role":
				w.str(p.Role)
			case "organisation":
				o, err := w.l.Organisation(w.ctx, p.OrganisationKey)
				if err != nil {
					return err
				}
				if err := w.organisation(orgFields[j], o); err != nil {
					return err
				}
			default:
				return errHandOver
			}
		}
		w.buf.WriteByte('}')
	}
	w.buf.WriteByte(']')
	return nil
}

func (w *onePass) personList(f graphql.CollectedField, ps []*reseau.Person) error {
	fields := graphql.CollectFields(w.oc, f.Selections, []string{"Person"})
	w.buf.WriteByte('[')
	for i, p := range ps {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if p == nil {
			return errHandOver
		}
		w.buf.WriteByte('{')
		for j, f := range fields {
			w.key(j, f)
			switch f.Name {
			case "__typename":
				w.str("Person")
			case "id":
				w.str(reseau.NodeID(reseau.TypePerson, p.Key))
			case "key":
				w.str(p.Key)
			case "name":
				w.str(p.Name)
			case "email":
				w.str(p.Email)
			case "phone":
				w.str(p.Phone)
			case "memberships":
				ms, err := w.l.MembershipsOfPerson(w.ctx, p.Key)
				if err != nil {
					return err
				}
				if err := w.memberships(f, ms); err != nil {
					return err
				}
			default:
				return errHandOver
			}
		}
		w.buf.WriteByte('}')
	}
	w.buf.WriteByte(']')
	return nil
}

func (w *onePass) memberships(f graphql.CollectedField, ms []reseau.Membership) error {
	fields := graphql.CollectFields(w.oc, f.Selections, []string{"Membership"})
	orgFields := w.subFields(fields, "organisation", "Organisation")
	w.buf.WriteByte('[')
	for i, m := range ms {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		w.buf.WriteByte('{')
		for j, f := range fields {
			w.key(j, f)
			switch f.Name {
			case "__typename":
				w.str("Membership")
			case "role":
				w.str(m.Role)
			case "since":
				w.date(m.Since)
			case "until":
				w.date(m.Until)
			case "organisation":
				o, err := w.l.Organisation(w.ctx, m.OrganisationKey)
				if err != nil {
					return err
				}
				if err := w.organisation(orgFields[j], o); err != nil {
					return err
				}
			default:
				return errHandOver
			}
		}
		w.buf.WriteByte('}')
	}
	w.buf.WriteByte(']')
	return nil
}

// subFields collects, once for a whole list, the fields asked of each field
// called name (of type typ) among fields, by position: two aliases of one
// field may ask different fields.
func (w *onePass) subFields(fields []graphql.CollectedField, name, typ string) [][]graphql.CollectedField {
	sub := make([][]graphql.CollectedField, len(fields))
	for j, f := range fields {
		if f.Name == name {
			sub[j] = graphql.CollectFields(w.oc, f.Selections, []string{typ})
		}
	}
	return sub
}
