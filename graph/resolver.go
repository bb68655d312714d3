// Package graph is Réseau's GraphQL layer: gqlgen's generated executor and the
// resolvers, which check their arguments and call one store method or one
// dataloader each.
package graph

import (
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
