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
	// Prepare builds the indexes that ordinary reads use (nil: none): the
	// store's ties, partnerships and search names, about two seconds at scale
	// L. Serve runs it once the demo is loaded, before it listens, so that
	// no request waits for them nor slows them down while they are built.
	Prepare func(ctx context.Context) error
	// Warm builds the indexes that analytics use (nil: none), six more seconds
	// at scale L: Serve runs it in the background once it listens, logs how
	// long it took, then runs Follow (if set) until ctx ends: what keeps
	// them in step with writes that their stores do not edit them for.
	Warm   func(ctx context.Context) error
	Follow func(ctx context.Context)
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
	if c.Prepare != nil {
		start := time.Now()
		if err := c.Prepare(ctx); err != nil {
			if ctx.Err() != nil {
				return nil // stopped before it listened: nothing to shut down
			}
			// Reads build what they need, and report the error.
			log.Warn("read indexes not built", "elapsed", time.Since(start).Round(time.Millisecond), "err", err)
		} else {
			log.Info("read indexes built", "elapsed", time.Since(start).Round(time.Millisecond))
		}
	}
	if c.Warm != nil {
		go warm(ctx, c, log)
	}
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

// warm runs c.Warm, then c.Follow, until ctx ends. Requests that arrive
// while it builds read the store (c.Prepare built its indexes); an
// organisation path is read from the store's ties; other analytics requests
// wait for the analytics index (they need the whole graph).
func warm(ctx context.Context, c ServeConfig, log *slog.Logger) {
	start := time.Now()
	if err := c.Warm(ctx); err != nil {
		if ctx.Err() != nil {
			return
		}
		// The next request builds again, and reports the error.
		log.Warn("indexes not warmed", "elapsed", time.Since(start).Round(time.Millisecond), "err", err)
	} else {
		log.Info("indexes warm", "elapsed", time.Since(start).Round(time.Millisecond))
	}
	if c.Follow != nil {
		c.Follow(ctx)
	}
}
