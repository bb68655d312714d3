package loaders

import (
	"context"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// TestSharedCollaborationsRecordedWhenAsked checks that reading a page's
// collaborators records the tied organisations as a page at once, but the
// collaborations the ties share (a megabyte of keys for a page of hubs at
// scale M) only once one of them is asked for, and then as one page: one
// store call for all of them.
func TestSharedCollaborationsRecordedWhenAsked(t *testing.T) {
	ctx := context.Background()
	store := sqlitetest.Demo(t)
	page, err := store.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	l := New(store)
	l.PrimeOrganisations(page.Items)
	var ties []reseau.CollaborationTie
	for _, o := range page.Items {
		ts, err := l.Collaborators(ctx, o.Key, reseau.ScopeOrganisation, "", "", 50)
		if err != nil {
			t.Fatal(err)
		}
		ties = append(ties, ts...)
	}
	var shared []string
	for _, tie := range ties {
		shared = append(shared, tie.CollaborationKeys...)
	}
	if len(ties) == 0 || len(shared) == 0 {
		t.Fatal("no ties in the demo's first page: the test proves nothing")
	}
	s := l.cur.Load()
	if s.pages.page(nodePage(reseau.TypeOrganisation), ties[0].OrganisationKey) == nil {
		t.Error("the tied organisations are not recorded as a page")
	}
	for _, k := range shared {
		if s.pages.page(reseau.TypeCollaboration, k) != nil || s.pages.page(nodePage(reseau.TypeCollaboration), k) != nil {
			t.Fatalf("collaboration %s is recorded as a page before any collaboration was asked for", k)
		}
	}
	if _, err := l.Collaborations(ctx, ties[0].CollaborationKeys); err != nil {
		t.Fatal(err)
	}
	for _, k := range shared {
		if s.pages.page(nodePage(reseau.TypeCollaboration), k) == nil {
			t.Fatalf("collaboration %s, shared by a tie of the page, is not in a page once one was asked for", k)
		}
	}
}
