package sqlite

import (
	"slices"
	"testing"
)

func TestLists(t *testing.T) {
	tests := []struct {
		name string
		list []string
	}{
		{"none", nil},
		{"one", []string{"fr"}},
		{"several", []string{"CPAS 1030", "OCMW Schaarbeek", "Mémoire Vivante- SSM La Gerbe asbl"}},
		{"quotes and separators", []string{`a","b`, `"`, `\`, `<&>`, ""}},
		{"empty strings", []string{"", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseList(strList(tt.list)); !slices.Equal(got, tt.list) {
				t.Errorf("parseList(strList(%q)) = %q", tt.list, got)
			}
		})
	}
}
