package lazy_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"github.com/reseau-bxl/reseau/internal/lazy"
)

// counter is a build that counts its calls and, while gate is open, waits
// for it to be closed, so that a test can hold a build in flight.
type counter struct {
	builds atomic.Int32
	gate   chan struct{}
	fail   atomic.Bool
}

func (c *counter) build(ctx context.Context, v uint64) ([]uint64, error) {
	n := c.builds.Add(1)
	if c.gate != nil {
		select {
		case <-c.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if c.fail.Load() {
		return nil, errors.New("broken")
	}
	return []uint64{v, uint64(n)}, nil
}

func TestConcurrentGetBuildsOncePerVersion(t *testing.T) {
	c := &counter{gate: make(chan struct{})}
	x := lazy.New(c.build)
	ctx := context.Background()
	var wg sync.WaitGroup
	got := make([][]uint64, 20)
	for i := range got {
		wg.Go(func() {
			v, err := x.Get(ctx, 3)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		})
	}
	time.Sleep(20 * time.Millisecond) // let them all wait on the build
	close(c.gate)
	wg.Wait()
	if n := c.builds.Load(); n != 1 {
		t.Fatalf("%d builds for one version, want 1", n)
	}
	for _, v := range got {
		if len(v) != 2 || v[0] != 3 || v[1] != 1 {
			t.Fatalf("got %v, want the one build of version 3", v)
		}
	}
	// Built: an older version is answered with it, without building.
	if v, err := x.Get(ctx, 2); err != nil || v[0] != 3 || c.builds.Load() != 1 {
		t.Fatalf("Get(2) = %v, %v after %d builds; want version 3's value, no build", v, err, c.builds.Load())
	}
}

func TestCancelledWaiterDoesNotPoison(t *testing.T) {
	c := &counter{gate: make(chan struct{})}
	x := lazy.New(c.build)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() {
		_, err := x.Get(ctx, 1)
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Get returned %v, want context.Canceled", err)
	}
	// The build it started goes on for the others: a new caller waits for
	// it rather than starting another, and gets its value.
	done := make(chan []uint64)
	go func() {
		v, err := x.Get(context.Background(), 1)
		if err != nil {
			t.Error(err)
		}
		done <- v
	}()
	time.Sleep(10 * time.Millisecond)
	close(c.gate)
	if v := <-done; len(v) != 2 || v[1] != 1 {
		t.Fatalf("got %v, want the first build's value", v)
	}
	if n := c.builds.Load(); n != 1 {
		t.Fatalf("%d builds, want 1", n)
	}
}

func TestNewVersionRebuilds(t *testing.T) {
	c := &counter{}
	x := lazy.New(c.build)
	ctx := context.Background()
	for _, tc := range []struct {
		name         string
		version      uint64
		want, builds uint64
	}{
		{"first", 1, 1, 1},
		{"same", 1, 1, 1},
		{"newer", 2, 2, 2},
		{"older after newer", 1, 2, 2},
	} {
		v, err := x.Get(ctx, tc.version)
		if err != nil || v[0] != tc.want || uint64(c.builds.Load()) != tc.builds {
			t.Fatalf("%s: Get(%d) = %v, %v after %d builds; want version %d after %d", tc.name, tc.version, v, err, c.builds.Load(), tc.want, tc.builds)
		}
	}
}

// TestDroppingLetsGoOfTheOldValue: an index made by NewDropping no longer
// holds its value once the build of a newer version has started (New's
// holds it until that build ends), and answers every caller with the new
// value.
func TestDroppingLetsGoOfTheOldValue(t *testing.T) {
	for _, tc := range []struct {
		name string
		new  func(func(context.Context, uint64) (*[1 << 16]byte, error)) *lazy.Index[*[1 << 16]byte]
		held bool
	}{
		{"New", lazy.New[*[1 << 16]byte], true},
		{"NewDropping", lazy.NewDropping[*[1 << 16]byte], false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gate := make(chan struct{})
			x := tc.new(func(ctx context.Context, v uint64) (*[1 << 16]byte, error) {
				if v > 1 {
					<-gate
				}
				b := new([1 << 16]byte)
				b[0] = byte(v)
				return b, nil
			})
			ctx := context.Background()
			old, err := x.Get(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			w := weak.Make(old)
			old = nil
			done := make(chan *[1 << 16]byte)
			go func() {
				v, err := x.Get(ctx, 2)
				if err != nil {
					t.Error(err)
				}
				done <- v
			}()
			time.Sleep(20 * time.Millisecond) // the build of version 2 waits at the gate
			runtime.GC()
			if held := w.Value() != nil; held != tc.held {
				t.Errorf("old value held during the newer build: %v, want %v", held, tc.held)
			}
			close(gate)
			if v := <-done; v == nil || v[0] != 2 {
				t.Fatalf("Get(2) answered %v", v)
			}
			if v, err := x.Get(ctx, 1); err != nil || v[0] != 2 {
				t.Fatalf("Get(1) after the build = %v, %v; want version 2's value", v[0], err)
			}
		})
	}
}

// TestReadyStartsTheBuildWithoutWaiting: Ready answers at once while the
// value is not built, starting one build whatever the number of callers,
// and returns the value once that build is done.
func TestReadyStartsTheBuildWithoutWaiting(t *testing.T) {
	c := &counter{gate: make(chan struct{})}
	x := lazy.New(c.build)
	ctx := context.Background()
	for range 3 {
		if v, ok := x.Ready(ctx, 1); ok || v != nil {
			t.Fatalf("Ready before the build = %v, %v", v, ok)
		}
	}
	time.Sleep(10 * time.Millisecond)
	if n := c.builds.Load(); n != 1 {
		t.Fatalf("%d builds started, want 1", n)
	}
	close(c.gate)
	v, err := x.Get(ctx, 1) // waits for the build Ready started
	if err != nil || v[1] != 1 {
		t.Fatalf("Get = %v, %v; want the first build's value", v, err)
	}
	if v, ok := x.Ready(ctx, 1); !ok || v[1] != 1 {
		t.Fatalf("Ready after the build = %v, %v", v, ok)
	}
}

func TestFailedBuildIsRetried(t *testing.T) {
	c := &counter{}
	c.fail.Store(true)
	x := lazy.New(c.build)
	ctx := context.Background()
	if _, err := x.Get(ctx, 0); err == nil {
		t.Fatal("Get succeeded on a failing build")
	}
	c.fail.Store(false)
	if v, err := x.Get(ctx, 0); err != nil || v[1] != 2 {
		t.Fatalf("Get after a failure = %v, %v; want a second build's value", v, err)
	}
}

func TestEditDuringBuildIsApplied(t *testing.T) {
	c := &counter{gate: make(chan struct{})}
	x := lazy.New(c.build)
	ctx := context.Background()
	done := make(chan []uint64)
	go func() {
		v, _ := x.Get(ctx, 0)
		done <- v
	}()
	time.Sleep(10 * time.Millisecond)
	// A write commits while the build reads: its edit must not be lost.
	x.Edit(func(v []uint64) ([]uint64, error) { return append(v[:2:2], 42), nil })
	close(c.gate)
	if v := <-done; len(v) != 3 || v[2] != 42 {
		t.Fatalf("got %v, want the build's value with the edit", v)
	}
	// On a built value, an edit publishes a new one and leaves the old alone.
	old, _ := x.Get(ctx, 0)
	x.Edit(func(v []uint64) ([]uint64, error) { return append(v[:3:3], 7), nil })
	now, _ := x.Get(ctx, 0)
	if len(old) != 3 || len(now) != 4 || now[3] != 7 {
		t.Fatalf("old %v, now %v; want the old untouched and the edit in the new", old, now)
	}
	// A failing edit drops the value: the next Get builds.
	x.Edit(func(v []uint64) ([]uint64, error) { return nil, errors.New("cannot") })
	if v, err := x.Get(ctx, 0); err != nil || len(v) != 2 || c.builds.Load() != 2 {
		t.Fatalf("after a failed edit Get = %v, %v (%d builds); want a fresh build", v, err, c.builds.Load())
	}
}

func TestResetDuringBuildDiscardsIt(t *testing.T) {
	c := &counter{gate: make(chan struct{})}
	x := lazy.New(c.build)
	ctx := context.Background()
	done := make(chan []uint64)
	go func() {
		v, _ := x.Get(ctx, 0)
		done <- v
	}()
	time.Sleep(10 * time.Millisecond)
	x.Reset() // an import committed: what the build read is stale
	close(c.gate)
	if v := <-done; len(v) != 2 || v[1] != 2 {
		t.Fatalf("got %v, want the value of a build started after the reset", v)
	}
}

func TestLRUBoundedByCost(t *testing.T) {
	c := lazy.NewLRU[string, []int](10, func(v []int) int { return len(v) })
	g := c.Gen()
	c.AddAt(g, "a", make([]int, 4))
	c.AddAt(g, "b", make([]int, 4))
	c.Get("a") // a is now more recent than b
	c.AddAt(g, "c", make([]int, 4))
	if _, ok := c.Get("b"); ok {
		t.Error("b kept past the bound; want the least recently used dropped")
	}
	if _, ok := c.Get("a"); !ok {
		t.Error("a dropped; it was used more recently than b")
	}
	if n, cost := c.Len(); n != 2 || cost != 8 {
		t.Errorf("Len = %d entries, cost %d; want 2, 8", n, cost)
	}
	c.AddAt(g, "huge", make([]int, 11))
	if _, ok := c.Get("huge"); ok {
		t.Error("an entry costing more than the bound was kept")
	}
}

func TestLRUFillAfterRemoveRefused(t *testing.T) {
	c := lazy.NewLRU[string, int](10, nil)
	g := c.Gen()
	c.Remove("a") // a write between the read and the fill
	c.AddAt(g, "a", 1)
	if _, ok := c.Get("a"); ok {
		t.Error("a value read before a Remove was cached after it")
	}
	c.AddAt(c.Gen(), "a", 2)
	c.Clear()
	if n, _ := c.Len(); n != 0 {
		t.Errorf("%d entries after Clear", n)
	}
}
