package cli

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/hsds"
	"github.com/reseau-bxl/reseau/internal/netfile"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// exporter writes one format of `reseau export`: the dataset snapshot, the
// HSDS directory, or a network view (the same as the download endpoint's).
type exporter struct {
	dataset func(io.Writer, *reseau.Dataset) error
	network func(io.Writer, *analytics.Network) error
	// folder writes the format as a folder of files, when FILE names
	// neither a zip nor stdout.
	folder func(string, *reseau.Dataset) error
}

// exporters are the formats of `reseau export`, by --format name.
var exporters = map[string]exporter{
	"json":       {dataset: csvio.WriteJSON},
	"hsds":       {dataset: hsds.WriteZip, folder: hsds.WriteDir},
	"gexf":       {network: netfile.Formats["gexf"].Write},
	"graphml":    {network: netfile.Formats["graphml"].Write},
	"graphology": {network: netfile.Formats["graphology"].Write},
}

// ExportFormats are the names --format takes, sorted.
func ExportFormats() []string {
	names := make([]string, 0, len(exporters))
	for n := range exporters {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ExportFormat is the format of `reseau export FILE`: --format, or the one
// FILE's name implies (.gexf, .graphml, .graphology.json, .zip for HSDS;
// the snapshot otherwise, as for .json and -). A --format that FILE's extension
// contradicts (out.gexf --format graphml) is refused, as the download
// endpoint refuses network.gexf?format=graphml: the file would lie about
// what it holds.
func ExportFormat(format, file string) (string, error) {
	implied := ""
	switch f := strings.ToLower(file); {
	case strings.HasSuffix(f, ".gexf"):
		implied = "gexf"
	case strings.HasSuffix(f, ".graphml"):
		implied = "graphml"
	case strings.HasSuffix(f, ".graphology.json"):
		implied = "graphology"
	case strings.HasSuffix(f, ".json"):
		implied = "json" // or graphology, which is JSON too
	case strings.HasSuffix(f, ".zip"):
		implied = "hsds"
	}
	if format == "" {
		return cmp.Or(implied, "json"), nil
	}
	if _, ok := exporters[format]; !ok {
		return "", reseau.Errorf(reseau.EINVALID, "unknown export format %q (%s)", format, strings.Join(ExportFormats(), ", "))
	}
	if implied != "" && format != implied && !(implied == "json" && format == "graphology") {
		return "", reseau.Errorf(reseau.EINVALID, "--format %s, but the file name %s says %s: give a matching extension or leave --format out", format, file, implied)
	}
	return format, nil
}

// Export writes the whole graph to file: the dataset snapshot, the
// directory as HSDS 3.0 (a folder, or a zip when file ends in .zip or is
// "-"), or the network view that view selects (netfile.Params) in a graph
// format. The command runs as the system, so a graph export names every
// person who works somewhere: it is personal data, like the snapshot.
func Export(ctx context.Context, open OpenStore, format string, view url.Values, file string, log *slog.Logger) error {
	format, err := ExportFormat(format, file)
	if err != nil {
		return &UsageError{err}
	}
	ex := exporters[format]
	var filter analytics.NetworkFilter
	if ex.dataset != nil && len(view) > 0 {
		return Usagef("the %s snapshot is the whole dataset: view flags (--types, --sectors...) are for gexf, graphml and graphology", format)
	} else if ex.network != nil {
		var err error
		if filter, err = netfile.ParseFilter(view); err != nil {
			return &UsageError{err}
		}
	}
	store, err := open(ctx)
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
		if ex.folder != nil {
			// HSDS holds the directory: domains and organisations.
			rows = []any{"organisations", len(ds.Organisations), "domains", len(ds.Domains)}
			if file != "-" && !strings.HasSuffix(strings.ToLower(file), ".zip") {
				if err := ex.folder(file, ds); err != nil {
					return err
				}
				log.Info("exported", append([]any{"folder", file, "format", format}, rows...)...)
				return nil
			}
		}
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
