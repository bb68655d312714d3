package analytics

import (
	"context"
	"fmt"
	"sync"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// lazy is a value computed on first demand and then kept, the computation
// shared by every caller who asks while it runs. It runs under a context of
// its own, cancelled when the last caller waiting for it has gone (its
// context done): work that nobody waits for stops, and work that someone
// still waits for is not wasted because the caller who started it left. A
// computation that fails, cancelled or not, is forgotten: the next caller
// starts again.
type lazy[T any] struct {
	mu   sync.Mutex
	done bool
	val  T
	cur  *lazyCall[T]
}

type lazyCall[T any] struct {
	waiters int
	cancel  context.CancelFunc
	done    chan struct{}
	val     T
	err     error
}

// get returns the value, computing it with compute if no one has yet. The
// computation's context keeps ctx's values, not its cancellation. When ctx
// is done first, get returns its cause (see stopped).
func (l *lazy[T]) get(ctx context.Context, compute func(context.Context) (T, error)) (T, error) {
	l.mu.Lock()
	if l.done {
		v := l.val
		l.mu.Unlock()
		return v, nil
	}
	c := l.cur
	if c == nil {
		cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		c = &lazyCall[T]{cancel: cancel, done: make(chan struct{})}
		l.cur = c
		go l.run(cctx, c, compute)
	}
	c.waiters++
	l.mu.Unlock()
	select {
	case <-c.done:
		return c.val, c.err
	case <-ctx.Done():
		l.mu.Lock()
		c.waiters--
		if c.waiters == 0 {
			c.cancel()
			if l.cur == c {
				l.cur = nil
			}
		}
		l.mu.Unlock()
		var zero T
		return zero, stopped(ctx)
	}
}

func (l *lazy[T]) run(ctx context.Context, c *lazyCall[T], compute func(context.Context) (T, error)) {
	defer close(c.done)
	defer c.cancel()
	defer func() {
		// Outside any request, a panic would stop the server.
		if v := recover(); v != nil {
			c.err = fmt.Errorf("panic in analytics: %v", v)
			l.forget(c)
		}
	}()
	v, err := compute(ctx)
	l.mu.Lock()
	defer l.mu.Unlock()
	c.val, c.err = v, err
	if err == nil {
		l.val, l.done = v, true
	}
	if l.cur == c {
		l.cur = nil
	}
}

func (l *lazy[T]) forget(c *lazyCall[T]) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur == c {
		l.cur = nil
	}
}

// reset forgets a computed value, for benchmarks of the first call.
func (l *lazy[T]) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	var zero T
	l.done, l.val = false, zero
}

// stopped is the error of work given up because ctx is done: ETIMEOUT or
// EUNAVAILABLE, saying which limit was hit (see reseau.Stopped).
func stopped(ctx context.Context) error {
	if err := reseau.Stopped(ctx); err != nil {
		return err
	}
	return nil
}

// checkEvery is how many iterations of a hot loop run between two looks at
// the context: a look costs a few nanoseconds, an iteration of the cheapest
// loops about as much, and 1024 of them well under a millisecond.
const checkEvery = 1024

// poll is a cancellation check for hot loops: tick looks at the context
// only every checkEvery calls.
type poll struct {
	ctx context.Context
	n   int
}

// tick counts one iteration and returns the context's error (see stopped)
// once it is done.
func (p *poll) tick() error {
	p.n++
	if p.n%checkEvery != 0 {
		return nil
	}
	return p.now()
}

// now looks at the context at once: for loops whose iterations are long
// (a breadth-first search over the whole graph).
func (p *poll) now() error {
	if p.ctx.Err() != nil {
		return stopped(p.ctx)
	}
	return nil
}
