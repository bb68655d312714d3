package analytics

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

func demoIndex(t *testing.T) *Index {
	t.Helper()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	return NewIndex(ds)
}

func TestSchaerbeekBrokers(t *testing.T) {
	x := demoIndex(t)
	for _, tc := range []struct {
		name string
		ties Ties
		top  string
		cuts []string // must be articulation points
	}{
		{"all ties: the associations' network", TiesAll, "css", []string{"cass", "css"}},
		{"collaboration ties: the coordination", TiesCollaboration, "cass", []string{"cass"}},
		{"partnership ties: the associations' network", TiesPartnership, "css", []string{"css"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := x.Brokers(bg, 3, tc.ties)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Brokers[0].Organisation; got != tc.top {
				t.Errorf("top broker = %s, want %s", got, tc.top)
			}
			if !r.Exact || r.Nodes != 83 {
				t.Errorf("exact %v over %d nodes, want exact over 83", r.Exact, r.Nodes)
			}
			aps := must(x.ArticulationPoints(bg, tc.ties))
			for _, k := range tc.cuts {
				if !slices.Contains(aps, k) {
					t.Errorf("%s is not an articulation point (%v)", k, aps)
				}
			}
		})
	}
}

func TestTimelineAndSummary(t *testing.T) {
	x := demoIndex(t)
	years, err := x.Timeline(bg, 2010, 2022, TiesAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 13 || years[0].Year != 2010 || years[0].Collaborations != 7 {
		t.Errorf("2010 = %+v; want the colloquium and its six workshops", years[0])
	}
	// 2022: the immersion ties the Pôle Jeunes and the CASS to eight partners.
	if y := years[12]; y.NewTies == 0 || y.NewCrossSectorTies == 0 || y.NewCrossSectorTies > y.NewTies {
		t.Errorf("2022 = %+v", y)
	}
	if _, err := x.Timeline(bg, 2022, 2010, TiesAll); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("reversed range: %v", err)
	}

	// Karate club: networkx's density, diameter and average shortest path length.
	k := must(NewIndex(edgeDataset(34, karateEdges[:])).Summary(bg, TiesAll))
	if !near(k.Density, 0.13903743315508021) || k.Diameter != 5 || !near(k.AveragePathLength, 2.408199643493761) ||
		k.Components != 1 || k.LargestComponent != 34 || !k.Exact || !near(k.AverageDegree, 156.0/34) {
		t.Errorf("karate summary = %+v", k)
	}
	s := must(x.Summary(bg, TiesCollaboration))
	if s.Organisations != 83 || s.Ties != 183 || s.Components < 1 || s.LargestComponent > 83 {
		t.Errorf("demo summary = %+v", s)
	}
}

func TestEngine(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	e := NewEngine(s)

	// Concurrent first requests share one build.
	var wg sync.WaitGroup
	got := make([]*Index, 8)
	for i := range got {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got[i], _ = e.Index(ctx)
		}(i)
	}
	wg.Wait()
	for _, x := range got {
		if x == nil || x != got[0] {
			t.Fatal("concurrent requests got different indexes")
		}
	}
	r, err := e.Brokers(ctx, 1, TiesAll)
	if err != nil || r.Brokers[0].Organisation != "css" {
		t.Fatalf("brokers over the store: %+v, %v", r, err)
	}

	// A write is seen by the next request.
	if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: "nouvelle", Name: "Nouvelle asbl", Sector: reseau.SectorAssociatif}); err != nil {
		t.Fatal(err)
	}
	x, err := e.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if x == got[0] || x.orgIdx["nouvelle"] == 0 && x.orgKey(0) != "nouvelle" {
		t.Fatal("the index was not rebuilt after a write")
	}
	if again, _ := e.Index(ctx); again != x {
		t.Fatal("the index was rebuilt without a write")
	}

	// People-level analytics need a caller who may see people.
	for _, tc := range []struct {
		name   string
		caller *reseau.Caller
		code   string
	}{
		{"anonymous", reseau.Anonymous, reseau.EUNAUTHORIZED},
		{"signed in without a role", &reseau.Caller{Subject: "x"}, reseau.EFORBIDDEN},
		{"viewer", &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var from, to string
			for _, p := range ds.People {
				if p.Visibility == reseau.VisibilityNetwork {
					if from == "" {
						from = p.Key
					} else {
						to = p.Key
						break
					}
				}
			}
			_, err := e.IntroductionPath(reseau.WithCaller(ctx, tc.caller), from, to, 0)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want %q", err, tc.code)
			}
		})
	}
}
