package graph_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/graph/serial"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// TestSerialReadPath reads the generated executor: the fields of the node
// types (serial.Types) are resolved in their object's goroutine, and their
// lists are marshalled by serial.MarshalSlice, not one goroutine per element.
// It fails on code that plain `gqlgen generate` wrote (regenerate with
// `go run ./graph/gqlgen`).
func TestSerialReadPath(t *testing.T) {
	files, err := filepath.Glob("generated/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no generated files (%v)", err)
	}
	calls := map[string][]string{} // function name -> the selectors it calls
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
						if x, ok := sel.X.(*ast.Ident); ok {
							calls[fn.Name.Name] = append(calls[fn.Name.Name], x.Name+"."+sel.Sel.Name)
						} else {
							calls[fn.Name.Name] = append(calls[fn.Name.Name], sel.Sel.Name)
						}
					}
				}
				return true
			})
		}
	}
	for _, typ := range serial.Types {
		obj, ok := calls["_"+typ]
		if !ok {
			t.Errorf("no generated marshaller _%s: is %s still a type of the schema?", typ, typ)
			continue
		}
		for _, c := range obj {
			if strings.HasSuffix(c, "ResolveConcurrently") {
				t.Errorf("_%s resolves a field concurrently: regenerate with go run ./graph/gqlgen", typ)
				break
			}
		}
		lists := 0
		for fn, cs := range calls {
			if !strings.HasPrefix(fn, "marshalN"+typ+"2ᚕ") && !strings.HasPrefix(fn, "marshalO"+typ+"2ᚕ") {
				continue
			}
			lists++
			for _, c := range cs {
				if c == "graphql.MarshalSliceConcurrently" {
					t.Errorf("%s marshals a goroutine per element: regenerate with go run ./graph/gqlgen", fn)
				}
			}
		}
		if lists == 0 {
			t.Errorf("no generated list of %s found: the test no longer reads the generated names", typ)
		}
	}
}

// TestListPageGoroutines asks a page of organisations with their
// collaborators, domains and partners, and samples the number of goroutines
// at every field resolved: it stays near what it was before the request,
// whatever the size of the page (before the serial read path it grew by one
// per organisation and per tie).
func TestListPageGoroutines(t *testing.T) {
	s := sqlitetest.Demo(t)
	srv := httpserver.NewGraphQL(&graph.Resolver{Store: s}, nil)
	var peak atomic.Int64
	srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
		if n := int64(runtime.NumGoroutine()); n > peak.Load() {
			peak.Store(n)
		}
		return next(ctx)
	})
	c := client.New(srv)
	q := `{ organisations(first: 60) { nodes { key sector domains { key } collaborators(first: 20) { weight organisation { key name sector } } partners { key } } } }`
	var d struct {
		Organisations struct {
			Nodes []struct {
				Collaborators []struct{ Weight int }
			}
		}
	}
	post := func() {
		t.Helper()
		res, err := c.RawPost(q)
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("%v %s", err, res.Errors)
		}
		if err := decode(res.Data, &d); err != nil {
			t.Fatal(err)
		}
	}
	post() // warm the store's caches
	ties := 0
	for _, n := range d.Organisations.Nodes {
		ties += len(n.Collaborators)
	}
	if len(d.Organisations.Nodes) < 50 || ties < 100 {
		t.Fatalf("the demo answered %d organisations and %d ties: too few to tell", len(d.Organisations.Nodes), ties)
	}
	before := int64(runtime.NumGoroutine())
	peak.Store(0)
	post()
	// Root fields, the dataloaders' timers and the store's connection pool
	// may start a few; a goroutine per organisation would be 50 more.
	if grown := peak.Load() - before; grown > 20 {
		t.Errorf("answering %d organisations and %d ties grew the goroutines by %d", len(d.Organisations.Nodes), ties, grown)
	}
}
