// Command reseau serves the Réseau GraphQL API and imports, exports and
// generates its data. It only reads its configuration and wires the internal
// packages together; each subcommand is a few calls into them.
//
//	reseau [serve] [--addr :8080] [--db reseau.db] [--no-demo]
//	reseau import PATH          (a CSV folder or a .json snapshot)
//	reseau export FILE [--format json|gexf|graphml|graphology] [--types T] [--ties K] [--sectors S]
//	                    [--domains D] [--since DATE] [--until DATE] [--centre ORG] [--depth N] [--min-weight N]
//	reseau generate --scale S|M|L --out DIR
//	reseau token --role R --sub S [--org K] [--ttl D]   (needs RESEAU_JWT_SECRET)
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
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/neo4j"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// Config is the whole configuration: every flag, with its environment twin
// where it has one. Flags win over the environment.
type Config struct {
	Addr   string       // --addr, RESEAU_ADDR: where serve listens
	DB     string       // --db, RESEAU_DB: the SQLite file
	Store  string       // --store, RESEAU_STORE: sqlite (default) or neo4j (the default when NEO4J_URI is set)
	Neo4j  neo4j.Config // --neo4j-*, NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE
	NoDemo bool         // --no-demo, RESEAU_NO_DEMO: serve an empty store as it is
	Format string       // --format: export format ("": from the file's extension)
	Scale  string       // --scale: generate's size, S, M or L
	Out    string       // --out: generate's output folder

	// Network is the view a graph export writes: --types, --ties, --sectors,
	// --domains, --since, --until, --centre, --depth, --min-weight, under
	// the names of the download endpoint's query parameters.
	Network url.Values

	Auth     auth.Config   // RESEAU_JWT_*, RESEAU_ENV: how tokens are verified (and minted)
	Limits   limits.Config // RESEAU_MAX_*, RESEAU_CORS_ORIGINS, RESEAU_REQUEST_TIMEOUT, RESEAU_INTROSPECTION, RESEAU_ENV
	GraphiQL bool          // RESEAU_GRAPHIQL=on|off: the GraphiQL page at /graphiql (default: on in development, off in production)

	Roles []string      // --role: the token's roles
	Sub   string        // --sub: the token's subject
	Orgs  []string      // --org: the token's organisation keys
	TTL   time.Duration // --ttl: the token's lifetime
}

// exporter writes one format of `reseau export`: the dataset snapshot, or
// a network view (the same as the download endpoint's).
type exporter struct {
	dataset func(io.Writer, *reseau.Dataset) error
	network func(io.Writer, *analytics.Network) error
}

// exporters are the formats of `reseau export`, by --format name.
var exporters = map[string]exporter{
	"json":       {dataset: csvio.WriteJSON},
	"gexf":       {network: httpserver.NetworkFormats["gexf"].Write},
	"graphml":    {network: httpserver.NetworkFormats["graphml"].Write},
	"graphology": {network: httpserver.NetworkFormats["graphology"].Write},
}

// exportFormat is the format cfg asks for, or the one file's name implies:
// .gexf, .graphml, .graphology.json, and the snapshot otherwise (.json, -).
func exportFormat(format, file string) string {
	if format != "" {
		return format
	}
	switch f := strings.ToLower(file); {
	case strings.HasSuffix(f, ".gexf"):
		return "gexf"
	case strings.HasSuffix(f, ".graphml"):
		return "graphml"
	case strings.HasSuffix(f, ".graphology.json"):
		return "graphology"
	}
	return "json"
}

const usage = `Réseau: the GraphQL API of a local social-action network.

Usage:
  reseau [serve] [flags]        serve the API (the map at /, GraphQL at /graphql, uploads
                                at /import, GraphiQL at /graphiql in development)
  reseau import PATH [flags]    import a CSV folder or a .json snapshot (all or nothing)
  reseau export FILE [flags]    write the whole graph to FILE ("-" for stdout): a JSON
                                snapshot, or the network view as GEXF, GraphML or
                                graphology JSON (--format, or FILE's extension)
  reseau generate --scale S|M|L --out DIR
                                write a synthetic network as a CSV folder
  reseau token --role R --sub S [--org K] [--ttl D]
                                print a development token signed with RESEAU_JWT_SECRET

Flags:
`

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, log); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "reseau:", err)
		}
		stop()
		os.Exit(2)
	}
}

// run parses args (a subcommand, its flags and operands) and runs it.
func run(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	cfg, operands, err := parse(cmd, args, getenv)
	if err != nil {
		return err
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "import":
		if len(operands) != 1 {
			return reseau.Errorf(reseau.EINVALID, "import takes one PATH (a CSV folder or a .json file)")
		}
		return importPath(ctx, cfg, operands[0], log)
	case "export":
		if len(operands) != 1 {
			return reseau.Errorf(reseau.EINVALID, "export takes one FILE (\"-\" for stdout)")
		}
		return export(ctx, cfg, operands[0], log)
	case "generate":
		return generate(cfg, log)
	case "token":
		if len(operands) > 0 {
			return reseau.Errorf(reseau.EINVALID, "token takes no operand, got %q", operands)
		}
		return token(cfg, os.Stdout)
	}
	return reseau.Errorf(reseau.EINVALID, "unknown command %q (serve, import, export, generate, token)", cmd)
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
	cfg.Store = getenv("RESEAU_STORE")
	cfg.Neo4j = neo4j.ConfigFromEnv(getenv)
	cfg.Auth = auth.ConfigFromEnv(getenv)
	if cmd == "serve" {
		lim, err := limits.ConfigFromEnv(getenv)
		if err != nil {
			return cfg, nil, err
		}
		cfg.Limits = lim
		if cfg.GraphiQL, err = graphiqlFromEnv(getenv, lim.Production); err != nil {
			return cfg, nil, err
		}
	}

	fs := flag.NewFlagSet("reseau "+cmd, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage); fs.PrintDefaults() }
	if cmd == "serve" || cmd == "import" || cmd == "export" {
		fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file (env RESEAU_DB)")
		fs.StringVar(&cfg.Store, "store", cfg.Store, "store: sqlite or neo4j (env RESEAU_STORE; neo4j when NEO4J_URI is set)")
		cfg.Neo4j.RegisterFlags(fs)
	}
	switch cmd {
	case "serve":
		fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (env RESEAU_ADDR)")
		fs.BoolVar(&cfg.NoDemo, "no-demo", cfg.NoDemo, "do not load the demo dataset into an empty store (env RESEAU_NO_DEMO=1)")
	case "export":
		names := make([]string, 0, len(exporters))
		for n := range exporters {
			names = append(names, n)
		}
		slices.Sort(names)
		fs.StringVar(&cfg.Format, "format", cfg.Format, "export format: "+strings.Join(names, ", ")+
			" (default: from FILE's extension, .gexf, .graphml, .graphology.json; json otherwise)")
		// The view of a graph export, as the download endpoint's parameters.
		for _, f := range []struct{ flag, param, usage string }{
			{"types", "types", "node types besides organisations: PERSON, COLLABORATION, PARTNERSHIP (default: all; ORGANISATION alone for organisations only)"},
			{"ties", "ties", "organisation ties: COLLABORATION, PARTNERSHIP (default: both)"},
			{"sectors", "sectors", "keep the organisations of these sectors (CPAS, ASSOCIATIF, COMMUNAL, PUBLIC, MIXTE)"},
			{"domains", "domains", "keep the organisations present in these domains, the collaborations about them (keys)"},
			{"since", "since", "keep the collaborations and partnerships from this date (YYYY[-MM[-DD]])"},
			{"until", "until", "keep the collaborations and partnerships until this date"},
			{"centre", "centre", "keep the organisations within --depth ties of this one (a key)"},
			{"depth", "depth", "ties from --centre (default 1)"},
			{"min-weight", "minWeight", "drop organisation ties of lower weight (shared collaborations and partnerships)"},
		} {
			fs.Func(f.flag, f.usage+" (graph formats)", func(v string) error {
				cfg.Network.Add(f.param, v)
				return nil
			})
		}
	case "generate":
		fs.StringVar(&cfg.Scale, "scale", "S", "size: S (a commune), M (a region) or L (a country)")
		fs.StringVar(&cfg.Out, "out", "", "output folder (created if needed)")
	case "token":
		list := func(dst *[]string) func(string) error {
			return func(v string) error {
				for _, e := range strings.Split(v, ",") {
					if e = strings.TrimSpace(e); e != "" {
						*dst = append(*dst, e)
					}
				}
				return nil
			}
		}
		fs.Func("role", "role: viewer, editor, coordinator or admin (repeat or comma-separate)", list(&cfg.Roles))
		fs.Func("org", "organisation key the token speaks for (repeat or comma-separate)", list(&cfg.Orgs))
		fs.StringVar(&cfg.Sub, "sub", "dev", "subject: who the token is for, as the audit log names them")
		fs.DurationVar(&cfg.TTL, "ttl", 12*time.Hour, "lifetime")
	}
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return cfg, nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		operands = append(operands, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if cfg.Store != "" && cfg.Store != "sqlite" && cfg.Store != "neo4j" {
		return cfg, nil, reseau.Errorf(reseau.EINVALID, "--store %q: want sqlite or neo4j", cfg.Store)
	}
	if cmd == "serve" && len(operands) > 0 {
		return cfg, nil, reseau.Errorf(reseau.EINVALID, "serve takes no operand, got %q", operands)
	}
	return cfg, operands, nil
}

// EnvGraphiQL turns the GraphiQL page on or off, whatever RESEAU_ENV says.
const EnvGraphiQL = "RESEAU_GRAPHIQL"

// graphiqlFromEnv says whether to serve GraphiQL: RESEAU_GRAPHIQL when set
// (on or off), otherwise on in development and off in production, where
// the API's clients are applications, not developers.
func graphiqlFromEnv(getenv func(string) string, production bool) (bool, error) {
	switch v := strings.ToLower(strings.TrimSpace(getenv(EnvGraphiQL))); v {
	case "":
		return !production, nil
	case "on", "true", "1":
		return true, nil
	case "off", "false", "0":
		return false, nil
	default:
		return false, reseau.Errorf(reseau.EINVALID, "%s=%q: want on or off", EnvGraphiQL, v)
	}
}

// serve runs the API until ctx is done. An empty store gets the demo
// dataset first, unless --no-demo.
func serve(ctx context.Context, cfg Config, log *slog.Logger) error {
	start := time.Now()
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
	if !cfg.NoDemo {
		if err := loadDemo(ctx, store, log); err != nil {
			return err
		}
	}
	log.Info("store open", "elapsed", time.Since(start).Round(time.Millisecond))
	if verifier.Enabled() {
		log.Info("authentication", "methods", verifier.Methods(), "issuer", cfg.Auth.Issuer, "audience", cfg.Auth.Audience)
	} else {
		log.Warn("no " + auth.EnvSecret + " or " + auth.EnvKeys + ": every caller is anonymous and any token is refused; for development: export " +
			auth.EnvSecret + "=$(openssl rand -hex 32) and mint one with `reseau token --role admin`")
	}
	log.Info("limits", "production", cfg.Limits.Production, "introspection", cfg.Limits.Introspection, "graphiql", cfg.GraphiQL,
		"corsOrigins", cfg.Limits.CORSOrigins, "maxDepth", cfg.Limits.MaxDepth, "maxComplexity", cfg.Limits.MaxComplexity,
		"maxImport", cfg.Limits.MaxImport)
	// Every request reaches the store through authz, the one place where
	// roles are checked; the demo load above ran as the system. The
	// analytics engine reads the whole graph as the system and applies each
	// caller's people scope to its answers.
	guarded := authz.New(store)
	srv := httpserver.NewSecure(&graph.Resolver{Store: guarded, Analytics: analytics.NewEngine(guarded)}, log,
		httpserver.Security{Verifier: verifier, Limits: cfg.Limits, GraphiQL: cfg.GraphiQL})
	return srv.Serve(ctx, cfg.Addr)
}

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

// token prints a development token signed with RESEAU_JWT_SECRET, with the
// issuer and audience the server checks.
func token(cfg Config, w io.Writer) error {
	if len(cfg.Roles) == 0 {
		return reseau.Errorf(reseau.EINVALID, "token needs --role (viewer, editor, coordinator or admin)")
	}
	for _, r := range cfg.Roles {
		if !slices.Contains([]string{reseau.RoleViewer, reseau.RoleEditor, reseau.RoleCoordinator, reseau.RoleAdmin}, r) {
			return reseau.Errorf(reseau.EINVALID, "unknown role %q (viewer, editor, coordinator or admin)", r)
		}
	}
	t, err := cfg.Auth.Mint(cfg.Sub, cfg.Roles, cfg.Orgs, cfg.TTL)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, t)
	return err
}

// loadDemo imports the demo dataset into an empty store.
func loadDemo(ctx context.Context, store reseau.Store, log *slog.Logger) error {
	orgs, err := store.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 1})
	if err != nil {
		return err
	}
	domains, err := store.Domains(ctx)
	if err != nil || orgs.TotalCount > 0 || len(domains) > 0 {
		return err
	}
	ds, err := demo.DemoDataset()
	if err != nil {
		return err
	}
	st, err := store.Import(ctx, ds)
	if err != nil {
		return err
	}
	log.Info("the store was empty: loaded the demo dataset (Schaerbeek network and fictional staff; --no-demo skips this)",
		"organisations", len(ds.Organisations), "people", len(ds.People), "rows", st.Rows)
	return nil
}

// importPath imports a CSV folder or a JSON snapshot, all or nothing.
func importPath(ctx context.Context, cfg Config, path string, log *slog.Logger) error {
	start := time.Now()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return reseau.Errorf(reseau.ENOTFOUND, "import: %s does not exist (give a CSV folder or a .json snapshot)", path)
	}
	ds, src, err := csvio.ReadPath(path)
	if err != nil {
		// The code stays (errors.As sees through); the message names the
		// path given, which a CSV error names only by file.
		return fmt.Errorf("%s: %w", path, err)
	}
	store, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := store.Import(ctx, ds)
	if err != nil {
		return src.Locate(err)
	}
	log.Info("imported", "path", path, "rows", st.Rows, "created", st.Created,
		"updated", st.Updated, "unchanged", st.Unchanged, "elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}

// export writes the whole graph to file: the dataset snapshot, or the
// network view cfg.Network selects in a graph format. The command runs as
// the system, so a graph export names every person who works somewhere:
// it is personal data, like the snapshot.
func export(ctx context.Context, cfg Config, file string, log *slog.Logger) error {
	format := exportFormat(cfg.Format, file)
	ex, ok := exporters[format]
	if !ok {
		return reseau.Errorf(reseau.EINVALID, "unknown export format %q", format)
	}
	var filter analytics.NetworkFilter
	if ex.dataset != nil && len(cfg.Network) > 0 {
		return reseau.Errorf(reseau.EINVALID, "the %s snapshot is the whole dataset: view flags (--types, --sectors...) are for gexf, graphml and graphology", format)
	} else if ex.network != nil {
		var err error
		if filter, err = httpserver.ParseNetworkFilter(cfg.Network); err != nil {
			return err
		}
	}
	store, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer store.Close()
	// Whoever can open the store is the system: the export sees everyone.
	ctx = reseau.WithCaller(ctx, reseau.System)
	var write func(io.Writer) error
	var rows []any
	if ex.dataset != nil {
		ds, err := store.Export(ctx)
		if err != nil {
			return err
		}
		write = func(w io.Writer) error { return ex.dataset(w, ds) }
		rows = []any{"rows", ds.Rows()}
	} else {
		n, err := analytics.NewEngine(store).Network(ctx, filter)
		if err != nil {
			return err
		}
		write = func(w io.Writer) error { return ex.network(w, n) }
		people := 0
		for _, node := range n.Nodes {
			if node.Type == reseau.TypePerson {
				people++
			}
		}
		rows = []any{"nodes", len(n.Nodes), "edges", len(n.Edges), "people", people}
		if people > 0 {
			log.Warn("the file names people: it is personal data, to be kept and shared as such (--types ORGANISATION leaves them out)", "people", people)
		}
	}
	if file == "-" {
		return write(os.Stdout)
	}
	// Write beside the target and rename, so that a failed export never
	// leaves half a backup where a whole one was.
	tmp, err := os.CreateTemp(filepath.Dir(file), ".reseau-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return err
	}
	log.Info("exported", append([]any{"file", file, "format", format}, rows...)...)
	return nil
}

// generate writes the synthetic network of a scale as a CSV folder.
func generate(cfg Config, log *slog.Logger) error {
	if cfg.Out == "" {
		return reseau.Errorf(reseau.EINVALID, "generate needs --out DIR")
	}
	ds, err := demo.Scale(cfg.Scale)
	if err != nil {
		return err
	}
	if err := csvio.WriteDir(cfg.Out, ds); err != nil {
		return err
	}
	log.Info("generated", "scale", strings.ToUpper(cfg.Scale), "out", cfg.Out, "rows", ds.Rows())
	return nil
}
