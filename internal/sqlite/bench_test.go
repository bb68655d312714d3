package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// benchDir holds the stores that benchmarks share, built once per process.
var benchDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

var (
	scales   = map[string]*reseau.Dataset{}
	stores   = map[string]string{}
	scalesMu sync.Mutex
)

// scale returns the generator's dataset of a scale, generated once.
func scale(b testing.TB, name string) *reseau.Dataset {
	b.Helper()
	scalesMu.Lock()
	defer scalesMu.Unlock()
	if ds := scales[name]; ds != nil {
		return ds
	}
	ds, err := demo.Scale(name)
	if err != nil {
		b.Fatal(err)
	}
	scales[name] = ds
	return ds
}

// storeFile returns the path of a closed store holding scale name, imported
// once per process.
func storeFile(b testing.TB, name string) string {
	b.Helper()
	ds := scale(b, name)
	scalesMu.Lock()
	defer scalesMu.Unlock()
	if p := stores[name]; p != "" {
		return p
	}
	if benchDir == "" {
		var err error
		if benchDir, err = os.MkdirTemp("", "reseau-bench-"); err != nil {
			b.Fatal(err)
		}
	}
	p := filepath.Join(benchDir, name+".db")
	ctx := context.Background()
	s, err := sqlite.Open(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	stores[name] = p
	return p
}

// BenchmarkImport imports a whole scale into an empty store, in one
// transaction: the figure is rows/s.
func BenchmarkImport(b *testing.B) {
	for _, name := range []string{"S", "M"} {
		b.Run(name, func(b *testing.B) {
			ds := scale(b, name)
			ctx := context.Background()
			var total time.Duration
			cpu0 := cpuTime()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "import.db"))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				if _, err := s.Import(ctx, ds); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(ds.Rows())*float64(b.N)/total.Seconds(), "rows/s")
			// Per CPU second of the process (GC included, opening excluded
			// only from the wall figure): a figure that other processes on a
			// shared machine do not move.
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(ds.Rows())*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
			}
			b.ReportMetric(float64(ds.Rows()), "rows")
		})
	}
}

// BenchmarkReimport imports a scale into a store that already holds it:
// every row is compared and left unchanged.
func BenchmarkReimport(b *testing.B) {
	ds := scale(b, "M")
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "reimport.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Import(ctx, ds); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		st, err := s.Import(ctx, ds)
		if err != nil {
			b.Fatal(err)
		}
		if st.Created+st.Updated != 0 {
			b.Fatalf("re-import changed rows: %+v", st)
		}
	}
	b.ReportMetric(float64(ds.Rows())*float64(b.N)/time.Since(start).Seconds(), "rows/s")
}

// BenchmarkOpen opens an existing M store and answers a first query: the
// start-up cost of the store.
func BenchmarkOpen(b *testing.B) {
	p := storeFile(b, "M")
	ctx := context.Background()
	for b.Loop() {
		s, err := sqlite.Open(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 1})
		if err != nil || page.TotalCount == 0 {
			b.Fatal(err, page)
		}
		s.Close()
	}
}

// BenchmarkTwoLevel is the store side of the GraphQL query
// organisations(first: 50) { domains partners(first: 10) { name } collaborators(first: 10) { organisation { name } } }:
// one list and one batch call per field, as the dataloaders make them.
// "same-page" repeats the first page (what a dashboard does, and what the
// HTTP benchmark measures); "pages" walks 80 different pages, so that a
// quarter of the asks derive ties not cached yet. It reports the median
// and the 99th percentile.
func BenchmarkTwoLevel(b *testing.B) {
	p := storeFile(b, "M")
	ctx := context.Background()
	s, err := sqlite.Open(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// Build the indexes first: the first ties asked before they are built
	// are BenchmarkFirstTies.
	if err := s.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		step int
	}{{"same-page", 0}, {"pages", 50}} {
		b.Run(tc.name, func(b *testing.B) {
			var times []time.Duration
			offset := 0
			for b.Loop() {
				start := time.Now()
				twoLevel(b, ctx, s, offset)
				times = append(times, time.Since(start))
				offset = (offset + tc.step) % 4000
			}
			reportPercentiles(b, times)
		})
	}
}

func twoLevel(b *testing.B, ctx context.Context, s *sqlite.Store, offset int) {
	page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Offset: offset, Limit: 50})
	if err != nil {
		b.Fatal(err)
	}
	var keys, domains []string
	for _, o := range page.Items {
		keys = append(keys, o.Key)
		domains = append(domains, o.Domains...)
	}
	if _, err := s.DomainsByKeys(ctx, domains); err != nil {
		b.Fatal(err)
	}
	partners, err := s.Partners(ctx, keys)
	if err != nil {
		b.Fatal(err)
	}
	ties, err := s.Collaborators(ctx, keys, reseau.TieFilter{})
	if err != nil {
		b.Fatal(err)
	}
	var others []string
	for _, ps := range partners {
		others = append(others, ps[:min(10, len(ps))]...)
	}
	for _, ts := range ties {
		for _, t := range ts[:min(10, len(ts))] {
			others = append(others, t.OrganisationKey)
		}
	}
	if _, err := s.OrganisationsByKeys(ctx, others); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSearch searches names at scale M (RESEAU_BENCH_DB: an existing
// store instead, such as an imported L).
func BenchmarkSearch(b *testing.B) {
	p := os.Getenv("RESEAU_BENCH_DB")
	if p == "" {
		p = storeFile(b, "M")
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := s.Search(ctx, "service sante", nil, 20); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	reportPercentiles(b, times)
}

// BenchmarkAcquaintances asks the acquaintances of 50 people at scale M, as
// a viewer with an organisation (the scoped query).
func BenchmarkAcquaintances(b *testing.B) {
	p := storeFile(b, "M")
	ds := scale(b, "M")
	s, err := sqlite.Open(context.Background(), p)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := reseau.WithCaller(context.Background(), &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer},
		Orgs: []string{ds.Organisations[0].Key}})
	var times []time.Duration
	i := 0
	for b.Loop() {
		var keys []string
		for range 50 {
			keys = append(keys, ds.People[i%len(ds.People)].Key)
			i += 97
		}
		start := time.Now()
		if _, err := s.Acquaintances(ctx, keys); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	reportPercentiles(b, times)
}

func reportPercentiles(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkFirstTies opens an existing M store and asks for the
// collaborators and partners of one organisation: the first such question
// starts the build of the in-memory tie indexes and is answered from SQL
// meanwhile, what a restarted server's first callers pay.
func BenchmarkFirstTies(b *testing.B) {
	p := storeFile(b, "M")
	ctx := context.Background()
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		s, err := sqlite.Open(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Collaborators(ctx, []string{"x"}, reseau.TieFilter{}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Partners(ctx, []string{"x"}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		s.Close()
	}
	reportPercentiles(b, times)
}

// BenchmarkTwoLevelForeignWrites is BenchmarkTwoLevel's "same-page" on a
// store while another store on the same file (another process, such as a
// second server or a `reseau import`) commits an organisation update and a
// participation every few milliseconds: what those commits cost the
// caches of the store that reads.
func BenchmarkTwoLevelForeignWrites(b *testing.B) {
	src := storeFile(b, "M")
	p := filepath.Join(b.TempDir(), "M.db")
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o600); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	other, err := sqlite.Open(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	defer other.Close()
	if err := s.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	page, err := other.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Offset: 1000, Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	collabs, err := other.FindCollaborations(ctx, reseau.CollaborationFilter{}, reseau.ListOptions{Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan int)
	go func() {
		n := 0
		defer func() { done <- n }()
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			o := page.Items[n%len(page.Items)]
			if _, err := other.UpdateOrganisation(ctx, o.Key, func(o *reseau.Organisation) error {
				o.ShortName = time.Now().Format(time.RFC3339Nano)
				return nil
			}); err != nil {
				b.Error(err)
				return
			}
			c := collabs.Items[n%len(collabs.Items)]
			if err := other.PutParticipation(ctx, reseau.Participation{CollaborationKey: c.Key, OrganisationKey: o.Key}); err != nil {
				b.Error(err)
				return
			}
			n++
		}
	}()
	twoLevel(b, ctx, s, 0)
	var times []time.Duration
	start := time.Now()
	for b.Loop() {
		t0 := time.Now()
		twoLevel(b, ctx, s, 0)
		times = append(times, time.Since(t0))
	}
	elapsed := time.Since(start)
	close(stop)
	n := <-done
	reportPercentiles(b, times)
	b.ReportMetric(float64(len(times))/elapsed.Seconds(), "queries/s")
	b.ReportMetric(float64(2*n)/elapsed.Seconds(), "foreign-commits/s")
}

// BenchmarkAtomicTies measures a mutation operation on an M store that
// updates an organisation and, in its answer, asks for its ties: once the
// operation has written, ties come from indexes built from its transaction
// for that call (the rare path), against the same update alone. Both are
// rolled back, so the shared store file is left as it was.
func BenchmarkAtomicTies(b *testing.B) {
	p := storeFile(b, "M")
	ctx := context.Background()
	s, err := sqlite.Open(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	org := scale(b, "M").Organisations[0].Key
	undo := errors.New("roll back")
	for _, tc := range []struct {
		name string
		ties bool
	}{{"update", false}, {"update-then-ties", true}} {
		b.Run(tc.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				err := s.Atomic(ctx, func(ctx context.Context) error {
					if _, err := s.UpdateOrganisation(ctx, org, func(o *reseau.Organisation) error {
						o.Name += " (bis)"
						return nil
					}); err != nil {
						return err
					}
					if tc.ties {
						if _, err := s.Collaborators(ctx, []string{org}, reseau.TieFilter{}); err != nil {
							return err
						}
						if _, err := s.Partners(ctx, []string{org}); err != nil {
							return err
						}
					}
					return undo
				})
				if err != undo {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			reportPercentiles(b, times)
		})
	}
}

// BenchmarkWarmHeap measures the memory the caches hold at scale M: a store
// is opened, the two-level query is run over every page of organisations
// (so that every organisation's ties, partners and row are asked for once)
// and the live heap is reported after a collection, beside the heap of the
// same process before the store was opened.
func BenchmarkWarmHeap(b *testing.B) {
	p := storeFile(b, "M")
	ctx := context.Background()
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for b.Loop() {
		base := heap()
		s, err := sqlite.Open(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Warm(ctx); err != nil {
			b.Fatal(err)
		}
		for offset := 0; offset < 5000; offset += 50 {
			twoLevel(b, ctx, s, offset)
		}
		warm := heap()
		b.ReportMetric(float64(warm)/(1<<20), "heap-MiB")
		b.ReportMetric(float64(warm-base)/(1<<20), "caches-MiB")
		runtime.KeepAlive(s)
		s.Close()
	}
}

// BenchmarkMergeOrganisations merges organisations of the M scale two by
// two (each iteration a new pair, with its people, participations and
// parties), behind reseau.Checked as a server runs it, caches warm: the
// figure is one merge, its writes and its cache updates.
func BenchmarkMergeOrganisations(b *testing.B) {
	ctx := context.Background()
	src := storeFile(b, "M")
	p := filepath.Join(b.TempDir(), "merge.db")
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o600); err != nil {
		b.Fatal(err)
	}
	raw, err := sqlite.Open(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	s := reseau.Checked(raw)
	orgs := scale(b, "M").Organisations
	if _, err := s.Collaborators(ctx, []string{orgs[0].Key}, reseau.TieFilter{}); err != nil {
		b.Fatal(err)
	}
	i := 0
	cpu0 := cpuTime()
	for b.Loop() {
		if 2*i+1 >= len(orgs) {
			b.Fatal("no pair left: run with -benchtime=Nx, N < 2500")
		}
		if _, err := s.MergeOrganisations(ctx, orgs[2*i].Key, orgs[2*i+1].Key); err != nil {
			b.Fatal(err)
		}
		i++
	}
	// CPU per merge: a figure that other processes on a shared machine do
	// not move, unlike ns/op.
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}
