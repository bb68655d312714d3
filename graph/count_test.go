package graph_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// decode turns the data of a gqlgen client answer into v.
func decode(data any, v any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// countingStore records, for each list read, whether it asked for the total.
type countingStore struct {
	reseau.Store
	mu      sync.Mutex
	counted map[string][]bool
	limits  map[string][]int
}

func (s *countingStore) note(list string, o reseau.ListOptions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counted[list] = append(s.counted[list], !o.SkipCount)
	if s.limits == nil {
		s.limits = map[string][]int{}
	}
	s.limits[list] = append(s.limits[list], o.Limit)
}

func (s *countingStore) FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	s.note("organisations", o)
	return s.Store.FindOrganisations(ctx, f, o)
}

func (s *countingStore) FindPeople(ctx context.Context, f reseau.PersonFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Person], error) {
	s.note("people", o)
	return s.Store.FindPeople(ctx, f, o)
}

func (s *countingStore) FindCollaborations(ctx context.Context, f reseau.CollaborationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Collaboration], error) {
	s.note("collaborations", o)
	return s.Store.FindCollaborations(ctx, f, o)
}

func (s *countingStore) FindPartnerships(ctx context.Context, f reseau.PartnershipFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Partnership], error) {
	s.note("partnerships", o)
	return s.Store.FindPartnerships(ctx, f, o)
}

// TestTotalCountOnlyWhenAsked: a list asked only its nodes does not ask the
// store for its total; asked totalCount or pageInfo (hasNextPage is read
// from the total), it does, and answers them right.
func TestTotalCountOnlyWhenAsked(t *testing.T) {
	s := &countingStore{Store: sqlitetest.Demo(t)}
	c := client.New(httpserver.NewGraphQL(&graph.Resolver{Store: s}, nil))
	for _, tc := range []struct {
		name, query string
		count       bool
	}{
		{"nodes", `{ organisations(first: 3) { nodes { key } } people(first: 3) { nodes { key } } collaborations(first: 3) { nodes { key } } partnerships(first: 3) { nodes { key } } }`, false},
		{"edges", `{ organisations(first: 3) { edges { cursor node { key } } } people(first: 3) { edges { node { key } } } collaborations(first: 3) { edges { node { key } } } partnerships(first: 3) { edges { node { key } } } }`, false},
		{"totalCount", `{ organisations(first: 3) { totalCount } people(first: 3) { totalCount } collaborations(first: 3) { totalCount } partnerships(first: 3) { totalCount } }`, true},
		{"pageInfo", `{ organisations(first: 3) { pageInfo { hasNextPage } } people(first: 3) { pageInfo { hasNextPage } } collaborations(first: 3) { pageInfo { hasNextPage } } partnerships(first: 3) { pageInfo { hasNextPage } } }`, true},
		{"in a fragment", `{ organisations(first: 3) { ...c } people(first: 3) { ...p } collaborations(first: 3) { totalCount } partnerships(first: 3) { totalCount } } fragment c on OrganisationConnection { totalCount } fragment p on PersonConnection { totalCount }`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.counted, s.limits = map[string][]bool{}, map[string][]int{}
			var d map[string]struct {
				TotalCount int
				PageInfo   struct{ HasNextPage bool }
			}
			res, err := c.RawPost(tc.query)
			if err != nil || len(res.Errors) > 0 {
				t.Fatalf("%v %s", err, res.Errors)
			}
			if err := decode(res.Data, &d); err != nil {
				t.Fatal(err)
			}
			for _, list := range []string{"organisations", "people", "collaborations", "partnerships"} {
				if got := s.counted[list]; len(got) != 1 || got[0] != tc.count {
					t.Errorf("%s: the store was asked for its total %v, want [%v]", list, got, tc.count)
				}
				// Asked its total alone, a list reads one row, not its page.
				if want := map[bool]int{true: 1, false: 3}[tc.name == "totalCount" || tc.name == "in a fragment"]; len(s.limits[list]) != 1 || s.limits[list][0] != want {
					t.Errorf("%s: the store was asked for %v rows, want [%d]", list, s.limits[list], want)
				}
				if tc.name == "totalCount" && d[list].TotalCount <= 3 {
					t.Errorf("%s: totalCount %d, want more than the page of 3", list, d[list].TotalCount)
				}
				if tc.name == "pageInfo" && !d[list].PageInfo.HasNextPage {
					t.Errorf("%s: hasNextPage false after a page of 3", list)
				}
			}
		})
	}
}
