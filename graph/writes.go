package graph

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Writes shared by several mutations. Each reads what it changes straight
// from the store (never from a request cache), lets the store validate, and
// answers the node as it is after the write.

func (r *mutationResolver) setOrganisationDomain(ctx context.Context, orgRef, domainRef string, add bool) (*reseau.Organisation, error) {
	k, err := refKey("organisation", reseau.TypeOrganisation, orgRef)
	if err != nil {
		return nil, err
	}
	d, err := refKey("domain", reseau.TypeDomain, domainRef)
	if err != nil {
		return nil, err
	}
	o, err := stored(ctx, r.Store.OrganisationsByKeys, reseau.TypeOrganisation, k)
	if err != nil {
		return nil, err
	}
	if !add {
		if err := mustHave(o.Domains, d, "domain"); err != nil {
			return nil, err
		}
	}
	o.Domains = withDomain(o.Domains, d, add)
	return write(ctx, o, r.Store.UpdateOrganisation)
}

func (r *mutationResolver) setCollaborationDomain(ctx context.Context, collabRef, domainRef string, add bool) (*reseau.Collaboration, error) {
	k, err := refKey("collaboration", reseau.TypeCollaboration, collabRef)
	if err != nil {
		return nil, err
	}
	d, err := refKey("domain", reseau.TypeDomain, domainRef)
	if err != nil {
		return nil, err
	}
	c, err := stored(ctx, r.Store.CollaborationsByKeys, reseau.TypeCollaboration, k)
	if err != nil {
		return nil, err
	}
	if !add {
		if err := mustHave(c.Domains, d, "domain"); err != nil {
			return nil, err
		}
	}
	c.Domains = withDomain(c.Domains, d, add)
	return write(ctx, c, r.Store.UpdateCollaboration)
}

// mustHave answers ENOTFOUND when removing a key that is not there, like the
// store's relationship deletes do.
func mustHave(keys []string, k, field string) error {
	for _, have := range keys {
		if have == k {
			return nil
		}
	}
	return &reseau.Error{Code: reseau.ENOTFOUND, Field: field, Message: "not linked to " + k}
}

// refs resolves two key-or-id arguments.
func refs(aField, aType, aRef, bField, bType, bRef string) (string, string, error) {
	a, err := refKey(aField, aType, aRef)
	if err != nil {
		return "", "", err
	}
	b, err := refKey(bField, bType, bRef)
	return a, b, err
}

// reread answers the node a relationship write changed, read after the write.
func reread[T any](ctx context.Context, err error, load func(context.Context, string) (*T, error), key string) (*T, error) {
	if err != nil {
		return nil, err
	}
	return load(ctx, key)
}

// write checks v on its own, then lets the store write it (and check its
// references): a bad input is answered the same whatever store is configured.
func write[T interface{ Validate() error }](ctx context.Context, v T, store func(context.Context, T) error) (T, error) {
	if err := v.Validate(); err != nil {
		return v, err
	}
	return v, store(ctx, v)
}
