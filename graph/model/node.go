// Package model holds the GraphQL types that have no domain struct: the ones
// gqlgen generates (connections, inputs) and the Node interface.
package model

// Node is the GraphQL Node interface. The domain structs it stands for live in
// internal/reseau and know nothing of GraphQL, so it has no methods: the
// generated executor dispatches on the concrete type.
type Node interface{}
