package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a log destination that a test may read while the server
// writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeWarmsIndexesAtStart runs `reseau serve` on a new store (the
// demo is loaded into it) and checks that it builds the store's read
// indexes before it listens and the analytics index right after, by
// itself, and logs how long each took, rather than leaving them to the
// first request; and that it sets its soft
// memory limit and its GC pacing (unless GOMEMLIMIT and GOGC chose).
func TestServeWarmsIndexesAtStart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "reseau.db")
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	env := func(k string) string { return map[string]string{"RESEAU_DB": db}[k] }
	want := int64(defaultMemoryLimit)
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	gcBefore := debug.SetGCPercent(100)
	debug.SetGCPercent(gcBefore)
	defer debug.SetGCPercent(gcBefore)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--store", "sqlite", "--addr", freeAddr(t)}, env, log) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(logs.String(), "msg=\"indexes warm\" elapsed=") {
		if time.Now().After(deadline) {
			t.Fatalf("no request came, and the server did not log that it warmed its indexes:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	out := logs.String()
	built, listening := strings.Index(out, `msg="read indexes built" elapsed=`), strings.Index(out, "msg=listening")
	if built < 0 || listening < 0 || built > listening {
		t.Errorf("the read indexes were not built before the server listened:\n%s", out)
	}
	// The soft memory limit that keeps serving L under 1 GiB, unless
	// GOMEMLIMIT chose another (the runtime read it).
	if os.Getenv("GOMEMLIMIT") != "" {
		want = before
	}
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Errorf("memory limit %d, want %d", got, want)
	}
	// The collector's pacing, unless GOGC chose another.
	wantGC := defaultGCPercent
	if os.Getenv("GOGC") != "" {
		wantGC = gcBefore
	}
	got := debug.SetGCPercent(gcBefore)
	debug.SetGCPercent(got)
	if got != wantGC {
		t.Errorf("GC percent %d, want %d", got, wantGC)
	}
}
