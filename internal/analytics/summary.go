package analytics

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Summary is the whole-network figures of a network-analysis dashboard.
type Summary struct {
	// Nodes by type. People are counted whoever asks: a count names nobody.
	Organisations, People, Collaborations, Partnerships, Domains int
	// Stored relationships by type.
	Memberships, Participations, PersonParticipations, Parties, Knows int
	// Derived organisation ties by kind (pairs of organisations).
	CollaborationTies, PartnershipTies int

	// The organisation graph of the selected ties.
	Ties          int     // edges (pairs tied by any selected kind)
	Density       float64 // 2·Ties / (n(n-1))
	AverageDegree float64 // 2·Ties / n
	Components    int     // connected components, isolated organisations included
	Isolated      int
	// LargestComponent is the size of the largest component; Diameter and
	// AveragePathLength are measured inside it (as networkx does on a
	// connected graph).
	LargestComponent  int
	Diameter          int
	AveragePathLength float64
	// Exact is false when the graph is above ExactBetweennessLimit: the
	// path figures then come from the SampleSize breadth-first sources (of
	// the brokers' sample) that fall in the largest component, and the
	// diameter is a lower bound.
	Exact      bool
	SampleSize int
}

// components labels the connected components of g and returns the label of
// each node, the size of each component.
func (g *graph) components() ([]int32, []int) {
	comp := make([]int32, g.n)
	for i := range comp {
		comp[i] = -1
	}
	var sizes []int
	var queue []int32
	for r := int32(0); r < int32(g.n); r++ {
		if comp[r] >= 0 {
			continue
		}
		c := int32(len(sizes))
		comp[r] = c
		queue = append(queue[:0], r)
		for h := 0; h < len(queue); h++ {
			for _, w := range g.row(queue[h]) {
				if comp[w] < 0 {
					comp[w] = c
					queue = append(queue, w)
				}
			}
		}
		sizes = append(sizes, len(queue))
	}
	return comp, sizes
}

// Summary computes the whole-network figures over the selected ties.
func (x *Index) Summary(ctx context.Context, ties Ties) (*Summary, error) {
	ds := x.ds
	s := &Summary{
		Organisations: len(ds.Organisations), People: len(ds.People), Collaborations: len(ds.Collaborations),
		Partnerships: len(ds.Partnerships), Domains: len(ds.Domains),
		Memberships: len(ds.Memberships), Participations: x.counts.participations,
		PersonParticipations: x.counts.personParticipations, Parties: x.counts.parties, Knows: x.counts.knows,
	}
	for k := range x.pairs {
		if x.pairs[k].ncol > 0 {
			s.CollaborationTies++
		}
		if x.pairs[k].npar > 0 {
			s.PartnershipTies++
		}
	}
	g := x.graph(ties)
	n := g.n
	s.Ties = g.m
	if n > 1 {
		s.Density = 2 * float64(g.m) / float64(n*(n-1))
	}
	if n > 0 {
		s.AverageDegree = 2 * float64(g.m) / float64(n)
	}
	comp, sizes := g.components()
	s.Components = len(sizes)
	largest := int32(-1)
	for c, size := range sizes {
		if size == 1 {
			s.Isolated++
		}
		if size > s.LargestComponent {
			s.LargestComponent, largest = size, int32(c)
		}
	}
	if largest < 0 {
		s.Exact = true
		return s, nil
	}
	// The breadth-first searches of the brokers' computation (cached)
	// give the distances: every node when exact, a sample otherwise.
	c, err := x.centrality(ctx, ties)
	if err != nil {
		return nil, err
	}
	var sum int64
	sources := 0
	for v, cv := range comp {
		if cv == largest && c.total[v] >= 0 {
			sources++
			sum += c.total[v]
			s.Diameter = max(s.Diameter, int(c.ecc[v]))
		}
	}
	s.Exact = c.sample == 0
	if !s.Exact {
		s.SampleSize = sources
	}
	if pairs := sources * (s.LargestComponent - 1); pairs > 0 {
		s.AveragePathLength = float64(sum) / float64(pairs)
	}
	return s, nil
}

// Year is one year of the network's history.
type Year struct {
	Year int
	// NewTies counts the pairs of organisations first tied that year (by
	// the earliest dated collaboration or partnership they share among the
	// selected kinds); NewCrossSectorTies those joining two known, different
	// sectors.
	NewTies            int
	NewCrossSectorTies int
	// Collaborations held: dated collaborations overlapping the year,
	// neither postponed nor planned.
	Collaborations int
}

// Timeline returns one entry per year from from to to (0: the first or last
// year the data knows). EINVALID when from > to or the range exceeds 200
// years.
func (x *Index) Timeline(ctx context.Context, from, to int, ties Ties) ([]Year, error) {
	t := ties.norm()
	stop := poll{ctx: ctx}
	lo, hi := 0, 0
	widen := func(y int) {
		if y == 0 {
			return
		}
		if lo == 0 || y < lo {
			lo = y
		}
		hi = max(hi, y)
	}
	for k := range x.pairs {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		widen(x.pairs[k].first(t).year())
	}
	for c := range x.colSpan {
		widen(x.colSpan[c].low.year())
		widen(x.colSpan[c].high.year())
	}
	if from == 0 {
		from = lo
	}
	if to == 0 {
		to = hi
	}
	if from == 0 && to == 0 {
		return nil, nil
	}
	if from > to || to-from > 200 {
		return nil, reseau.FieldErrorf("from", "the range %d–%d is empty or longer than 200 years", from, to)
	}
	years := make([]Year, to-from+1)
	for i := range years {
		years[i].Year = from + i
	}
	at := func(y int) *Year {
		if y < from || y > to {
			return nil
		}
		return &years[y-from]
	}
	for k := range x.pairs {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		p := &x.pairs[k]
		if !p.has(t) {
			continue
		}
		if y := at(p.first(t).year()); y != nil {
			y.NewTies++
			if p.crossKnown {
				y.NewCrossSectorTies++
			}
		}
	}
	for c, sp := range x.colSpan {
		if sp.low == 0 {
			continue
		}
		switch x.ds.Collaborations[c].Status {
		case "postponed", "planned":
			continue
		}
		for y := max(sp.low.year(), from); y <= min(sp.high.year(), to); y++ {
			years[y-from].Collaborations++
		}
	}
	return years, nil
}
