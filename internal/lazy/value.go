package lazy

import (
	"context"
	"fmt"
	"sync"
)

// Value is a value computed on first demand and then kept, the computation
// shared by every caller who asks while it runs. It runs under a context of
// its own, cancelled when the last caller waiting for it has gone (its
// context done): work that nobody waits for stops, and work that someone
// still waits for is not wasted because the caller who started it left. A
// computation that fails, cancelled or not, is forgotten: the next caller
// starts again.
type Value[T any] struct {
	mu   sync.Mutex
	done bool
	val  T
	cur  *call[T]
}

type call[T any] struct {
	waiters int
	cancel  context.CancelFunc
	done    chan struct{}
	val     T
	err     error
}

// Get returns the value, computing it with compute if no one has yet. The
// computation's context keeps ctx's values, not its cancellation. When ctx
// is done first, Get returns ctx.Err().
func (l *Value[T]) Get(ctx context.Context, compute func(context.Context) (T, error)) (T, error) {
	l.mu.Lock()
	if l.done {
		v := l.val
		l.mu.Unlock()
		return v, nil
	}
	c := l.cur
	if c == nil {
		cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		c = &call[T]{cancel: cancel, done: make(chan struct{})}
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
		return zero, ctx.Err()
	}
}

func (l *Value[T]) run(ctx context.Context, c *call[T], compute func(context.Context) (T, error)) {
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

func (l *Value[T]) forget(c *call[T]) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur == c {
		l.cur = nil
	}
}

// Reset forgets a computed value, for benchmarks of the first call.
func (l *Value[T]) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	var zero T
	l.done, l.val = false, zero
}
