package analytics

import (
	"cmp"
	"container/heap"
	"context"
	"math"
	"slices"

	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// GapReport is where the network is thin: per domain and pair of sectors,
// and per organisation.
type GapReport struct {
	Since, Until string
	Domains      []DomainGaps
	// Isolated organisations have no tie at all in the window.
	Isolated []string
	// NoCrossSectorTie lists organisations of known sector that have ties,
	// all to their own sector (or to organisations of unknown sector).
	NoCrossSectorTie []string
	// IncompleteProfiles lists organisations without a domain or a sector.
	IncompleteProfiles []IncompleteProfile

	// x and w answer IsolatedBy: the index and the period of the report.
	x *Index
	w window
}

// IncompleteProfile is an organisation whose profile misses something the
// analyses need.
type IncompleteProfile struct {
	Organisation  string
	MissingDomain bool
	MissingSector bool
}

// DomainGaps is one domain's sector-to-sector picture.
type DomainGaps struct {
	Domain  string
	Sectors []SectorCount // organisations present, by sector (reseau.AllSectors order, zeros included)
	Pairs   []SectorPair  // every pair of distinct sectors
	Gaps    int           // pairs that are gaps
}

// SectorPair is the collaboration between two sectors in one domain.
type SectorPair struct {
	SectorA, SectorB reseau.Sector
	OrganisationsA   int
	OrganisationsB   int
	// Ties counts the pairs of organisations (one of each sector) that took
	// part together in a collaboration about the domain.
	Ties int
	// Density is Ties / (OrganisationsA × OrganisationsB), 0 when either is 0.
	Density float64
	// Gap: both sectors are present in the domain and no tie joins them.
	Gap bool
	// UntiedA lists the organisations of SectorA present in the domain that
	// none of the ties Ties counts joins to an organisation of SectorB, by
	// key; UntiedB the other way round. Empty when a sector is absent.
	UntiedA, UntiedB []string

	cell cell // answers Bridges and Introduction (gapcells.go)
}

// presence returns, for each domain, which organisations are present in it:
// ACTIVE_IN it, or taking part in a collaboration about it held in w.
// present[d] is sorted.
func (x *Index) presence(stop *poll, w window) ([][]int32, error) {
	nD := len(x.ds.Domains)
	present := make([][]int32, nD)
	stamp := make([]int32, nD)
	for i := range stamp {
		stamp[i] = -1
	}
	for o := int32(0); o < int32(len(x.orgSector)); o++ {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		add := func(d int32) {
			if stamp[d] != o {
				stamp[d] = o
				present[d] = append(present[d], o)
			}
		}
		for _, d := range x.orgDom.row(o) {
			add(d)
		}
		for _, c := range x.orgCol.row(o) {
			if w.holds(x.colSpan[c]) {
				for _, d := range x.colDom.row(c) {
					add(d)
				}
			}
		}
	}
	return present, nil
}

// Gaps reports, for each domain (all when domains is empty; ENOTFOUND for an
// unknown one) and each pair of sectors, how many organisations of each are
// present in the domain (active in it, or taking part in a collaboration
// about it), how many collaboration ties join the two sectors through
// collaborations about the domain, and the density; a gap is a pair where
// both sectors are present and no tie exists. since/until keep the
// collaborations and partnerships that overlap them (undated ones only when
// both are empty); EINVALID for a malformed date.
func (x *Index) Gaps(ctx context.Context, domains []string, since, until string) (*GapReport, error) {
	w, err := windowOf(since, until)
	if err != nil {
		return nil, err
	}
	var doms []int32
	for _, k := range domains {
		d, err := x.lookupDomain("domains", k)
		if err != nil {
			return nil, err
		}
		doms = append(doms, d)
	}
	if len(domains) == 0 {
		for d := range x.ds.Domains {
			doms = append(doms, int32(d))
		}
	}
	slices.Sort(doms)
	doms = slices.Compact(doms)

	nS := len(reseau.AllSectors)
	nD := len(x.ds.Domains)
	// ties[d][a*nS+b], a < b
	ties := make([][]int, nD)
	for _, d := range doms {
		ties[d] = make([]int, nS*nS)
	}
	nO := len(x.orgSector)
	hasTie := make([]bool, nO)
	hasCross := make([]bool, nO)
	seen := make([]int32, nD) // domain stamp per pair
	for i := range seen {
		seen[i] = -1
	}
	stop := &poll{ctx: ctx}
	for k := range x.pairs {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		p := &x.pairs[k]
		active := false
		for _, c := range x.pairCols[p.col : p.col+p.ncol] {
			if !w.holds(x.colSpan[c]) {
				continue
			}
			active = true
			if !p.crossKnown {
				continue
			}
			for _, d := range x.colDom.row(c) {
				if ties[d] != nil && seen[d] != int32(k) {
					seen[d] = int32(k)
					sa, sb := x.orgSector[p.a], x.orgSector[p.b]
					ties[d][int(min(sa, sb))*nS+int(max(sa, sb))]++
				}
			}
		}
		if !active {
			for _, pa := range x.pairPars[p.par : p.par+p.npar] {
				if w.holds(x.parSpan[pa]) {
					active = true
					break
				}
			}
		}
		if active {
			hasTie[p.a], hasTie[p.b] = true, true
			if p.crossKnown {
				hasCross[p.a], hasCross[p.b] = true, true
			}
		}
	}

	r := &GapReport{Since: since, Until: until, x: x, w: w}
	present, err := x.presence(stop, w)
	if err != nil {
		return nil, err
	}
	for _, d := range doms {
		count := make([]int, nS)
		for _, o := range present[d] {
			if s := x.orgSector[o]; s >= 0 {
				count[s]++
			}
		}
		dg := DomainGaps{Domain: x.domKey(d)}
		for i, s := range reseau.AllSectors {
			dg.Sectors = append(dg.Sectors, SectorCount{Sector: s, Count: count[i]})
		}
		for a := 0; a < nS; a++ {
			for b := a + 1; b < nS; b++ {
				sp := SectorPair{SectorA: reseau.AllSectors[a], SectorB: reseau.AllSectors[b], OrganisationsA: count[a], OrganisationsB: count[b], Ties: ties[d][a*nS+b]}
				if count[a] > 0 && count[b] > 0 {
					sp.Density = float64(sp.Ties) / float64(count[a]*count[b])
					sp.Gap = sp.Ties == 0
				}
				if sp.Gap {
					dg.Gaps++
				}
				dg.Pairs = append(dg.Pairs, sp)
			}
		}
		r.Domains = append(r.Domains, dg)
	}
	if err := x.fillUntied(stop, r, doms, present, w); err != nil {
		return nil, err
	}
	for o := int32(0); o < int32(nO); o++ {
		switch {
		case !hasTie[o]:
			r.Isolated = append(r.Isolated, x.orgKey(o))
		case !hasCross[o] && x.orgSector[o] >= 0:
			r.NoCrossSectorTie = append(r.NoCrossSectorTie, x.orgKey(o))
		}
		noDom, noSec := len(x.orgDom.row(o)) == 0, x.orgSector[o] < 0
		if noDom || noSec {
			r.IncompleteProfiles = append(r.IncompleteProfiles, IncompleteProfile{Organisation: x.orgKey(o), MissingDomain: noDom, MissingSector: noSec})
		}
	}
	slices.Sort(r.Isolated)
	slices.Sort(r.NoCrossSectorTie)
	slices.SortFunc(r.IncompleteProfiles, func(a, b IncompleteProfile) int { return cmp.Compare(a.Organisation, b.Organisation) })
	return r, nil
}

// Meeting is a suggested first meeting between two organisations.
type Meeting struct {
	A, B           string   // organisation keys, A < B
	SharedDomains  []string // domains both are active in
	CommonPartners []string // organisations tied to both
	// AdamicAdar is Σ 1/ln(degree) over the common partners: a partner
	// with few ties vouches more than a hub.
	AdamicAdar float64
	// Explanations are the reasons, one per shared domain, per common
	// partner, and the sectors, written in the caller's language by i18n.
	Explanations []i18n.Explanation
}

type candidate struct {
	a, b   int32
	shared int
	aa     float64
}

// better orders candidates: more shared domains, then higher Adamic–Adar,
// then keys.
func (x *Index) better(p, q *candidate) bool {
	if p.shared != q.shared {
		return p.shared > q.shared
	}
	if p.aa != q.aa {
		return p.aa > q.aa
	}
	if p.a != q.a {
		return x.orgKey(p.a) < x.orgKey(q.a)
	}
	return x.orgKey(p.b) < x.orgKey(q.b)
}

type candHeap struct {
	x  *Index
	cs []candidate
}

func (h *candHeap) Len() int           { return len(h.cs) }
func (h *candHeap) Less(i, j int) bool { return h.x.better(&h.cs[j], &h.cs[i]) } // worst on top
func (h *candHeap) Swap(i, j int)      { h.cs[i], h.cs[j] = h.cs[j], h.cs[i] }
func (h *candHeap) Push(v any)         { h.cs = append(h.cs, v.(candidate)) }
func (h *candHeap) Pop() any {
	v := h.cs[len(h.cs)-1]
	h.cs = h.cs[:len(h.cs)-1]
	return v
}

// SuggestedMeetings proposes pairs of organisations of different (known)
// sectors that share a domain (domain, when given, must be one of them;
// ENOTFOUND if unknown), have no tie of any kind and may meet (mayMeet: not
// of one institution, not sitting together on a body), ranked by the
// number of shared domains, then by Adamic–Adar over their common partners.
func (x *Index) SuggestedMeetings(ctx context.Context, domain string, first int) ([]Meeting, error) {
	return x.SuggestedMeetingsFor(ctx, nil, domain, first)
}

// SuggestedMeetingsFor is SuggestedMeetings restricted to the pairs one of
// whose organisations is in orgs (keys; unknown keys are ignored), unless orgs
// is nil: a person's own suggestions, from the organisations they work at.
func (x *Index) SuggestedMeetingsFor(ctx context.Context, orgs []string, domain string, first int) ([]Meeting, error) {
	first, err := checkFirst(first)
	if err != nil {
		return nil, err
	}
	var only map[int32]bool
	if orgs != nil {
		only = make(map[int32]bool, len(orgs))
		for _, k := range orgs {
			if i, ok := x.orgIdx[k]; ok {
				only[i] = true
			}
		}
	}
	var doms []int32
	if domain != "" {
		d, err := x.lookupDomain("domain", domain)
		if err != nil {
			return nil, err
		}
		doms = []int32{d}
	} else {
		for d := range x.ds.Domains {
			doms = append(doms, int32(d))
		}
	}
	g := x.graph(TiesAll)
	h := &candHeap{x: x}
	stop := poll{ctx: ctx}
	for _, d := range doms {
		orgs := x.domOrg.row(d)
		for i, a := range orgs {
			sa := x.orgSector[a]
			if sa < 0 {
				continue
			}
			for _, b := range orgs[i+1:] {
				if err := stop.tick(); err != nil {
					return nil, err
				}
				sb := x.orgSector[b]
				if sb < 0 || sb == sa || only != nil && !only[a] && !only[b] {
					continue
				}
				shared := intersect(x.orgDom.row(a), x.orgDom.row(b))
				// Without a domain argument a pair sharing several domains
				// is met once per domain: keep the first.
				if domain == "" && shared[0] != d {
					continue
				}
				c := candidate{a: a, b: b, shared: len(shared)}
				if h.Len() == first && c.shared < h.cs[0].shared {
					continue
				}
				if _, tied := slices.BinarySearch(g.row(a), b); tied || !x.mayMeet(a, b) {
					continue
				}
				for _, w := range intersect(g.row(a), g.row(b)) {
					c.aa += 1 / math.Log(float64(g.degree(w)))
				}
				if h.Len() < first {
					heap.Push(h, c)
				} else if x.better(&c, &h.cs[0]) {
					h.cs[0] = c
					heap.Fix(h, 0)
				}
			}
		}
	}
	cs := h.cs
	slices.SortFunc(cs, func(p, q candidate) int {
		if x.better(&p, &q) {
			return -1
		}
		return 1
	})
	out := make([]Meeting, 0, len(cs))
	for _, c := range cs {
		a, b := c.a, c.b
		if x.orgKey(a) > x.orgKey(b) {
			a, b = b, a
		}
		m := Meeting{A: x.orgKey(a), B: x.orgKey(b), AdamicAdar: c.aa}
		for _, d := range intersect(x.orgDom.row(a), x.orgDom.row(b)) {
			m.SharedDomains = append(m.SharedDomains, x.domKey(d))
			dom := x.ds.Domains[d]
			m.Explanations = append(m.Explanations, i18n.Explanation{Code: i18n.MeetingSharedDomain, Params: []i18n.Param{
				{Name: "domain", Kind: i18n.ParamDomain, Value: dom.Key, FR: dom.LabelFR, NL: dom.LabelNL, EN: dom.LabelEN}}})
			m.Explanations = append(m.Explanations, x.domainViaServices(a, d)...)
			m.Explanations = append(m.Explanations, x.domainViaServices(b, d)...)
		}
		for _, w := range intersect(g.row(a), g.row(b)) {
			m.CommonPartners = append(m.CommonPartners, x.orgKey(w))
		}
		slices.Sort(m.CommonPartners)
		for _, k := range m.CommonPartners {
			m.Explanations = append(m.Explanations, i18n.Explanation{Code: i18n.MeetingCommonPartner, Params: []i18n.Param{
				{Name: "organisation", Kind: i18n.ParamOrganisation, Value: k, FR: x.org(x.orgIdx[k]).Name}}})
		}
		m.Explanations = append(m.Explanations, i18n.Explanation{Code: i18n.MeetingNotYetTied, Params: []i18n.Param{
			{Name: "sectorA", Kind: i18n.ParamSector, Value: string(x.sector(a))},
			{Name: "sectorB", Kind: i18n.ParamSector, Value: string(x.sector(b))}}})
		out = append(out, m)
	}
	return out, nil
}

// GapBrokerReport says who best connects the organisations of one sector
// active in a domain with those of another.
type GapBrokerReport struct {
	Domain           string
	SectorA, SectorB reseau.Sector
	OrganisationsA   int // organisations of SectorA present in the domain
	OrganisationsB   int
	// ConnectedPairs is the number of (A, B) pairs joined by some path.
	ConnectedPairs int
	Organisations  []OrganisationGapBroker
	// People the caller may see who took part in collaborations with (or
	// work at) organisations of both sides; empty for callers who may see
	// no one.
	People []PersonGapBroker
}

// OrganisationGapBroker is an organisation ranked by how much of the
// shortest A–B paths it carries.
type OrganisationGapBroker struct {
	Organisation string
	// Score is the share of the shortest paths between connected A–B pairs
	// that pass through it as an intermediary (betweenness restricted to
	// sources in A and targets in B, divided by ConnectedPairs).
	Score float64
	TiesA int // organisations of A it is directly tied to
	TiesB int
}

// PersonGapBroker is a person who has met both sides.
type PersonGapBroker struct {
	Person string
	Name   string
	ReachA int // organisations of A the person works at or collaborated with
	ReachB int
}

// GapBrokers ranks who best connects, over all ties, the organisations of
// sector a present in domain (as in Gaps, without a window) with those of
// sector b: organisations by the share of shortest A–B paths they carry, then
// by their direct ties to both sides; people (visible to ps) by how many
// organisations of each side they have met. ENOTFOUND for an unknown domain,
// EINVALID for an unknown or repeated sector.
func (x *Index) GapBrokers(ctx context.Context, ps reseau.PeopleScope, domain string, a, b reseau.Sector, first int) (*GapBrokerReport, error) {
	first, err := checkFirst(first)
	if err != nil {
		return nil, err
	}
	d, err := x.lookupDomain("domain", domain)
	if err != nil {
		return nil, err
	}
	if !a.Valid() {
		return nil, reseau.FieldErrorf("sectorA", "unknown sector %q", a)
	}
	if !b.Valid() || a == b {
		return nil, reseau.FieldErrorf("sectorB", "must be a sector other than sectorA")
	}
	g := x.graph(TiesAll)
	sa, sb := sectorIndex(a), sectorIndex(b)
	side := make([]int8, g.n) // 1: in A, 2: in B
	var srcs []int32
	r := &GapBrokerReport{Domain: domain, SectorA: a, SectorB: b}
	stop := &poll{ctx: ctx}
	present, err := x.presence(stop, window{})
	if err != nil {
		return nil, err
	}
	for _, o := range present[d] {
		switch x.orgSector[o] {
		case sa:
			side[o] = 1
			srcs = append(srcs, o)
			r.OrganisationsA++
		case sb:
			side[o] = 2
			r.OrganisationsB++
		}
	}

	// Brandes from each A source, with dependencies accumulated only
	// towards B targets.
	score := make([]float64, g.n)
	buf := newBFSBuf(g.n)
	for _, s := range srcs {
		// One search of the whole graph per source: look every time.
		if err := stop.now(); err != nil {
			return nil, err
		}
		buf.bfs(g, s, true)
		for _, w := range buf.order[1:] {
			if side[w] == 2 {
				r.ConnectedPairs++
			}
		}
		// As brandes, with only B targets counting: t(w) is 1 for them.
		for i := len(buf.dag) - 1; i >= 0; i-- {
			v, w := buf.dag[i][0], buf.dag[i][1]
			t := 0.0
			if side[w] == 2 {
				t = 1
			}
			buf.st[v].delta += buf.st[v].sigma / buf.st[w].sigma * (t + buf.st[w].delta)
		}
		for _, w := range buf.order[1:] {
			score[w] += buf.st[w].delta
		}
		buf.clear()
	}
	var orgs []OrganisationGapBroker
	for v := int32(0); v < int32(g.n); v++ {
		ob := OrganisationGapBroker{Organisation: x.orgKey(v)}
		for _, w := range g.row(v) {
			switch side[w] {
			case 1:
				ob.TiesA++
			case 2:
				ob.TiesB++
			}
		}
		if r.ConnectedPairs > 0 {
			ob.Score = score[v] / float64(r.ConnectedPairs)
		}
		if ob.Score > 0 || (ob.TiesA > 0 && ob.TiesB > 0) {
			orgs = append(orgs, ob)
		}
	}
	slices.SortFunc(orgs, func(p, q OrganisationGapBroker) int {
		if c := cmp.Compare(q.Score, p.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(min(q.TiesA, q.TiesB), min(p.TiesA, p.TiesB)); c != 0 {
			return c
		}
		return cmp.Compare(p.Organisation, q.Organisation)
	})
	r.Organisations = orgs[:min(first, len(orgs))]

	if ps.None {
		return r, nil
	}
	sc := x.scope(ps)
	// Candidates: people who met an A organisation, found from the A side.
	cand := map[int32]bool{}
	for _, o := range srcs {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		for _, p := range x.orgPer.row(o) {
			cand[p] = true
		}
		for _, c := range x.orgCol.row(o) {
			for _, p := range x.colPer.row(c) {
				cand[p] = true
			}
		}
	}
	stamp := make([]int32, g.n)
	for i := range stamp {
		stamp[i] = -1
	}
	var people []PersonGapBroker
	for p := range cand {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		if !sc.visible(p) {
			continue
		}
		pb := PersonGapBroker{Person: x.perKey(p), Name: x.ds.People[p].Name}
		count := func(o int32) {
			if stamp[o] == p {
				return
			}
			stamp[o] = p
			switch side[o] {
			case 1:
				pb.ReachA++
			case 2:
				pb.ReachB++
			}
		}
		for _, o := range x.perOrg.row(p) {
			count(o)
		}
		for _, c := range x.perCol.row(p) {
			for _, o := range x.colOrg.row(c) {
				count(o)
			}
		}
		if pb.ReachA > 0 && pb.ReachB > 0 {
			people = append(people, pb)
		}
	}
	slices.SortFunc(people, func(p, q PersonGapBroker) int {
		if c := cmp.Compare(min(q.ReachA, q.ReachB), min(p.ReachA, p.ReachB)); c != 0 {
			return c
		}
		if c := cmp.Compare(q.ReachA+q.ReachB, p.ReachA+p.ReachB); c != 0 {
			return c
		}
		return cmp.Compare(p.Person, q.Person)
	})
	r.People = people[:min(first, len(people))]
	return r, nil
}
