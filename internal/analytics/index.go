package analytics

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/reseau-bxl/reseau/internal/lazy"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// csr is a compressed sparse row adjacency: the neighbours of i are
// adj[off[i]:off[i+1]]. Every relation of the Index is one, so that a
// traversal touches flat int32 slices and no map.
type csr struct{ off, adj []int32 }

func (c *csr) row(i int32) []int32 { return c.adj[c.off[i]:c.off[i+1]] }

// buildCSR groups dst by src over n rows, each row sorted and without
// duplicates.
func buildCSR(n int, src, dst []int32) csr {
	off := make([]int32, n+1)
	for _, s := range src {
		off[s+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	adj := make([]int32, len(src))
	pos := make([]int32, n)
	copy(pos, off[:n])
	for k, s := range src {
		adj[pos[s]] = dst[k]
		pos[s]++
	}
	// Sort and compact rows in place.
	w := int32(0)
	start := int32(0)
	for i := 0; i < n; i++ {
		row := adj[start:off[i+1]]
		slices.Sort(row)
		row = slices.Compact(row)
		start = off[i+1]
		off[i] = w
		w += int32(copy(adj[w:], row))
	}
	off[n] = w
	return csr{off, adj[:w:w]}
}

// pair is a tie between organisations a < b: the collaborations and the
// partnerships they share (ids into Index.pairCols / pairPars) and the dates
// those span.
type pair struct {
	a, b       int32
	col, ncol  int32
	par, npar  int32
	colSpan    span
	parSpan    span
	crossKnown bool // both sectors known and different
	// colOpen: a shared collaboration is ongoing (active, without end);
	// parOpen: a shared partnership has no end. An open tie is never lost.
	colOpen, parOpen bool
}

func (p *pair) has(t Ties) bool {
	return (t&TiesCollaboration != 0 && p.ncol > 0) || (t&TiesPartnership != 0 && p.npar > 0)
}

func (p *pair) weight(t Ties) int {
	w := 0
	if t&TiesCollaboration != 0 {
		w += int(p.ncol)
	}
	if t&TiesPartnership != 0 {
		w += int(p.npar)
	}
	return w
}

// first returns the earliest known date of the tie's kinds in t (0 if none).
func (p *pair) first(t Ties) day {
	var d day
	if t&TiesCollaboration != 0 && p.colSpan.low != 0 {
		d = p.colSpan.low
	}
	if t&TiesPartnership != 0 && p.parSpan.low != 0 && (d == 0 || p.parSpan.low < d) {
		d = p.parSpan.low
	}
	return d
}

// open reports whether the tie's kinds in t hold an ongoing collaboration
// or partnership: the tie has not ended.
func (p *pair) open(t Ties) bool {
	return (t&TiesCollaboration != 0 && p.colOpen) || (t&TiesPartnership != 0 && p.parOpen)
}

func (p *pair) last(t Ties) day {
	var d day
	if t&TiesCollaboration != 0 {
		d = max(d, p.colSpan.high)
	}
	if t&TiesPartnership != 0 {
		d = max(d, p.parSpan.high)
	}
	return d
}

// graph is the undirected organisation graph of one tie selection: edge[k]
// is the pair behind adj[k].
type graph struct {
	ties Ties
	n    int
	off  []int32
	adj  []int32
	edge []int32
	m    int // number of undirected edges
}

func (g *graph) row(v int32) []int32   { return g.adj[g.off[v]:g.off[v+1]] }
func (g *graph) edges(v int32) []int32 { return g.edge[g.off[v]:g.off[v+1]] }
func (g *graph) degree(v int32) int    { return int(g.off[v+1] - g.off[v]) }

// Index is the analytics projection of one version of the graph. It is
// immutable once built and safe for concurrent use; the costlier whole-graph
// metrics are computed on first use and kept.
type Index struct {
	// ds is what the answers read of the dataset: the nodes (without the
	// fields no answer names: descriptions, contact details) and the
	// memberships. The link tables are read once, into the relations below,
	// and not kept: at scale L they are most of a Dataset's memory.
	ds     *reseau.Dataset
	counts linkCounts

	orgIdx    map[string]int32
	orgSector []int8 // index into reseau.AllSectors, -1 unknown
	orgDom    csr    // ACTIVE_IN
	domIdx    map[string]int32

	colIdx  map[string]int32
	colSpan []span
	colTies []bool // reseau.MakesTies(status): a postponed meeting ties nobody
	colDom  csr    // ABOUT, inherited from the parent when a sub-event has none
	// colOrg holds the tie-making participants: invite_absent excluded, and
	// every participant of a collaboration that makes no ties (colTies), so
	// that paths, brokers, gaps (presence included), communities, the
	// timeline and the network view all leave it out.
	colOrg  csr
	orgCol  csr
	domOrg  csr // organisations ACTIVE_IN each domain
	colPer  csr
	parIdx  map[string]int32
	parSpan []span
	parOrg  csr // parties
	// parNet holds the parties of role reseau.RoleNetwork: a partnership
	// with one ties each member to the network only (buildPairs).
	parNet csr
	// parBody: the partnership has a reseau.RoleJointStructure party, a body
	// its parties sit on together (see bodies).
	parBody []bool

	perIdx map[string]int32
	perNet []bool // visibility NETWORK
	perOrg csr    // WORKS_AT
	orgPer csr
	perCol csr // TOOK_PART_IN (invite_absent and colTies excluded, as colOrg)
	knows  csr // KNOWS, symmetric

	pairs    []pair
	pairCols []int32
	pairPars []int32
	graphs   [TiesAll + 1]*graph

	metrics [TiesAll + 1]lazy.Value[*centrality]
	comms   [TiesAll + 1]lazy.Value[*partition]

	// fold is how this index's organisations stand for those of the index
	// it is a projection of (nil for the index of the store itself); inst
	// is the projection at reseau.ScopeInstitution, made once (scope.go).
	fold *fold
	inst lazy.Value[*Index]
	// sitting holds the pairs of organisations that sit together on a
	// body (pairKey, sorted), made once (scope.go).
	sittingOnce sync.Once
	sitting     []uint64
	// top is each organisation's top institution (tops), made once.
	topOnce sync.Once
	top     []int32

	dups    lazy.Value[[]Duplicate]
	quality lazy.Value[*QualityReport]
	// listing holds what the data-quality report needs of the rows the
	// index does not keep (participations, parties, reported counts).
	listing listingFacts

	poolOnce sync.Once
	orgPool  *sidePool
	perPool  *sidePool
}

func sectorIndex(s reseau.Sector) int8 {
	for i, v := range reseau.AllSectors {
		if v == s {
			return int8(i)
		}
	}
	return -1
}

func keyIndex(n int, key func(int) string) map[string]int32 {
	m := make(map[string]int32, n)
	for i := 0; i < n; i++ {
		m[key(i)] = int32(i)
	}
	return m
}

// linkCounts are the sizes of the link tables the Index does not keep.
type linkCounts struct {
	participations, personParticipations, parties, knows int
	memberships                                          int // the Index keeps them, but a projection dedupes them
}

// kept returns the part of ds that an Index keeps (see Index.ds), sharing
// the strings of ds and none of its slices of structs, so that ds itself
// can be collected.
func kept(ds *reseau.Dataset) *reseau.Dataset {
	k := &reseau.Dataset{Organisations: ds.Organisations, Domains: ds.Domains, Memberships: ds.Memberships}
	k.People = make([]reseau.Person, len(ds.People))
	for i, p := range ds.People {
		k.People[i] = reseau.Person{Key: p.Key, Name: p.Name, Visibility: p.Visibility}
	}
	k.Collaborations = make([]reseau.Collaboration, len(ds.Collaborations))
	for i, c := range ds.Collaborations {
		c.Description, c.LocationKey, c.ParticipantsCount = "", "", nil
		k.Collaborations[i] = c
	}
	k.Partnerships = make([]reseau.Partnership, len(ds.Partnerships))
	for i, p := range ds.Partnerships {
		p.Description = ""
		k.Partnerships[i] = p
	}
	return k
}

// NewIndex builds the projection of ds, which must be a whole, consistent
// graph (as Store.Export returns it with the System caller). Rows that
// reference unknown keys are ignored. ds must not be modified while the
// Index is in use (it keeps parts of it).
func NewIndex(ds *reseau.Dataset) *Index {
	x, _ := buildIndex(context.Background(), ds, false)
	return x
}

// buildIndex is NewIndex stopping with ctx's error (see stopped) once ctx
// is done: it looks between its steps and every checkEvery rows. With own,
// ds is the build's alone: it drops each part of it once read, so that the
// memory of the build does not add the whole Dataset to the Index's (at
// scale L, several hundred MiB at the peak of a build).
func buildIndex(ctx context.Context, ds *reseau.Dataset, own bool) (*Index, error) {
	x := &Index{ds: kept(ds), counts: linkCounts{participations: len(ds.Participations),
		personParticipations: len(ds.PersonParticipations), parties: len(ds.Parties), knows: len(ds.Knows), memberships: len(ds.Memberships)},
		listing: listingFactsOf(ds)}
	if own {
		ds.People, ds.Collaborations, ds.Partnerships = x.ds.People, x.ds.Collaborations, x.ds.Partnerships
	}
	stop := &poll{ctx: ctx}
	nO, nC, nP, nPe := len(ds.Organisations), len(ds.Collaborations), len(ds.Partnerships), len(ds.People)
	x.orgIdx = keyIndex(nO, func(i int) string { return ds.Organisations[i].Key })
	x.domIdx = keyIndex(len(ds.Domains), func(i int) string { return ds.Domains[i].Key })
	x.colIdx = keyIndex(nC, func(i int) string { return ds.Collaborations[i].Key })
	x.parIdx = keyIndex(nP, func(i int) string { return ds.Partnerships[i].Key })
	x.perIdx = keyIndex(nPe, func(i int) string { return ds.People[i].Key })
	// The memberships kept name their people and organisations with the
	// nodes' own key strings, not a copy per row.
	x.ds.Memberships = make([]reseau.Membership, len(ds.Memberships))
	for i, m := range ds.Memberships {
		if p, ok := x.perIdx[m.PersonKey]; ok {
			m.PersonKey = ds.People[p].Key
		}
		if o, ok := x.orgIdx[m.OrganisationKey]; ok {
			m.OrganisationKey = ds.Organisations[o].Key
		}
		x.ds.Memberships[i] = m
	}

	var src, dst []int32
	x.orgSector = make([]int8, nO)
	for i := range ds.Organisations {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		o := &ds.Organisations[i]
		x.orgSector[i] = sectorIndex(o.Sector)
		for _, d := range o.Domains {
			if j, ok := x.domIdx[d]; ok {
				src, dst = append(src, int32(i)), append(dst, j)
			}
		}
	}
	x.orgDom = buildCSR(nO, src, dst)
	x.domOrg = buildCSR(len(ds.Domains), dst, src)

	x.colSpan = make([]span, nC)
	x.colTies = make([]bool, nC)
	src, dst = src[:0], dst[:0]
	for i := range ds.Collaborations {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		c := &ds.Collaborations[i]
		x.colSpan[i] = spanOf(c.StartDate, c.EndDate)
		x.colTies[i] = reseau.MakesTies(c.Status)
		doms := c.Domains
		// A sub-event without domains (a preparation workshop) is about what
		// its parent is about; the depth bound guards against PART_OF cycles.
		for p, depth := c.ParentKey, 0; len(doms) == 0 && p != "" && depth < 16; depth++ {
			j, ok := x.colIdx[p]
			if !ok {
				break
			}
			doms, p = ds.Collaborations[j].Domains, ds.Collaborations[j].ParentKey
		}
		for _, d := range doms {
			if j, ok := x.domIdx[d]; ok {
				src, dst = append(src, int32(i)), append(dst, j)
			}
		}
	}
	x.colDom = buildCSR(nC, src, dst)

	src, dst = src[:0], dst[:0]
	for _, p := range ds.Participations {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		c, ok1 := x.colIdx[p.CollaborationKey]
		o, ok2 := x.orgIdx[p.OrganisationKey]
		if ok1 && ok2 && p.Role != reseau.RoleInviteAbsent && x.colTies[c] {
			src, dst = append(src, c), append(dst, o)
		}
	}
	dropRows(own, &ds.Participations)
	x.colOrg = buildCSR(nC, src, dst)
	x.orgCol = buildCSR(nO, dst, src)

	x.parSpan = make([]span, nP)
	for i := range ds.Partnerships {
		x.parSpan[i] = spanOf(ds.Partnerships[i].StartDate, ds.Partnerships[i].EndDate)
	}
	src, dst = src[:0], dst[:0]
	var netSrc, netDst []int32 // parties of role RoleNetwork
	x.parBody = make([]bool, nP)
	for _, p := range ds.Parties {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		pa, ok1 := x.parIdx[p.PartnershipKey]
		o, ok2 := x.orgIdx[p.OrganisationKey]
		if ok1 && ok2 {
			src, dst = append(src, pa), append(dst, o)
			switch p.Role {
			case reseau.RoleNetwork:
				netSrc, netDst = append(netSrc, pa), append(netDst, o)
			case reseau.RoleJointStructure:
				x.parBody[pa] = true
			}
		}
	}
	dropRows(own, &ds.Parties)
	x.parOrg = buildCSR(nP, src, dst)
	x.parNet = buildCSR(nP, netSrc, netDst)

	x.perNet = make([]bool, nPe)
	for i := range ds.People {
		x.perNet[i] = ds.People[i].Visibility == reseau.VisibilityNetwork
	}
	src, dst = src[:0], dst[:0]
	for _, m := range ds.Memberships {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		p, ok1 := x.perIdx[m.PersonKey]
		o, ok2 := x.orgIdx[m.OrganisationKey]
		if ok1 && ok2 {
			src, dst = append(src, p), append(dst, o)
		}
	}
	dropRows(own, &ds.Memberships)
	x.perOrg = buildCSR(nPe, src, dst)
	x.orgPer = buildCSR(nO, dst, src)

	src, dst = src[:0], dst[:0]
	for _, pp := range ds.PersonParticipations {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		c, ok1 := x.colIdx[pp.CollaborationKey]
		p, ok2 := x.perIdx[pp.PersonKey]
		if ok1 && ok2 && pp.Role != reseau.RoleInviteAbsent && x.colTies[c] {
			src, dst = append(src, p), append(dst, c)
		}
	}
	dropRows(own, &ds.PersonParticipations)
	x.perCol = buildCSR(nPe, src, dst)
	x.colPer = buildCSR(nC, dst, src)

	src, dst = src[:0], dst[:0]
	for _, k := range ds.Knows {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		a, ok1 := x.perIdx[k.PersonKey]
		b, ok2 := x.perIdx[k.OtherKey]
		if ok1 && ok2 && a != b {
			src, dst = append(src, a, b), append(dst, b, a)
		}
	}
	dropRows(own, &ds.Knows)
	x.knows = buildCSR(nPe, src, dst)

	if err := x.buildTies(stop); err != nil {
		return nil, err
	}
	return x, nil
}

// buildTies derives the organisation ties and their graphs from the
// relations (colOrg, parOrg, parNet).
func (x *Index) buildTies(stop *poll) error {
	if err := stop.now(); err != nil {
		return err
	}
	x.buildPairs()
	for _, t := range []Ties{TiesCollaboration, TiesPartnership, TiesAll} {
		if err := stop.now(); err != nil {
			return err
		}
		x.graphs[t] = x.buildGraph(t)
	}
	return nil
}

// dropRows empties rows if the build owns them (see buildIndex).
func dropRows[T any](own bool, rows *[]T) {
	if own {
		*rows = nil
	}
}

type pairItem struct {
	key  uint64 // a<<32 | b
	item int32
}

func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(b)
}

func sortItems(s []pairItem) {
	slices.SortFunc(s, func(p, q pairItem) int {
		if c := cmp.Compare(p.key, q.key); c != 0 {
			return c
		}
		return cmp.Compare(p.item, q.item)
	})
}

// buildPairs derives the organisation ties. Collaboration ties: every two
// participants of a collaboration. Partnership ties: every two parties, except
// that a partnership with a party of role RoleNetwork (a membership) ties each
// member to the network only.
func (x *Index) buildPairs() {
	var cp, pp []pairItem
	for c := int32(0); c < int32(len(x.colSpan)); c++ {
		orgs := x.colOrg.row(c)
		for i, a := range orgs {
			for _, b := range orgs[i+1:] {
				cp = append(cp, pairItem{pairKey(a, b), c})
			}
		}
	}
	for p := int32(0); p < int32(len(x.parSpan)); p++ {
		orgs, nets := x.parOrg.row(p), x.parNet.row(p)
		for i, a := range orgs {
			for _, b := range orgs[i+1:] {
				if len(nets) > 0 && !slices.Contains(nets, a) && !slices.Contains(nets, b) {
					continue
				}
				pp = append(pp, pairItem{pairKey(a, b), p})
			}
		}
	}
	sortItems(cp)
	sortItems(pp)

	x.pairCols = make([]int32, 0, len(cp))
	x.pairPars = make([]int32, 0, len(pp))
	i, j := 0, 0
	for i < len(cp) || j < len(pp) {
		var k uint64
		switch {
		case j >= len(pp) || (i < len(cp) && cp[i].key <= pp[j].key):
			k = cp[i].key
		default:
			k = pp[j].key
		}
		pr := pair{a: int32(k >> 32), b: int32(k & 0xffffffff)}
		pr.col = int32(len(x.pairCols))
		for ; i < len(cp) && cp[i].key == k; i++ {
			c := cp[i].item
			x.pairCols = append(x.pairCols, c)
			s := x.colSpan[c]
			if s.low != 0 && (pr.colSpan.low == 0 || s.low < pr.colSpan.low) {
				pr.colSpan.low = s.low
			}
			pr.colSpan.high = max(pr.colSpan.high, s.high)
			if col := &x.ds.Collaborations[c]; col.EndDate == "" && reseau.NormStatus(col.Status) == "active" {
				pr.colOpen = true
			}
		}
		pr.ncol = int32(len(x.pairCols)) - pr.col
		pr.par = int32(len(x.pairPars))
		for ; j < len(pp) && pp[j].key == k; j++ {
			p := pp[j].item
			x.pairPars = append(x.pairPars, p)
			s := x.parSpan[p]
			if s.low != 0 && (pr.parSpan.low == 0 || s.low < pr.parSpan.low) {
				pr.parSpan.low = s.low
			}
			pr.parSpan.high = max(pr.parSpan.high, s.high)
			if x.ds.Partnerships[p].EndDate == "" {
				pr.parOpen = true
			}
		}
		pr.npar = int32(len(x.pairPars)) - pr.par
		sa, sb := x.orgSector[pr.a], x.orgSector[pr.b]
		pr.crossKnown = sa >= 0 && sb >= 0 && sa != sb
		x.pairs = append(x.pairs, pr)
	}
}

func (x *Index) buildGraph(t Ties) *graph {
	n := len(x.orgSector)
	g := &graph{ties: t, n: n, off: make([]int32, n+1)}
	for k := range x.pairs {
		if p := &x.pairs[k]; p.has(t) {
			g.off[p.a+1]++
			g.off[p.b+1]++
			g.m++
		}
	}
	for i := 0; i < n; i++ {
		g.off[i+1] += g.off[i]
	}
	g.adj = make([]int32, 2*g.m)
	g.edge = make([]int32, 2*g.m)
	pos := make([]int32, n)
	copy(pos, g.off[:n])
	// Pairs are sorted by (a, b), so each row comes out sorted by neighbour.
	for k := range x.pairs {
		if p := &x.pairs[k]; p.has(t) {
			g.adj[pos[p.a]], g.edge[pos[p.a]] = p.b, int32(k)
			pos[p.a]++
			g.adj[pos[p.b]], g.edge[pos[p.b]] = p.a, int32(k)
			pos[p.b]++
		}
	}
	return g
}

func (x *Index) graph(t Ties) *graph { return x.graphs[t.norm()] }

func (x *Index) org(i int32) *reseau.Organisation { return &x.ds.Organisations[i] }
func (x *Index) orgKey(i int32) string            { return x.ds.Organisations[i].Key }
func (x *Index) colKey(i int32) string            { return x.ds.Collaborations[i].Key }
func (x *Index) parKey(i int32) string            { return x.ds.Partnerships[i].Key }
func (x *Index) perKey(i int32) string            { return x.ds.People[i].Key }
func (x *Index) domKey(i int32) string            { return x.ds.Domains[i].Key }

func (x *Index) sector(o int32) reseau.Sector {
	if s := x.orgSector[o]; s >= 0 {
		return reseau.AllSectors[s]
	}
	return ""
}

func (x *Index) lookupOrg(field, key string) (int32, error) {
	if i, ok := x.orgIdx[key]; ok {
		return i, nil
	}
	return 0, &reseau.Error{Code: reseau.ENOTFOUND, Field: field, Message: "no organisation " + key}
}

func (x *Index) lookupDomain(field, key string) (int32, error) {
	if i, ok := x.domIdx[key]; ok {
		return i, nil
	}
	return 0, &reseau.Error{Code: reseau.ENOTFOUND, Field: field, Message: "no domain " + key}
}

func (x *Index) pairColKeys(p *pair) []string {
	keys := make([]string, p.ncol)
	for i, c := range x.pairCols[p.col : p.col+p.ncol] {
		keys[i] = x.colKey(c)
	}
	return keys
}

func (x *Index) pairParKeys(p *pair) []string {
	keys := make([]string, p.npar)
	for i, c := range x.pairPars[p.par : p.par+p.npar] {
		keys[i] = x.parKey(c)
	}
	return keys
}

// scope is a reseau.PeopleScope resolved against the index.
type scope struct {
	x         *Index
	all, none bool
	orgs      []int32 // sorted
	self      int32   // the caller's own person, -1 for none
}

func (x *Index) scope(s reseau.PeopleScope) *scope {
	sc := &scope{x: x, all: s.All, none: s.None, self: -1}
	if i, ok := x.perIdx[s.Self]; ok && s.Self != "" {
		sc.self = i
	}
	for _, k := range s.Orgs {
		if i, ok := x.orgIdx[k]; ok {
			sc.orgs = append(sc.orgs, i)
		}
	}
	slices.Sort(sc.orgs)
	return sc
}

// visible reports whether the caller may see person p (PeopleScope.CanSee).
func (s *scope) visible(p int32) bool {
	switch {
	case s.all:
		return true
	case s.none:
		return false
	case s.x.perNet[p], p == s.self:
		return true
	}
	for _, o := range s.x.perOrg.row(p) {
		if _, ok := slices.BinarySearch(s.orgs, o); ok {
			return true
		}
	}
	return false
}

// lookupPerson resolves a person the caller may see; a hidden person is as
// absent as an unknown one.
func (s *scope) lookupPerson(field, key string) (int32, error) {
	if i, ok := s.x.perIdx[key]; ok && s.visible(i) {
		return i, nil
	}
	return 0, &reseau.Error{Code: reseau.ENOTFOUND, Field: field, Message: "no person " + key}
}
