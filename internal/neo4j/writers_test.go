package neo4j

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/neo4j/neo4jtest"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

const concurrentWriters = 200

// writeConcurrently runs n writers on s at once, half single writes, half
// operations (an update and its answer's read, as a GraphQL mutation), each
// bounded by a request's timeout, and returns their errors. start, if not
// nil, runs while they are all started and before they are waited for.
func writeConcurrently(s *Store, n int, start func()) []error {
	ctx := reseau.WithCaller(context.Background(), reseau.System)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			key := fmt.Sprintf("load-%d", i)
			if i%2 == 0 {
				errs[i] = s.CreatePerson(ctx, &reseau.Person{Key: key, Name: "Load " + key, Visibility: reseau.VisibilityNetwork})
				return
			}
			errs[i] = s.Atomic(ctx, func(ctx context.Context) error {
				if err := s.CreateDomain(ctx, &reseau.Domain{Key: key, LabelFR: "Charge " + key}); err != nil {
					return err
				}
				_, err := s.DomainsByKeys(ctx, []string{key})
				return err
			})
		}()
	}
	if start != nil {
		start()
	}
	wg.Wait()
	return errs
}

// TestWritersCapped: 200 concurrent writers, while an operation holds the
// write lock, all complete, and never more than writerSlots(pool) write
// transactions are open at once (on a server, each would hold a connection
// while it waits for the lock, and the pool is 50).
func TestWritersCapped(t *testing.T) {
	m := neo4jtest.NewModel(t)
	s := newStore(exported{m})
	slots := writerSlots(defaultMaxConnections)
	release := make(chan struct{})
	held := make(chan struct{})
	go func() {
		_ = s.Atomic(context.Background(), func(context.Context) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	errs := writeConcurrently(s, concurrentWriters, func() {
		// Let the writers queue behind the lock: with the cap, the open
		// transactions stop at the slots; without it, all 200 would open.
		deadline := time.Now().Add(5 * time.Second)
		for now, _ := m.OpenWrites(); now < slots && time.Now().Before(deadline); now, _ = m.OpenWrites() {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
		close(release)
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	if _, most := m.OpenWrites(); most > slots || most < 2 {
		t.Errorf("at most %d write transactions were open at once, want between 2 and the %d slots of a pool of %d", most, slots, defaultMaxConnections)
	}
	people, err := s.FindPeople(reseau.WithCaller(context.Background(), reseau.System), reseau.PersonFilter{Text: "load"}, reseau.ListOptions{Limit: 1})
	if err != nil || people.TotalCount != concurrentWriters/2 {
		t.Errorf("people written: %+v %v, want %d", people, err, concurrentWriters/2)
	}
}

// TestWriterWaitEndsWithContext: a writer waiting for a slot gives up when
// its request ends (UNAVAILABLE), holding nothing.
func TestWriterWaitEndsWithContext(t *testing.T) {
	s := newStore(newModel(t))
	s.writers = newWriters(2) // one slot
	release := make(chan struct{})
	held := make(chan struct{})
	go func() {
		_ = s.Atomic(context.Background(), func(context.Context) error { close(held); <-release; return nil })
	}()
	<-held
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- s.CreateDomain(reseau.WithCaller(ctx, reseau.System), &reseau.Domain{Key: "d", LabelFR: "D"})
	}()
	select {
	case err := <-done:
		if code := reseau.ErrorCode(err); code != reseau.EUNAVAILABLE {
			t.Errorf("a writer past its deadline: %v (%s), want %s", err, code, reseau.EUNAVAILABLE)
		}
	case <-time.After(2 * time.Second):
		// The model's lock, like Neo4j's, does not look at the context:
		// only the slot can end the wait.
		t.Error("a writer past its deadline still waits for the write lock")
	}
}

// TestConcurrentWritersOnServer: 200 concurrent writers on the Neo4j named
// by NEO4J_URI, with the driver's pool (NEO4J_MAX_CONNECTIONS, 50 by
// default), all complete. It empties that database.
func TestConcurrentWritersOnServer(t *testing.T) {
	cfg := ConfigFromEnv(os.Getenv)
	if cfg.URI == "" {
		t.Skip("NEO4J_URI is not set: the 200-writer load test needs a Neo4j server (see docs/neo4j.md)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := wipe(ctx, s); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	errs := writeConcurrently(s, concurrentWriters, nil)
	t.Logf("%d concurrent writers, pool %d, %d writer slots: %v", concurrentWriters, cfg.MaxConnections, writerSlots(cfg.MaxConnections), time.Since(begin))
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	v, err := s.Version(ctx)
	if err != nil || v < concurrentWriters {
		t.Errorf("version %d (%v) after %d writes", v, err, concurrentWriters)
	}
}
