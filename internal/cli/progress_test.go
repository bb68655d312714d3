package cli_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/cli"
	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// scaleS writes the synthetic network of scale S as a CSV folder.
func scaleS(t *testing.T) (string, int) {
	t.Helper()
	ds, err := demo.Scale("s")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := csvio.WriteDir(dir, ds); err != nil {
		t.Fatal(err)
	}
	return dir, ds.Rows()
}

func opener(t *testing.T) cli.OpenStore {
	db := filepath.Join(t.TempDir(), "reseau.db")
	return func(ctx context.Context) (reseau.Store, error) { return sqlite.Open(ctx, db) }
}

// Off a terminal, an import writes "importing" lines to the log as its rows
// are written (here at every report), and says how each file was read.
func TestImportProgressLog(t *testing.T) {
	dir, rows := scaleS(t)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if err := cli.Import(context.Background(), opener(t), dir, log, cli.Progress{Every: time.Nanosecond}); err != nil {
		t.Fatal(err)
	}
	var progress int
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "msg=importing") {
			progress++
			if !strings.Contains(l, "written=") || !strings.Contains(l, " rows="+itoa(rows)) {
				t.Errorf("progress line without written/rows: %s", l)
			}
		}
	}
	if progress < 2 {
		t.Errorf("%d progress lines for %d rows, want several:\n%s", progress, rows, logs.String())
	}
	if !strings.Contains(logs.String(), `file=organisations.csv separator=, encoding=UTF-8`) {
		t.Errorf("the log does not say how organisations.csv was read:\n%s", logs.String())
	}
}

// On a terminal, an import draws a progress bar instead, up to its rows.
func TestImportProgressBar(t *testing.T) {
	dir, rows := scaleS(t)
	var logs, term bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if err := cli.Import(context.Background(), opener(t), dir, log, cli.Progress{Terminal: &term, Every: time.Nanosecond}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(term.String(), "importing") || !strings.Contains(term.String(), "/"+itoa(rows)) {
		t.Errorf("no progress bar on the terminal: %q", term.String())
	}
	if strings.Contains(logs.String(), "msg=importing") {
		t.Errorf("progress lines in the log beside a bar:\n%s", logs.String())
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
