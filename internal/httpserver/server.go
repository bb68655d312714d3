// Package httpserver serves Réseau over HTTP: GraphQL at /graphql (GET and
// POST), the map page at /, the GraphiQL page at /graphiql (when enabled), a
// health check at /healthz,
// the network view as a file at /export/network.{gexf,graphml,json}, the
// directory as HSDS 3.0 at /export/hsds.zip and dataset uploads at /import.
package httpserver

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/graph/generated"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/loaders"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Server is Réseau's HTTP front. Build it with New, adjust its fields, then
// call Handler (or Serve) once.
type Server struct {
	// GraphQL executes operations; NewGraphQL builds the standard one.
	GraphQL *handler.Server
	// Store answers the health check.
	Store reseau.Store
	// Analytics answers the network downloads (/export/network.gexf...);
	// nil answers them 503.
	Analytics *analytics.Engine
	// CallerFunc says who makes a request. The default answers
	// reseau.Anonymous for every request; authentication replaces it. An
	// error is answered before any GraphQL work, with its code.
	CallerFunc func(*http.Request) (*reseau.Caller, error)
	// Middleware wraps every route, the first one outermost: the place for
	// CORS, body and time limits, request ids, authentication.
	Middleware []func(http.Handler) http.Handler
	// Log receives internal errors and the server's life events.
	Log *slog.Logger
	// GraphiQL serves the GraphiQL page at /graphiql and its scripts under
	// /graphiql/; off, both are 404. The map at / is always served.
	GraphiQL bool
	// MaxImport bounds the body of an upload to /import (0: the default);
	// the Guard enforces the same bound from its Config.
	MaxImport int64
	// MaxConcurrent bounds the GraphQL requests and network downloads
	// executing at once (0: no bound); the others wait their turn until
	// their context ends. See limits.DefaultMaxConcurrent.
	MaxConcurrent int
	// ShutdownGrace is how long Serve lets running requests finish once
	// its context ends, before it cancels them (0: DefaultShutdownGrace).
	ShutdownGrace time.Duration

	jobs importJobs // imports answered 202 (Prefer: respond-async)
}

// New returns a Server answering GraphQL with the resolvers of r, with the
// development limits, GraphiQL and every caller anonymous (tests set
// CallerFunc).
func New(r *graph.Resolver, log *slog.Logger) *Server {
	return NewSecure(r, log, Security{Limits: limits.Defaults(false), GraphiQL: true})
}

// Security is the access control and hardening of a Server. Authorization
// itself is not here: it is the authz.Store that r.Store should be.
type Security struct {
	// Verifier authenticates bearer tokens; nil makes every caller anonymous.
	Verifier *auth.Verifier
	// Limits bound what one request may cost, and set CORS.
	Limits limits.Config
	// GraphiQL serves the GraphiQL page at /graphiql (its scripts, embedded in the
	// binary, under /graphiql/). `reseau serve` turns it on in development
	// and off in production (RESEAU_GRAPHIQL overrides): the page is a tool
	// for developers.
	GraphiQL bool
}

// NewSecure returns a Server with sec applied: the GraphQL limits, and the
// middleware giving each request an id, answering CORS from the allow-list,
// enforcing the HTTP rules of limits.Guard and negotiating the request's
// language (i18n.Middleware).
func NewSecure(r *graph.Resolver, log *slog.Logger, sec Security) *Server {
	r = withRules(r)
	if log == nil {
		log = slog.Default()
	}
	s := &Server{
		GraphQL:    NewGraphQLLimited(r, log, sec.Limits),
		Store:      r.Store,
		Analytics:  r.Analytics,
		CallerFunc: func(*http.Request) (*reseau.Caller, error) { return reseau.Anonymous, nil },
		Middleware: []func(http.Handler) http.Handler{
			limits.RequestIDs,
			limits.CORS(sec.Limits.CORSOrigins),
			func(h http.Handler) http.Handler { return limits.Guard(sec.Limits, h) },
			i18n.Middleware,
		},
		Log:       log,
		GraphiQL:  sec.GraphiQL,
		MaxImport: sec.Limits.MaxImport,

		MaxConcurrent: sec.Limits.MaxConcurrent,
	}
	if sec.Verifier != nil {
		s.CallerFunc = sec.Verifier.Caller
	}
	return s
}

// withRules returns a copy of r whose store checks every input first
// (reseau.Checked), so that no server answers from a store without the
// domain's rules, however it was built. `reseau serve` has already put them
// above authorisation; Checked does not check twice.
func withRules(r *graph.Resolver) *graph.Resolver {
	c := *r
	c.Store = reseau.Checked(r.Store)
	return &c
}

// NewGraphQL is NewGraphQLLimited with the development limits. Tests use it
// with gqlgen's client.
func NewGraphQL(r *graph.Resolver, log *slog.Logger) *handler.Server {
	return NewGraphQLLimited(r, log, limits.Defaults(false))
}

// NewGraphQLLimited returns the GraphQL handler: GET and POST as GraphQL
// over HTTP says (see httpTransport), the limits of lim (depth, aliases,
// complexity, parser tokens, introspection and suggestions), strict enum and
// Int values (graph.StrictVariables, graph.ValidationRules), the error
// presenter, per-operation dataloaders, a fresh cache after each mutation,
// and one transaction per mutation operation (see atomically).
func NewGraphQLLimited(r *graph.Resolver, log *slog.Logger, lim limits.Config) *handler.Server {
	r = withRules(r)
	if log == nil {
		log = slog.Default() // the presenter and Recover log internal errors
	}
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: r}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(httpTransport{})
	docs := limits.QueryCache(1000)
	srv.SetQueryCache(docs)
	srv.SetValidationRulesFn(graph.ValidationRules)
	limits.Install(srv, lim)
	srv.Use(graph.NewStrictVariables(docs)) // after limits: its token limit comes first
	present := graph.ErrorPresenter(log)
	srv.SetErrorPresenter(present)
	srv.SetRecoverFunc(graph.Recover(log))
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		ctx = loaders.NewContext(ctx, loaders.New(r.Store))
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Mutation {
			return atomically(r.Store, present, next(ctx))
		}
		return next(ctx)
	})
	srv.AroundRootFields(func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		// Mutations run one after the other: each starts from an empty
		// cache, so that what it answers is read after its write.
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Mutation {
			loaders.For(ctx).Clear()
		}
		return next(ctx)
	})
	srv.AroundRootFields(graph.OnePass(r))
	return srv
}

// errRolledBack is what a mutation operation whose answer holds an error
// returns to Store.Atomic, to roll it back.
var errRolledBack = errors.New("the operation has errors")

// atomically runs a mutation operation in one store transaction, as Hasura
// does: all its fields commit, or none does. gqlgen executes the fields
// with the context handed to the response handler, so every store call of
// the operation (the writes, and the reads of what each field answers) is
// made inside the transaction, and sees the writes of the fields before it.
//
// An answer with any error is rolled back and answered without data
// ("data": null), with its errors and the response extension
// "rolledBack": true, so that a client never reads as done what was undone.
// A transaction that cannot begin or commit is answered the same way, with
// its error.
func atomically(store reseau.Store, present graphql.ErrorPresenterFunc, next graphql.ResponseHandler) graphql.ResponseHandler {
	return func(ctx context.Context) *graphql.Response {
		var resp *graphql.Response
		ctx, after := graph.WithAfterCommit(ctx)
		err := store.Atomic(ctx, func(ctx context.Context) error {
			resp = next(ctx)
			if resp != nil && len(resp.Errors) > 0 {
				return errRolledBack
			}
			return nil
		})
		if err == nil {
			// Advice about what was committed (possible duplicates), read
			// outside the write lock.
			if ws := after.Warnings(ctx, store); len(ws) > 0 && resp != nil {
				if resp.Extensions == nil {
					resp.Extensions = map[string]any{}
				}
				resp.Extensions["warnings"] = ws
			}
			return resp
		}
		if resp == nil {
			resp = &graphql.Response{}
		}
		if err != errRolledBack {
			resp.Errors = append(resp.Errors, present(ctx, err))
		}
		resp.Data = nil
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["rolledBack"] = true
		return resp
	}
}

// Handler returns the routes wrapped in s.Middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	// The map is a client of the public API, for every caller: on in
	// production too.
	handleMap(mux)
	if s.GraphiQL {
		handleGraphiQL(mux, "/graphql")
	}
	turn := s.turns()
	mux.Handle("/graphql", s.withCaller(turn(s.GraphQL)))
	mux.HandleFunc("GET "+limits.HealthPath, s.healthz)
	// Downloads go through the same caller and Guard as /graphql: a file
	// is the network view the caller may see, never more.
	mux.Handle("/export/{file}", s.withCaller(turn(http.HandlerFunc(s.exportNetwork))))
	mux.Handle(hsdsPath, s.withCaller(turn(http.HandlerFunc(s.exportHSDS))))
	// Uploads too: the guarded store's Import decides who may import.
	mux.Handle(limits.ImportPath, s.withCaller(http.HandlerFunc(s.importDataset)))
	mux.Handle(importJobsPath, s.withCaller(http.HandlerFunc(s.importJob)))
	var h http.Handler = mux
	for i := len(s.Middleware) - 1; i >= 0; i-- {
		h = s.Middleware[i](h)
	}
	return h
}

// turns returns a wrapper that lets at most s.MaxConcurrent requests through
// the handlers it wraps at once, all together. A request waits its turn
// until its context ends (the client left, or the request's deadline
// passed), and is then answered UNAVAILABLE, naming the limit. Reads are CPU
// work: beyond the cores, more requests at once answer none sooner, and each
// holds its answer in memory, so memory would grow with the clients.
func (s *Server) turns() func(http.Handler) http.Handler {
	n := s.MaxConcurrent
	if n <= 0 {
		return func(h http.Handler) http.Handler { return h }
	}
	slots := make(chan struct{}, n)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case slots <- struct{}{}:
			case <-r.Context().Done():
				httperr.Error(w, r, s.Log, reseau.Errorf(reseau.EUNAVAILABLE,
					"the server was answering %d requests at once (RESEAU_MAX_CONCURRENT) until this one's deadline passed or its client left: try again later", n))
				return
			}
			defer func() { <-slots }()
			next.ServeHTTP(w, r)
		})
	}
}

// withCaller puts the request's caller in its context. A CallerFunc error is
// answered before any GraphQL work, with the status of its code; a refused
// token gets the invalid_token challenge.
func (s *Server) withCaller(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.CallerFunc(r)
		if err != nil {
			if reseau.ErrorCode(err) == reseau.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", auth.Challenge)
			}
			httperr.Error(w, r, s.Log, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(reseau.WithCaller(r.Context(), c)))
	})
}

// healthz answers 200 when the store answers within two seconds, 503 otherwise.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	v, err := s.Store.Version(reseau.WithCaller(ctx, reseau.System))
	if err != nil {
		s.Log.ErrorContext(ctx, "health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = json.NewEncoder(w).Encode(map[string]any{"status": "unavailable"})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "version": v})
}

// Serve answers on addr until ctx is done, then stops accepting requests,
// lets the running ones finish for the grace period (ShutdownGrace) and
// cancels those still running; it returns within the grace period plus a
// few seconds, whatever runs.
func (s *Server) Serve(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.ServeListener(ctx, ln)
}

// ServeListener is Serve on an open listener.
func (s *Server) ServeListener(ctx context.Context, ln net.Listener) error {
	// Requests run in the work context, not ctx: ctx ending starts the
	// grace period, and only the end of the grace period cancels them.
	work, cancelWork := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancelWork(nil)
	var running inflight
	hs := &http.Server{
		Handler:           running.wrap(s.Handler()),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second, // a body trickled in slowly cannot hold a connection
		MaxHeaderBytes:    64 << 10,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return work },
	}
	graphiql := "off"
	if s.GraphiQL {
		graphiql = "/graphiql"
	}
	s.Log.Info("listening", "addr", ln.Addr().String(), "map", "/", "graphql", "/graphql", "graphiql", graphiql, "import", limits.ImportPath)
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	err := s.shutdown(hs, done, &running, cancelWork)
	// Import jobs outlive their requests, not the server: cancelled, they
	// roll back (a batched Neo4j import stays resumable).
	if !s.jobs.stop(errShutdown, shutdownDrain) {
		s.Log.Warn("import jobs still running after their cancellation")
	}
	return err
}
