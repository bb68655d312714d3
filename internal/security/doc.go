// Package security holds Réseau's end-to-end security test suite: tokens,
// roles, privacy, request limits and the all-or-nothing of mutation
// operations checked through the real HTTP server
// (httpserver.NewSecure over an authz-guarded SQLite store), as a client
// would meet them. It has no code of its own.
package security
