package hsds_test

import (
	"io"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/hsds"
)

// BenchmarkExportM writes the generated M network (5,000 organisations) as
// a zipped HSDS package: as generated (no directory records), and with the
// fictional directory records of demo.FillDirectories (addresses, phones,
// schedules, identifiers, services...). It reports the zip's size.
func BenchmarkExportM(b *testing.B) {
	ds, err := demo.Scale("M")
	if err != nil {
		b.Fatal(err)
	}
	filled, _ := demo.Scale("M")
	demo.FillDirectories(filled)
	for _, c := range []struct {
		name string
		ds   any
	}{{"generated", ds}, {"with directories", filled}} {
		b.Run(c.name, func(b *testing.B) {
			d := directory(ds)
			if c.name != "generated" {
				d = directory(filled)
			}
			var n countingWriter
			b.ReportAllocs()
			for b.Loop() {
				n = 0
				if err := hsds.WriteZip(&n, d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/1e6, "MB")
		})
	}
}

// BenchmarkImportM reads the zipped HSDS package of the M network with
// directory records back into a dataset (parse, map and validate).
func BenchmarkImportM(b *testing.B) {
	ds, _ := demo.Scale("M")
	demo.FillDirectories(ds)
	dir := b.TempDir()
	if err := hsds.WriteDir(dir, directory(ds)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := hsds.ReadDir(dir); err != nil {
			b.Fatal(err)
		}
	}
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)
