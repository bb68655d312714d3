package analytics

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// TestRolesAreDecidedInAuthz fails when the package decides by itself who
// may see people: reading the caller's roles or scope, or answering the
// refusal codes. Those rules live in internal/authz (authz.PeopleScope,
// authz.VisiblePeople), once, for the stores' reads and the analytics alike.
func TestRolesAreDecidedInAuthz(t *testing.T) {
	forbidden := map[string]bool{
		"CallerFrom": true, "HasRole": true, "Authenticated": true, // the caller's roles
		"EUNAUTHORIZED": true, "EFORBIDDEN": true, // the refusals
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, _ := sel.X.(*ast.Ident)
			switch {
			case pkg != nil && pkg.Name == "authz":
				return true
			case sel.Sel.Name == "PeopleScope" && (pkg == nil || pkg.Name != "reseau"):
				// c.PeopleScope(): a scope computed here from the caller
				// (reseau.PeopleScope, the type, is what Index takes).
				t.Errorf("%s: the people scope is computed here, not asked of authz", fset.Position(sel.Pos()))
			case forbidden[sel.Sel.Name]:
				t.Errorf("%s: %s decides a role outside authz", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
	if checked == 0 {
		t.Fatal("no source file checked")
	}
}
