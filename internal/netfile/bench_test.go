package netfile_test

import (
	"context"
	"io"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/netfile"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timed runs f b.N times and reports the median and 99th percentile of the
// wall time and the mean CPU time of the process per run, as the analytics
// benchmarks do (docs/analytics.md).
func timed(b *testing.B, f func()) {
	var durs []time.Duration
	cpu0 := cpuTime()
	for b.Loop() {
		start := time.Now()
		f()
		durs = append(durs, time.Since(start))
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(durs)), "cpu-ms/op")
	slices.Sort(durs)
	pct := func(p float64) float64 {
		return float64(durs[min(len(durs)-1, int(p*float64(len(durs))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// BenchmarkNetworkGEXF measures the view of every organisation at scale M
// and its GEXF file, the download endpoint's work once the index is built.
func BenchmarkNetworkGEXF(b *testing.B) {
	ds, err := demo.Scale("M")
	if err != nil {
		b.Fatal(err)
	}
	x := analytics.NewIndex(ds)
	bg := context.Background()
	x.Brokers(bg, 1, analytics.TiesAll)
	x.Communities(bg, analytics.TiesAll)
	timed(b, func() {
		n, err := x.Network(bg, reseau.PeopleScope{None: true}, analytics.NetworkFilter{})
		if err != nil {
			b.Fatal(err)
		}
		if err := netfile.WriteGEXF(io.Discard, n); err != nil {
			b.Fatal(err)
		}
	})
}

// countingWriter counts the bytes written to it.
type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// BenchmarkNetworkWrite writes the view of every organisation at scale M
// (built once) in graphology JSON and in the compact form, and reports the
// size of each.
func BenchmarkNetworkWrite(b *testing.B) {
	ds, err := demo.Scale("M")
	if err != nil {
		b.Fatal(err)
	}
	x := analytics.NewIndex(ds)
	bg := context.Background()
	x.Brokers(bg, 1, analytics.TiesAll)
	x.Communities(bg, analytics.TiesAll)
	n, err := x.Network(bg, reseau.PeopleScope{None: true}, analytics.NetworkFilter{})
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"graphology", "compact"} {
		b.Run(name, func(b *testing.B) {
			var size int
			b.ReportAllocs()
			timed(b, func() {
				w := &countingWriter{}
				if err := netfile.Formats[name].Write(w, n); err != nil {
					b.Fatal(err)
				}
				size = w.n
			})
			b.ReportMetric(float64(size)/(1<<20), "MiB")
		})
	}
}
