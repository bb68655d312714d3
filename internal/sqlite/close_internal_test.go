package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// TestCloseDoesNotWaitForAWrite closes a store while one of its writes
// holds the writer connection: Close must return promptly. It used to wait
// for the connection to run its checkpoint, behind the write, for as long as
// the write ran (a shutdown during a long import waited for the import).
func TestCloseDoesNotWaitForAWrite(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	inside := make(chan struct{})
	written := make(chan error, 1)
	go func() {
		written <- s.write(ctx, func(tx *sql.Tx) error {
			close(inside)
			<-ctx.Done()
			return ctx.Err()
		})
	}()
	<-inside
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		cancel()
		<-closed
		t.Fatal("Close waited for the running write")
	}
	cancel()
	if err := <-written; err == nil {
		t.Error("the write interrupted by its context committed")
	}
}
