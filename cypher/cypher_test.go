package cypher

import (
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	set := Load()
	if len(set) == 0 {
		t.Fatal("no statement embedded")
	}
	for _, name := range set.Names() {
		verb, noun, ok := strings.Cut(name, "_")
		if !ok || verb == "" || noun == "" {
			t.Errorf("%s.cypher is not named <verb>_<noun>", name)
		}
		if strings.TrimSpace(set[name]) == "" {
			t.Errorf("%s.cypher is empty", name)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Get of an unknown name does not panic")
		}
	}()
	set.Get("no_such_statement")
}

func TestStatements(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"one without semicolon", "MATCH (n)\nRETURN n\n", []string{"MATCH (n)\nRETURN n"}},
		{"comments dropped", "// intro\nCREATE INDEX a;\n\n// more\nCREATE INDEX b;\n", []string{"CREATE INDEX a", "CREATE INDEX b"}},
		{"only comments", "// nothing\n", nil},
		{"semicolon inside a line kept", "RETURN ';' AS s\n", []string{"RETURN ';' AS s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Statements(tt.src)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("Statements = %q, want %q", got, tt.want)
			}
		})
	}
}
