package graph

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Writes shared by several mutations. An update hands the store a function
// that patches the node as the store reads it inside its write transaction
// (never from a request cache, never read before the call): two concurrent
// patches of one node both land. reseau.Checked validates the patched node,
// and the store answers it as it is after the write.

func (r *mutationResolver) setOrganisationDomain(ctx context.Context, orgRef, domainRef string, add bool) (*reseau.Organisation, error) {
	k, err := refKey("organisation", reseau.TypeOrganisation, orgRef)
	if err != nil {
		return nil, err
	}
	d, err := refKey("domain", reseau.TypeDomain, domainRef)
	if err != nil {
		return nil, err
	}
	return r.Store.UpdateOrganisation(ctx, k, func(o *reseau.Organisation) error {
		return setDomain(&o.Domains, d, add)
	})
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
	return r.Store.UpdateCollaboration(ctx, k, func(c *reseau.Collaboration) error {
		return setDomain(&c.Domains, d, add)
	})
}

// setDomain adds or removes domain key k in a node's list: removing a key
// that is not there is ENOTFOUND.
func setDomain(domains *[]string, k string, add bool) error {
	if !add {
		if err := mustHave(*domains, k, "domain"); err != nil {
			return err
		}
	}
	*domains = withDomain(*domains, k, add)
	return nil
}

// merged turns the merge of an update input into the patch that a store's
// Update* method applies to the node it reads.
func merged[T, In any](in In, merge func(*T, In)) func(*T) error {
	return func(v *T) error {
		merge(v, in)
		return nil
	}
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

// write lets the store write v and answers it. The store is behind
// reseau.Checked (httpserver makes sure of it), which checks v once, the
// same whatever store is configured.
func write[T any](ctx context.Context, v T, store func(context.Context, T) error) (T, error) {
	return v, store(ctx, v)
}
