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
		Memberships: x.counts.memberships, Participations: x.counts.participations,
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
	// of a status that makes ties (reseau.MakesTies).
	Collaborations int
	// Recorded is false for a year that no dated collaboration, whatever
	// its status, overlaps: the sources say nothing of it, which is not
	// the same as a year without activity.
	Recorded bool
	// LostTies counts the ties whose last shared collaboration or
	// partnership (of the selected kinds) ended that year, none of them
	// ongoing (an active collaboration without end, a partnership without
	// end): the tie is not renewed after it.
	LostTies int
	// The network of the ties existing during the year: first tied that
	// year or before, and lost that year or after (or never). Ties counts
	// them, Organisations the organisations they join, Components the
	// connected components those organisations form, and Density is
	// 2·Ties / (n(n-1)) over every organisation, as Summary's.
	Ties, Organisations, Components int
	Density                         float64
	// UndatedTies counts the ties of the selected kinds that no dated
	// collaboration or partnership supports (a working group without
	// dates): they belong to no year and are counted here, the same on
	// every entry, so that the NewTies of every year plus UndatedTies make
	// all the ties.
	UndatedTies int
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
	// Each dated tie lives from its first year to the year it is lost (to
	// for an open tie).
	type life struct{ k, first, last int }
	var lives []life
	undated := 0
	for k := range x.pairs {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		p := &x.pairs[k]
		if !p.has(t) {
			continue
		}
		first := p.first(t).year()
		if first == 0 {
			undated++
			continue
		}
		last := to
		if !p.open(t) {
			last = p.last(t).year()
			if y := at(last); y != nil {
				y.LostTies++
			}
		}
		if y := at(first); y != nil {
			y.NewTies++
			if p.crossKnown {
				y.NewCrossSectorTies++
			}
		}
		if first <= to && last >= from {
			lives = append(lives, life{k, first, last})
		}
	}
	for c, sp := range x.colSpan {
		if sp.low == 0 {
			continue
		}
		for y := max(sp.low.year(), from); y <= min(sp.high.year(), to); y++ {
			years[y-from].Recorded = true
			if x.colTies[c] {
				years[y-from].Collaborations++
			}
		}
	}
	n := len(x.orgSector)
	uf := newUnionFind(n)
	for i := range years {
		y := &years[i]
		y.UndatedTies = undated
		uf.reset()
		for _, l := range lives {
			if err := stop.tick(); err != nil {
				return nil, err
			}
			if l.first <= y.Year && y.Year <= l.last {
				y.Ties++
				uf.union(x.pairs[l.k].a, x.pairs[l.k].b)
			}
		}
		y.Organisations, y.Components = uf.touched, uf.sets
		if n > 1 {
			y.Density = 2 * float64(y.Ties) / float64(n*(n-1))
		}
	}
	return years, nil
}

// unionFind counts the organisations its unions touched and the sets they
// form; reset forgets them in time proportional to the touched ones.
type unionFind struct {
	parent        []int32
	seen          []int32 // touched organisations, for reset
	touched, sets int
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = -1
	}
	return u
}

func (u *unionFind) reset() {
	for _, v := range u.seen {
		u.parent[v] = -1
	}
	u.seen, u.touched, u.sets = u.seen[:0], 0, 0
}

func (u *unionFind) find(v int32) int32 {
	if u.parent[v] < 0 {
		u.parent[v] = v
		u.seen = append(u.seen, v)
		u.touched++
		u.sets++
	}
	for u.parent[v] != v {
		u.parent[v] = u.parent[u.parent[v]]
		v = u.parent[v]
	}
	return v
}

func (u *unionFind) union(a, b int32) {
	if ra, rb := u.find(a), u.find(b); ra != rb {
		u.parent[ra] = rb
		u.sets--
	}
}
