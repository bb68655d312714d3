package reseau_test

import (
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestInstitution(t *testing.T) {
	parents := map[string]string{
		"pole-jeunes": "cpas", "cellule": "pole-jeunes", // two levels
		"a": "b", "b": "a", // a cycle an imported file might hold
	}
	parent := func(k string) string { return parents[k] }
	for _, tt := range []struct{ key, want string }{
		{"cpas", "cpas"},
		{"pole-jeunes", "cpas"},
		{"cellule", "cpas"},
		{"a", "b"},
		{"b", "a"},
		{"unknown", "unknown"},
	} {
		if got := reseau.Institution(tt.key, parent); got != tt.want {
			t.Errorf("Institution(%s) = %s, want %s", tt.key, got, tt.want)
		}
	}
}
