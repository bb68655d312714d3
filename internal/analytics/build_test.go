package analytics

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"sync/atomic"
	"testing"
	"weak"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// smallRuns is a Source that hands a store's graph over in runs of 100
// relationship rows, each a fresh array, and watches them: after each run
// is folded and the heap collected, every earlier run must be gone.
type smallRuns struct {
	Source
	runs  int
	alive []weak.Pointer[byte]
}

func (s *smallRuns) ExportEach(ctx context.Context, visit func(*reseau.Dataset) error) error {
	return s.Source.ExportEach(ctx, func(part *reseau.Dataset) error {
		if part.Organisations != nil {
			return visit(part)
		}
		return (&reseau.Dataset{Memberships: part.Memberships, Participations: part.Participations,
			PersonParticipations: part.PersonParticipations, Parties: part.Parties, Knows: part.Knows}).Parts(func(p *reseau.Dataset) error {
			if p.Organisations != nil {
				return nil // Parts' empty node part
			}
			return s.fold(p, visit)
		})
	})
}

// fold splits p into runs of 100 rows, copied, and visits them one by one.
func (s *smallRuns) fold(p *reseau.Dataset, visit func(*reseau.Dataset) error) error {
	v := reflect.ValueOf(p).Elem()
	for i := range v.NumField() {
		rows := v.Field(i)
		for j := 0; j < rows.Len(); j += 100 {
			run := reflect.MakeSlice(rows.Type(), 0, 100)
			run = reflect.AppendSlice(run, rows.Slice(j, min(j+100, rows.Len())))
			one := reflect.New(v.Type())
			one.Elem().Field(i).Set(run)
			s.alive = append(s.alive, weak.Make((*byte)(run.UnsafePointer())))
			if err := visit(one.Interface().(*reseau.Dataset)); err != nil {
				return err
			}
			s.runs++
			runtime.GC()
			for k, w := range s.alive[:len(s.alive)-1] {
				if w.Value() != nil {
					// Not Fatalf: this runs in the engine's build goroutine.
					return fmt.Errorf("after %d runs of relationship rows, run %d is still held", s.runs, k)
				}
			}
		}
	}
	return nil
}

// TestBuildHoldsNoRunOfRows builds the engine's index of scale S from a
// store that hands its relationship rows over in small runs: the build
// folds each run into positions and keeps none of them (at scale L the
// relationship rows are most of a Dataset's 520 MiB, which a build from a
// whole Dataset held until it ended), and the index answers as one built
// from the whole Dataset.
func TestBuildHoldsNoRunOfRows(t *testing.T) {
	ctx := reseau.WithCaller(context.Background(), reseau.System)
	store := sqlitetest.Open(t)
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	src := &smallRuns{Source: store}
	x, err := NewEngine(src).Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if src.runs < 100 {
		t.Fatalf("%d runs of relationship rows: the test proves little", src.runs)
	}
	whole, err := store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := NewIndex(whole)
	for _, ties := range []Ties{TiesAll, TiesCollaboration} {
		got, err := x.Summary(ctx, ties)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := want.Summary(ctx, ties)
		if !reflect.DeepEqual(got, w) {
			t.Errorf("summary of %v: %+v, from the whole dataset %+v", ties, got, w)
		}
	}
	n, err := x.Network(ctx, reseau.PeopleScope{All: true}, NetworkFilter{Types: []string{reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership}})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := want.Network(ctx, reseau.PeopleScope{All: true}, NetworkFilter{Types: []string{reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership}})
	if !reflect.DeepEqual(n, w) {
		t.Errorf("the network view differs from the one built from the whole dataset")
	}
	if !reflect.DeepEqual(x.listing, want.listing) || !reflect.DeepEqual(x.members, want.members) {
		t.Errorf("listing %+v and %d memberships, from the whole dataset %+v and %d", x.listing, len(x.members), want.listing, len(want.members))
	}
}

// gated is a Source whose exports wait for gate once it is set.
type gated struct {
	Source
	gate    atomic.Pointer[chan struct{}]
	started chan struct{}
}

func (g *gated) ExportEach(ctx context.Context, visit func(*reseau.Dataset) error) error {
	if c := g.gate.Load(); c != nil {
		g.started <- struct{}{}
		<-*c
	}
	return g.Source.ExportEach(ctx, visit)
}

// TestRebuildDoesNotHoldTheOldIndex: once a write makes the engine rebuild
// its index, the old index is no longer held while the new one is built
// (at scale L each is half a GiB, and both together went past the memory
// the server has); the rebuilt index holds the write.
func TestRebuildDoesNotHoldTheOldIndex(t *testing.T) {
	ctx := reseau.WithCaller(context.Background(), reseau.System)
	store := sqlitetest.Demo(t)
	src := &gated{Source: store, started: make(chan struct{}, 1)}
	e := NewEngine(src)
	old, err := e.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := weak.Make(old)
	old = nil
	if err := store.CreateOrganisation(ctx, &reseau.Organisation{Key: "rebuilt", Name: "Rebuilt"}); err != nil {
		t.Fatal(err)
	}
	gate := make(chan struct{})
	src.gate.Store(&gate)
	done := make(chan *Index)
	go func() {
		x, err := e.Index(ctx)
		if err != nil {
			t.Error(err)
		}
		done <- x
	}()
	<-src.started
	runtime.GC()
	held := w.Value() != nil
	close(gate)
	x := <-done
	if held {
		t.Error("the old index is held while the new one is built")
	}
	if _, ok := x.orgIdx["rebuilt"]; x == nil || !ok {
		t.Error("the rebuilt index lacks the organisation written")
	}
}
