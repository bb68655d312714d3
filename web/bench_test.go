package web_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// scaleStore opens the synthetic network of scale, built on first use into
// the system's temporary folder and only read here; a file this version of
// the store cannot open is built again.
func scaleStore(b *testing.B, scale string) reseau.Store {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "reseau-bench")
	path := filepath.Join(dir, "map-"+scale+".db")
	ctx := context.Background()
	if s, err := sqlite.Open(ctx, path); err == nil {
		s.Close()
	} else {
		_ = os.Remove(path + ".complete")
	}
	if _, err := os.Stat(path + ".complete"); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(path + suffix)
		}
		ds, err := demo.Scale(scale)
		if err != nil {
			b.Fatal(err)
		}
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Import(ctx, ds); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path+".complete", nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkMapDrawn measures, in headless chromium, the time from the
// navigation to the map drawn (data fetched, laid out in the worker,
// rendered: the page's performance mark map-drawn), at the demo scale and
// at M (5,000 organisations, where the page starts with minWeight 4). The
// server is warmed by a first load, not measured.
func BenchmarkMapDrawn(b *testing.B) {
	for _, scale := range []string{"demo", "M"} {
		b.Run(scale, func(b *testing.B) {
			br := newBrowser(b, "fr-BE,fr")
			var store reseau.Store
			if scale == "demo" {
				store = sqlitetest.Demo(b)
			} else {
				store = scaleStore(b, scale)
			}
			ts, _ := mapServer(b, store)
			drawn := func() float64 {
				var ms float64
				ctx, cancel := context.WithTimeout(br.ctx, 2*time.Minute)
				defer cancel()
				if err := chromedp.Run(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(ts.URL+"/"),
					chromedp.WaitVisible(`.map[data-drawn="true"]`, chromedp.ByQuery),
					chromedp.Evaluate(`performance.getEntriesByName('map-drawn')[0].startTime`, &ms)); err != nil {
					b.Fatal(err)
				}
				return ms
			}
			b.Logf("first load (cold server): %.0f ms", drawn())
			drawn()
			br.shot(b, "map-"+scale+"-bench")
			var marks map[string]float64
			if err := chromedp.Run(br.ctx, chromedp.Evaluate(`Object.fromEntries(performance.getEntriesByType('mark').map(e => [e.name, Math.round(e.startTime)]))`, &marks)); err != nil {
				b.Fatal(err)
			}
			b.Logf("stages of the last load (ms): %v", marks)
			var all []float64
			b.ResetTimer()
			for range b.N {
				all = append(all, drawn())
			}
			b.StopTimer()
			slices.Sort(all)
			b.ReportMetric(all[len(all)/2], "ms-p50")
			b.ReportMetric(all[len(all)-1], "ms-max")
			b.Logf("navigation to map drawn: %v ms", all)
			br.noErrors(b)
		})
	}
}
