package lazy

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestSharedComputationOutlivesOneCaller: when one of two callers waiting
// for the same computation leaves, the computation goes on for the other.
func TestSharedComputationOutlivesOneCaller(t *testing.T) {
	var l Value[int]
	release := make(chan struct{})
	var computeCtx context.Context
	ready := make(chan struct{})
	compute := func(ctx context.Context) (int, error) {
		computeCtx = ctx
		close(ready)
		select {
		case <-release:
			return 42, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	leaving, leave := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := l.Get(leaving, compute); first <- err }()
	<-ready
	second := make(chan int, 1)
	go func() { v, _ := l.Get(context.Background(), compute); second <- v }()
	// Wait until the second caller waits too.
	for {
		l.mu.Lock()
		w := l.cur.waiters
		l.mu.Unlock()
		if w == 2 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	leave()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Fatalf("the caller who left got %v, want %v", err, context.Canceled)
	}
	if computeCtx.Err() != nil {
		t.Fatal("the computation was cancelled although a caller still waits for it")
	}
	close(release)
	if v := <-second; v != 42 {
		t.Fatalf("the remaining caller got %d", v)
	}
	if v, err := l.Get(leaving, compute); v != 42 || err != nil {
		t.Fatalf("the kept value: %d, %v", v, err)
	}
}
