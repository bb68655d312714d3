package graph

import (
	"context"
	"fmt"

	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// acceptImmersionPlan records pairs as one "immersion" collaboration each,
// through the store's ordinary writes; the mutation runs them in one
// transaction, so a rejected pair leaves nothing behind.
func acceptImmersionPlan(ctx context.Context, store reseau.Store, pairs []*model.ImmersionPairInput, title, date string) ([]*reseau.Collaboration, error) {
	if err := authz.AcceptImmersionPlan(ctx); err != nil {
		return nil, err
	}
	if len(pairs) == 0 {
		return nil, &reseau.Error{Code: reseau.EINVALID, Field: "pairs", Message: "an immersion plan needs at least one pair"}
	}
	seen := map[[2]string]bool{}
	out := make([]*reseau.Collaboration, 0, len(pairs))
	for i, p := range pairs {
		a, b := p.A, p.B
		if a > b {
			a, b = b, a
		}
		field := fmt.Sprintf("pairs[%d]", i)
		if a == b {
			return nil, &reseau.Error{Code: reseau.EINVALID, Field: field, Message: a + " cannot do an immersion with itself"}
		}
		if seen[[2]string{a, b}] {
			return nil, &reseau.Error{Code: reseau.EINVALID, Field: field, Message: fmt.Sprintf("the pair %s–%s is in the plan twice", a, b)}
		}
		seen[[2]string{a, b}] = true
		c := &reseau.Collaboration{
			Key: "immersion-" + date + "-" + a + "-" + b, Kind: "immersion",
			Title: title, StartDate: date, EndDate: date, Status: "planned",
			Description: "Immersion réciproque : " + a + " accueille " + b + " et " + b + " accueille " + a,
		}
		if err := store.CreateCollaboration(ctx, c); err != nil {
			return nil, err
		}
		for _, o := range []string{a, b} {
			if err := store.PutParticipation(ctx, reseau.Participation{CollaborationKey: c.Key, OrganisationKey: o, Role: "hote-visiteur"}); err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, nil
}
