package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/graph/generated"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

const validationFailed = "GRAPHQL_VALIDATION_FAILED"

// TestWrongCaseEnumVariableChangesNothing is the report of issue 8: a
// lower-case sector sent as a variable was let through by gqlparser and
// decoded by gqlgen as no sector at all, which erased the organisation's.
func TestWrongCaseEnumVariableChangesNothing(t *testing.T) {
	s := sqlitetest.Demo(t)
	c := client.New(httpserver.NewGraphQL(&graph.Resolver{Store: s}, nil))
	srv := httptest.NewServer(httpserver.NewGraphQL(&graph.Resolver{Store: s}, nil))
	defer srv.Close()
	before := sectorOf(t, c, "le-meridien")
	if before == nil {
		t.Fatal("le-meridien has no sector in the demo")
	}
	for _, q := range []string{
		`mutation($s: Sector) { updateOrganisation(key: "le-meridien", input: {sector: $s}) { sector } }`,
		`mutation($s: Sector!) { updateOrganisation(key: "le-meridien", input: {sector: $s}) { sector } }`,
	} {
		if status, code := post(t, srv.URL, q, map[string]any{"s": strings.ToLower(*before)}); status != http.StatusBadRequest || code != validationFailed {
			t.Errorf("%s with a lower-case sector: %d %q, want 400 %s", q, status, code, validationFailed)
		}
	}
	if after := sectorOf(t, c, "le-meridien"); after == nil || *after != *before {
		t.Errorf("sector after the refused updates = %v, want %s", after, *before)
	}
}

func sectorOf(t *testing.T, c *client.Client, key string) *string {
	t.Helper()
	var d struct{ Organisation struct{ Sector *string } }
	c.MustPost(`query($k: String) { organisation(key: $k) { sector } }`, &d, client.Var("k", key))
	return d.Organisation.Sector
}

// TestEveryEnumAndIntInput walks the executable schema for every place a
// client can give an enum or an Int (an argument of any reachable field, an
// input object's field at any depth, a list's element) and sends there, as a
// variable for the whole argument, as a variable at the value itself and as a
// literal:
// an enum value in the wrong case, and for an Int a number beyond 32 bits, a
// fraction and a string. Each must be refused by validation, and the store
// must not change. The same requests with an allowed value must pass
// validation, which proves the generated operations are otherwise valid.
func TestEveryEnumAndIntInput(t *testing.T) {
	s := sqlitetest.Demo(t)
	srv := httptest.NewServer(httpserver.NewGraphQL(&graph.Resolver{Store: s}, nil))
	defer srv.Close()
	b := &builder{schema: generated.NewExecutableSchema(generated.Config{}).Schema()}
	cases := b.cases()
	enums := map[string]bool{}
	for _, cs := range cases {
		if b.schema.Types[cs.leaf.Name()].Kind == ast.Enum {
			enums[cs.leaf.Name()] = true
		}
	}
	for name, def := range b.schema.Types {
		if def.Kind == ast.Enum && !strings.HasPrefix(name, "__") && !enums[name] {
			// An output-only enum: nothing to send.
			t.Logf("enum %s is never an input", name)
		}
	}
	if len(enums) < 8 {
		t.Fatalf("the walk found %d input enums (%v): it is broken", len(enums), enums)
	}
	t.Logf("%d places in %d input enums and Int", len(cases), len(enums))

	ctx := reseau.WithCaller(context.Background(), reseau.System)
	before, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range cases {
		for _, bad := range cs.bad {
			for _, r := range cs.requests(bad) {
				if status, code := post(t, srv.URL, r.query, r.vars); status != http.StatusBadRequest || code != validationFailed {
					t.Errorf("%s = %s (%s): %d %q, want 400 %s\n%s", cs.name, show(bad), r.form, status, code, validationFailed, r.query)
				}
			}
		}
	}
	after, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("the store changed under refused requests")
	}
	for _, cs := range cases {
		for _, r := range cs.requests(cs.good) {
			if _, code := post(t, srv.URL, r.query, r.vars); code == validationFailed {
				t.Errorf("%s = %s (%s) fails validation: the test builds a wrong operation\n%s", cs.name, show(cs.good), r.form, r.query)
			}
		}
	}
}

func show(v any) string { b, _ := json.Marshal(v); return string(b) }

// postGraphQL posts body asking for application/graphql-response+json, whose
// request errors are answered 400 (application/json ones are 200, as GraphQL
// over HTTP says).
func postGraphQL(url string, body []byte) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	return http.DefaultClient.Do(req)
}

// post sends a GraphQL request over HTTP as a browser would, and returns the
// status and the code of the first error.
func post(t *testing.T, url, query string, vars map[string]any) (int, string) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	res, err := postGraphQL(url, body)
	if err != nil {
		return 0, err.Error()
	}
	defer res.Body.Close()
	var out struct {
		Errors []struct{ Extensions struct{ Code string } }
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return res.StatusCode, err.Error()
	}
	if len(out.Errors) == 0 {
		return res.StatusCode, ""
	}
	return res.StatusCode, out.Errors[0].Extensions.Code
}

// builder makes operations from the schema.
type builder struct{ schema *ast.Schema }

// hop is one field on the way from a root type to the field under test.
type hop struct {
	field *ast.FieldDefinition
	on    string // the concrete type to spread inside it, for an interface
}

// place is an argument of a field reached by a route.
type place struct {
	op    string // query or mutation
	route []hop
	field *ast.FieldDefinition
	arg   *ast.ArgumentDefinition
}

// valueCase is one enum or Int inside an argument.
type valueCase struct {
	b     *builder
	name  string
	place place
	steps []string // input field names, "[]" for a list element
	leaf  *ast.Type
	good  any
	bad   []any
}

type request struct {
	form  string
	query string
	vars  map[string]any
}

// varRef stands for the variable $v inside a literal.
type varRef struct{}

// requests returns the operations that give v at c's place: as the whole
// argument's variable, as a variable at the value itself, and written in the
// document.
func (c valueCase) requests(v any) []request {
	b, p := c.b, c.place
	whole := b.valueAt(p.arg.Type, c.steps, v)
	atLeaf := b.literal(p.arg.Type, b.valueAt(p.arg.Type, c.steps, varRef{}))
	build := func(argText, varType string, val any) request {
		var defs []string
		vars := map[string]any{}
		if varType != "" {
			defs = append(defs, "$v: "+varType)
			vars["v"] = val
		}
		sel := p.field.Name + "(" + b.args(p.field, "f", &defs, vars, p.arg.Name, argText) + ")" + b.leafSelection(p.field.Type)
		for i := len(p.route) - 1; i >= 0; i-- {
			h := p.route[i]
			if h.on != "" {
				sel = "... on " + h.on + " { " + sel + " }"
			}
			args := b.args(h.field, fmt.Sprintf("p%d", i), &defs, vars, "", "")
			if args != "" {
				args = "(" + args + ")"
			}
			sel = h.field.Name + args + " { " + sel + " }"
		}
		op := p.op
		if len(defs) > 0 {
			op += "(" + strings.Join(defs, ", ") + ")"
		}
		return request{query: op + " { " + sel + " }", vars: vars}
	}
	r1 := build("$v", p.arg.Type.String(), whole)
	r1.form = "variable for the argument"
	r2 := build(atLeaf, c.leaf.String(), v)
	r2.form = "variable at the value"
	r3 := build(b.literal(p.arg.Type, whole), "", nil)
	r3.form = "literal"
	return []request{r1, r2, r3}
}

// args writes a field's arguments: the one under test as text, and every
// other required one as a variable holding a valid value.
func (b *builder) args(f *ast.FieldDefinition, prefix string, defs *[]string, vars map[string]any, name, text string) string {
	var out []string
	for _, a := range f.Arguments {
		switch {
		case a.Name == name:
			out = append(out, a.Name+": "+text)
		case a.Type.NonNull && a.DefaultValue == nil:
			v := prefix + "_" + a.Name
			*defs = append(*defs, "$"+v+": "+a.Type.String())
			vars[v] = b.dummy(a.Type)
			out = append(out, a.Name+": $"+v)
		}
	}
	return strings.Join(out, ", ")
}

func (b *builder) leafSelection(t *ast.Type) string {
	switch b.schema.Types[t.Name()].Kind {
	case ast.Object, ast.Interface, ast.Union:
		return " { __typename }"
	}
	return ""
}

// cases lists every enum and Int that an operation can give, found by
// walking the fields reachable from Query and Mutation.
func (b *builder) cases() []valueCase {
	var out []valueCase
	for _, p := range b.places() {
		for _, pos := range b.positions(p.arg.Type, nil, map[string]bool{}) {
			def := b.schema.Types[pos.leaf.Name()]
			cs := valueCase{b: b, place: p, steps: pos.steps, leaf: pos.leaf,
				name: fmt.Sprintf("%s %s(%s%s)", p.op, p.field.Name, p.arg.Name, strings.ReplaceAll(strings.Join(append([]string{""}, pos.steps...), "."), ".[]", "[]"))}
			if len(p.route) > 0 {
				cs.name = fmt.Sprintf("%s %s…%s(%s)", p.op, p.route[0].field.Name, p.field.Name, p.arg.Name)
			}
			if def.Kind == ast.Enum {
				cs.good = def.EnumValues[0].Name
				cs.bad = []any{swapCase(def.EnumValues[0].Name)}
			} else {
				cs.good = 1
				cs.bad = []any{int64(2147483648), -2147483649, 1.5, "12"}
			}
			out = append(out, cs)
		}
	}
	return out
}

func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, s)
}

// places lists the arguments of every field reachable from the roots, each
// type reached by its shortest route.
func (b *builder) places() []place {
	var out []place
	for _, root := range []struct {
		op  string
		def *ast.Definition
	}{{"query", b.schema.Query}, {"mutation", b.schema.Mutation}} {
		type item struct {
			typ   string
			route []hop
		}
		seen := map[string]bool{root.def.Name: true}
		queue := []item{{typ: root.def.Name}}
		for len(queue) > 0 {
			it := queue[0]
			queue = queue[1:]
			def := b.schema.Types[it.typ]
			for _, f := range def.Fields {
				if strings.HasPrefix(f.Name, "__") {
					continue
				}
				for _, a := range f.Arguments {
					out = append(out, place{op: root.op, route: it.route, field: f, arg: a})
				}
				next := b.schema.Types[f.Type.Name()]
				if next.Kind != ast.Object && next.Kind != ast.Interface {
					continue
				}
				targets := []string{""}
				if next.Kind == ast.Interface {
					targets = targets[:0]
					for _, impl := range b.schema.GetPossibleTypes(next) {
						targets = append(targets, impl.Name)
					}
					sort.Strings(targets)
				}
				for _, on := range targets {
					name := on
					if name == "" {
						name = next.Name
					}
					if seen[name] {
						continue
					}
					seen[name] = true
					route := append(append([]hop(nil), it.route...), hop{field: f, on: on})
					queue = append(queue, item{typ: name, route: route})
				}
			}
		}
	}
	return out
}

type position struct {
	steps []string
	leaf  *ast.Type
}

// positions finds the enums and Ints inside a value of type t.
func (b *builder) positions(t *ast.Type, steps []string, busy map[string]bool) []position {
	if t.Elem != nil {
		return b.positions(t.Elem, append(steps[:len(steps):len(steps)], "[]"), busy)
	}
	def := b.schema.Types[t.NamedType]
	switch {
	case def.Kind == ast.Enum, def.Name == "Int":
		return []position{{steps: steps, leaf: t}}
	case def.Kind == ast.InputObject && !busy[def.Name]:
		busy[def.Name] = true
		defer delete(busy, def.Name)
		var out []position
		for _, f := range def.Fields {
			out = append(out, b.positions(f.Type, append(steps[:len(steps):len(steps)], f.Name), busy)...)
		}
		return out
	}
	return nil
}

// valueAt is a valid value of type t holding v at steps.
func (b *builder) valueAt(t *ast.Type, steps []string, v any) any {
	if len(steps) == 0 {
		return v
	}
	if steps[0] == "[]" {
		return []any{b.valueAt(t.Elem, steps[1:], v)}
	}
	def := b.schema.Types[t.Name()]
	obj := b.dummy(&ast.Type{NamedType: def.Name}).(map[string]any)
	obj[steps[0]] = b.valueAt(def.Fields.ForName(steps[0]).Type, steps[1:], v)
	return obj
}

// dummy is a valid value of type t: its required fields only.
func (b *builder) dummy(t *ast.Type) any {
	if t.Elem != nil {
		return []any{b.dummy(t.Elem)}
	}
	def := b.schema.Types[t.NamedType]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[0].Name
	case ast.InputObject:
		obj := map[string]any{}
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil {
				obj[f.Name] = b.dummy(f.Type)
			}
		}
		return obj
	}
	switch def.Name {
	case "Int":
		return 1
	case "Float":
		return 1.5
	case "Boolean":
		return false
	case "Date":
		return "2020"
	}
	return "x"
}

// literal writes v, a value of type t, in GraphQL syntax.
func (b *builder) literal(t *ast.Type, v any) string {
	switch v := v.(type) {
	case varRef:
		return "$v"
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = b.literal(t.Elem, e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		def := b.schema.Types[t.Name()]
		var parts []string
		for _, f := range def.Fields {
			if fv, ok := v[f.Name]; ok {
				parts = append(parts, f.Name+": "+b.literal(f.Type, fv))
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case string:
		if b.schema.Types[t.Name()].Kind == ast.Enum {
			return v
		}
	}
	return show(v)
}

// TestInputErrorsSayWhere checks that a refused value is answered with the
// place it was found (the variable's path, or the literal's location) and,
// because gqlparser used to answer "cannot use value 0 as Int" for 1.5, that
// the message quotes the value as it was sent. The wording is free.
func TestInputErrorsSayWhere(t *testing.T) {
	srv := httptest.NewServer(httpserver.NewGraphQL(&graph.Resolver{Store: sqlitetest.Open(t)}, nil))
	defer srv.Close()
	first := `query($n: Int) { organisations(first: $n) { totalCount } }`
	filter := `query($f: NetworkFilter) { network(filter: $f) { nodes { id } } }`
	for _, c := range []struct {
		name  string
		query string
		vars  map[string]any
		path  []any  // of a variable's error
		value string // the value as the message must quote it
	}{
		{"fraction", first, map[string]any{"n": 1.5}, []any{"variable", "n"}, "1.5"},
		{"string", first, map[string]any{"n": "12"}, []any{"variable", "n"}, `"12"`},
		{"beyond 32 bits", first, map[string]any{"n": 2147483648}, []any{"variable", "n"}, "2147483648"},
		{"nested fraction", filter, map[string]any{"f": map[string]any{"depth": 2.5}}, []any{"variable", "f", "depth"}, "2.5"},
		{"enum in a list", filter, map[string]any{"f": map[string]any{"ties": []any{"PARTNERSHIP", "collaboration"}}}, []any{"variable", "f", "ties", 1.0}, `"collaboration"`},
		{"enum literal", `{ network(filter: {ties: [collaboration]}) { nodes { id } } }`, nil, nil, "collaboration"},
		{"Int literal", `{ organisations(first: 2147483648) { totalCount } }`, nil, nil, "2147483648"},
	} {
		t.Run(c.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": c.query, "variables": c.vars})
			res, err := postGraphQL(srv.URL, body)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out struct {
				Errors []struct {
					Message    string
					Path       []any
					Locations  []any
					Extensions struct{ Code string }
				}
			}
			if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) != 1 {
				t.Fatalf("%d %+v %v", res.StatusCode, out, err)
			}
			e := out.Errors[0]
			if res.StatusCode != http.StatusBadRequest || e.Extensions.Code != validationFailed {
				t.Errorf("%d %q, want 400 %s", res.StatusCode, e.Extensions.Code, validationFailed)
			}
			if c.path != nil && !reflect.DeepEqual(e.Path, c.path) {
				t.Errorf("path %v, want %v", e.Path, c.path)
			}
			if c.path == nil && len(e.Locations) == 0 {
				t.Error("a literal's error has no location")
			}
			if !strings.Contains(e.Message, c.value) {
				t.Errorf("message %q does not quote the value %s", e.Message, c.value)
			}
		})
	}
}

// BenchmarkStrictVariables is the cost the check adds to a request with
// variables: hit when the document is in the server's query cache, miss when
// it must be parsed again.
func BenchmarkStrictVariables(b *testing.B) {
	q := `query($f: OrganisationFilter, $o: OrganisationOrder, $n: Int) { organisations(filter: $f, orderBy: $o, first: $n) { nodes { key } } }`
	vars := map[string]any{
		"f": map[string]any{"sectors": []any{"CPAS", "MIXTE"}},
		"o": map[string]any{"field": "NAME", "direction": "DESC"},
		"n": json.Number("20"),
	}
	for _, cached := range []bool{true, false} {
		b.Run(map[bool]string{true: "hit", false: "miss"}[cached], func(b *testing.B) {
			docs := limits.QueryCache(10)
			ext := graph.NewStrictVariables(docs)
			es := generated.NewExecutableSchema(generated.Config{})
			if err := ext.Validate(es); err != nil {
				b.Fatal(err)
			}
			if cached {
				doc, errs := gqlparser.LoadQuery(es.Schema(), q)
				if errs != nil {
					b.Fatal(errs)
				}
				docs.Add(context.Background(), q, doc)
			}
			ctx := context.Background()
			for b.Loop() {
				if err := ext.MutateOperationParameters(ctx, &graphql.RawParams{Query: q, Variables: vars}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
