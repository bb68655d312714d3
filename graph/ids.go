package graph

import (
	"context"

	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/loaders"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// keyOrID returns the key named by exactly one of key and id, which must be
// of type typ.
func keyOrID(typ string, key, id *string) (string, error) {
	switch {
	case key != nil && id != nil:
		return "", reseau.FieldErrorf("key", "give a key or an id, not both")
	case key != nil:
		if *key == "" {
			return "", reseau.FieldErrorf("key", "the key is empty")
		}
		return *key, nil
	case id != nil:
		t, k, err := reseau.ParseNodeID(*id)
		if err != nil {
			return "", err
		}
		if t != typ {
			return "", reseau.FieldErrorf("id", "%q is the id of a %s, not of a %s", *id, t, typ)
		}
		return k, nil
	}
	return "", reseau.FieldErrorf("key", "give a key or an id")
}

// refKey reads an argument that may hold a key or a global id of type typ,
// as relationship mutations and analytics arguments do.
func refKey(field, typ, ref string) (string, error) {
	if ref == "" {
		return "", reseau.FieldErrorf(field, "a %s key or id is required", typ)
	}
	if t, k, err := reseau.ParseNodeID(ref); err == nil {
		if t != typ {
			return "", reseau.FieldErrorf(field, "%q is the id of a %s, not of a %s", ref, t, typ)
		}
		return k, nil
	}
	return ref, nil
}

// nodeTypes maps the GraphQL NodeType enum to the domain's type names.
func nodeTypes(ts []model.NodeType) []string {
	if len(ts) == 0 {
		return nil
	}
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		switch t {
		case model.NodeTypeOrganisation:
			out = append(out, reseau.TypeOrganisation)
		case model.NodeTypePerson:
			out = append(out, reseau.TypePerson)
		case model.NodeTypeCollaboration:
			out = append(out, reseau.TypeCollaboration)
		case model.NodeTypePartnership:
			out = append(out, reseau.TypePartnership)
		case model.NodeTypeDomain:
			out = append(out, reseau.TypeDomain)
		}
	}
	return out
}

// nodes loads nodes by global id, in order, with null for the unknown ones;
// a malformed id is an error.
func nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	thunks := make([]func() (any, error), len(ids))
	for i, id := range ids {
		typ, key, err := reseau.ParseNodeID(id)
		if err != nil {
			return nil, err
		}
		// Load concurrently so that the loaders batch the ids of one type.
		ch := make(chan struct {
			v   any
			err error
		}, 1)
		go func() {
			v, err := loaders.For(ctx).Node(ctx, typ, key)
			ch <- struct {
				v   any
				err error
			}{v, err}
		}()
		thunks[i] = func() (any, error) { r := <-ch; return r.v, r.err }
	}
	out := make([]model.Node, len(ids))
	for i, t := range thunks {
		v, err := t()
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// as narrows a loaded node to its type; none is a nil pointer.
func as[T any](v any, err error) (*T, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return v.(*T), nil
}
