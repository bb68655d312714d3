package reseau_test

import (
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestTieFold(t *testing.T) {
	type collab struct{ key, start, end string }
	tests := []struct {
		name        string
		collabs     []collab
		first, last string
	}{
		{"none", nil, "", ""},
		{"no dates", []collab{{"a", "", ""}}, "", ""},
		{"start only is its last day too", []collab{{"a", "2019-05", ""}}, "2019-05", "2019-05"},
		{"earliest start, latest end", []collab{{"b", "2020", "2021-03"}, {"a", "2018-06-01", "2018-07"}, {"c", "2022-02", ""}}, "2018-06-01", "2022-02"},
		// "2018" covers 2018-01-01, earlier than 2018-03-01; "2021" ends
		// 2021-12-31, later than 2021-06-30: days covered decide, and the
		// dates are reported as stored.
		{"partial dates compare by their days", []collab{{"a", "2018-03-01", "2021-06-30"}, {"b", "2018", "2021"}}, "2018", "2021"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := reseau.NewTieFold("other")
			var keys []string
			for _, c := range tt.collabs {
				f.Add(c.key, c.start, c.end)
				keys = append(keys, c.key)
			}
			tie := f.Tie()
			slices.Sort(keys)
			if tie.OrganisationKey != "other" || tie.Weight != len(tt.collabs) || !slices.Equal(tie.CollaborationKeys, keys) ||
				tie.FirstDate != tt.first || tie.LastDate != tt.last {
				t.Errorf("tie = %+v, want weight %d, keys %q, %q–%q", tie, len(tt.collabs), keys, tt.first, tt.last)
			}
		})
	}
}

func TestSortTies(t *testing.T) {
	ties := []reseau.CollaborationTie{{OrganisationKey: "b", Weight: 1}, {OrganisationKey: "c", Weight: 3}, {OrganisationKey: "a", Weight: 1}}
	reseau.SortTies(ties)
	var got []string
	for _, t := range ties {
		got = append(got, t.OrganisationKey)
	}
	if want := []string{"c", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("order = %q, want %q", got, want)
	}
}
