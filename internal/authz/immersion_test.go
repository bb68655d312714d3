package authz_test

import (
	"context"
	"errors"
	"testing"

	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestAcceptImmersionPlanCoordinatorsOnly: anonymous callers must sign in,
// viewers and editors (even of the organisations concerned) are forbidden,
// coordinators may.
func TestAcceptImmersionPlanCoordinatorsOnly(t *testing.T) {
	cases := []struct {
		name   string
		caller *reseau.Caller
		code   string
	}{
		{"anonymous", reseau.Anonymous, reseau.EUNAUTHORIZED},
		{"viewer", &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}}, reseau.EFORBIDDEN},
		{"editor", &reseau.Caller{Subject: "e", Roles: []string{reseau.RoleEditor}, Orgs: []string{"sapv", "titeca"}}, reseau.EFORBIDDEN},
		{"coordinator", &reseau.Caller{Subject: "c", Roles: []string{reseau.RoleCoordinator}}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := authz.AcceptImmersionPlan(reseau.WithCaller(context.Background(), c.caller))
			var e *reseau.Error
			if c.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.As(err, &e) || e.Code != c.code {
				t.Fatalf("error %v, want %s", err, c.code)
			}
		})
	}
}
