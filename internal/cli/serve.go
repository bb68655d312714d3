package cli

import (
	"context"
	"log/slog"
	"time"

	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Server runs until its context is done: *httpserver.Server.
type Server interface {
	Serve(ctx context.Context, addr string) error
}

// ServeConfig is what Serve runs with, and logs.
type ServeConfig struct {
	Addr     string
	NoDemo   bool      // serve an empty store as it is
	Opened   time.Time // when the server started opening the store
	Auth     auth.Config
	Verifier *auth.Verifier
	Limits   limits.Config
	GraphiQL bool
}

// Serve loads the demo dataset into store when it is empty (unless
// c.NoDemo), logs the configuration and runs srv until ctx is done. The
// demo load runs as the system, before srv answers anyone.
func Serve(ctx context.Context, store reseau.Store, srv Server, c ServeConfig, log *slog.Logger) error {
	if !c.NoDemo {
		if err := LoadDemo(ctx, store, log); err != nil {
			return err
		}
	}
	log.Info("store open", "elapsed", time.Since(c.Opened).Round(time.Millisecond))
	if c.Verifier.Enabled() {
		log.Info("authentication", "methods", c.Verifier.Methods(), "issuer", c.Auth.Issuer, "audience", c.Auth.Audience)
	} else {
		log.Warn("no " + auth.EnvSecret + " or " + auth.EnvKeys + ": every caller is anonymous and any token is refused; for development: export " +
			auth.EnvSecret + "=$(openssl rand -hex 32) and mint one with `reseau token --role admin`")
	}
	log.Info("limits", "production", c.Limits.Production, "introspection", c.Limits.Introspection, "graphiql", c.GraphiQL,
		"corsOrigins", c.Limits.CORSOrigins, "maxDepth", c.Limits.MaxDepth, "maxComplexity", c.Limits.MaxComplexity,
		"maxImport", c.Limits.MaxImport)
	return srv.Serve(ctx, c.Addr)
}
