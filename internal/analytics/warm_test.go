package analytics

import (
	"context"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// TestFollowRebuildsAfterAWrite checks that Warm builds the index and that,
// after a write, Follow rebuilds it in the background, without any request
// asking for it: the next request finds the written organisation built in.
func TestFollowRebuildsAfterAWrite(t *testing.T) {
	s := sqlitetest.Demo(t)
	ctx, cancel := context.WithCancel(reseau.WithCaller(context.Background(), reseau.System))
	defer cancel()
	e := NewEngine(s)
	if _, ok := e.idx.Peek(); ok {
		t.Fatal("an index is built before Warm: the test proves nothing")
	}
	if err := e.Warm(ctx); err != nil {
		t.Fatalf("Warm: %v", err)
	}
	if _, ok := e.idx.Peek(); !ok {
		t.Fatal("no index after Warm")
	}
	done := make(chan struct{})
	go func() { e.Follow(ctx, 20*time.Millisecond); close(done) }()

	if err := s.CreateOrganisation(ctx, &reseau.Organisation{Key: "follow-test", Name: "Follow test"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if x, ok := e.idx.Peek(); ok {
			if _, found := x.orgIdx["follow-test"]; found {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the index was not rebuilt after a write")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done // Follow returns once its context ends
}
