// Package lazy holds the two shapes of the in-memory caches: Index, a value
// derived from the whole store, built on first use once per version and read
// without locks; and LRU, a map of derived answers bounded by an estimate of
// the memory it holds.
package lazy

import (
	"context"
	"sync"
	"sync/atomic"
)

// Index is a value derived from a store (an adjacency, the folded names of
// every node, an analytics projection), built on first use rather than at
// start, so that start-up does not grow with the data.
//
// Readers get an immutable snapshot and use it without holding any lock. A
// build is shared: concurrent callers wait for one build of a version, and a
// caller that gives up (its context ends) neither cancels the build for the
// others nor leaves a broken value behind; a failed build is retried by the
// next caller.
//
// The value is keyed by a version: Get(ctx, v) returns a value built for v
// or a later version, and builds one otherwise. A store that keeps the value
// in step with its writes instead edits it (Edit, copy on write) and drops
// it when it cannot (Reset); it then asks for one version, 0, always.
type Index[T any] struct {
	build func(ctx context.Context, version uint64) (T, error)
	// dropping: see NewDropping.
	dropping bool

	cur    atomic.Pointer[snapshot[T]]
	mu     sync.Mutex // serialises edits, resets and the start and end of builds
	flight *flight[T] // the build in progress, nil if none
}

type snapshot[T any] struct {
	val     T
	version uint64
}

// flight is one build; done is closed when it ends.
type flight[T any] struct {
	version uint64
	done    chan struct{}
	err     error
	// edits made while it runs, applied in order to its value before it is
	// published, so that a write that commits during a build is never lost.
	edits []func(T) (T, error)
}

// New returns an empty index whose values build makes. build is given a
// context detached from any caller's cancellation.
func New[T any](build func(ctx context.Context, version uint64) (T, error)) *Index[T] {
	return &Index[T]{build: build}
}

// NewDropping is New for values so large that the memory allows one only
// (the analytics index at scale L: half a GiB): the index lets go of its
// value as soon as the build of a newer version starts, rather than hold the
// old value and the new one together until the build ends. Callers then
// wait for that build, as the callers asking for the newer version already
// do; the old value lives on only as long as readers still hold it.
func NewDropping[T any](build func(ctx context.Context, version uint64) (T, error)) *Index[T] {
	return &Index[T]{build: build, dropping: true}
}

// Get returns the value of version (or of a later one), building it if
// needed. It returns ctx's error if ctx ends first (the build goes on for
// the others), or the build's error.
func (x *Index[T]) Get(ctx context.Context, version uint64) (T, error) {
	for {
		if s := x.cur.Load(); s != nil && s.version >= version {
			return s.val, nil
		}
		x.mu.Lock()
		if s := x.cur.Load(); s != nil && s.version >= version {
			x.mu.Unlock()
			return s.val, nil
		}
		f := x.start(ctx, version)
		x.mu.Unlock()
		select {
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		case <-f.done:
		}
		if f.err != nil {
			var zero T
			return zero, f.err
		}
		// Published, or dropped by a Reset or a newer build: look again.
	}
}

// run builds f's value and publishes it, unless a Reset or a build of a
// newer version replaced f meanwhile.
func (x *Index[T]) run(ctx context.Context, f *flight[T]) {
	v, err := x.build(ctx, f.version)
	x.mu.Lock()
	defer x.mu.Unlock()
	defer close(f.done)
	if x.flight != f {
		return
	}
	x.flight = nil
	if err != nil {
		f.err = err
		return
	}
	for _, e := range f.edits {
		if v, err = e(v); err != nil {
			return // dropped, as Edit does: the waiters build again
		}
	}
	if s := x.cur.Load(); s == nil || s.version <= f.version {
		x.cur.Store(&snapshot[T]{val: v, version: f.version})
	}
}

// Ready returns the value of version (or of a later one) if it is built.
// If it is not, Ready starts its build (unless one is running) and returns
// at once, false: a caller that can answer another way meanwhile (a
// narrower read of the store) does not wait for a whole build, seconds at
// scale L, which the next callers then find done.
func (x *Index[T]) Ready(ctx context.Context, version uint64) (T, bool) {
	if s := x.cur.Load(); s != nil && s.version >= version {
		return s.val, true
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if s := x.cur.Load(); s != nil && s.version >= version {
		return s.val, true
	}
	x.start(ctx, version)
	var zero T
	return zero, false
}

// start returns the build of version (or of a later one), starting it if
// none runs; x.mu is held.
func (x *Index[T]) start(ctx context.Context, version uint64) *flight[T] {
	f := x.flight
	if f == nil || f.version < version {
		f = &flight[T]{version: version, done: make(chan struct{})}
		x.flight = f
		if x.dropping {
			x.cur.Store(nil)
		}
		go x.run(context.WithoutCancel(ctx), f)
	}
	return f
}

// Peek returns the current value, if one is built, without building.
func (x *Index[T]) Peek() (T, bool) {
	if s := x.cur.Load(); s != nil {
		return s.val, true
	}
	var zero T
	return zero, false
}

// Edit replaces the value with edit(value): edit must not modify the value
// it is given (readers may hold it) and returns the next one, sharing what
// it did not change. Without a value it does nothing, except during a build,
// whose value edit is applied to before it is published. An edit that fails
// drops the value (as Reset), so that the next Get builds it afresh. Edits
// are serialised; edit must not call the Index.
func (x *Index[T]) Edit(edit func(T) (T, error)) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.flight != nil {
		x.flight.edits = append(x.flight.edits, edit)
	}
	s := x.cur.Load()
	if s == nil {
		return
	}
	v, err := edit(s.val)
	if err != nil {
		x.cur.Store(nil)
		return
	}
	x.cur.Store(&snapshot[T]{val: v, version: s.version})
}

// Reset drops the value and any build in progress: the next Get builds
// again, from what the store holds then.
func (x *Index[T]) Reset() {
	x.mu.Lock()
	x.cur.Store(nil)
	x.flight = nil
	x.mu.Unlock()
}
