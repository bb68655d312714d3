package httpserver

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"time"
)

// DefaultShutdownGrace is how long a stopping server lets running requests
// finish before it cancels them, when Server.ShutdownGrace is zero.
const DefaultShutdownGrace = 10 * time.Second

// shutdownDrain is how long cancelled requests get to return (an import
// rolling back, a query interrupted) before their connections are closed
// and Serve returns all the same.
const shutdownDrain = 5 * time.Second

// errShutdown is the cause of the cancellation of requests still running
// when the grace period ends.
var errShutdown = errors.New("the server is shutting down")

// inflight is the set of requests being served, so that a shutdown can say
// which ones it cancelled.
type inflight struct {
	mu   sync.Mutex
	next int
	reqs map[int]runningRequest
}

type runningRequest struct {
	method, path string
	start        time.Time
}

// wrap counts the requests h serves.
func (f *inflight) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		if f.reqs == nil {
			f.reqs = map[int]runningRequest{}
		}
		id := f.next
		f.next++
		f.reqs[id] = runningRequest{method: r.Method, path: r.URL.Path, start: time.Now()}
		f.mu.Unlock()
		defer func() {
			f.mu.Lock()
			delete(f.reqs, id)
			f.mu.Unlock()
		}()
		h.ServeHTTP(w, r)
	})
}

// running returns the requests in flight, oldest first.
func (f *inflight) running() []runningRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]runningRequest, 0, len(f.reqs))
	for _, r := range f.reqs {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b runningRequest) int { return a.start.Compare(b.start) })
	return out
}

// wait returns when no request is in flight, or ctx's error when it ends
// first.
func (f *inflight) wait(ctx context.Context) error {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		f.mu.Lock()
		n := len(f.reqs)
		f.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// shutdown stops hs within the grace period plus shutdownDrain, whatever
// runs: it stops accepting connections and lets running requests finish
// for the grace period; then it cancels the ones still running (their
// contexts derive from the work context that cancelWork ends: an import
// rolls back, a query is interrupted), logs each, and gives them
// shutdownDrain to return before it closes their connections.
func (s *Server) shutdown(hs *http.Server, served <-chan error, running *inflight, cancelWork context.CancelCauseFunc) error {
	grace := s.ShutdownGrace
	if grace <= 0 {
		grace = DefaultShutdownGrace
	}
	s.Log.Info("shutting down", "grace", grace)
	gctx, cancel := context.WithTimeout(context.Background(), grace)
	err := hs.Shutdown(gctx)
	cancel()
	if err != nil {
		for _, r := range running.running() {
			s.Log.Warn("cancelled at shutdown", "request", r.method+" "+r.path,
				"running", time.Since(r.start).Round(time.Millisecond), "grace", grace)
		}
		cancelWork(errShutdown)
		dctx, cancel := context.WithTimeout(context.Background(), shutdownDrain)
		err := running.wait(dctx)
		cancel()
		if err != nil {
			s.Log.Warn("requests still running after their cancellation: closing their connections", "requests", len(running.running()))
		}
		_ = hs.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s.Log.Info("stopped")
	return nil
}
