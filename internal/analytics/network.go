package analytics

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Edge kinds of a Network besides KindCollaboration and KindPartnership.
const (
	KindBoth        = "COLLABORATION_PARTNERSHIP" // organisations tied both ways
	KindWorksAt     = "WORKS_AT"
	KindTookPartIn  = "TOOK_PART_IN"
	KindPartyTo     = "PARTY_TO"
	KindKnows       = "KNOWS"
	maxNetworkDepth = MaxMaxHops
)

// NetworkFilter selects the view a dashboard draws. Empty fields do not
// filter.
type NetworkFilter struct {
	// Types of nodes: reseau.TypeOrganisation (always included),
	// TypePerson, TypeCollaboration, TypePartnership.
	Types []string
	Ties  Ties
	// Sectors and Domains keep the organisations of one of these sectors /
	// present in one of these domains (active in it or taking part in a
	// collaboration about it); Domains also keeps only the collaborations
	// about one of them.
	Sectors []reseau.Sector
	Domains []string
	// Since and Until keep the collaborations and partnerships overlapping
	// them; organisation ties are weighed by those only.
	Since, Until string
	// Centre, an organisation key, keeps the organisations within Depth
	// ties of it (Depth 0: 1; at most MaxMaxHops).
	Centre string
	Depth  int
	// MinWeight drops organisation ties of lower weight.
	MinWeight int
	// Scope, when given, is the projection the view is drawn at
	// (reseau.ScopeInstitution: services folded into their institutions).
	Scope reseau.Scope
	// TopTies keeps, for each organisation, its TopTies heaviest ties
	// (weight, then the other organisation's key); a tie stays if it is
	// among the heaviest of either end. 0 keeps every tie. It applies
	// after MinWeight and before Centre: at scale M, 4 ties per
	// organisation draw the 5,000 organisations with 19,693 of their
	// 222,153 ties, each still tied to its closest partners.
	TopTies int
	// ByCommunity draws each Louvain community of the organisations kept
	// as one node (see byCommunity); the other node types are left out.
	ByCommunity bool
}

// TypeCommunity is the type of the nodes of a view by community.
const TypeCommunity = "Community"

// Network is a drawable view of the graph.
type Network struct {
	Nodes []NetworkNode
	Edges []NetworkEdge
	// Metrics says what node metrics are: the betweenness, closeness, degree
	// and community of each organisation in the whole network of the
	// selected ties (not in the filtered view), so that they do not change
	// when a dashboard zooms in.
	Ties  Ties
	Exact bool // false when betweenness is sampled and closeness is not given
}

// NetworkNode is one node. ID is unique across types: "<Type>:<key>".
type NetworkNode struct {
	ID, Type, Key, Label string
	// Size is the number of organisations a community node stands for; 1
	// for every other node.
	Size       int
	Sector     reseau.Sector // organisations
	Domains    []string      // organisations (active in) and collaborations (about)
	Start, End string        // collaborations and partnerships
	// Organisation metrics in the whole network; Community is -1 for other
	// types.
	Degree      int
	Betweenness float64
	Closeness   float64
	Community   int
}

// NetworkEdge is one undirected edge between two node IDs.
type NetworkEdge struct {
	ID, Source, Target string
	Kind               string
	Weight             int
	Start, End         string // the earliest and latest known dates
	// Spells are the periods the edge is active: one per shared
	// collaboration or partnership for organisation ties, for Gephi's
	// timeline. An empty End is open.
	Spells []Spell
}

// Spell is a period [Start, End] of ISO dates; "" is open.
type Spell struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

func nodeID(typ, key string) string { return typ + ":" + key }

// spell of a collaboration or partnership, as stored: a partnership without
// an end is ongoing, a collaboration without an end lasted its start day.
func colSpell(c *reseau.Collaboration) (Spell, bool) {
	s := spanOf(c.StartDate, c.EndDate)
	if s.low == 0 {
		return Spell{}, false
	}
	return Spell{s.low.String(), s.high.String()}, true
}

func parSpell(p *reseau.Partnership) (Spell, bool) {
	s := spanOf(p.StartDate, p.EndDate)
	if s.low == 0 {
		return Spell{}, false
	}
	sp := Spell{Start: s.low.String(), End: s.high.String()}
	if p.EndDate == "" {
		sp.End = ""
	}
	return sp, true
}

// Network builds the view f selects. People are included only when asked,
// only those ps may see, and only with their names. EINVALID for a bad type,
// sector, date or depth; ENOTFOUND for an unknown domain or centre.
//
// It stops with ctx's error (see stopped) once ctx is done.
func (x *Index) Network(ctx context.Context, ps reseau.PeopleScope, f NetworkFilter) (*Network, error) {
	w, err := windowOf(f.Since, f.Until)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{reseau.TypeOrganisation: true}
	for _, t := range f.Types {
		if f.ByCommunity {
			break // organisations only
		}
		switch t {
		case reseau.TypeOrganisation, reseau.TypePerson, reseau.TypeCollaboration, reseau.TypePartnership:
			want[t] = true
		default:
			return nil, reseau.FieldErrorf("types", "unknown node type %q", t)
		}
	}
	var sectors []int8
	for _, s := range f.Sectors {
		if !s.Valid() {
			return nil, reseau.FieldErrorf("sectors", "unknown sector %q", s)
		}
		sectors = append(sectors, sectorIndex(s))
	}
	var doms []int32
	for _, k := range f.Domains {
		d, err := x.lookupDomain("domains", k)
		if err != nil {
			return nil, err
		}
		doms = append(doms, d)
	}
	slices.Sort(doms)
	if f.Depth < 0 || f.Depth > maxNetworkDepth {
		return nil, reseau.FieldErrorf("depth", "must be between 1 and %d", maxNetworkDepth)
	}
	if f.TopTies < 0 {
		return nil, reseau.FieldErrorf("topTies", "must be 0 (every tie) or more")
	}
	t := f.Ties.norm()
	g := x.graph(t)
	nO := int32(g.n)

	// Organisations passing the sector and domain filters.
	keep := make([]bool, nO)
	stop := &poll{ctx: ctx}
	var present [][]int32
	if len(doms) > 0 {
		if present, err = x.presence(stop, w); err != nil {
			return nil, err
		}
	}
	for o := int32(0); o < nO; o++ {
		keep[o] = len(sectors) == 0 || slices.Contains(sectors, x.orgSector[o])
	}
	if len(doms) > 0 {
		in := make([]bool, nO)
		for _, d := range doms {
			for _, o := range present[d] {
				in[o] = true
			}
		}
		for o := range keep {
			keep[o] = keep[o] && in[o]
		}
	}

	colOK := func(c int32) bool {
		if !w.holds(x.colSpan[c]) {
			return false
		}
		if len(doms) == 0 {
			return true
		}
		return len(intersect(x.colDom.row(c), doms)) > 0
	}
	// Organisation ties in the window, between kept organisations.
	type tie struct {
		k      int32
		weight int
		spells []Spell
		first  day
		last   day
		col    bool
		par    bool
	}
	minW := max(1, f.MinWeight)
	var ties []tie
	tieOf := map[int32]int{} // pair → index in ties
	for k := range x.pairs {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		p := &x.pairs[k]
		if !p.has(t) || !keep[p.a] || !keep[p.b] {
			continue
		}
		tt := tie{k: int32(k)}
		note := func(s span, sp Spell, ok bool) {
			tt.weight++
			if ok {
				tt.spells = append(tt.spells, sp)
			}
			if s.low != 0 && (tt.first == 0 || s.low < tt.first) {
				tt.first = s.low
			}
			tt.last = max(tt.last, s.high)
		}
		if t&TiesCollaboration != 0 {
			for _, c := range x.pairCols[p.col : p.col+p.ncol] {
				if colOK(c) {
					sp, ok := colSpell(&x.ds.Collaborations[c])
					note(x.colSpan[c], sp, ok)
					tt.col = true
				}
			}
		}
		if t&TiesPartnership != 0 {
			for _, pa := range x.pairPars[p.par : p.par+p.npar] {
				if w.holds(x.parSpan[pa]) {
					sp, ok := parSpell(&x.ds.Partnerships[pa])
					note(x.parSpan[pa], sp, ok)
					tt.par = true
				}
			}
		}
		if tt.weight >= minW {
			tieOf[int32(k)] = len(ties)
			ties = append(ties, tt)
		}
	}

	if f.TopTies > 0 {
		pairs, weights := make([]int32, len(ties)), make([]int, len(ties))
		for i := range ties {
			pairs[i], weights[i] = ties[i].k, ties[i].weight
		}
		keepTie, err := x.topTies(stop, pairs, weights, f.TopTies)
		if err != nil {
			return nil, err
		}
		kept := ties[:0]
		for i := range ties {
			if keepTie[i] {
				kept = append(kept, ties[i])
			}
		}
		ties = kept
		clear(tieOf)
		for i := range ties {
			tieOf[ties[i].k] = i
		}
	}

	// Centre and depth: a breadth-first search over the kept ties.
	if f.Centre != "" {
		c, err := x.lookupOrg("centre", f.Centre)
		if err != nil {
			return nil, err
		}
		depth := f.Depth
		if depth == 0 {
			depth = 1
		}
		dist := make([]int32, nO)
		for i := range dist {
			dist[i] = -1
		}
		dist[c] = 0
		queue := []int32{c}
		for h := 0; h < len(queue); h++ {
			v := queue[h]
			if int(dist[v]) == depth {
				continue
			}
			for i, u := range g.row(v) {
				if _, ok := tieOf[g.edges(v)[i]]; ok && dist[u] < 0 {
					dist[u] = dist[v] + 1
					queue = append(queue, u)
				}
			}
		}
		for o := range keep {
			keep[o] = dist[o] >= 0
		}
	}

	cen, err := x.centrality(ctx, t)
	if err != nil {
		return nil, err
	}
	part, err := x.partition(ctx, t)
	if err != nil {
		return nil, err
	}
	n := &Network{Ties: t, Exact: cen.sample == 0}
	for o := int32(0); o < nO; o++ {
		if !keep[o] {
			continue
		}
		org := x.org(o)
		label := org.ShortName
		if label == "" {
			label = org.Name
		}
		nd := NetworkNode{ID: nodeID(reseau.TypeOrganisation, org.Key), Type: reseau.TypeOrganisation, Key: org.Key, Label: label,
			Sector: org.Sector, Domains: org.Domains, Degree: g.degree(o), Betweenness: cen.betweenness[o], Community: int(part.comm[o])}
		if cen.closeness != nil {
			nd.Closeness = cen.closeness[o]
		}
		n.Nodes = append(n.Nodes, nd)
	}
	for _, tt := range ties {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		p := &x.pairs[tt.k]
		if !keep[p.a] || !keep[p.b] {
			continue
		}
		kind := KindCollaboration
		switch {
		case tt.col && tt.par:
			kind = KindBoth
		case tt.par:
			kind = KindPartnership
		}
		n.Edges = append(n.Edges, NetworkEdge{ID: "t" + strconv.Itoa(int(tt.k)),
			Source: nodeID(reseau.TypeOrganisation, x.orgKey(p.a)), Target: nodeID(reseau.TypeOrganisation, x.orgKey(p.b)),
			Kind: kind, Weight: tt.weight, Start: tt.first.String(), End: tt.last.String(), Spells: tt.spells})
	}

	if want[reseau.TypeCollaboration] {
		for c := int32(0); c < int32(len(x.colSpan)); c++ {
			if err := stop.tick(); err != nil {
				return nil, err
			}
			if !colOK(c) {
				continue
			}
			var parts []int32
			for _, o := range x.colOrg.row(c) {
				if keep[o] {
					parts = append(parts, o)
				}
			}
			if len(parts) == 0 {
				continue
			}
			col := &x.ds.Collaborations[c]
			sp := x.colSpan[c]
			id := nodeID(reseau.TypeCollaboration, col.Key)
			nd := NetworkNode{ID: id, Type: reseau.TypeCollaboration, Key: col.Key, Label: col.Title, Start: sp.low.String(), End: sp.high.String(), Community: -1}
			for _, d := range x.colDom.row(c) {
				nd.Domains = append(nd.Domains, x.domKey(d))
			}
			n.Nodes = append(n.Nodes, nd)
			spell, ok := colSpell(col)
			for _, o := range parts {
				e := NetworkEdge{ID: "c" + strconv.Itoa(int(c)) + "-" + strconv.Itoa(int(o)), Source: nodeID(reseau.TypeOrganisation, x.orgKey(o)), Target: id,
					Kind: KindTookPartIn, Weight: 1, Start: nd.Start, End: nd.End}
				if ok {
					e.Spells = []Spell{spell}
				}
				n.Edges = append(n.Edges, e)
			}
		}
	}
	if want[reseau.TypePartnership] {
		for pa := int32(0); pa < int32(len(x.parSpan)); pa++ {
			if err := stop.tick(); err != nil {
				return nil, err
			}
			if !w.holds(x.parSpan[pa]) {
				continue
			}
			var parts []int32
			for _, o := range x.parOrg.row(pa) {
				if keep[o] {
					parts = append(parts, o)
				}
			}
			if len(parts) == 0 {
				continue
			}
			par := &x.ds.Partnerships[pa]
			spell, ok := parSpell(par)
			id := nodeID(reseau.TypePartnership, par.Key)
			nd := NetworkNode{ID: id, Type: reseau.TypePartnership, Key: par.Key, Label: par.Title, Start: spell.Start, End: spell.End, Community: -1}
			n.Nodes = append(n.Nodes, nd)
			for _, o := range parts {
				e := NetworkEdge{ID: "p" + strconv.Itoa(int(pa)) + "-" + strconv.Itoa(int(o)), Source: nodeID(reseau.TypeOrganisation, x.orgKey(o)), Target: id,
					Kind: KindPartyTo, Weight: 1, Start: nd.Start, End: nd.End}
				if ok {
					e.Spells = []Spell{spell}
				}
				n.Edges = append(n.Edges, e)
			}
		}
	}
	if want[reseau.TypePerson] && !ps.None {
		if err := x.addPeople(stop, n, x.scope(ps), keep, want[reseau.TypeCollaboration], colOK); err != nil {
			return nil, err
		}
	}
	if f.ByCommunity {
		n = byCommunity(n)
	}
	for i := range n.Nodes {
		n.Nodes[i].Size = max(n.Nodes[i].Size, 1)
	}
	return n, nil
}

// byCommunity draws an organisation view by community: one node per
// community (key its number, label that of its organisation of highest
// degree, ties by key; size its organisations; degree the communities it is
// tied to in the view; no betweenness or closeness), and one edge per pair
// of tied communities, weighing the ties between their organisations
// (ties inside a community are not drawn), from the earliest to the latest
// of their dates, of the kind of those ties, without spells. At scale M the
// 5,000 organisations and 222,000 ties come to 20 communities and 190 edges.
func byCommunity(n *Network) *Network {
	comm := make(map[string]int, len(n.Nodes))
	var nodes []NetworkNode
	var best []*NetworkNode // each community's organisation of highest degree
	at := map[int]int{}     // community → index in nodes
	for i := range n.Nodes {
		o := &n.Nodes[i]
		comm[o.ID] = o.Community
		j, ok := at[o.Community]
		if !ok {
			j = len(nodes)
			at[o.Community] = j
			key := strconv.Itoa(o.Community)
			nodes = append(nodes, NetworkNode{ID: nodeID(TypeCommunity, key), Type: TypeCommunity, Key: key, Community: o.Community})
			best = append(best, o)
		}
		nodes[j].Size++
		if b := best[j]; o.Degree > b.Degree || (o.Degree == b.Degree && o.Key < b.Key) {
			best[j] = o
		}
	}
	for j := range nodes {
		nodes[j].Label = best[j].Label
	}
	type link struct {
		weight     int
		col, par   bool
		start, end string
	}
	links := map[[2]int]*link{}
	for _, e := range n.Edges {
		a, b := comm[e.Source], comm[e.Target]
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		l := links[[2]int{a, b}]
		if l == nil {
			l = &link{start: e.Start, end: e.End}
			links[[2]int{a, b}] = l
		}
		l.weight += e.Weight
		l.col = l.col || e.Kind == KindCollaboration || e.Kind == KindBoth
		l.par = l.par || e.Kind == KindPartnership || e.Kind == KindBoth
		if e.Start != "" && (l.start == "" || e.Start < l.start) {
			l.start = e.Start
		}
		l.end = max(l.end, e.End)
	}
	pairs := slices.SortedFunc(maps.Keys(links), func(p, q [2]int) int { return cmp.Or(cmp.Compare(p[0], q[0]), cmp.Compare(p[1], q[1])) })
	out := &Network{Ties: n.Ties, Exact: n.Exact, Nodes: nodes}
	slices.SortFunc(out.Nodes, func(p, q NetworkNode) int { return cmp.Compare(p.Community, q.Community) })
	for i := range out.Nodes {
		at[out.Nodes[i].Community] = i
	}
	for _, p := range pairs {
		l := links[p]
		kind := KindCollaboration
		switch {
		case l.col && l.par:
			kind = KindBoth
		case l.par:
			kind = KindPartnership
		}
		a, b := strconv.Itoa(p[0]), strconv.Itoa(p[1])
		out.Edges = append(out.Edges, NetworkEdge{ID: "k" + a + "-" + b, Source: nodeID(TypeCommunity, a), Target: nodeID(TypeCommunity, b),
			Kind: kind, Weight: l.weight, Start: l.start, End: l.end})
		out.Nodes[at[p[0]]].Degree++
		out.Nodes[at[p[1]]].Degree++
	}
	return out
}

// topTies reports which of the ties (pairs, with their weights) are among
// the n heaviest of either of their organisations: by weight, then by the
// other organisation's key.
func (x *Index) topTies(stop *poll, pairs []int32, weights []int, n int) ([]bool, error) {
	byOrg := make([][]int32, len(x.orgSector))
	for i, k := range pairs {
		p := &x.pairs[k]
		byOrg[p.a] = append(byOrg[p.a], int32(i))
		byOrg[p.b] = append(byOrg[p.b], int32(i))
	}
	keep := make([]bool, len(pairs))
	for o, mine := range byOrg {
		if err := stop.tick(); err != nil {
			return nil, err
		}
		if len(mine) > n {
			other := func(i int32) string {
				p := &x.pairs[pairs[i]]
				if p.a == int32(o) {
					return x.orgKey(p.b)
				}
				return x.orgKey(p.a)
			}
			slices.SortFunc(mine, func(i, j int32) int {
				return cmp.Or(cmp.Compare(weights[j], weights[i]), strings.Compare(other(i), other(j)))
			})
			mine = mine[:n]
		}
		for _, i := range mine {
			keep[i] = true
		}
	}
	return keep, nil
}

// addPeople adds the visible people working at kept organisations, their
// memberships, the KNOWS among them and, with collaborations, their
// participations. Their edge ids are made of keys, not of index positions,
// whose gaps would betray how many hidden people sort between two visible
// ones.
func (x *Index) addPeople(stop *poll, n *Network, sc *scope, keep []bool, withCols bool, colOK func(int32) bool) error {
	inNet := map[int32]bool{}
	for o := int32(0); o < int32(len(keep)); o++ {
		if !keep[o] {
			continue
		}
		for _, p := range x.orgPer.row(o) {
			if !inNet[p] && sc.visible(p) {
				inNet[p] = true
			}
		}
	}
	people := make([]int32, 0, len(inNet))
	for p := range inNet {
		people = append(people, p)
	}
	slices.Sort(people)
	for _, p := range people {
		per := &x.ds.People[p]
		n.Nodes = append(n.Nodes, NetworkNode{ID: nodeID(reseau.TypePerson, per.Key), Type: reseau.TypePerson, Key: per.Key, Label: per.Name, Community: -1})
	}
	// Memberships, in dataset order (sorted by person then organisation).
	for _, m := range x.members {
		if err := stop.tick(); err != nil {
			return err
		}
		if !inNet[m.person] || !keep[m.org] {
			continue
		}
		pk, ok := x.perKey(m.person), x.orgKey(m.org)
		e := NetworkEdge{ID: "m:" + pk + "|" + ok, Source: nodeID(reseau.TypePerson, pk), Target: nodeID(reseau.TypeOrganisation, ok),
			Kind: KindWorksAt, Weight: 1, Start: reseau.DateLow(m.since), End: reseau.DateHigh(m.until)}
		if e.Start != "" || e.End != "" {
			e.Spells = []Spell{{e.Start, e.End}}
		}
		n.Edges = append(n.Edges, e)
	}
	for _, p := range people {
		if err := stop.tick(); err != nil {
			return err
		}
		for _, q := range x.knows.row(p) {
			if q > p && inNet[q] {
				n.Edges = append(n.Edges, NetworkEdge{ID: "k:" + x.perKey(p) + "|" + x.perKey(q),
					Source: nodeID(reseau.TypePerson, x.perKey(p)), Target: nodeID(reseau.TypePerson, x.perKey(q)), Kind: KindKnows, Weight: 1})
			}
		}
	}
	if !withCols {
		return nil
	}
	colIn := map[string]bool{}
	for _, nd := range n.Nodes {
		if nd.Type == reseau.TypeCollaboration {
			colIn[nd.Key] = true
		}
	}
	for _, p := range people {
		if err := stop.tick(); err != nil {
			return err
		}
		for _, c := range x.perCol.row(p) {
			if !colOK(c) || !colIn[x.colKey(c)] {
				continue
			}
			col := &x.ds.Collaborations[c]
			e := NetworkEdge{ID: "q:" + x.perKey(p) + "|" + col.Key, Source: nodeID(reseau.TypePerson, x.perKey(p)), Target: nodeID(reseau.TypeCollaboration, col.Key),
				Kind: KindTookPartIn, Weight: 1, Start: x.colSpan[c].low.String(), End: x.colSpan[c].high.String()}
			if sp, ok := colSpell(col); ok {
				e.Spells = []Spell{sp}
			}
			n.Edges = append(n.Edges, e)
		}
	}
	return nil
}
