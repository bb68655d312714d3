package graph_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reseau-bxl/reseau/graph/generated"
)

// TestGeneratedSchemaMatchesSchemaFiles fails when schema/*.graphqls and the
// copy of it that gqlgen compiled into graph/generated differ: a schema file
// edited, added or removed without regenerating. It is the cheap half of the
// freshness check; .ci/run regenerates and diffs, which also catches a
// hand-edited generated file or a gqlgen.yml change.
func TestGeneratedSchemaMatchesSchemaFiles(t *testing.T) {
	compiled := map[string]string{} // base name -> text gqlgen compiled in
	note := func(p *ast.Position) {
		if p != nil && p.Src != nil && !p.Src.BuiltIn {
			compiled[filepath.Base(p.Src.Name)] = p.Src.Input
		}
	}
	s := generated.NewExecutableSchema(generated.Config{}).Schema()
	for _, d := range s.Types {
		note(d.Position)
		for _, f := range d.Fields {
			note(f.Position)
		}
		for _, v := range d.EnumValues {
			note(v.Position)
		}
	}
	for _, d := range s.Directives {
		note(d.Position)
	}

	files, err := filepath.Glob("../schema/*.graphqls")
	if err != nil || len(files) == 0 {
		t.Fatalf("no schema files found (%v)", err)
	}
	onDisk := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		onDisk[name] = true
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := compiled[name]
		switch {
		case !ok:
			t.Errorf("schema/%s is not in graph/generated: regenerate (README, Regenerate)", name)
		case got != string(b):
			t.Errorf("schema/%s differs from the copy in graph/generated: regenerate (README, Regenerate)", name)
		}
	}
	for name := range compiled {
		if !onDisk[name] {
			t.Errorf("graph/generated holds %s, which schema/ no longer has: regenerate (README, Regenerate)", name)
		}
	}
}
