// Package graph is Réseau's GraphQL layer, as people wrote it: the resolvers,
// which check their arguments and call one store method or one dataloader
// each, and the input checks, paging, filters, ids and error presenter they
// share. gqlgen's executor is generated apart, into graph/generated (see
// gqlgen.yml); nothing there is edited by hand.
package graph

import (
	"github.com/reseau-bxl/reseau/graph/generated"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Resolver holds the services the resolvers call. It is built once, in
// server.go; later services (analytics, auth) are added as fields here.
type Resolver struct {
	Store reseau.Store
	// Analytics answers the network analytics (schema/analytics.graphqls);
	// server.go builds it over the same store: analytics.NewEngine(store).
	Analytics *analytics.Engine
}

var _ generated.ResolverRoot = (*Resolver)(nil)
