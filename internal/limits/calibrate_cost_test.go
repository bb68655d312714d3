package limits_test

import (
	"sort"
	"testing"

	"github.com/reseau-bxl/reseau/internal/limits"
)

// TestCalibratedCost: with the default limit, the dashboard queries pass and
// the expensive ones are refused (figures in docs/security.md).
func TestCalibratedCost(t *testing.T) {
	schema := loadSchemaB(t)
	limit := limits.Defaults(false).MaxComplexity
	for _, set := range []struct {
		queries map[string]string
		cheap   bool
	}{{cheapQueries, true}, {expensiveQueries, false}} {
		names := make([]string, 0, len(set.queries))
		for n := range set.queries {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, name := range names {
			c := estimate(t, schema, set.queries[name])
			t.Logf("%-22s cost %d", name, c)
			if set.cheap && c > limit {
				t.Errorf("%s: cost %d is refused (limit %d), but the query is cheap", name, c, limit)
			}
			if !set.cheap && c <= limit {
				t.Errorf("%s: cost %d passes (limit %d), but the query is expensive", name, c, limit)
			}
		}
	}
}
