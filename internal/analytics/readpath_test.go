package analytics

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/neo4j"
	"github.com/reseau-bxl/reseau/internal/neo4j/neo4jtest"
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
			for _, ties := range []Ties{TiesAll, TiesCollaboration, TiesPartnership} {
				want, err := x.OrganisationPath(ctx, a.Key, b.Key, 0, ties)
				if err != nil {
					t.Fatal(err)
				}
				got, err := readPath(ctx, s, a.Key, b.Key, 0, ties, 1<<30)
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("%s → %s (%s): read %+v (%v)\nindex %+v", a.Key, b.Key, ties, got, err, want)
				}
			}
		}
	}
}

// randomNetwork is a small network drawn by rng: collaborations of every
// status (those that tie and those that do not), invite_absent
// participations, memberships with and without a network party,
// conventions with a party of the network's role, dated and undated.
func randomNetwork(rng *rand.Rand) *reseau.Dataset {
	n := 4 + rng.IntN(8)
	ds := &reseau.Dataset{}
	for i := range n {
		k := fmt.Sprintf("o%02d", i)
		ds.Organisations = append(ds.Organisations, reseau.Organisation{Key: k, Name: k, Sector: reseau.SectorAssociatif})
	}
	statuses := []string{"", "held", "postponed", "Active", "cancelled"}
	dates := []string{"", "2019", "2020-05", "2021-01-02"}
	for c := range rng.IntN(6) {
		k := fmt.Sprintf("c%02d", c)
		ds.Collaborations = append(ds.Collaborations, reseau.Collaboration{Key: k, Kind: "reunion", Title: k,
			Status: statuses[rng.IntN(len(statuses))], StartDate: dates[rng.IntN(len(dates))]})
		for _, o := range rng.Perm(n)[:rng.IntN(n)] {
			role := ""
			if rng.IntN(4) == 0 {
				role = reseau.RoleInviteAbsent
			}
			ds.Participations = append(ds.Participations, reseau.Participation{CollaborationKey: k, OrganisationKey: ds.Organisations[o].Key, Role: role})
		}
	}
	kinds := []string{reseau.KindMembership, "convention", reseau.KindMembership}
	roles := []string{reseau.RoleNetwork, "membre", "partie", ""}
	for p := range rng.IntN(6) {
		k := fmt.Sprintf("p%02d", p)
		ds.Partnerships = append(ds.Partnerships, reseau.Partnership{Key: k, Kind: kinds[rng.IntN(len(kinds))], Title: k,
			StartDate: dates[rng.IntN(len(dates))]})
		for _, o := range rng.Perm(n)[:rng.IntN(n)] {
			ds.Parties = append(ds.Parties, reseau.Party{PartnershipKey: k, OrganisationKey: ds.Organisations[o].Key, Role: roles[rng.IntN(len(roles))]})
		}
	}
	return ds
}

// TestReadPathOnRandomNetworks compares both ways of answering on every
// pair of random networks, for every kind of ties and several hop bounds,
// over the SQLite store and over the Neo4j store's statements (run on the
// Go model of Neo4j).
func TestReadPathOnRandomNetworks(t *testing.T) {
	ctx := reseau.WithCaller(bg, reseau.System)
	for _, st := range []struct {
		name   string
		open   func(t *testing.T) reseau.Store
		rounds int
	}{
		{"sqlite", func(t *testing.T) reseau.Store { return sqlitetest.Open(t) }, 40},
		{"neo4j statements", func(t *testing.T) reseau.Store { return neo4j.OverRunner(neo4jtest.NewModel(t)) }, 20},
	} {
		t.Run(st.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			for round := range st.rounds {
				ds := randomNetwork(rng)
				s := st.open(t)
				if _, err := s.Import(ctx, ds); err != nil {
					t.Fatal(err)
				}
				x, err := NewEngine(s).Index(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range ds.Organisations {
					for _, b := range ds.Organisations {
						for _, hops := range []int{0, 1, 2, 8} {
							for _, ties := range []Ties{TiesAll, TiesCollaboration, TiesPartnership} {
								want, err := x.OrganisationPath(ctx, a.Key, b.Key, hops, ties)
								if err != nil {
									t.Fatal(err)
								}
								got, err := readPath(ctx, s, a.Key, b.Key, hops, ties, 1<<30)
								if err != nil || !reflect.DeepEqual(got, want) {
									t.Fatalf("round %d, %s → %s (%s, %d hops): read %+v (%v)\nindex %+v\nnetwork %+v", round, a.Key, b.Key, ties, hops, got, err, want, ds)
								}
							}
						}
					}
				}
			}
		})
	}
}

// countingReader counts what a path read asks of the store.
type countingReader struct {
	tieReader
	largestAsk, read, last int // last: the ties of the last read
}

func (c *countingReader) TiedOrganisations(ctx context.Context, keys []string, col, par bool) (map[string][]string, error) {
	c.largestAsk = max(c.largestAsk, len(keys))
	m, err := c.tieReader.TiedOrganisations(ctx, keys, col, par)
	c.last = 0
	for _, l := range m {
		c.last += len(l)
	}
	c.read += c.last
	return m, err
}

// TestReadPathStopsAtItsBudget checks, on two hubs of 600 organisations
// each whose leaves meet through one bridge, that a path read asks for the
// ties of at most readChunk organisations at once (the leaves are read in
// parts), and stops at the first read that passes its budget: a frontier
// of thousands of hubs is not read whole before the budget is looked at.
func TestReadPathStopsAtItsBudget(t *testing.T) {
	ctx := reseau.WithCaller(bg, reseau.System)
	ds := &reseau.Dataset{}
	org := func(k string) {
		ds.Organisations = append(ds.Organisations, reseau.Organisation{Key: k, Name: k, Sector: reseau.SectorAssociatif})
	}
	tie := func(k string, orgs ...string) {
		ds.Collaborations = append(ds.Collaborations, reseau.Collaboration{Key: k, Kind: "reunion", Title: k})
		for _, o := range orgs {
			ds.Participations = append(ds.Participations, reseau.Participation{CollaborationKey: k, OrganisationKey: o})
		}
	}
	org("hub-a")
	org("hub-b")
	for i := range 600 {
		a, b := fmt.Sprintf("a%03d", i), fmt.Sprintf("b%03d", i)
		org(a)
		org(b)
		tie("with-"+a, "hub-a", a)
		tie("with-"+b, "hub-b", b)
	}
	tie("bridge", "a599", "b599")
	s := sqlitetest.Open(t)
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	want, err := NewIndex(ds).OrganisationPath(ctx, "hub-a", "hub-b", 0, TiesAll)
	if err != nil || want.Length != 3 {
		t.Fatalf("the index's path: %+v, %v", want, err)
	}

	c := &countingReader{tieReader: s}
	got, err := readPath(ctx, c, "hub-a", "hub-b", 0, TiesAll, 1<<30)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("read %+v (%v), index %+v", got, err, want)
	}
	if c.largestAsk != readChunk {
		t.Errorf("the largest read asked for %d organisations' ties, want %d (600 leaves in parts)", c.largestAsk, readChunk)
	}

	// The hubs' ties are 1,200; the first part of the leaves passes 1,300.
	const budget = 1300
	c = &countingReader{tieReader: s}
	_, err = readPath(ctx, c, "hub-a", "hub-b", 0, TiesAll, budget)
	if !errors.Is(err, errOverBudget) {
		t.Fatalf("error %v, want errOverBudget (%d ties read)", err, c.read)
	}
	if before := c.read - c.last; before > budget || c.read <= budget {
		t.Errorf("%d ties read, %d before the last read: it did not stop at the first read past %d", c.read, before, budget)
	}
}
