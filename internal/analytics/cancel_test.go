package analytics

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// scaleS is the index of the generated scale S (250 organisations, enough
// ties that every loop passes several checkEvery marks).
func scaleS(t *testing.T) *Index {
	t.Helper()
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	return NewIndex(ds)
}

// blockSources makes each breadth-first source of computeCentrality wait
// until the computation's context is done (or 10 s), counting the sources
// started and whether the computation was cancelled.
func blockSources(t *testing.T) (started *atomic.Int64, cancelled chan struct{}) {
	started = new(atomic.Int64)
	cancelled = make(chan struct{})
	var once atomic.Bool
	onSource = func(ctx context.Context) {
		started.Add(1)
		select {
		case <-ctx.Done():
			if once.CompareAndSwap(false, true) {
				close(cancelled)
			}
		case <-time.After(10 * time.Second):
		}
	}
	t.Cleanup(func() { onSource = nil })
	return started, cancelled
}

// TestBrokersStopAtDeadline: a Brokers call whose deadline passes during
// Brandes' loop returns ETIMEOUT at once, the shared computation, that no
// one else waits for, is cancelled, and the workers stop after the source
// they were on.
func TestBrokersStopAtDeadline(t *testing.T) {
	x := scaleS(t)
	started, cancelled := blockSources(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	begin := time.Now()
	_, err := x.Brokers(ctx, 5, TiesAll)
	elapsed := time.Since(begin)
	if reseau.ErrorCode(err) != reseau.ETIMEOUT {
		t.Fatalf("err = %v, want code %s", err, reseau.ETIMEOUT)
	}
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the computation's context was not cancelled after its only caller left")
	}
	time.Sleep(50 * time.Millisecond) // let the workers see it
	if n, total := started.Load(), int64(x.graph(TiesAll).n); n > 4 || n >= total {
		t.Errorf("%d of %d sources started: the loop went on after the cancellation", n, total)
	}
	if elapsed > 2*time.Second { // generous: the bound is 50 ms + 100 ms
		t.Errorf("Brokers returned after %v with a 50 ms deadline", elapsed)
	}
	// The cancelled computation was forgotten: the next caller computes.
	onSource = nil
	if _, err := x.Brokers(context.Background(), 5, TiesAll); err != nil {
		t.Fatalf("after a cancelled computation: %v", err)
	}
}

// TestLoopsObserveCancellation: every analysis over a graph big enough to
// pass a check gives up with the context's error instead of finishing.
func TestLoopsObserveCancellation(t *testing.T) {
	x := scaleS(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	org := x.orgKey(0)
	ps := reseau.PeopleScope{All: true}
	person := x.perKey(0)
	cases := []struct {
		name string
		run  func() error
	}{
		{"brokers", func() error { _, err := x.Brokers(ctx, 5, TiesAll); return err }},
		{"centrality", func() error { _, err := computeCentrality(ctx, x.graph(TiesAll)); return err }},
		{"louvain", func() error { _, err := computePartition(ctx, x.weighted(TiesAll)); return err }},
		{"communities", func() error { _, err := x.Communities(ctx, TiesAll); return err }},
		{"cuts", func() error { _, err := x.ArticulationPoints(ctx, TiesAll); return err }},
		{"mixing", func() error { _, err := x.Mixing(ctx, TiesAll); return err }},
		{"gaps", func() error { _, err := x.Gaps(ctx, nil, "", ""); return err }},
		{"meetings", func() error { _, err := x.SuggestedMeetings(ctx, "", 20); return err }},
		{"gapBrokers", func() error {
			_, err := x.GapBrokers(ctx, ps, x.domKey(0), reseau.SectorCPAS, reseau.SectorAssociatif, 20)
			return err
		}},
		{"organisationPath", func() error { _, err := x.OrganisationPath(ctx, org, x.orgKey(1), 0, TiesAll); return err }},
		{"introductionPath", func() error { _, err := x.IntroductionPath(ctx, ps, person, x.perKey(1), 0); return err }},
		{"timeline", func() error { _, err := x.Timeline(ctx, 0, 0, TiesAll); return err }},
		{"summary", func() error { _, err := x.Summary(ctx, TiesAll); return err }},
		{"network", func() error { _, err := x.Network(ctx, ps, NetworkFilter{}); return err }},
		{"index", func() error { _, err := buildIndex(ctx, x.ds); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if reseau.ErrorCode(err) != reseau.EUNAVAILABLE {
				t.Fatalf("err = %v, want code %s", err, reseau.EUNAVAILABLE)
			}
		})
	}
}

// TestStoppedSaysWhichLimit: a deadline with a cause is ETIMEOUT with the
// cause's message; a cancellation is EUNAVAILABLE.
func TestStoppedSaysWhichLimit(t *testing.T) {
	cause := errors.New("the limit X=1s")
	ctx, cancel := context.WithDeadlineCause(context.Background(), time.Now().Add(-time.Second), cause)
	defer cancel()
	if err := reseau.Stopped(ctx); err.Code != reseau.ETIMEOUT || err.Message != cause.Error() {
		t.Errorf("deadline: %+v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if err := reseau.Stopped(ctx); err.Code != reseau.EUNAVAILABLE {
		t.Errorf("cancel: %+v", err)
	}
	if err := reseau.Stopped(context.Background()); err != nil {
		t.Errorf("live context: %+v", err)
	}
}
