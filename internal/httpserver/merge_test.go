package httpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// mergeServer is qualityServer with the store it serves, read as the
// system by the tests.
func mergeServer(t *testing.T) (*httptest.Server, reseau.Store) {
	t.Helper()
	v, err := auth.NewVerifier(exportAuth)
	if err != nil {
		t.Fatal(err)
	}
	store := demoStore(t)
	guarded := reseau.Checked(authz.New(store))
	srv := httpserver.NewSecure(&graph.Resolver{Store: guarded, Analytics: analytics.NewEngine(guarded)},
		slog.New(slog.NewTextHandler(io.Discard, nil)), httpserver.Security{Verifier: v, Limits: limits.Defaults(false)})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, store
}

// snapshot is the store's whole graph as JSON.
func snapshot(t *testing.T, s reseau.Store) string {
	t.Helper()
	ds, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(ds)
	return string(b)
}

// TestMergeOrganisationsOverHTTP merges the demo's CPAS youth service
// (cpas-pole-jeunes, named by its id) into cpas-famille-jeunesse, the pair
// possibleDuplicates proposes, with real tokens over real HTTP: an editor of
// both is FORBIDDEN and changes nothing; the coordinator's merge answers
// cpas-famille-jeunesse with the youth service's collaborators among its
// own (read before and after, through the warm caches), the old key and id
// name it, the pair is no longer proposed, and the old key is CONFLICT for
// a new organisation.
func TestMergeOrganisationsOverHTTP(t *testing.T) {
	ts, store := mergeServer(t)
	coord := tokenFor(t, reseau.RoleCoordinator)
	const into, from = "cpas-famille-jeunesse", "cpas-pole-jeunes"
	fromID := reseau.NodeID(reseau.TypeOrganisation, from)
	collaborators := func(key string) []string {
		t.Helper()
		var d struct {
			Organisation struct {
				Key           string
				Collaborators []struct{ Organisation struct{ Key string } }
			}
		}
		data(t, postFull(t, ts, coord, fmt.Sprintf(`{ organisation(key: %q) { key collaborators(first: 500) { organisation { key } } } }`, key)).answer, &d)
		var keys []string
		for _, c := range d.Organisation.Collaborators {
			keys = append(keys, c.Organisation.Key)
		}
		slices.Sort(keys)
		return keys
	}
	intoBefore, fromBefore := collaborators(into), collaborators(from)
	if len(fromBefore) == 0 || slices.Equal(intoBefore, fromBefore) {
		t.Fatalf("collaborators before: %s %v, %s %v", into, intoBefore, from, fromBefore)
	}
	mutation := fmt.Sprintf(`mutation { mergeOrganisations(into: %q, from: %q) { key aliases collaborators(first: 500) { organisation { key } } } }`, into, fromID)

	before := snapshot(t, store)
	a := postFull(t, ts, tokenFor(t, reseau.RoleEditor, into, from), mutation)
	if a.code() != reseau.EFORBIDDEN {
		t.Fatalf("editor: %s %+v, want FORBIDDEN", a.Data, a.Errors)
	}
	if snapshot(t, store) != before {
		t.Fatal("a refused merge changed the store")
	}

	a = postFull(t, ts, coord, mutation)
	var d struct {
		MergeOrganisations struct {
			Key           string
			Aliases       []string
			Collaborators []struct{ Organisation struct{ Key string } }
		}
	}
	data(t, a.answer, &d)
	if d.MergeOrganisations.Key != into || !slices.Contains(d.MergeOrganisations.Aliases, "Pôle Jeunes du CPAS (service référents jeunes)") {
		t.Errorf("merged: %+v", d.MergeOrganisations)
	}
	after := collaborators(into)
	for _, k := range append(slices.Clone(intoBefore), fromBefore...) {
		if k != into && k != from && !slices.Contains(after, k) {
			t.Errorf("%s's collaborators after the merge lack %s: %v", into, k, after)
		}
	}
	if slices.Contains(after, from) || slices.Equal(after, intoBefore) {
		t.Errorf("%s's collaborators after the merge: %v (before %v)", into, after, intoBefore)
	}

	var got struct {
		Organisation       struct{ Key string }
		Node               struct{ ID, Key string }
		PossibleDuplicates []struct{ A, B struct{ Key string } }
	}
	data(t, postFull(t, ts, coord, fmt.Sprintf(`{
	  organisation(key: %q) { key }
	  node(id: %q) { id ... on Organisation { key } }
	  possibleDuplicates(first: 1000) { a { ... on Organisation { key } } b { ... on Organisation { key } } }
	}`, from, fromID)).answer, &got)
	if got.Organisation.Key != into || got.Node.Key != into || got.Node.ID != reseau.NodeID(reseau.TypeOrganisation, into) {
		t.Errorf("the old key and id name %+v %+v, want %s", got.Organisation, got.Node, into)
	}
	for _, p := range got.PossibleDuplicates {
		if p.A.Key == from || p.B.Key == from {
			t.Errorf("possibleDuplicates still proposes %s: %+v", from, p)
		}
	}

	a = postFull(t, ts, coord, fmt.Sprintf(`mutation { createOrganisation(input: {key: %q, name: "Pôle Jeunes"}) { key } }`, from))
	if a.code() != reseau.ECONFLICT {
		t.Errorf("creating %s again: %s %+v, want CONFLICT", from, a.Data, a.Errors)
	}
}

// TestMergePeopleOverHTTP: a viewer's mergePeople is FORBIDDEN, with the
// same answer whether the person named is visible, hidden (PRIVATE
// elsewhere) or absent, and changes nothing; the coordinator's merge
// answers the surviving person, whom the merged key names afterwards.
func TestMergePeopleOverHTTP(t *testing.T) {
	ts, store := mergeServer(t)
	ctx := context.Background()
	people, err := store.FindPeople(ctx, reseau.PersonFilter{}, reseau.ListOptions{OrderBy: reseau.OrderKey})
	if err != nil {
		t.Fatal(err)
	}
	var visible, hidden []string
	for _, p := range people.Items {
		if p.Visibility == reseau.VisibilityNetwork {
			visible = append(visible, p.Key)
		} else {
			hidden = append(hidden, p.Key)
		}
	}
	if len(visible) < 2 || len(hidden) == 0 {
		t.Fatalf("the demo has %d NETWORK and %d PRIVATE people", len(visible), len(hidden))
	}
	mutation := func(into, from string) string {
		return fmt.Sprintf(`mutation { mergePeople(into: %q, from: %q) { key } }`, into, from)
	}
	before := snapshot(t, store)
	viewer := tokenFor(t, reseau.RoleViewer)
	var answers []string
	for _, from := range []string{visible[1], hidden[0], "p-nobody-at-all"} {
		a := postFull(t, ts, viewer, mutation(visible[0], from))
		if a.code() != reseau.EFORBIDDEN || len(a.Errors) != 1 {
			t.Fatalf("viewer merging %s: %s %+v, want FORBIDDEN", from, a.Data, a.Errors)
		}
		answers = append(answers, a.Errors[0].Message)
	}
	if answers[0] != answers[1] || answers[1] != answers[2] {
		t.Errorf("the answers tell visible, hidden and absent people apart: %q", answers)
	}
	if snapshot(t, store) != before {
		t.Fatal("a refused merge changed the store")
	}

	coord := tokenFor(t, reseau.RoleCoordinator)
	var d struct{ MergePeople struct{ Key string } }
	data(t, postFull(t, ts, coord, mutation(visible[0], reseau.NodeID(reseau.TypePerson, hidden[0]))).answer, &d)
	if d.MergePeople.Key != visible[0] {
		t.Errorf("merged into %q, want %s", d.MergePeople.Key, visible[0])
	}
	var got struct {
		Person struct{ Key, Visibility string }
	}
	data(t, postFull(t, ts, coord, fmt.Sprintf(`{ person(key: %q) { key visibility } }`, hidden[0])).answer, &got)
	if got.Person.Key != visible[0] || got.Person.Visibility != string(reseau.VisibilityPrivate) {
		t.Errorf("person %s after the merge: %+v, want %s, PRIVATE", hidden[0], got.Person, visible[0])
	}
}
