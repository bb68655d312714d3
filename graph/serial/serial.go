// Package serial marshals the lists of the generated executor
// (graph/generated) one element after the other, in the caller's goroutine.
//
// gqlgen marshals every list of objects with graphql.MarshalSliceConcurrently:
// one goroutine per element. For a page of organisations and their
// collaborators that is tens of thousands of goroutines per request, each
// growing its own stack, for work that waits on nothing: the elements' fields
// are plain values or read from a dataloader page that the first element
// fetched for all. graph/gqlgen rewrites the marshalling of those lists to
// call MarshalSlice instead (see its package comment for which).
package serial

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// Types names the object types whose fields graph/gqlgen makes run one
// after the other: the nodes and the relationship rows of the graph, which
// internal/loaders reads a page at a time (the first element of a list
// fetches the page's relation for all, the others find it loaded).
var Types = []string{
	"Organisation", "Person", "Collaboration", "Partnership", "Domain",
	"Membership", "Participation", "PersonParticipation", "Party", "Knows",
	"CollaborationTie",
}

// MarshalSlice has the signature and the answers of
// graphql.MarshalSliceConcurrently, without the goroutines: each element gets
// its own field context (its index in the path of an error), and a panic in
// one element (unless omitPanicHandler) is reported on that element, which
// answers null. workerLimit is accepted and unused: there is one worker.
func MarshalSlice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	fcs := make([]graphql.FieldContext, length)
	idx := make([]int, length)
	for i := range length {
		idx[i] = i
		fc := &fcs[i]
		fc.Index = &idx[i]
		child := graphql.WithFieldContext(ctx, fc)
		if omitPanicHandler {
			ret[i] = marshalElement(child, i)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(child, graphql.Recover(child, r))
					ret[i] = graphql.Null
				}
			}()
			ret[i] = marshalElement(child, i)
		}()
	}
	return ret
}
