package limits_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reseau-bxl/reseau/internal/limits"
)

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadSchemaB(tb testing.TB) *ast.Schema {
	tb.Helper()
	files, err := filepath.Glob("../../schema/*.graphqls")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no schema/*.graphqls found: %v", err)
	}
	var srcs []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		srcs = append(srcs, &ast.Source{Name: f, Input: string(b)})
	}
	s, err := gqlparser.LoadSchema(srcs...)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// estimate is the cost the default limits give q.
func estimate(tb testing.TB, schema *ast.Schema, q string) int {
	tb.Helper()
	doc, errs := gqlparser.LoadQuery(schema, q)
	if errs != nil {
		tb.Fatal(errs)
	}
	return limits.Cost(limits.Defaults(false), doc.Operations[0], nil)
}
