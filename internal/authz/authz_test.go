package authz_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// open returns the fixture behind authorisation and, above it, the domain's
// rules, as `reseau serve` stacks them: a patch that changes a key is the
// rules' INVALID, whatever the caller.
func open(t *testing.T) reseau.Store {
	t.Helper()
	return reseau.Checked(authz.New(fixture(t)))
}

// fixture returns a new SQLite store holding the fixture, unguarded.
func fixture(t *testing.T) reseau.Store {
	t.Helper()
	ctx := context.Background() // no caller: System, to load the fixture
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ds := storetest.Fixture()
	ds.PersonParticipations = append(ds.PersonParticipations, reseau.PersonParticipation{CollaborationKey: "meeting-2018", PersonKey: "bob", Role: "participant"})
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWritesAreAudited checks that the decorator passes the caller on, so the
// store records who wrote.
func TestWritesAreAudited(t *testing.T) {
	s := open(t)
	editor := reseau.WithCaller(context.Background(), callers[3].c)
	if err := storetest.Err(s.UpdateOrganisation(editor, "cpas", storetest.Replace(org("cpas")))); err != nil {
		t.Fatal(err)
	}
	admin := reseau.WithCaller(context.Background(), callers[5].c)
	p, err := s.Audit(admin, reseau.AuditFilter{Actor: "e"}, reseau.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].Key != "cpas" {
		t.Fatalf("audit = %+v", p.Items)
	}
}

// TestPatchesAreChecked checks that an editor's patch cannot turn its
// organisation into another one (INVALID, as for every caller: a key names
// a node for good), that the patch of a refused update never runs, and that
// a refused patch changes nothing.
func TestPatchesAreChecked(t *testing.T) {
	s := open(t)
	editor := reseau.WithCaller(context.Background(), callers[3].c)
	cases := []struct {
		name  string
		key   string
		apply func(*reseau.Organisation) error
		code  string
	}{
		{"own organisation", "cpas", func(o *reseau.Organisation) error { o.Commune = "Evere"; return nil }, ""},
		{"own organisation made another", "cpas", func(o *reseau.Organisation) error { o.Key = "gerbe"; return nil }, I},
		{"another organisation", "gerbe", func(o *reseau.Organisation) error {
			t.Error("the patch of a refused update ran")
			return nil
		}, F},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, err := s.OrganisationsByKeys(editor, []string{c.key})
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.UpdateOrganisation(editor, c.key, c.apply)
			if code := reseau.ErrorCode(err); code != c.code {
				t.Fatalf("code = %q (%v), want %q", code, err, c.code)
			}
			after, _ := s.OrganisationsByKeys(editor, []string{c.key})
			if c.code == "" {
				if got.Commune != "Evere" || after[c.key].Commune != "Evere" || after[c.key].Name != before[c.key].Name {
					t.Errorf("returned %+v, stored %+v", got, after[c.key])
				}
			} else if !reflect.DeepEqual(after, before) {
				t.Errorf("a refused patch changed %+v into %+v", before[c.key], after[c.key])
			}
		})
	}
}

// TestChecksInsideAnOperation checks that the rules read the store through
// the operation they run in: the facts an editor's update is judged on
// include the operation's own earlier writes, and reading them from inside
// the update's transaction does not deadlock.
func TestChecksInsideAnOperation(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	coordinator := reseau.WithCaller(ctx, callers[4].c)
	err := s.Atomic(coordinator, func(octx context.Context) error {
		// bob leaves Le Méridien: from now on, in this operation, he
		// works nowhere, so the CPAS editor may take him on.
		if err := s.DeleteMembership(octx, "bob", "meridien"); err != nil {
			return err
		}
		editor := reseau.WithCaller(octx, callers[3].c)
		if _, err := s.UpdatePerson(editor, "bob", func(p *reseau.Person) error {
			p.Phone = "+32 2 111 11 11"
			return nil
		}); err != nil {
			return fmt.Errorf("editor's update of bob, who works nowhere in the operation: %w", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.PeopleByKeys(coordinator, []string{"bob"})
	if err != nil {
		t.Fatal(err)
	}
	if m["bob"] == nil || m["bob"].Phone != "+32 2 111 11 11" {
		t.Errorf("bob after the operation: %+v", m["bob"])
	}
}

// TestPeopleScope checks that the scope authz gives the analytics engine
// agrees, for every caller, with the store's people reads: the same refusal
// code, and the same people seen (a person is in the scope exactly when
// FindPeople lists them). VisiblePeople is that scope for the callers who
// may read people, and no one for the others.
func TestPeopleScope(t *testing.T) {
	s := open(t)
	ds := storetest.Fixture()
	orgs := map[string][]string{}
	for _, m := range ds.Memberships {
		orgs[m.PersonKey] = append(orgs[m.PersonKey], m.OrganisationKey)
	}
	for _, c := range callers {
		t.Run(c.name, func(t *testing.T) {
			ctx := reseau.WithCaller(context.Background(), c.c)
			scope, err := authz.PeopleScope(ctx)
			page, rerr := s.FindPeople(ctx, reseau.PersonFilter{}, reseau.ListOptions{Limit: 100})
			if got, want := reseau.ErrorCode(err), reseau.ErrorCode(rerr); got != want {
				t.Fatalf("PeopleScope: %q (%v), FindPeople: %q (%v)", got, err, want, rerr)
			}
			visible := authz.VisiblePeople(ctx)
			if err != nil {
				if !visible.None {
					t.Errorf("VisiblePeople = %+v for a caller refused people", visible)
				}
				return
			}
			if !reflect.DeepEqual(visible, scope) {
				t.Errorf("VisiblePeople = %+v, PeopleScope = %+v", visible, scope)
			}
			listed := map[string]bool{}
			for _, p := range page.Items {
				listed[p.Key] = true
			}
			for _, p := range ds.People {
				if in := scope.CanSee(p.Key, p.Visibility, orgs[p.Key]); in != listed[p.Key] {
					t.Errorf("%s: in the scope %v, listed by FindPeople %v", p.Key, in, listed[p.Key])
				}
			}
		})
	}
}
