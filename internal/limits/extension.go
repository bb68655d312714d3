package limits

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Error codes of the limits, in extensions.code. They are request errors,
// answered without data: HTTP 400 in application/graphql-response+json, as
// the GraphQL-over-HTTP spec asks for a request that cannot be executed,
// and 200 in application/json, as it recommends for that media type (see
// httpserver's transport). They are registered as gqlgen protocol errors
// for any other transport.
const (
	CodeDepth      = "DEPTH_LIMIT_EXCEEDED"
	CodeAliases    = "ALIAS_LIMIT_EXCEEDED"
	CodeDirectives = "DIRECTIVE_LIMIT_EXCEEDED"
	CodeComplexity = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeTokens     = "TOKEN_LIMIT_EXCEEDED"
)

func init() {
	for _, c := range []string{CodeDepth, CodeAliases, CodeDirectives, CodeComplexity, CodeTokens} {
		errcode.RegisterErrorType(c, errcode.KindProtocol)
	}
}

// Server is the part of gqlgen's *handler.Server that Install configures.
type Server interface {
	SetParserTokenLimit(int)
	SetDisableSuggestion(bool)
	Use(graphql.HandlerExtension)
}

// Install applies cfg to a gqlgen server: parser token limit, suggestions,
// and the Extension (which also switches introspection on when cfg allows
// it, in place of gqlgen's extension.Introspection). Call it before the
// server serves.
func Install(srv Server, cfg Config) {
	srv.SetParserTokenLimit(cfg.MaxTokens)
	srv.SetDisableSuggestion(!cfg.Introspection)
	srv.Use(NewExtension(cfg))
}

// Extension is a gqlgen handler extension enforcing the depth, alias and
// directive limits before validation (so an abusive document costs one parse,
// not a validation pass whose cost grows with its size), the complexity limit
// after it (when arguments and variables are known), and a cap on the number
// of errors in a response.
type Extension struct {
	cfg Config
	ok  *seen // documents that passed the shape checks
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
	graphql.FieldInterceptor
} = (*Extension)(nil)

// NewExtension returns the Extension for cfg.
func NewExtension(cfg Config) *Extension {
	return &Extension{cfg: cfg, ok: newSeen(1000)}
}

// ExtensionName implements graphql.HandlerExtension.
func (e *Extension) ExtensionName() string { return "ReseauLimits" }

// Validate implements graphql.HandlerExtension.
func (e *Extension) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters implements graphql.OperationParameterMutator: it
// parses the document (with the token limit) and checks its shape.
func (e *Extension) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if e.ok.has(p.Query) {
		return nil
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, e.cfg.MaxTokens)
	if err != nil {
		gqlErr, ok := err.(*gqlerror.Error)
		if !ok {
			gqlErr = gqlerror.Errorf("%s", err)
		}
		if strings.HasPrefix(gqlErr.Message, "exceeded token limit") {
			return limitError(CodeTokens, "the document has more than %d tokens, the parser's limit", e.cfg.MaxTokens)
		}
		errcode.Set(gqlErr, errcode.ParseFailed)
		return gqlErr
	}
	if err := e.CheckDocument(doc); err != nil {
		return err
	}
	e.ok.add(p.Query)
	return nil
}

// CheckDocument checks a parsed, not yet validated document against the
// depth, alias and directive limits. Fragments are expanded where they are
// spread (each counted once thanks to memoisation, so a chain of fragments
// that doubles at each step costs linear time), and a fragment cycle is an
// error rather than an endless walk.
func (e *Extension) CheckDocument(doc *ast.QueryDocument) *gqlerror.Error {
	if n := countDirectives(doc); n > e.cfg.MaxDirectives {
		return limitError(CodeDirectives, "the document has %d directives, more than the limit of %d", n, e.cfg.MaxDirectives)
	}
	w := &shapeWalker{frags: map[string]*ast.FragmentDefinition{}, memo: map[string]shape{}, busy: map[string]bool{}}
	for _, f := range doc.Fragments {
		w.frags[f.Name] = f
	}
	for _, op := range doc.Operations {
		s, err := w.set(op.SelectionSet)
		if err != nil {
			return err
		}
		name := op.Name
		if name == "" {
			name = "(anonymous)"
		}
		if s.depth > e.cfg.MaxDepth {
			return limitError(CodeDepth, "operation %s is %d levels deep, more than the limit of %d", name, s.depth, e.cfg.MaxDepth)
		}
		if s.aliases > e.cfg.MaxAliases {
			return limitError(CodeAliases, "operation %s has %s aliased fields, more than the limit of %d", name, count(s.aliases), e.cfg.MaxAliases)
		}
	}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator: the
// complexity of the validated operation, with its variables.
func (e *Extension) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	// Introspection is off in every operation context gqlgen creates; this
	// is the switch extension.Introspection flips.
	oc.DisableIntrospection = !e.cfg.Introspection
	if oc.Operation == nil {
		return nil
	}
	c := Cost(e.cfg, oc.Operation, oc.Variables)
	if c > e.cfg.MaxComplexity {
		return limitError(CodeComplexity, "the operation's estimated cost is %s, more than the limit of %d: ask for smaller pages (first) or fewer nested lists", count(c), e.cfg.MaxComplexity)
	}
	return nil
}

// InterceptResponse implements graphql.ResponseInterceptor: a document with
// thousands of mistakes gets the first few explained, not a response as big
// as the attack.
func (e *Extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	r := next(ctx)
	if r != nil && e.cfg.MaxErrors > 0 && len(r.Errors) > e.cfg.MaxErrors {
		more := len(r.Errors) - e.cfg.MaxErrors
		r.Errors = append(r.Errors[:e.cfg.MaxErrors:e.cfg.MaxErrors], &gqlerror.Error{
			Message:    fmt.Sprintf("%d more errors not shown", more),
			Extensions: map[string]any{"code": "TOO_MANY_ERRORS"},
		})
	}
	return r
}

// InterceptField implements graphql.FieldInterceptor: once the request's
// context is done (its client went away, or its time limit passed), no
// resolver starts any more, so that the fields still to resolve cost a
// look at the context rather than a load; gqlgen has no such check of its
// own. Fields read straight from a loaded struct go on: they cost less than
// the check would save.
func (e *Extension) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	if ctx.Err() != nil {
		if fc := graphql.GetFieldContext(ctx); fc != nil && fc.IsResolver {
			return nil, ctx.Err()
		}
	}
	return next(ctx)
}

func limitError(code, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	errcode.Set(err, code)
	return err
}

// count prints a saturated counter without suggesting a precise figure.
func count(n int) string {
	if n >= saturated {
		return "more than a billion"
	}
	return fmt.Sprint(n)
}

const saturated = 1 << 30

func add(a, b int) int { return min(a+b, saturated) }

func mul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > saturated/b {
		return saturated
	}
	return min(a*b, saturated)
}

func countDirectives(doc *ast.QueryDocument) int {
	n := 0
	var set func(ast.SelectionSet)
	set = func(ss ast.SelectionSet) {
		for _, s := range ss {
			switch s := s.(type) {
			case *ast.Field:
				n += len(s.Directives)
				set(s.SelectionSet)
			case *ast.InlineFragment:
				n += len(s.Directives)
				set(s.SelectionSet)
			case *ast.FragmentSpread:
				n += len(s.Directives)
			}
		}
	}
	for _, op := range doc.Operations {
		n += len(op.Directives)
		for _, v := range op.VariableDefinitions {
			n += len(v.Directives)
		}
		set(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		n += len(f.Directives)
		set(f.SelectionSet)
	}
	return n
}

// shape is what the pre-validation walk measures of a selection set.
type shape struct {
	depth   int
	aliases int
}

type shapeWalker struct {
	frags map[string]*ast.FragmentDefinition
	memo  map[string]shape
	busy  map[string]bool
}

func (w *shapeWalker) set(ss ast.SelectionSet) (shape, *gqlerror.Error) {
	var out shape
	for _, s := range ss {
		var sub shape
		var err *gqlerror.Error
		switch s := s.(type) {
		case *ast.Field:
			if isIntrospection(s.Name) {
				// gqlparser's MaxIntrospectionDepth rule bounds these, and
				// GraphiQL's own introspection query is deeper than any
				// sensible data query.
				continue
			}
			sub, err = w.set(s.SelectionSet)
			sub.depth++
			if s.Alias != "" && s.Alias != s.Name {
				sub.aliases = add(sub.aliases, 1)
			}
		case *ast.InlineFragment:
			sub, err = w.set(s.SelectionSet)
		case *ast.FragmentSpread:
			sub, err = w.fragment(s.Name)
		}
		if err != nil {
			return out, err
		}
		out.depth = max(out.depth, sub.depth)
		out.aliases = add(out.aliases, sub.aliases)
	}
	return out, nil
}

func (w *shapeWalker) fragment(name string) (shape, *gqlerror.Error) {
	if s, ok := w.memo[name]; ok {
		return s, nil
	}
	f := w.frags[name]
	if f == nil {
		return shape{}, nil // validation reports unknown fragments
	}
	if w.busy[name] {
		err := gqlerror.Errorf("fragment %s spreads itself", name)
		errcode.Set(err, errcode.ValidationFailed)
		return shape{}, err
	}
	w.busy[name] = true
	s, err := w.set(f.SelectionSet)
	w.busy[name] = false
	if err == nil {
		w.memo[name] = s
	}
	return s, err
}

func isIntrospection(name string) bool { return name == "__schema" || name == "__type" }

// Cost estimates what a validated operation costs to answer, in points of
// about 10 µs of CPU at scale M (5,000 organisations), as calibrated in
// docs/security.md: each object resolved costs 1 point, a scalar nothing
// (its object pays for it); a list multiplies its selection by its
// realistic length, the smaller of its first argument and its average
// fan-out (FanOut), or by ListFactor for a list with neither; a connection's
// edges and nodes are paid by the connection's first; an analytics field
// adds the cost of its algorithm on a warm index (FieldCost).
func Cost(cfg Config, op *ast.OperationDefinition, vars map[string]any) int {
	return (&costWalker{cfg: cfg, vars: vars, memo: map[costKey]int{}}).set(op.SelectionSet, false)
}

// FanOut is the average length of the unpaged or per-object lists, by
// Type.field, measured at scale L (the largest the server is sized for,
// rounded up); a first argument smaller than it wins.
var FanOut = map[string]int{
	"Organisation.collaborators":      100, // ties per organisation (91 at M)
	"Organisation.partners":           10,
	"Organisation.children":           2,
	"Organisation.domains":            3,
	"Organisation.people":             15,
	"Organisation.memberships":        15,
	"Organisation.participations":     30,
	"Organisation.collaborations":     30,
	"Organisation.partnerships":       5,
	"CollaborationTie.collaborations": 3,
	"Collaboration.participants":      8,
	"Collaboration.people":            15,
	"Collaboration.domains":           2,
	"Person.memberships":              2,
	"Person.participations":           10,
	"Person.collaborations":           10,
	"GapReport.domains":               21, // every domain of the data (21 in the generator's scales)
	"DomainGaps.pairs":                10, // the pairs of five sectors
}

// ArgFanOut names the lists whose length is an argument of the field above
// them, by Type.field: the list argument (its length) of that parent
// field, when given, wins over FanOut (gaps(domains: ["x"]) answers one
// domain, not every one).
var ArgFanOut = map[string]struct{ Parent, Arg string }{
	"GapReport.domains": {"Query.gaps", "domains"},
}

// FieldCost is the cost of an analytics field's own work on a warm index,
// by Type.field, in the points of Cost (measured at M, docs/security.md).
// The first computation after a write (the index, brokers' centrality,
// communities) is shared by every request and bounded by the request
// timeout; it is not charged to whoever happens to ask first.
var FieldCost = map[string]int{
	"Query.brokers":            2000,
	"Query.summary":            500,
	"Query.gapBrokers":         10000,
	"Query.gaps":               1000,
	"Query.suggestedMeetings":  2500,
	"Query.communities":        500,
	"Query.mixing":             100,
	"Query.timeline":           100,
	"Query.articulationPoints": 300,
	"Query.bridges":            300,
	"Query.network":            8000,
	"Query.networkFile":        8000,
	"Query.organisationPath":   10,
	"Query.introductionPath":   10,
	// A group of 50 in the largest domain of M (3,759 candidates) takes
	// 82 CPU-ms, of 10 40 ms (BenchmarkMeetingInvitations).
	"Query.meetingInvitations": 8000,
	// Per gap cell, on the report's index: bridges scan every tie (5.5
	// CPU-ms a cell at M), the introduction is one bounded search (0.2 ms),
	// isolated with arguments one pass over the ties (BenchmarkGapCells).
	"SectorPair.bridges":      550,
	"SectorPair.introduction": 25,
	"GapReport.isolated":      200,
}

// costWalker computes Cost.
type costWalker struct {
	cfg    Config
	vars   map[string]any
	memo   map[costKey]int
	parent *ast.Field // the field whose selection is being walked (ArgFanOut)
}

type costKey struct {
	name  string
	paged bool
}

func (w *costWalker) set(ss ast.SelectionSet, paged bool) int {
	total := 0
	for _, s := range ss {
		switch s := s.(type) {
		case *ast.Field:
			total = add(total, w.field(s, paged))
		case *ast.InlineFragment:
			total = add(total, w.set(s.SelectionSet, paged))
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			k := costKey{s.Name, paged}
			c, ok := w.memo[k]
			if !ok {
				c = w.set(s.Definition.SelectionSet, paged)
				w.memo[k] = c
			}
			total = add(total, c)
		}
	}
	return total
}

func (w *costWalker) field(f *ast.Field, paged bool) int {
	if strings.HasPrefix(f.Name, "__") {
		return 0 // __typename is free; introspection is bounded by gqlparser
	}
	name := f.Name
	if f.ObjectDefinition != nil {
		name = f.ObjectDefinition.Name + "." + f.Name
	}
	own := FieldCost[name]
	if len(f.SelectionSet) == 0 {
		return own // a scalar: its object pays for it
	}
	isList := f.Definition != nil && f.Definition.Type != nil && f.Definition.Type.Elem != nil
	fan, known := FanOut[name]
	if a, ok := ArgFanOut[name]; ok && w.parent != nil && w.parent.ObjectDefinition != nil &&
		w.parent.ObjectDefinition.Name+"."+w.parent.Name == a.Parent {
		if l, ok := w.parent.ArgumentMap(w.vars)[a.Arg].([]any); ok && len(l) > 0 {
			fan, known = len(l), true
		}
	}
	parent := w.parent
	w.parent = f
	defer func() { w.parent = parent }()
	factor, childPaged := 1, false
	if first, ok := w.first(f); ok {
		factor, childPaged = first, !isList
		if known {
			factor = min(factor, fan)
		}
	} else if isList {
		switch {
		case paged && (f.Name == "edges" || f.Name == "nodes"):
		case known:
			factor = fan
		default:
			factor = w.cfg.ListFactor
		}
	}
	if childPaged {
		// A connection: its edges and nodes are the page.
		return add(own, add(1, mul(factor, w.set(f.SelectionSet, true))))
	}
	return add(own, mul(factor, add(1, w.set(f.SelectionSet, false))))
}

// first returns the page size of a field that takes a first argument.
func (w *costWalker) first(f *ast.Field) (int, bool) {
	if f.Definition == nil || f.Definition.Arguments.ForName("first") == nil {
		return 0, false
	}
	switch v := f.ArgumentMap(w.vars)["first"].(type) {
	case int64:
		return clampPage(v), true
	case int:
		return clampPage(int64(v)), true
	case float64:
		return clampPage(int64(math.Min(v, float64(saturated)))), true
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return clampPage(n), true
		}
	}
	return w.cfg.PageSize, true
}

func clampPage(v int64) int {
	if v < 1 {
		return 1
	}
	return int(min(v, saturated))
}

// seen is a bounded set of documents already checked: when full it is
// emptied, which costs a re-check and keeps memory bounded whatever clients
// send.
type seen struct {
	mu  sync.Mutex
	max int
	m   map[string]struct{}
}

func newSeen(n int) *seen { return &seen{max: n, m: make(map[string]struct{}, n)} }

func (s *seen) has(q string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[q]
	return ok
}

func (s *seen) add(q string) {
	if len(q) > 64<<10 {
		return // do not keep big documents alive
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.m) >= s.max {
		clear(s.m)
	}
	s.m[q] = struct{}{}
}
