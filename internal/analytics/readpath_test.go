package analytics

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// guardedS returns the generated network of scale S in a real SQLite file,
// behind the checks and the authorisation that a server puts before it.
func guardedS(t *testing.T) reseau.Store {
	s := sqlitetest.Open(t)
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(reseau.WithCaller(bg, reseau.System), ds); err != nil {
		t.Fatal(err)
	}
	return reseau.Checked(authz.New(s))
}

// TestReadPathIsTheIndexPath checks that a path read from the store's ties
// (as an engine answers while its index is built) is the path the index
// answers, links included, for every kind of ties, on the demo network
// (memberships, invite_absent, postponed meetings) and on pairs of the
// generated one, within and beyond the hop bounds.
func TestReadPathIsTheIndexPath(t *testing.T) {
	ctx := reseau.WithCaller(bg, reseau.System)
	for _, net := range []struct {
		name  string
		store reseau.Store
		pairs int
	}{
		{"demo", reseau.Checked(authz.New(sqlitetest.Demo(t))), 600},
		{"scale S", guardedS(t), 300},
	} {
		t.Run(net.name, func(t *testing.T) {
			x, err := NewEngine(net.store).Index(ctx)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			n := len(x.orgSector)
			var found, none, partnerships, compared int
			for range net.pairs {
				from, to := x.orgKey(int32(rng.IntN(n))), x.orgKey(int32(rng.IntN(n)))
				hops := []int{0, 1, 2, 3, 6}[rng.IntN(5)]
				for _, ties := range []Ties{TiesAll, TiesCollaboration, TiesPartnership} {
					want, err := x.OrganisationPath(ctx, from, to, hops, ties)
					if err != nil {
						t.Fatal(err)
					}
					got, err := readPath(ctx, net.store, from, to, hops, ties, 1<<30)
					if err != nil {
						t.Fatalf("%s → %s (%s, %d hops): %v", from, to, ties, hops, err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s → %s (%s, %d hops):\nread  %+v\nindex %+v", from, to, ties, hops, got, want)
					}
					compared++
					if want.Length > 0 {
						found++
					} else if len(want.Organisations) == 0 {
						none++
					}
					for _, l := range want.Links {
						if len(l.Partnerships) > 0 {
							partnerships++
						}
					}
				}
			}
			// The comparison proves something only if it met every case.
			if found < compared/10 || none < compared/20 || partnerships == 0 {
				t.Fatalf("%d paths compared: %d found, %d none, %d links by partnership: not enough of each", compared, found, none, partnerships)
			}
			t.Logf("%d paths compared: %d found, %d none, %d links by partnership", compared, found, none, partnerships)
		})
	}
}

// TestReadPathErrorsAreTheIndexErrors checks that bad hops and unknown or
// merged-away keys are refused alike by both ways of answering.
func TestReadPathErrorsAreTheIndexErrors(t *testing.T) {
	ctx := reseau.WithCaller(bg, reseau.System)
	s := reseau.Checked(authz.New(sqlitetest.Demo(t)))
	if _, err := s.MergeOrganisations(ctx, "cass", "css"); err != nil {
		t.Fatal(err)
	}
	x, err := NewEngine(s).Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		from, to string
		hops     int
	}{
		{"nowhere", "cass", 0}, {"cass", "nowhere", 0}, {"css", "amos", 0}, {"cass", "amos", 9}, {"cass", "amos", -1},
	} {
		_, want := x.OrganisationPath(ctx, tc.from, tc.to, tc.hops, TiesAll)
		_, got := readPath(ctx, s, tc.from, tc.to, tc.hops, TiesAll, 1<<30)
		if want == nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s → %s, %d hops: read %v, index %v", tc.from, tc.to, tc.hops, got, want)
		}
	}
}

// heldSource is a store whose export, which an index build reads, waits
// until the test lets it go: as at start, when the build takes seconds.
type heldSource struct {
	reseau.Store
	gate    chan struct{}
	exports atomic.Int32
}

func (h *heldSource) ExportEach(ctx context.Context, visit func(*reseau.Dataset) error) error {
	h.exports.Add(1)
	select {
	case <-h.gate:
	case <-ctx.Done():
		return ctx.Err()
	}
	return h.Store.ExportEach(ctx, visit)
}

// TestPathWhileTheIndexBuilds checks that an engine whose index is being
// built answers an organisation path at once, from the store's ties, the
// path its index answers once built; that a path over its read budget, or
// at the institution scope, waits for the index instead.
func TestPathWhileTheIndexBuilds(t *testing.T) {
	ctx := reseau.WithCaller(bg, reseau.System)
	store := reseau.Checked(authz.New(sqlitetest.Demo(t)))
	want, err := NewEngine(store).OrganisationPath(ctx, "le-meridien", "la-gerbe", 0, TiesAll)
	if err != nil || want.Length < 2 {
		t.Fatalf("the index's path: %+v, %v", want, err)
	}
	held := &heldSource{Store: store, gate: make(chan struct{})}
	defer close(held.gate)
	e := NewEngine(held)

	quick, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	got, err := e.OrganisationPath(quick, "le-meridien", "la-gerbe", 0, TiesAll)
	if err != nil {
		t.Fatalf("a path while the index is built: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read while the index is built: %+v\nthe index's: %+v", got, want)
	}
	// The build it started runs on, for the requests to come.
	for deadline := time.Now().Add(5 * time.Second); held.exports.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no index build was started: the next requests would not find one")
		}
	}
	if _, ok := e.idx.Peek(); ok {
		t.Fatal("the index is built: the test proves nothing")
	}

	wait := func(name string, e *Engine) {
		t.Run(name, func(t *testing.T) {
			short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			_, err := e.OrganisationPath(short, "le-meridien", "la-gerbe", 0, TiesAll)
			if code := reseau.ErrorCode(err); code != reseau.ETIMEOUT {
				t.Fatalf("error %v (code %q): it did not wait for the index", err, code)
			}
		})
	}
	overBudget := NewEngine(held)
	overBudget.readBudget = 5
	wait("over the read budget", overBudget)
	wait("institution scope", e.In(reseau.ScopeInstitution))
}

// BenchmarkReadPath measures a path read from the store's ties (with its
// indexes built, as a server builds them before it listens) on the
// generated network of scale S; RESEAU_BENCH_DB names another store.
func BenchmarkReadPath(b *testing.B) {
	ctx := reseau.WithCaller(bg, reseau.System)
	store := benchStore(b)
	x, err := NewEngine(store).Index(ctx)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	n := len(x.orgSector)
	pairs := make([][2]string, 64)
	for i := range pairs {
		pairs[i] = [2]string{x.orgKey(int32(rng.IntN(n))), x.orgKey(int32(rng.IntN(n)))}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := pairs[i%len(pairs)]
		if _, err := readPath(ctx, store, p[0], p[1], 0, TiesAll, 1<<30); err != nil {
			b.Fatal(fmt.Errorf("%s → %s: %w", p[0], p[1], err))
		}
	}
}

// benchStore opens RESEAU_BENCH_DB (an imported store, such as L) or the
// generated network of scale S, with the store's read indexes built.
func benchStore(b *testing.B) reseau.Store {
	ctx := reseau.WithCaller(bg, reseau.System)
	path := benchFile(b, "S")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	return reseau.Checked(authz.New(s))
}

// TestReadPathMemberships compares both ways of answering on every pair of
// a convention with a party of the network's role and of a membership.
func TestReadPathMemberships(t *testing.T) {
	ctx := reseau.WithCaller(bg, reseau.System)
	s := sqlitetest.Open(t)
	ds := membershipDataset()
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ds)
	for _, a := range ds.Organisations {
		for _, b := range ds.Organisations {
			want, err := x.OrganisationPath(ctx, a.Key, b.Key, 0, TiesAll)
			if err != nil {
				t.Fatal(err)
			}
			got, err := readPath(ctx, s, a.Key, b.Key, 0, TiesAll, 1<<30)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s → %s: read %+v (%v)\nindex %+v", a.Key, b.Key, got, err, want)
			}
		}
	}
}
