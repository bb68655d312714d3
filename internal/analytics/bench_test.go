package analytics

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

var (
	scaleMu  sync.Mutex
	scaleIdx = map[string]*Index{}
)

// scaleIndex returns the index of demo.Scale(name), built once per test binary.
func scaleIndex(b *testing.B, name string) *Index {
	scaleMu.Lock()
	defer scaleMu.Unlock()
	if x, ok := scaleIdx[name]; ok {
		return x
	}
	ds, err := demo.Scale(name)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	x := NewIndex(ds)
	b.Logf("scale %s: index built in %v (%d organisations, %d people, %d collaborations, %d organisation ties)",
		name, time.Since(start), len(ds.Organisations), len(ds.People), len(ds.Collaborations), len(x.pairs))
	scaleIdx[name] = x
	return x
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timed runs f b.N times and reports the median and 99th percentile of the
// wall time, and the mean CPU time of the process per run: the machine is
// shared, and the CPU time shows the work whatever the contention.
func timed(b *testing.B, f func(i int)) {
	var durs []time.Duration
	i := 0
	cpu0 := cpuTime()
	for b.Loop() {
		start := time.Now()
		f(i)
		durs = append(durs, time.Since(start))
		i++
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(i), "cpu-ms/op")
	slices.Sort(durs)
	pct := func(p float64) float64 {
		return float64(durs[min(len(durs)-1, int(p*float64(len(durs))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func BenchmarkIndexBuild(b *testing.B) {
	for _, name := range []string{"M", "L"} {
		b.Run(name, func(b *testing.B) {
			ds, err := demo.Scale(name)
			if err != nil {
				b.Fatal(err)
			}
			timed(b, func(int) { NewIndex(ds) })
		})
	}
}

// BenchmarkIntroductionPath asks paths between random people, as a viewer
// of one organisation would (NETWORK people plus that organisation's).
func BenchmarkIntroductionPath(b *testing.B) {
	for _, name := range []string{"M", "L"} {
		b.Run(name, func(b *testing.B) {
			x := scaleIndex(b, name)
			ps := (&reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}, Orgs: []string{x.orgKey(0)}}).PeopleScope()
			sc := x.scope(ps)
			r := rand.New(rand.NewPCG(7, 8))
			var people []string
			for len(people) < 2000 {
				p := int32(r.IntN(len(x.perNet)))
				if sc.visible(p) {
					people = append(people, x.perKey(p))
				}
			}
			found, hops := 0, 0
			timed(b, func(i int) {
				p, err := x.IntroductionPath(bg, ps, people[i%len(people)], people[(i*7+1)%len(people)], 0)
				if err != nil {
					b.Fatal(err)
				}
				if len(p.People) > 0 {
					found++
					hops += p.Length
				}
			})
			b.ReportMetric(float64(found)/float64(b.N), "found")
		})
	}
}

func BenchmarkOrganisationPath(b *testing.B) {
	for _, name := range []string{"M", "L"} {
		b.Run(name, func(b *testing.B) {
			x := scaleIndex(b, name)
			r := rand.New(rand.NewPCG(9, 10))
			n := len(x.orgSector)
			timed(b, func(int) {
				if _, err := x.OrganisationPath(bg, x.orgKey(int32(r.IntN(n))), x.orgKey(int32(r.IntN(n))), 0, TiesAll); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkGaps(b *testing.B) {
	x := scaleIndex(b, "M")
	timed(b, func(int) {
		if _, err := x.Gaps(bg, nil, "", ""); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkSuggestedMeetings(b *testing.B) {
	x := scaleIndex(b, "M")
	timed(b, func(int) {
		if _, err := x.SuggestedMeetings(bg, "", 20); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkBrokers measures the uncached computation (the cache is reset
// before each run).
func BenchmarkBrokers(b *testing.B) {
	for _, name := range []string{"M", "L"} {
		for _, t := range []Ties{TiesAll, TiesCollaboration} {
			b.Run(name+"/"+t.String(), func(b *testing.B) {
				x := scaleIndex(b, name)
				timed(b, func(int) {
					x.metrics[t].Reset()
					if _, err := x.Brokers(bg, 20, t); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

func BenchmarkCuts(b *testing.B) {
	x := scaleIndex(b, "M")
	timed(b, func(int) { must(x.ArticulationPoints(bg, TiesAll)); must(x.Bridges(bg, TiesAll)) })
}

func BenchmarkCommunities(b *testing.B) {
	for _, name := range []string{"M", "L"} {
		b.Run(name, func(b *testing.B) {
			x := scaleIndex(b, name)
			var q float64
			timed(b, func(int) {
				x.comms[TiesAll].Reset()
				q = must(x.Communities(bg, TiesAll)).Modularity
			})
			b.ReportMetric(q, "modularity")
		})
	}
}

// BenchmarkSummary resets the brokers' cache, whose breadth-first searches
// Summary reuses: the figure is the cost of a first call.
func BenchmarkSummary(b *testing.B) {
	x := scaleIndex(b, "M")
	timed(b, func(int) {
		x.metrics[TiesAll].Reset()
		must(x.Summary(bg, TiesAll))
	})
}

func BenchmarkGapBrokers(b *testing.B) {
	x := scaleIndex(b, "M")
	timed(b, func(int) {
		if _, err := x.GapBrokers(bg, reseau.PeopleScope{All: true}, "sante-mentale", reseau.SectorCPAS, reseau.SectorAssociatif, 20); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkGapCells measures what a gaps dashboard asks beyond the report:
// the bridges, and the introductions, of every cell of one domain (10
// cells).
func BenchmarkGapCells(b *testing.B) {
	x := scaleIndex(b, "M")
	r := must(x.Gaps(bg, []string{"sante-mentale"}, "", ""))
	for _, what := range []string{"bridges", "introduction"} {
		b.Run(what, func(b *testing.B) {
			timed(b, func(int) {
				for i := range r.Domains[0].Pairs {
					if p := &r.Domains[0].Pairs[i]; what == "bridges" {
						must(p.Bridges(bg, 3))
					} else {
						must(p.Introduction(bg))
					}
				}
			})
		})
	}
}

// BenchmarkMeetingInvitations measures a group of 10, 30 and 50 in the
// largest domain of scale M (greedy: far more groups than ExactGroups).
func BenchmarkMeetingInvitations(b *testing.B) {
	x := scaleIndex(b, "M")
	largest, n := "", -1
	for d := range x.ds.Domains {
		if c := len(x.domOrg.row(int32(d))); c > n {
			largest, n = x.domKey(int32(d)), c
		}
	}
	for _, size := range []int{10, 30, 50} {
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			var r *Invitations
			timed(b, func(int) { r = must(x.MeetingInvitations(bg, largest, size, nil)) })
			b.ReportMetric(float64(r.Candidates), "candidates")
			b.ReportMetric(r.Score, "score")
			b.ReportMetric(r.UpperBound, "bound")
		})
	}
}

// BenchmarkEngineRebuild measures the first request after a write over a
// real SQLite store at scale M: the store's export and the index build.
func BenchmarkEngineRebuild(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "reseau.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ds, err := demo.Scale("M")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		b.Fatal(err)
	}
	e := NewEngine(s)
	timed(b, func(i int) {
		if err := s.CreateDomain(ctx, &reseau.Domain{Key: "bench-" + strconv.Itoa(i), LabelFR: "bench"}); err != nil {
			b.Fatal(err)
		}
		if _, err := e.Index(ctx); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkPossibleDuplicates times the whole duplicate search (every
// organisation and person, blocked by words, names, identifiers and
// contacts) on a dataset of the scale each time, so nothing is cached: as
// generated, and at M with the fictional directory records of
// demo.FillDirectories (websites, e-mails, phones, addresses, enterprise
// numbers; services sharing their institution's).
func BenchmarkPossibleDuplicates(b *testing.B) {
	filled, err := demo.Scale("M")
	if err != nil {
		b.Fatal(err)
	}
	demo.FillDirectories(filled)
	filled = NewIndex(filled).ds // the dataset as the index holds it, as scaleIndex's
	for _, name := range []string{"S", "M", "M with directories"} {
		b.Run(name, func(b *testing.B) {
			ds := filled
			if name != "M with directories" {
				ds = scaleIndex(b, name).ds
			}
			ctx := context.Background()
			b.ReportAllocs()
			timed(b, func(int) {
				o, err := organisationMatcher(ds.Organisations).all(ctx)
				if err != nil {
					b.Fatal(err)
				}
				p, err := personMatcher(ds.People).all(ctx)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(o)), "org-pairs")
				b.ReportMetric(float64(len(o)+len(p)), "pairs")
			})
		})
	}
}

// BenchmarkInstitutionProjection makes the index at the institution scope
// (every service folded into its institution) from the store's index, as
// the first request at that scope after a write does.
func BenchmarkInstitutionProjection(b *testing.B) {
	for _, name := range []string{"M", "L"} {
		b.Run(name, func(b *testing.B) {
			x := scaleIndex(b, name)
			var y *Index
			timed(b, func(int) {
				var err error
				if y, err = x.foldInstitutions(bg); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(len(y.ds.Organisations)), "institutions")
			b.ReportMetric(float64(len(y.pairs)), "ties")
		})
	}
}

// BenchmarkServeIndexMemory measures, over a real SQLite store at scale M
// (RESEAU_BENCH_DB: an existing store instead, such as an imported L), the
// memory of the indexes a server warms at start: the store's (ties,
// partnerships, search) and the analytics index, live after a collection,
// and the peak of the heap while they are built (sampled every
// millisecond), in MiB.
func BenchmarkServeIndexMemory(b *testing.B) {
	ctx := reseau.WithCaller(context.Background(), reseau.System)
	path := benchFile(b, "M")
	live := func() float64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc) / (1 << 20)
	}
	for b.Loop() {
		base := live()
		var peak atomic.Uint64
		done := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
			for {
				select {
				case <-done:
					return
				case <-time.After(time.Millisecond):
				}
				metrics.Read(s)
				if v := s[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}()
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		e := NewEngine(s)
		// As serve warms them: the analytics index first.
		if err := e.Warm(ctx); err != nil {
			b.Fatal(err)
		}
		analytics := live()
		if err := s.Warm(ctx); err != nil {
			b.Fatal(err)
		}
		all := live()
		close(done)
		<-sampled
		b.ReportMetric(analytics-base, "analytics-MiB")
		b.ReportMetric(all-analytics, "store-MiB")
		b.ReportMetric(float64(peak.Load())/(1<<20)-base, "peak-MiB")
		runtime.KeepAlive(e)
		s.Close()
	}
}

// benchFile returns RESEAU_BENCH_DB (an imported store, such as L) or a new
// SQLite file holding the generated network of scale.
func benchFile(b *testing.B, scale string) string {
	if path := os.Getenv("RESEAU_BENCH_DB"); path != "" {
		return path
	}
	ctx := reseau.WithCaller(context.Background(), reseau.System)
	path := filepath.Join(b.TempDir(), "reseau.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ds, err := demo.Scale(scale)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		b.Fatal(err)
	}
	return path
}
