package cli

import (
	"io"
	"log/slog"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/schollz/progressbar/v3"
)

// DefaultProgressEvery is how often an import writes a progress line to
// the log when its output is not a terminal.
const DefaultProgressEvery = 5 * time.Second

// Progress is how `reseau import` shows the progress of a long import.
type Progress struct {
	// Terminal, when set, receives a progress bar: the command sets it to
	// stderr when stderr is a terminal.
	Terminal io.Writer
	// Every is the interval between log lines when Terminal is nil
	// (DefaultProgressEvery when zero).
	Every time.Duration
}

// start returns the ProgressFunc for an import and the function that ends
// its display, to call before anything else is written.
func (p Progress) start(log *slog.Logger) (reseau.ProgressFunc, func()) {
	if p.Terminal != nil {
		var bar *progressbar.ProgressBar
		return func(done, total int) {
				if bar == nil {
					bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.Terminal),
						progressbar.OptionSetDescription("importing"), progressbar.OptionShowCount(),
						progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
						progressbar.OptionShowElapsedTimeOnFinish(), progressbar.OptionClearOnFinish())
				}
				_ = bar.Set(done)
			}, func() {
				if bar != nil {
					_ = bar.Finish()
				}
			}
	}
	every := p.Every
	if every <= 0 {
		every = DefaultProgressEvery
	}
	start := time.Now()
	last := start
	return func(done, total int) {
		if now := time.Now(); now.Sub(last) >= every && done < total {
			last = now
			log.Info("importing", "written", done, "rows", total, "elapsed", now.Sub(start).Round(time.Second))
		}
	}, func() {}
}
