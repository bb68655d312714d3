package analytics

import (
	"testing"
	"unsafe"

	"github.com/reseau-bxl/reseau/internal/demo"
)

// TestIndexDropsWhatNoAnswerReads checks that an Index does not keep the
// dataset it was built from: no link table (most of a Dataset's memory at
// scale L), no contact details, no descriptions; and that the memberships
// it keeps are positions and dates, in the dataset's order.
func TestIndexDropsWhatNoAnswerReads(t *testing.T) {
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ds)
	if x.ds == ds {
		t.Fatal("the index keeps the whole dataset")
	}
	if n := len(x.ds.Memberships) + len(x.ds.Participations) + len(x.ds.PersonParticipations) + len(x.ds.Parties) + len(x.ds.Knows); n != 0 {
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
	if len(x.members) != len(ds.Memberships) || len(ds.Memberships) == 0 {
		t.Fatalf("%d memberships kept of %d", len(x.members), len(ds.Memberships))
	}
	for i, m := range x.members {
		if want := ds.Memberships[i]; x.perKey(m.person) != want.PersonKey || x.orgKey(m.org) != want.OrganisationKey || m.since != want.Since {
			t.Fatalf("membership %d kept as %s, %s, %s; want %+v", i, x.perKey(m.person), x.orgKey(m.org), m.since, want)
		}
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

// TestPairsSizedExactly: the ties (millions at scale L) are held in arrays
// of their exact size, not grown by append, which left up to a quarter of
// them unused and, while growing, held the old array and the new one.
func TestPairsSizedExactly(t *testing.T) {
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ds)
	if len(x.pairs) == 0 {
		t.Fatal("no ties at scale S: the test proves nothing")
	}
	if cap(x.pairs) != len(x.pairs) || cap(x.pairCols) != len(x.pairCols) || cap(x.pairPars) != len(x.pairPars) {
		t.Errorf("ties: %d held in %d, their collaborations %d in %d, partnerships %d in %d",
			len(x.pairs), cap(x.pairs), len(x.pairCols), cap(x.pairCols), len(x.pairPars), cap(x.pairPars))
	}
}

// TestSingleKindGraphsBuiltWhenAsked: an index holds the graph of every
// tie; the graphs of collaboration ties and of partnership ties alone
// (27 MiB each at scale L) are built when an answer first asks for them,
// and answer as the whole graph's selection.
func TestSingleKindGraphsBuiltWhenAsked(t *testing.T) {
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ds)
	if x.graphs[TiesAll] == nil {
		t.Fatal("no graph of every tie")
	}
	for _, k := range []Ties{TiesCollaboration, TiesPartnership} {
		if x.graphs[k] != nil {
			t.Errorf("the graph of %v ties is built before any answer asks for it", k)
		}
	}
	if _, err := x.Summary(t.Context(), TiesCollaboration); err != nil {
		t.Fatal(err)
	}
	g := x.graphs[TiesCollaboration]
	if g == nil {
		t.Fatal("the graph of collaboration ties is not built once asked for")
	}
	n := 0
	for k := range x.pairs {
		if x.pairs[k].ncol > 0 {
			n++
		}
	}
	if g.m != n || n == 0 {
		t.Errorf("the graph of collaboration ties has %d edges, want %d", g.m, n)
	}
	if x.graphs[TiesPartnership] != nil {
		t.Error("the graph of partnership ties is built though nothing asked for it")
	}
}

// TestIndexSharesRepeatedValues: the kinds, statuses, dates and
// visibilities an index keeps (millions of fields at scale L, a few
// thousand values) share one copy of each value.
func TestIndexSharesRepeatedValues(t *testing.T) {
	ds, err := demo.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ds)
	first := map[string]*byte{}
	check := func(what, v string) {
		t.Helper()
		if v == "" {
			return
		}
		p, ok := first[v]
		if !ok {
			first[v] = unsafe.StringData(v)
			return
		}
		if p != unsafe.StringData(v) {
			t.Fatalf("%s %q is a copy of an earlier one", what, v)
		}
	}
	for _, c := range x.ds.Collaborations {
		check("kind", c.Kind)
		check("status", c.Status)
		check("start date", c.StartDate)
		check("end date", c.EndDate)
	}
	for _, p := range x.ds.People {
		check("visibility", string(p.Visibility))
	}
	for _, m := range x.members {
		check("since", m.since)
	}
	if len(first) == 0 || len(first) > 2000 {
		t.Fatalf("%d distinct values: the test proves nothing", len(first))
	}
}
