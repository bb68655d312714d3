package storetest

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// serverKey is the form of the keys reseau.NewPersonKey makes.
var serverKey = regexp.MustCompile(`^p-[a-z2-7]{20}$`)

// testNewPerson checks CreatePerson's key assignment and the memberships
// created with the person: one write, one audit entry, and nothing at all
// when an organisation does not exist.
func testNewPerson(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)

	a := &reseau.Person{Name: "Karim Demir", Visibility: reseau.VisibilityPrivate}
	b := &reseau.Person{Name: "Karim Demir", Visibility: reseau.VisibilityPrivate}
	must(t, s.CreatePerson(ctx, a, reseau.Membership{OrganisationKey: "gerbe", Role: "AS", Since: "2024"}))
	must(t, s.CreatePerson(ctx, b))
	if !serverKey.MatchString(a.Key) || !serverKey.MatchString(b.Key) || a.Key == b.Key {
		t.Fatalf("assigned keys %q and %q, want two different p- keys", a.Key, b.Key)
	}
	ms, err := s.Memberships(ctx, reseau.EdgeFilter{From: []string{a.Key}})
	must(t, err)
	if want := (reseau.Membership{PersonKey: a.Key, OrganisationKey: "gerbe", Role: "AS", Since: "2024"}); len(ms) != 1 || ms[0] != want {
		t.Fatalf("memberships = %+v, want %+v", ms, want)
	}
	// PRIVATE at La Gerbe from the first commit: La Gerbe's viewers see them.
	got, err := s.PeopleByKeys(as(viewerGerbe), []string{a.Key, b.Key})
	must(t, err)
	if got[a.Key] == nil || got[b.Key] != nil {
		t.Fatalf("La Gerbe's viewer sees %v, want only %s", got, a.Key)
	}
	page, err := s.Audit(ctx, reseau.AuditFilter{Type: reseau.TypePerson, Key: a.Key}, reseau.ListOptions{})
	must(t, err)
	if len(page.Items) != 1 || page.Items[0].Action != "createPerson" || !strings.Contains(page.Items[0].After, `"organisation":"gerbe"`) {
		t.Fatalf("audit = %+v, want one createPerson naming the membership", page.Items)
	}

	// A rejected creation changes nothing.
	v, err := s.Version(ctx)
	must(t, err)
	for _, c := range []struct {
		name  string
		ms    []reseau.Membership
		code  string
		field string
	}{
		{"unknown organisation", []reseau.Membership{{OrganisationKey: "cpas"}, {OrganisationKey: "nope"}}, reseau.EINVALID, "organisation"},
		{"bad membership date", []reseau.Membership{{OrganisationKey: "cpas", Since: "hier"}}, reseau.EINVALID, "since"},
	} {
		p := &reseau.Person{Key: "karim", Name: "Karim", Visibility: reseau.VisibilityNetwork}
		err := s.CreatePerson(ctx, p, c.ms...)
		var e *reseau.Error
		if reseau.ErrorCode(err) != c.code || !errors.As(err, &e) || e.Field != c.field {
			t.Errorf("%s: %v, want %s on %s", c.name, err, c.code, c.field)
		}
	}
	if after, err := s.Version(ctx); err != nil || after != v {
		t.Fatalf("version %d → %d (%v): a rejected creation wrote", v, after, err)
	}
	if got, err := s.PeopleByKeys(ctx, []string{"karim"}); err != nil || len(got) != 0 {
		t.Fatalf("rejected person stored: %v %v", got, err)
	}
}
