// Command reseau serves the Réseau GraphQL API and imports, exports and
// generates its data. It only reads its configuration (Config: flags with
// environment twins) and wires the internal packages together; the
// commands' bodies are in internal/cli, and `reseau help` lists them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/cli"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/neo4j"
	"github.com/reseau-bxl/reseau/internal/netfile"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"golang.org/x/term"
)

// Config is the whole configuration: every flag, with its environment twin
// where it has one. Flags win over the environment.
type Config struct {
	Addr   string        // --addr, RESEAU_ADDR: where serve listens
	DB     string        // --db, RESEAU_DB: the SQLite file
	Store  string        // --store, RESEAU_STORE: sqlite (default) or neo4j (the default when NEO4J_URI is set)
	Neo4j  neo4j.Config  // --neo4j-*, NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE
	NoDemo bool          // --no-demo, RESEAU_NO_DEMO: serve an empty store as it is
	Format string        // --format: export format ("": from the file's extension)
	Scale  string        // --scale: generate's size, S, M or L
	Out    string        // --out: generate's output folder
	Grace  time.Duration // --shutdown-grace, RESEAU_SHUTDOWN_GRACE: how long a stopping server lets requests finish
	// MemoryLimit is the Go runtime's soft memory limit that serve sets
	// (defaultMemoryLimit), 0 when GOMEMLIMIT is set: the runtime read it.
	MemoryLimit int64
	// GCPercent is the collector's pacing that serve sets
	// (defaultGCPercent), 0 when GOGC is set: the runtime read it.
	GCPercent int
	Force     bool // --force: backup and restore replace an existing file

	// Network is the view a graph export writes: --types, --ties, --sectors,
	// --domains, --since, --until, --centre, --depth, --min-weight, under
	// the names of the download endpoint's query parameters.
	Network url.Values

	Auth     auth.Config   // RESEAU_JWT_*, RESEAU_ENV: how tokens are verified (and minted)
	Limits   limits.Config // RESEAU_MAX_*, RESEAU_CORS_ORIGINS, RESEAU_REQUEST_TIMEOUT, RESEAU_INTROSPECTION, RESEAU_ENV
	GraphiQL bool          // RESEAU_GRAPHIQL=on|off: the GraphiQL page at /graphiql (default: on in development, off in production)

	Roles  []string      // --role: the token's roles
	Sub    string        // --sub: the token's subject
	Orgs   []string      // --org: the token's organisation keys
	Person string        // --person: the person the token's subject is (what `me` answers)
	TTL    time.Duration // --ttl: the token's lifetime
}

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, log)
	code := exitCode(err)
	if code != 0 {
		fmt.Fprintln(os.Stderr, "reseau:", err)
		if code == exitUsage {
			fmt.Fprintln(os.Stderr, "reseau: see `reseau help` or `reseau help COMMAND`")
		}
	}
	stop()
	os.Exit(code)
}

// The exit statuses of the command (see cli.ExitCode).
const (
	exitData  = cli.ExitData
	exitUsage = cli.ExitUsage
)

var exitCode = cli.ExitCode

// run parses args (a subcommand, its flags and operands) and runs it. A
// usage error is a *cli.UsageError.
func run(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger) error {
	cmd, args, err := cli.Split(args)
	if err != nil {
		return err
	}
	if cmd == "help" {
		return cli.Help(args, func(cmd string) error {
			_, _, err := parse(cmd, []string{"-help"}, getenv)
			return err
		})
	}
	cfg, operands, err := parse(cmd, args, getenv)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &cli.UsageError{Err: err}
	}
	if err := cli.CheckOperands(cmd, operands); err != nil {
		return err
	}
	open := func(ctx context.Context) (reseau.Store, error) { return openStore(ctx, cfg, log) }
	onNeo4j := neo4j.Selected(cfg.Store, cfg.Neo4j)
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "import":
		var p cli.Progress
		if term.IsTerminal(int(os.Stderr.Fd())) {
			p.Terminal = os.Stderr
		}
		return cli.Import(ctx, open, operands[0], log, p)
	case "export":
		// A command that reads a store refuses one that does not exist
		// rather than create it empty.
		return cli.Export(ctx, func(ctx context.Context) (reseau.Store, error) {
			if _, err := os.Stat(cfg.DB); !onNeo4j && errors.Is(err, fs.ErrNotExist) {
				return nil, reseau.Errorf(reseau.ENOTFOUND, "the store %s does not exist (--db or RESEAU_DB; `reseau import` or `reseau serve` create one)", cfg.DB)
			}
			return open(ctx)
		}, cfg.Format, cfg.Network, operands[0], log)
	case "backup":
		return cli.Backup(ctx, cfg.DB, operands[0], cfg.Force, onNeo4j, log)
	case "restore":
		return cli.Restore(ctx, operands[0], cfg.DB, cfg.Force, onNeo4j, log)
	case "generate":
		return cli.Generate(cfg.Scale, cfg.Out, log)
	default: // token
		return token(cfg, os.Stdout)
	}
}

// parse reads the flags of cmd, interleaved with its operands.
func parse(cmd string, args []string, getenv func(string) string) (Config, []string, error) {
	cfg := Config{Addr: ":8080", DB: "reseau.db", Network: url.Values{}}
	if v := getenv("RESEAU_ADDR"); v != "" {
		cfg.Addr = v
	}
	if v := getenv("RESEAU_DB"); v != "" {
		cfg.DB = v
	}
	cfg.NoDemo = getenv("RESEAU_NO_DEMO") == "1" || getenv("RESEAU_NO_DEMO") == "true"
	cfg.Grace = httpserver.DefaultShutdownGrace
	if v := getenv("RESEAU_SHUTDOWN_GRACE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return cfg, nil, reseau.Errorf(reseau.EINVALID, "RESEAU_SHUTDOWN_GRACE=%q: want a duration such as 10s", v)
		}
		cfg.Grace = d
	}
	cfg.Store = getenv("RESEAU_STORE")
	cfg.Neo4j = neo4j.ConfigFromEnv(getenv)
	cfg.Auth = auth.ConfigFromEnv(getenv)
	if cmd == "serve" {
		if getenv("GOMEMLIMIT") == "" {
			cfg.MemoryLimit = defaultMemoryLimit
		}
		if getenv("GOGC") == "" {
			cfg.GCPercent = defaultGCPercent
		}
		lim, err := limits.ConfigFromEnv(getenv)
		if err != nil {
			return cfg, nil, err
		}
		cfg.Limits = lim
		if cfg.GraphiQL, err = httpserver.GraphiQLFromEnv(getenv, lim.Production); err != nil {
			return cfg, nil, err
		}
	}

	fs := cli.NewFlagSet(cmd)
	if cmd == "serve" || cmd == "import" || cmd == "export" || cmd == "backup" || cmd == "restore" {
		fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file (env RESEAU_DB)")
		fs.StringVar(&cfg.Store, "store", cfg.Store, "store: sqlite or neo4j (env RESEAU_STORE; neo4j when NEO4J_URI is set)")
		cfg.Neo4j.RegisterFlags(fs)
	}
	switch cmd {
	case "serve":
		fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (env RESEAU_ADDR)")
		fs.BoolVar(&cfg.NoDemo, "no-demo", cfg.NoDemo, "do not load the demo dataset into an empty store (env RESEAU_NO_DEMO=1)")
		fs.DurationVar(&cfg.Grace, "shutdown-grace", cfg.Grace, "on SIGTERM, how long running requests may finish before they are cancelled (env RESEAU_SHUTDOWN_GRACE)")
	case "export":
		fs.StringVar(&cfg.Format, "format", cfg.Format, "export format: "+strings.Join(cli.ExportFormats(), ", ")+
			" (default: from FILE's extension, .gexf, .graphml, .graphology.json, .zip for hsds; json otherwise; hsds to a FILE without .zip writes a folder)")
		// The view of a graph export, as the download endpoint's parameters.
		netfile.RegisterFlags(fs, cfg.Network)
	case "backup", "restore":
		fs.BoolVar(&cfg.Force, "force", false, "replace an existing file (backup: OUT; restore: the store)")
	case "generate":
		fs.StringVar(&cfg.Scale, "scale", "S", "size: S (a commune), M (a region) or L (a country)")
		fs.StringVar(&cfg.Out, "out", "", "output folder (created if needed)")
	case "token":
		fs.Func("role", "role: viewer, editor, coordinator or admin (repeat or comma-separate)", cli.ListFlag(&cfg.Roles))
		fs.Func("org", "organisation key the token speaks for (repeat or comma-separate)", cli.ListFlag(&cfg.Orgs))
		fs.StringVar(&cfg.Sub, "sub", "dev", "subject: who the token is for, as the audit log names them")
		fs.StringVar(&cfg.Person, "person", "", "key of the person the subject is (GraphQL `me`; at RESEAU_JWT_PERSON_CLAIM)")
		fs.DurationVar(&cfg.TTL, "ttl", 12*time.Hour, "lifetime")
	}
	operands, err := cli.ParseFlags(fs, args)
	if err != nil {
		return cfg, nil, err
	}
	if cfg.Store != "" && cfg.Store != "sqlite" && cfg.Store != "neo4j" {
		return cfg, nil, reseau.Errorf(reseau.EINVALID, "--store %q: want sqlite or neo4j", cfg.Store)
	}
	if cmd == "serve" && len(operands) > 0 {
		return cfg, nil, reseau.Errorf(reseau.EINVALID, "serve takes no operand, got %q", operands)
	}
	if cmd == "export" && len(operands) == 1 {
		if _, err := cli.ExportFormat(cfg.Format, operands[0]); err != nil {
			return cfg, nil, err
		}
	}
	return cfg, operands, nil
}

// EnvGraphiQL is httpserver.EnvGraphiQL, which serve reads.
const EnvGraphiQL = httpserver.EnvGraphiQL

// serve wires the API over the store cfg selects and runs it until ctx is
// done (see cli.Serve).
func serve(ctx context.Context, cfg Config, log *slog.Logger) error {
	start := time.Now()
	if cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(cfg.MemoryLimit)
	}
	if cfg.GCPercent > 0 {
		debug.SetGCPercent(cfg.GCPercent)
	}
	// A key configuration that cannot work stops the server before the
	// store is touched (see auth.Config.Check).
	verifier, err := auth.NewVerifier(cfg.Auth)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer store.Close()
	// Every request reaches the store through authz, the one place where
	// roles are checked; the demo load runs on the store itself, as the
	// system. The analytics engine reads the whole graph as the system and
	// applies each caller's people scope to its answers. The domain's rules
	// check every input above authorisation: a bad input is refused alike
	// whatever the caller's role, before authorisation reads anything, and
	// never reaches the store.
	guarded := reseau.Checked(authz.New(store))
	engine := analytics.NewEngine(guarded)
	srv := httpserver.NewSecure(&graph.Resolver{Store: guarded, Analytics: engine}, log,
		httpserver.Security{Verifier: verifier, Limits: cfg.Limits, GraphiQL: cfg.GraphiQL})
	srv.ShutdownGrace = cfg.Grace
	return cli.Serve(ctx, store, srv, cli.ServeConfig{Addr: cfg.Addr, NoDemo: cfg.NoDemo, Opened: start,
		Auth: cfg.Auth, Verifier: verifier, Limits: cfg.Limits, GraphiQL: cfg.GraphiQL,
		// The store's read indexes before the server listens (two seconds at
		// scale L), the analytics index after (six more): meanwhile store reads
		// find theirs, and an organisation path reads the store's ties.
		Prepare: func(ctx context.Context) error {
			if w, ok := store.(warmer); ok {
				return w.Warm(ctx)
			}
			return nil
		},
		Warm:   engine.Warm,
		Follow: func(ctx context.Context) { engine.Follow(ctx, followPeriod) },
	}, log)
}

// defaultMemoryLimit is serve's soft memory limit unless GOMEMLIMIT says
// otherwise. With the default pacing (GOGC=100) the heap grows to twice
// what is live before a collection: at scale L, the indexes hold about
// 700 MiB and their build as much again in passing, so the process reached
// 2 GiB. Under the limit the collector runs more often instead (it gives
// itself at most half the CPU for it), and the process stays near what is
// live.
const defaultMemoryLimit = 900 << 20

// defaultGCPercent is serve's GOGC unless the environment sets one: the
// heap grows to 1.75 times what is live between collections, not twice.
// At scale M with 50 connections on the nested dashboard query, what is
// live is the indexes (55 MiB) and the requests in flight (about 50); at
// 100 the process peaked at 262-287 MiB, at 75 at 233-246 MiB, for 4% more
// CPU per request (10.9 ms against 10.5, medians of three interleaved
// runs). Above the soft memory limit (scale L) the limit paces instead.
const defaultGCPercent = 75

// warmer is a store with indexes to build at start (*sqlite.Store).
type warmer interface {
	Warm(ctx context.Context) error
}

// followPeriod is how often the analytics engine looks for writes to
// rebuild its index after (see analytics.Engine.Follow).
const followPeriod = time.Second

// openStore opens the store cfg selects: Neo4j when --store neo4j (or
// NEO4J_URI is set and --store is not sqlite), the embedded SQLite file
// otherwise.
func openStore(ctx context.Context, cfg Config, log *slog.Logger) (reseau.Store, error) {
	if neo4j.Selected(cfg.Store, cfg.Neo4j) {
		s, err := neo4j.Open(ctx, cfg.Neo4j)
		if err != nil {
			return nil, err
		}
		log.Info("store", "kind", "neo4j", "uri", cfg.Neo4j.URI, "database", cfg.Neo4j.Database)
		return s, nil
	}
	s, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	log.Info("store", "kind", "sqlite", "db", cfg.DB)
	return s, nil
}

// token prints a development token signed with RESEAU_JWT_SECRET.
func token(cfg Config, w io.Writer) error {
	return cli.Token(cfg.Auth, cfg.Sub, cfg.Person, cfg.Roles, cfg.Orgs, cfg.TTL, w)
}
