package analytics

import (
	"context"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Warm builds the index of the store's current version, so that the first
// analytics request after a start does not pay for it (seconds at scale L).
// A server calls it in the background right after it starts; requests that
// arrive meanwhile wait for the same build. Errors as Index.
func (e *Engine) Warm(ctx context.Context) error {
	_, err := e.Index(reseau.WithCaller(ctx, reseau.System))
	return err
}

// Follow keeps the index in step with the store until ctx ends: every
// period it reads the store's version and, once writes have paused (the
// version is the one it read a period before) and the index is older,
// rebuilds it in the background, so that the next request after a write
// finds it built rather than waiting for it. Waiting for a pause keeps a
// burst of writes from starting a build per write; a request that comes
// before the rebuild ends waits for it, as without Follow.
func (e *Engine) Follow(ctx context.Context, period time.Duration) {
	ctx = reseau.WithCaller(ctx, reseau.System)
	t := time.NewTicker(period)
	defer t.Stop()
	var last uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		v, err := e.store.Version(ctx)
		if err != nil {
			continue
		}
		if v == last {
			// Returns at once if the index is of v already; an error is
			// met again by the next request, which reports it.
			_, _ = e.idx.Get(ctx, v)
		}
		last = v
	}
}
