package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/hsds"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// LoadDemo imports the demo dataset into store when it is empty.
func LoadDemo(ctx context.Context, store reseau.Store, log *slog.Logger) error {
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
	st, err := reseau.Checked(store).Import(ctx, ds)
	if err != nil {
		return err
	}
	log.Info("the store was empty: loaded the demo dataset (Schaerbeek network and fictional staff; --no-demo skips this)",
		"organisations", len(ds.Organisations), "people", len(ds.People), "rows", st.Rows)
	return nil
}

// located says where the rows of a dataset read from files came from
// (csvio.Source, hsds.Source): Locate places a store's errors in the files.
type located interface {
	Formats() []csvio.FileFormat
	Locate(error) error
}

// readPath reads what `reseau import PATH` is given: an HSDS 3.0 package
// (a folder hsds.Detect recognises), a CSV folder or a JSON snapshot
// (csvio.ReadPath). The format is "hsds", "csv" or "json".
func readPath(path string) (ds *reseau.Dataset, src located, format string, err error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() && hsds.Detect(os.DirFS(path), ".") {
		ds, src, err := hsds.ReadDir(path)
		return ds, src, "hsds", err
	} else if err == nil && fi.IsDir() {
		format = "csv"
	} else {
		format = "json"
	}
	ds, csrc, err := csvio.ReadPath(path)
	return ds, csrc, format, err
}

// Import imports an HSDS package, a CSV folder or a JSON snapshot, all or
// nothing, showing its progress as p says.
func Import(ctx context.Context, open OpenStore, path string, log *slog.Logger, p Progress) error {
	start := time.Now()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return reseau.Errorf(reseau.ENOTFOUND, "import: %s does not exist (give a CSV folder or a .json snapshot)", path)
	}
	ds, src, format, err := readPath(path)
	if err != nil {
		// The code stays (errors.As sees through); the message names the
		// path given, which a CSV error names only by file.
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, f := range src.Formats() {
		log.Info("read", "file", f.File, "separator", f.Separator, "encoding", f.Encoding)
	}
	log.Info("read", "path", path, "format", format, "rows", ds.Rows(), "elapsed", time.Since(start).Round(time.Millisecond))
	store, err := open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	report, stop := p.start(log)
	// The rules check the rows, the store their references.
	st, err := reseau.Checked(store).Import(reseau.WithProgress(ctx, report), ds)
	stop()
	if err != nil {
		return src.Locate(err)
	}
	log.Info("imported", "path", path, "rows", st.Rows, "created", st.Created,
		"updated", st.Updated, "unchanged", st.Unchanged, "elapsed", time.Since(start).Round(time.Millisecond))
	logDuplicates(ctx, store, ds, log)
	return nil
}

// neo4jBackups is the answer of backup and restore on the Neo4j store.
const neo4jBackups = "the Neo4j store is backed up with Neo4j's own tools: neo4j-admin database dump (server stopped) " +
	"and neo4j-admin database load, or neo4j-admin database backup and restore (Enterprise, online); see docs/neo4j.md"

// Backup writes a consistent copy of the SQLite store db to out; EINVALID
// when the configuration selects the Neo4j store (onNeo4j) instead.
func Backup(ctx context.Context, db, out string, force, onNeo4j bool, log *slog.Logger) error {
	if onNeo4j {
		return reseau.Errorf(reseau.EINVALID, "backup: %s", neo4jBackups)
	}
	start := time.Now()
	size, err := sqlite.Backup(ctx, db, out, force)
	if err != nil {
		return err
	}
	log.Info("backed up", "db", db, "out", out, "bytes", size, "elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}

// Restore replaces the SQLite store db with the backup in; EINVALID when
// the configuration selects the Neo4j store (onNeo4j) instead.
func Restore(ctx context.Context, in, db string, force, onNeo4j bool, log *slog.Logger) error {
	if onNeo4j {
		return reseau.Errorf(reseau.EINVALID, "restore: %s", neo4jBackups)
	}
	start := time.Now()
	if err := sqlite.Restore(ctx, in, db, force); err != nil {
		return err
	}
	log.Info("restored", "db", db, "from", in, "elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}

// Generate writes the synthetic network of a scale as a CSV folder.
func Generate(scale, out string, log *slog.Logger) error {
	if out == "" {
		return Usagef("generate needs --out DIR")
	}
	ds, err := demo.Scale(scale)
	if err != nil {
		return &UsageError{err}
	}
	if err := csvio.WriteDir(out, ds); err != nil {
		return err
	}
	log.Info("generated", "scale", strings.ToUpper(scale), "out", out, "rows", ds.Rows())
	return nil
}

// Token prints to w a development token for sub with roles and orgs,
// signed as a configures, with the issuer and audience the server checks.
func Token(a auth.Config, sub, person string, roles, orgs []string, ttl time.Duration, w io.Writer) error {
	if len(roles) == 0 {
		return Usagef("token needs --role (viewer, editor, coordinator or admin)")
	}
	for _, r := range roles {
		if !slices.Contains([]string{reseau.RoleViewer, reseau.RoleEditor, reseau.RoleCoordinator, reseau.RoleAdmin}, r) {
			return Usagef("unknown role %q (viewer, editor, coordinator or admin)", r)
		}
	}
	t, err := a.MintPerson(sub, person, roles, orgs, ttl)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, t)
	return err
}
