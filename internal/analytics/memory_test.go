package analytics

import (
	"unsafe"

	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
)

// TestIndexDropsWhatNoAnswerReads checks that an Index does not keep the
// dataset it was built from: no link table (most of a Dataset's memory at
// scale L), no contact details, no descriptions; and that the memberships
// it keeps share their key strings with the nodes.
func TestIndexDropsWhatNoAnswerReads(t *testing.T) {
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ds)
	if x.ds == ds {
		t.Fatal("the index keeps the whole dataset")
	}
	if n := len(x.ds.Participations) + len(x.ds.PersonParticipations) + len(x.ds.Parties) + len(x.ds.Knows); n != 0 {
		t.Errorf("the index keeps %d link rows", n)
	}
	for _, p := range x.ds.People {
		if p.Email != "" || p.Phone != "" {
			t.Fatalf("the index keeps the contact details of %s", p.Key)
		}
	}
	for _, c := range x.ds.Collaborations {
		if c.Description != "" {
			t.Fatalf("the index keeps the description of %s", c.Key)
		}
	}
	if len(x.ds.Memberships) != len(ds.Memberships) || len(ds.Memberships) == 0 {
		t.Fatalf("%d memberships kept of %d", len(x.ds.Memberships), len(ds.Memberships))
	}
	for _, m := range x.ds.Memberships {
		p := &x.ds.People[x.perIdx[m.PersonKey]]
		if unsafeSameString(m.PersonKey, p.Key) {
			continue
		}
		t.Fatalf("membership of %s: its key is a copy of the person's", m.PersonKey)
	}
	// The counts of the rows not kept are still reported.
	s, err := x.Summary(t.Context(), TiesAll)
	if err != nil {
		t.Fatal(err)
	}
	if s.Participations != len(ds.Participations) || s.Knows != len(ds.Knows) {
		t.Errorf("summary counts %d participations and %d knows, want %d and %d", s.Participations, s.Knows, len(ds.Participations), len(ds.Knows))
	}
}

// unsafeSameString reports whether a and b share their bytes.
func unsafeSameString(a, b string) bool {
	return len(a) == len(b) && (len(a) == 0 || unsafe.StringData(a) == unsafe.StringData(b))
}
