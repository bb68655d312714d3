package authz

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// AcceptImmersionPlan checks that the caller may record an immersion plan:
// coordinators only, since a plan ties organisations that are not the
// caller's (an editor could otherwise create the pairs' collaborations one
// by one, but the plan is the network coordination's decision). Errors:
// EUNAUTHORIZED, EFORBIDDEN. The writes themselves still go through Store,
// which checks each of them.
func AcceptImmersionPlan(ctx context.Context) error {
	return need(ctx, reseau.RoleCoordinator, "accept an immersion plan")
}
