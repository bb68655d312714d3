package analytics

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// A gap cell (one domain, two sectors) names who is on each side: the
// organisations no counted tie joins to the other side (SectorPair.UntiedA
// and UntiedB, filled by Gaps), who could introduce them (Bridges), and
// the nearest existing chain between the untied and the other side
// (Introduction). Bridges and Introduction are computed when asked, on the
// Index the report was made of.

// cell is what a pair keeps to answer Bridges and Introduction: the index
// and the domain of its report, and the organisations present in the
// domain in the report's period (sorted). Zero in a SectorPair made by hand.
type cell struct {
	x       *Index
	d       int32
	present []int32
}

// Bridge bounds.
const (
	// DefaultBridges is how many bridges a cell answers unless asked.
	DefaultBridges = 3
	// IntroductionHops bounds the chain of SectorPair.Introduction.
	IntroductionHops = 4
)

// fillUntied sets UntiedA and UntiedB of every pair of r (whose domains are
// doms, in order) where both sectors are present: the organisations present
// in the domain that no tie of the pair's count joins to an organisation of
// the other sector (a collaboration about the domain held in w, both
// sectors known), by key.
func (x *Index) fillUntied(stop *poll, r *GapReport, doms []int32, present [][]int32, w window) error {
	nO := len(x.orgSector)
	// met[i][o]: a bit per sector o has such a tie with, in doms[i].
	met := make([][]uint8, len(doms))
	at := make([]int32, len(x.ds.Domains)) // domain → its index in doms, -1
	for d := range at {
		at[d] = -1
	}
	for i, d := range doms {
		met[i] = make([]uint8, nO)
		at[d] = int32(i)
	}
	for k := range x.pairs {
		if err := stop.tick(); err != nil {
			return err
		}
		p := &x.pairs[k]
		if !p.crossKnown {
			continue
		}
		sa, sb := x.orgSector[p.a], x.orgSector[p.b]
		for _, c := range x.pairCols[p.col : p.col+p.ncol] {
			if !w.holds(x.colSpan[c]) {
				continue
			}
			for _, d := range x.colDom.row(c) {
				if i := at[d]; i >= 0 {
					met[i][p.a] |= 1 << sb
					met[i][p.b] |= 1 << sa
				}
			}
		}
	}
	for i, d := range doms {
		dg := &r.Domains[i]
		for j := range dg.Pairs {
			sp := &dg.Pairs[j]
			sp.cell = cell{x: x, d: d, present: present[d]}
			if sp.OrganisationsA == 0 || sp.OrganisationsB == 0 {
				continue
			}
			a, b := sectorIndex(sp.SectorA), sectorIndex(sp.SectorB)
			for _, o := range present[d] {
				switch s := x.orgSector[o]; {
				case s == a && met[i][o]&(1<<b) == 0:
					sp.UntiedA = append(sp.UntiedA, x.orgKey(o))
				case s == b && met[i][o]&(1<<a) == 0:
					sp.UntiedB = append(sp.UntiedB, x.orgKey(o))
				}
			}
			slices.Sort(sp.UntiedA)
			slices.Sort(sp.UntiedB)
		}
	}
	return nil
}

// GapBridge is an organisation that could introduce the two sides of a gap
// cell to each other: it is tied (any tie, any time) to organisations of
// both sectors present in the domain.
type GapBridge struct {
	Organisation string
	// TiesA and TiesB count the organisations of each side it is tied to.
	TiesA, TiesB int
	// Reaches are the untied organisations of the cell (either side) it is
	// tied to, by key: those it could introduce first.
	Reaches []string
	// Links say why it is tied to each of Reaches, then to the organisation
	// of each side it shares the most with (if Reaches has none of that
	// side), as an organisation path's links do.
	Links []OrganisationLink
	// Explanations: GAP_BRIDGE (the two counts), then one
	// GAP_BRIDGE_REACHES per organisation of Reaches.
	Explanations []i18n.Explanation
}

// Bridges returns, best first and at most first (0: DefaultBridges; above
// MaxFirst: EINVALID), the organisations tied to organisations of both
// sectors of the cell present in its domain, over every tie whatever its
// period: those reaching the most untied organisations first, then those
// with the most ties to the weaker side, then the most ties, then by key.
// Empty when a sector is absent, or for a pair not made by Gaps.
func (sp *SectorPair) Bridges(ctx context.Context, first int) ([]GapBridge, error) {
	if first == 0 {
		first = DefaultBridges
	}
	first, err := checkFirst(first)
	if err != nil {
		return nil, err
	}
	x := sp.cell.x
	if x == nil || sp.OrganisationsA == 0 || sp.OrganisationsB == 0 {
		return []GapBridge{}, nil
	}
	side, untied := sp.sides()
	g := x.graph(TiesAll)
	type cand struct {
		v            int32
		tiesA, tiesB int
		reaches      []int32
	}
	var cands []cand
	stop := &poll{ctx: ctx}
	for v := int32(0); v < int32(g.n); v++ {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		c := cand{v: v}
		for _, w := range g.row(v) {
			switch side[w] {
			case 1:
				c.tiesA++
			case 2:
				c.tiesB++
			}
			if untied[w] {
				c.reaches = append(c.reaches, w)
			}
		}
		if c.tiesA > 0 && c.tiesB > 0 {
			cands = append(cands, c)
		}
	}
	slices.SortFunc(cands, func(p, q cand) int {
		return cmp.Or(cmp.Compare(len(q.reaches), len(p.reaches)), cmp.Compare(min(q.tiesA, q.tiesB), min(p.tiesA, p.tiesB)),
			cmp.Compare(q.tiesA+q.tiesB, p.tiesA+p.tiesB), cmp.Compare(x.orgKey(p.v), x.orgKey(q.v)))
	})
	out := make([]GapBridge, 0, min(first, len(cands)))
	dom := x.ds.Domains[sp.cell.d]
	domParam := i18n.Param{Name: "domain", Kind: i18n.ParamDomain, Value: dom.Key, FR: dom.LabelFR, NL: dom.LabelNL, EN: dom.LabelEN}
	for _, c := range cands[:min(first, len(cands))] {
		b := GapBridge{Organisation: x.orgKey(c.v), TiesA: c.tiesA, TiesB: c.tiesB}
		org := x.orgParam("organisation", c.v)
		b.Explanations = append(b.Explanations, i18n.Explanation{Code: i18n.GapBridge, Params: []i18n.Param{org,
			{Name: "countA", Kind: i18n.ParamNumber, Value: strconv.Itoa(c.tiesA)}, {Name: "sectorA", Kind: i18n.ParamSector, Value: string(sp.SectorA)},
			{Name: "countB", Kind: i18n.ParamNumber, Value: strconv.Itoa(c.tiesB)}, {Name: "sectorB", Kind: i18n.ParamSector, Value: string(sp.SectorB)},
			domParam}})
		slices.SortFunc(c.reaches, func(p, q int32) int { return cmp.Compare(x.orgKey(p), x.orgKey(q)) })
		linked := [3]bool{}
		for _, w := range c.reaches {
			b.Reaches = append(b.Reaches, x.orgKey(w))
			b.Links = append(b.Links, x.tieLink(g, c.v, w))
			linked[side[w]] = true
			other := sp.SectorB
			if side[w] == 2 {
				other = sp.SectorA
			}
			b.Explanations = append(b.Explanations, i18n.Explanation{Code: i18n.GapBridgeReaches, Params: []i18n.Param{org,
				x.orgParam("untied", w), {Name: "sector", Kind: i18n.ParamSector, Value: string(other)}, domParam}})
		}
		for s := int8(1); s <= 2; s++ {
			if linked[s] {
				continue
			}
			// Its heaviest tie to that side, then the first by key.
			best, bestW := int32(-1), -1
			for k, w := range g.row(c.v) {
				if side[w] != s {
					continue
				}
				if wt := x.pairs[g.edges(c.v)[k]].weight(TiesAll); wt > bestW || wt == bestW && x.orgKey(w) < x.orgKey(best) {
					best, bestW = w, wt
				}
			}
			b.Links = append(b.Links, x.tieLink(g, c.v, best))
		}
		out = append(out, b)
	}
	return out, nil
}

// Introduction returns the shortest chain, over every tie and at most
// IntroductionHops long, from an untied organisation of one side to an
// organisation of the other side present in the domain: the nearest
// existing bridge, even where Bridges has none (a chain of three or four).
// The A side's untied are tried first; the shorter chain wins; among
// chains as short, the ends first by key are preferred (as the index's
// order allows: the engine's index is in key order). Nil when nothing is
// untied, or no chain is that short.
func (sp *SectorPair) Introduction(ctx context.Context) (*OrganisationPath, error) {
	x := sp.cell.x
	if x == nil || len(sp.UntiedA)+len(sp.UntiedB) == 0 {
		return nil, nil
	}
	side, _ := sp.sides()
	var sideA, sideB []int32
	for v, s := range side {
		switch s {
		case 1:
			sideA = append(sideA, int32(v))
		case 2:
			sideB = append(sideB, int32(v))
		}
	}
	byKey := func(a, b int32) int { return cmp.Compare(x.orgKey(a), x.orgKey(b)) }
	slices.SortFunc(sideA, byKey)
	slices.SortFunc(sideB, byKey)
	keys := func(ks []string) []int32 { // UntiedA and UntiedB are sorted by key
		out := make([]int32, len(ks))
		for i, k := range ks {
			out[i] = x.orgIdx[k]
		}
		return out
	}
	var best *OrganisationPath
	for _, try := range [2]struct{ from, to []int32 }{{keys(sp.UntiedA), sideB}, {keys(sp.UntiedB), sideA}} {
		if len(try.from) == 0 {
			continue
		}
		p, err := x.pathBetween(ctx, try.from, try.to, IntroductionHops, TiesAll)
		if err != nil {
			return nil, err
		}
		if p != nil && (best == nil || p.Length < best.Length) {
			best = p
		}
	}
	return best, nil
}

// sides marks, for the cell, the organisations present in its domain of
// sector A (1) and B (2), and the untied ones.
func (sp *SectorPair) sides() ([]int8, []bool) {
	x := sp.cell.x
	side := make([]int8, len(x.orgSector))
	a, b := sectorIndex(sp.SectorA), sectorIndex(sp.SectorB)
	for _, o := range sp.cell.present {
		switch x.orgSector[o] {
		case a:
			side[o] = 1
		case b:
			side[o] = 2
		}
	}
	untied := make([]bool, len(x.orgSector))
	for _, k := range append(slices.Clip(sp.UntiedA), sp.UntiedB...) {
		untied[x.orgIdx[k]] = true
	}
	return side, untied
}

// UntiedAFirst returns the first `first` of UntiedA (0: DefaultFirst;
// EINVALID outside 0..MaxFirst).
func (sp *SectorPair) UntiedAFirst(first int) ([]string, error) { return firstKeys(sp.UntiedA, first) }

// UntiedBFirst is UntiedAFirst for UntiedB.
func (sp *SectorPair) UntiedBFirst(first int) ([]string, error) { return firstKeys(sp.UntiedB, first) }

func firstKeys(keys []string, first int) ([]string, error) {
	first, err := checkFirst(first)
	if err != nil {
		return nil, err
	}
	return keys[:min(first, len(keys))], nil
}

// UntiedCountA is the number of UntiedA.
func (sp *SectorPair) UntiedCountA() int { return len(sp.UntiedA) }

// UntiedCountB is the number of UntiedB.
func (sp *SectorPair) UntiedCountB() int { return len(sp.UntiedB) }

// pathBetween is the shortest chain from any of srcs to any of dsts through
// the selected ties, at most hops long; nil if none.
func (x *Index) pathBetween(ctx context.Context, srcs, dsts []int32, hops int, ties Ties) (*OrganisationPath, error) {
	g := x.graph(ties)
	pool := x.orgSides()
	sd := pool.get()
	defer pool.put(sd)
	meet, err := bidirectional(ctx, sd, srcs, dsts, hops, func(_ *side, v int32, visit func(w, via int32)) {
		for k, w := range g.row(v) {
			visit(w, g.edges(v)[k])
		}
	}, nil)
	if err != nil || meet < 0 {
		return nil, err
	}
	nodes, vias := chain(sd, meet)
	p := &OrganisationPath{Length: len(vias)}
	for _, v := range nodes {
		p.Organisations = append(p.Organisations, x.orgKey(v))
	}
	for i, e := range vias {
		p.Links = append(p.Links, x.orgLink(&x.pairs[e], nodes[i], nodes[i+1], g.ties))
	}
	return p, nil
}

// tieLink is the link from v to its neighbour w in g.
func (x *Index) tieLink(g *graph, v, w int32) OrganisationLink {
	k, _ := slices.BinarySearch(g.row(v), w)
	return x.orgLink(&x.pairs[g.edges(v)[k]], v, w, g.ties)
}

// orgParam is an explanation parameter naming organisation o.
func (x *Index) orgParam(name string, o int32) i18n.Param {
	return i18n.Param{Name: name, Kind: i18n.ParamOrganisation, Value: x.orgKey(o), FR: x.org(o).Name}
}

// IsolatedBy returns the organisations tied, by the ties of t (0: both
// kinds) active in the report's period, to fewer than fewerThan others
// (1, the default when 0: no tie at all; EINVALID below 0 or above
// MaxFirst), by key. The report's own Isolated is IsolatedBy(0, 1).
func (r *GapReport) IsolatedBy(ctx context.Context, t Ties, fewerThan int) ([]string, error) {
	if fewerThan == 0 {
		fewerThan = 1
	}
	if fewerThan < 1 || fewerThan > MaxFirst {
		return nil, reseau.FieldErrorf("fewerThan", "must be between 1 and %d", MaxFirst)
	}
	x := r.x
	t = t.norm()
	if x == nil || t == TiesAll && fewerThan == 1 {
		return slices.Clone(r.Isolated), nil // what Gaps computed
	}
	deg := make([]int, len(x.orgSector))
	stop := &poll{ctx: ctx}
	for k := range x.pairs {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		if p := &x.pairs[k]; x.pairActive(p, t, r.w) {
			deg[p.a]++
			deg[p.b]++
		}
	}
	out := []string{}
	for o, n := range deg {
		if n < fewerThan {
			out = append(out, x.orgKey(int32(o)))
		}
	}
	slices.Sort(out)
	return out, nil
}

// pairActive reports whether the tie p has, among the kinds of t, a shared
// collaboration or partnership in w.
func (x *Index) pairActive(p *pair, t Ties, w window) bool {
	if t&TiesCollaboration != 0 {
		for _, c := range x.pairCols[p.col : p.col+p.ncol] {
			if w.holds(x.colSpan[c]) {
				return true
			}
		}
	}
	if t&TiesPartnership != 0 {
		for _, pa := range x.pairPars[p.par : p.par+p.npar] {
			if w.holds(x.parSpan[pa]) {
				return true
			}
		}
	}
	return false
}
