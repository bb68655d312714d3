// Command gqlgen generates Réseau's GraphQL executor (graph/generated) as
// gqlgen's own generate command does, with gqlgen.yml, and makes the read
// path of the node types serial: run it from the module root with
//
//	flock /tmp/gqlgen.lock go run ./graph/gqlgen
//
// gqlgen runs every resolver field, and marshals every element of a list of
// objects, in a goroutine of its own. For a dashboard page (fifty
// organisations with up to five hundred collaborators each) that is tens of
// thousands of goroutines per request, their stacks, and the scheduler: most
// of the CPU, and memory that grows with the concurrent requests. The fields
// of the node types (serial.Types) wait on nothing that another element would batch:
// every node they reach is in a dataloader page (internal/loaders) that the
// first element fetched for all. So their fields run one after the other
// (gqlgen's Object.DisableConcurrency, which it sets for Mutation), and the
// lists of every object type that has no concurrent field left, node types
// and plain values (the network view's nodes and edges...), are marshalled
// by serial.MarshalSlice. The types whose fields load nodes outside a page
// (analytics answers) keep gqlgen's concurrency, so that their elements'
// loads are batched.
//
// graph/serial_test.go checks the generated code, so that a regeneration
// with plain `gqlgen generate` is caught.
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/reseau-bxl/reseau/graph/serial"
)

const serialPkg = "github.com/reseau-bxl/reseau/graph/serial"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen:", err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return err
	}
	p := &serialPlugin{}
	if err := api.Generate(cfg, api.AddPlugin(p)); err != nil {
		return err
	}
	return rewrite(cfg.Exec.Dir(), p.lists)
}

// serialPlugin turns off the concurrency of the Serial types and records
// the object types left with no concurrent field.
type serialPlugin struct{ lists []string }

func (*serialPlugin) Name() string { return "serial" }

func (p *serialPlugin) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if slices.Contains(serial.Types, o.Name) {
			o.DisableConcurrency = true
		}
	}
	for _, o := range data.Objects {
		if !o.IsConcurrent() && !o.Root {
			p.lists = append(p.lists, o.Name)
		}
	}
	return nil
}

// rewrite replaces graphql.MarshalSliceConcurrently by serial.MarshalSlice in
// the functions that marshal a list of one of types (marshalN<Type>2ᚕ...,
// marshalO<Type>2ᚕ...) in the Go files of dir.
func rewrite(dir string, types []string) error {
	list := regexp.MustCompile(`^marshal[NO](` + strings.Join(types, "|") + `)2ᚕ`)
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	for _, name := range files {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		changed := false
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || !list.MatchString(fn.Name.Name) {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if ok && sel.Sel.Name == "MarshalSliceConcurrently" {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "graphql" {
						x.Name, sel.Sel.Name = "serial", "MarshalSlice"
						changed = true
					}
				}
				return true
			})
		}
		if !changed {
			continue
		}
		astutil.AddImport(fset, f, serialPkg)
		var buf bytes.Buffer
		if err := format.Node(&buf, fset, f); err != nil {
			return err
		}
		if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
