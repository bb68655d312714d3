package analytics

import (
	"cmp"
	"context"
	"math"
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
	// fields no answer names: descriptions, contact details). The link
	// tables are read once, into the relations below, and not kept: at
	// scale L they are most of a Dataset's memory.
	ds     *reseau.Dataset
	counts linkCounts
	// members are the memberships, in dataset order (by person, then
	// organisation), for the network view's WORKS_AT edges and their dates.
	members []membership

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
	// parNet holds the network parties of the memberships (see
	// reseau.NetworkParty): a partnership with one ties each member to the
	// network only (buildPairs, grounds); it is empty for any other.
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

	pairs     []pair
	pairCols  []int32
	pairPars  []int32
	graphs    [TiesAll + 1]*graph
	graphOnce [TiesAll + 1]sync.Once // see graph

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

// membership is a WORKS_AT row as the network view reads it: the two ends
// (positions in the index) and the dates; the role is read by no answer.
type membership struct {
	person, org  int32
	since, until string
}

// kept returns the node sections that an Index keeps (see Index.ds),
// sharing the strings of ds and none of its slices of structs, so that ds
// itself can be collected. The values that repeat (kinds, statuses, dates,
// visibilities: a few thousand for millions of fields at scale L) share
// one copy each (same).
func kept(ds *reseau.Dataset, same interner) *reseau.Dataset {
	k := &reseau.Dataset{Organisations: ds.Organisations, Domains: ds.Domains}
	k.People = make([]reseau.Person, len(ds.People))
	for i, p := range ds.People {
		k.People[i] = reseau.Person{Key: p.Key, Name: p.Name, Visibility: reseau.Visibility(same.of(string(p.Visibility)))}
	}
	k.Collaborations = make([]reseau.Collaboration, len(ds.Collaborations))
	for i, c := range ds.Collaborations {
		c.Description, c.LocationKey, c.ParticipantsCount = "", "", nil
		c.Kind, c.Status, c.StartDate, c.EndDate = same.of(c.Kind), same.of(c.Status), same.of(c.StartDate), same.of(c.EndDate)
		k.Collaborations[i] = c
	}
	k.Partnerships = make([]reseau.Partnership, len(ds.Partnerships))
	for i, p := range ds.Partnerships {
		p.Description = ""
		p.Kind, p.StartDate, p.EndDate = same.of(p.Kind), same.of(p.StartDate), same.of(p.EndDate)
		k.Partnerships[i] = p
	}
	return k
}

// interner hands out one copy of each string it is given.
type interner map[string]string

func (in interner) of(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

// NewIndex builds the projection of ds, which must be a whole, consistent
// graph (as Store.Export returns it with the System caller). Rows that
// reference unknown keys are ignored. ds must not be modified while the
// Index is in use (it keeps parts of it).
func NewIndex(ds *reseau.Dataset) *Index {
	x, _ := buildIndex(context.Background(), ds)
	return x
}

// buildIndex is NewIndex stopping with ctx's error (see stopped) once ctx
// is done.
func buildIndex(ctx context.Context, ds *reseau.Dataset) (*Index, error) {
	b := newBuilder(ctx)
	if err := b.add(ds); err != nil {
		return nil, err
	}
	return b.finish()
}

// builder makes an Index from a graph handed over in parts, as
// reseau.Exporter.ExportEach hands it: the node sections first, then runs
// of relationship rows, each row folded at once into a pair of positions
// (8 bytes, where the row took about a hundred), so that no relationship
// row outlives its part. At scale L the relationships are most of a
// Dataset's 520 MiB, which a build from a whole Dataset held on top of the
// index it made. A part may hold several sections (NewIndex hands a whole
// Dataset as one part); the nodes must come first.
//
// It looks at ctx between parts and every checkEvery rows, and stops with
// its error (see stopped).
type builder struct {
	x    *Index
	stop *poll

	// One run of (from, to) positions per relationship, folded into CSRs
	// by finish.
	participations, parties, memberships, personParts, knows links
	network                                                  links // network parties of memberships

	same interner // the values that repeat: see kept

	// For the data-quality listing: each collaboration's reported count
	// of participants (-1: none) and the organisations listed, whatever
	// their role; each partnership's parties.
	reported []int32
	listed   []int32
	partyN   []int32
	lastPart [2]string // the last participation and party counted, as keys
	lastPty  [2]string
}

// links is a relationship being read: the positions of its rows' ends.
type links struct{ src, dst []int32 }

func (l *links) add(a, b int32) { l.src, l.dst = append(l.src, a), append(l.dst, b) }

func newBuilder(ctx context.Context) *builder {
	return &builder{stop: &poll{ctx: ctx}, same: interner{}}
}

// add folds part into the index being built.
func (b *builder) add(part *reseau.Dataset) error {
	if err := b.stop.now(); err != nil {
		return err
	}
	if b.x == nil {
		if err := b.nodes(part); err != nil {
			return err
		}
	}
	x := b.x
	for _, m := range part.Memberships {
		if err := b.stop.tick(); err != nil {
			return err
		}
		x.counts.memberships++
		p, ok1 := x.perIdx[m.PersonKey]
		o, ok2 := x.orgIdx[m.OrganisationKey]
		if ok1 && ok2 {
			b.memberships.add(p, o)
			x.members = append(x.members, membership{person: p, org: o, since: b.same.of(m.Since), until: b.same.of(m.Until)})
		}
	}
	for _, p := range part.Participations {
		if err := b.stop.tick(); err != nil {
			return err
		}
		x.counts.participations++
		c, ok1 := x.colIdx[p.CollaborationKey]
		o, ok2 := x.orgIdx[p.OrganisationKey]
		if ok1 && (p.CollaborationKey != b.lastPart[0] || p.OrganisationKey != b.lastPart[1]) {
			b.listed[c]++
		}
		b.lastPart = [2]string{p.CollaborationKey, p.OrganisationKey}
		if ok1 && ok2 && p.Role != reseau.RoleInviteAbsent && x.colTies[c] {
			b.participations.add(c, o)
		}
	}
	for _, pp := range part.PersonParticipations {
		if err := b.stop.tick(); err != nil {
			return err
		}
		x.counts.personParticipations++
		c, ok1 := x.colIdx[pp.CollaborationKey]
		p, ok2 := x.perIdx[pp.PersonKey]
		if ok1 && ok2 && pp.Role != reseau.RoleInviteAbsent && x.colTies[c] {
			b.personParts.add(p, c)
		}
	}
	for _, p := range part.Parties {
		if err := b.stop.tick(); err != nil {
			return err
		}
		x.counts.parties++
		pa, ok1 := x.parIdx[p.PartnershipKey]
		o, ok2 := x.orgIdx[p.OrganisationKey]
		if ok1 && (p.PartnershipKey != b.lastPty[0] || p.OrganisationKey != b.lastPty[1]) {
			b.partyN[pa]++
		}
		b.lastPty = [2]string{p.PartnershipKey, p.OrganisationKey}
		if ok1 && ok2 {
			b.parties.add(pa, o)
			// The node sections came first (nodes): the kind is known.
			if reseau.NetworkParty(x.ds.Partnerships[pa].Kind, p.Role) {
				b.network.add(pa, o)
			}
			if p.Role == reseau.RoleJointStructure {
				x.parBody[pa] = true
			}
		}
	}
	for _, k := range part.Knows {
		if err := b.stop.tick(); err != nil {
			return err
		}
		x.counts.knows++
		p, ok1 := x.perIdx[k.PersonKey]
		q, ok2 := x.perIdx[k.OtherKey]
		if ok1 && ok2 && p != q {
			b.knows.add(p, q)
			b.knows.add(q, p)
		}
	}
	return nil
}

// nodes starts the index from the node sections of ds.
func (b *builder) nodes(ds *reseau.Dataset) error {
	x := &Index{ds: kept(ds, b.same)}
	b.x = x
	stop := b.stop
	nO, nC, nP, nPe := len(ds.Organisations), len(ds.Collaborations), len(ds.Partnerships), len(ds.People)
	x.orgIdx = keyIndex(nO, func(i int) string { return ds.Organisations[i].Key })
	x.domIdx = keyIndex(len(ds.Domains), func(i int) string { return ds.Domains[i].Key })
	x.colIdx = keyIndex(nC, func(i int) string { return ds.Collaborations[i].Key })
	x.parIdx = keyIndex(nP, func(i int) string { return ds.Partnerships[i].Key })
	x.perIdx = keyIndex(nPe, func(i int) string { return ds.People[i].Key })

	var src, dst []int32
	x.orgSector = make([]int8, nO)
	for i := range ds.Organisations {
		if err := stop.tick(); err != nil {
			return err
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
	b.reported = make([]int32, nC)
	b.listed = make([]int32, nC)
	src, dst = src[:0], dst[:0]
	for i := range ds.Collaborations {
		if err := stop.tick(); err != nil {
			return err
		}
		c := &ds.Collaborations[i]
		x.colSpan[i] = spanOf(c.StartDate, c.EndDate)
		x.colTies[i] = reseau.MakesTies(c.Status)
		b.reported[i] = -1
		if c.ParticipantsCount != nil {
			b.reported[i] = int32(min(*c.ParticipantsCount, math.MaxInt32))
		}
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

	x.parSpan = make([]span, nP)
	for i := range ds.Partnerships {
		x.parSpan[i] = spanOf(ds.Partnerships[i].StartDate, ds.Partnerships[i].EndDate)
	}
	b.partyN = make([]int32, nP)
	x.parBody = make([]bool, nP)

	x.perNet = make([]bool, nPe)
	for i := range ds.People {
		x.perNet[i] = ds.People[i].Visibility == reseau.VisibilityNetwork
	}
	return nil
}

// buildTies derives the organisation ties from the relations (colOrg,
// parOrg, parNet) and the graph of every tie, which answers ask by default;
// the graphs of one kind of ties are built when first asked for (graph).
func (x *Index) buildTies(stop *poll) error {
	if err := stop.now(); err != nil {
		return err
	}
	x.buildPairs()
	if err := stop.now(); err != nil {
		return err
	}
	x.graphs[TiesAll] = x.buildGraph(TiesAll)
	return nil
}

// finish folds the relationships read into the index and derives the ties.
func (b *builder) finish() (*Index, error) {
	if b.x == nil {
		if err := b.nodes(&reseau.Dataset{}); err != nil {
			return nil, err
		}
	}
	x := b.x
	nO, nC, nP, nPe := len(x.ds.Organisations), len(x.ds.Collaborations), len(x.ds.Partnerships), len(x.ds.People)
	x.colOrg = buildCSR(nC, b.participations.src, b.participations.dst)
	x.orgCol = buildCSR(nO, b.participations.dst, b.participations.src)
	b.participations = links{}
	x.parOrg = buildCSR(nP, b.parties.src, b.parties.dst)
	b.parties = links{}
	x.parNet = buildCSR(nP, b.network.src, b.network.dst)
	b.network = links{}
	x.perOrg = buildCSR(nPe, b.memberships.src, b.memberships.dst)
	x.orgPer = buildCSR(nO, b.memberships.dst, b.memberships.src)
	b.memberships = links{}
	x.perCol = buildCSR(nPe, b.personParts.src, b.personParts.dst)
	x.colPer = buildCSR(nC, b.personParts.dst, b.personParts.src)
	b.personParts = links{}
	x.knows = buildCSR(nPe, b.knows.src, b.knows.dst)
	b.knows = links{}
	x.members = slices.Clip(x.members)

	// Every organisation listed counts, whatever its role: the count is of
	// who came or was named, invite_absent included.
	for c, n := range b.reported {
		if n > b.listed[c] {
			x.listing.underlisted = append(x.listing.underlisted, x.colKey(int32(c)))
		}
	}
	for p, n := range b.partyN {
		if n < 2 {
			x.listing.singleParty = append(x.listing.singleParty, x.parKey(int32(p)))
		}
	}

	if err := x.buildTies(b.stop); err != nil {
		return nil, err
	}
	return x, nil
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
// that a membership (a partnership with a reseau.NetworkParty, in parNet) ties
// each member to the network only (reseau.PartiesTied).
func (x *Index) buildPairs() {
	// Sized before they are filled: at scale L they hold millions of
	// items, and growing them by append held up to twice that at once.
	nc, np := 0, 0
	for c := int32(0); c < int32(len(x.colSpan)); c++ {
		k := len(x.colOrg.row(c))
		nc += k * (k - 1) / 2
	}
	for p := int32(0); p < int32(len(x.parSpan)); p++ {
		k := len(x.parOrg.row(p))
		np += k * (k - 1) / 2 // at most: a membership ties fewer
	}
	cp, pp := make([]pairItem, 0, nc), make([]pairItem, 0, np)
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
	x.pairs = make([]pair, 0, distinctKeys(cp, pp))
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

// distinctKeys counts the keys of the sorted cp and pp together.
func distinctKeys(cp, pp []pairItem) int {
	n, i, j := 0, 0, 0
	for i < len(cp) || j < len(pp) {
		var k uint64
		switch {
		case j >= len(pp) || (i < len(cp) && cp[i].key <= pp[j].key):
			k = cp[i].key
		default:
			k = pp[j].key
		}
		for ; i < len(cp) && cp[i].key == k; i++ {
		}
		for ; j < len(pp) && pp[j].key == k; j++ {
		}
		n++
	}
	return n
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

// graph returns the organisation graph of the ties t selects. The graphs of
// collaboration or partnership ties alone are built on first use, once: at
// scale L each holds about 27 MiB, for the answers that ask for one kind
// of ties only.
func (x *Index) graph(t Ties) *graph {
	t = t.norm()
	if t != TiesAll {
		x.graphOnce[t].Do(func() { x.graphs[t] = x.buildGraph(t) })
	}
	return x.graphs[t]
}

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
