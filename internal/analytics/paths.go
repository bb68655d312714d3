package analytics

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// OrganisationPath is a shortest chain of tied organisations. A zero value
// (no organisations) means there is no path within the hop bound.
type OrganisationPath struct {
	Length        int                // number of links
	Organisations []string           // keys, from first to last
	Links         []OrganisationLink // Links[i] joins Organisations[i] and Organisations[i+1]
}

// OrganisationLink says why two consecutive organisations of a path are tied.
type OrganisationLink struct {
	From, To string
	// Kind is KindCollaboration when they share a collaboration (among the
	// selected ties), KindPartnership otherwise.
	Kind string
	// Collaboration is the most recent shared collaboration, Partnership the
	// most recent shared partnership ("" if none, or not selected).
	Collaboration  string
	Partnership    string
	Collaborations []string // every shared collaboration, by key
	Partnerships   []string // every shared partnership, by key
	Weight         int      // shared collaborations and partnerships selected
	// Grounds says who took part on each side: From and To themselves, or
	// at reseau.ScopeInstitution their services (see Ground).
	Grounds []Ground
}

// IntroductionPath is a shortest chain of acquainted people. A zero value
// (no people) means there is no path within the hop bound that the caller may
// see.
type IntroductionPath struct {
	Length int          // number of links
	People []string     // keys, from first to last
	Links  []PersonLink // Links[i] joins People[i] and People[i+1]
	// Organisation is the target organisation when the path was asked to an
	// organisation: the last person works there.
	Organisation string
}

// PersonLink says why two consecutive people of a path know each other.
type PersonLink struct {
	From, To string
	Reasons  []reseau.Reason // every ground, sorted by kind then key
}

// side is one half of a bidirectional breadth-first search. Marks are
// generation stamps so that a pooled side is reset in O(1).
type side struct {
	gen          uint32
	stamp        []uint32
	dist, parent []int32
	via          []int32
	midStamp     []uint32 // people graph: collaborations and organisations already expanded
	front, next  []int32
	depth        int32
}

func newSide(n, mid int) *side {
	return &side{stamp: make([]uint32, n), dist: make([]int32, n), parent: make([]int32, n), via: make([]int32, n), midStamp: make([]uint32, mid)}
}

func (s *side) reset() {
	s.gen++
	if s.gen == 0 {
		clear(s.stamp)
		clear(s.midStamp)
		s.gen = 1
	}
	s.front, s.next, s.depth = s.front[:0], s.next[:0], 0
}

// grow makes room for nodes up to n, for a search whose nodes are found as
// it goes (readPath); marks of the new nodes are unset.
func (s *side) grow(n int) {
	if k := n - len(s.stamp); k > 0 {
		s.stamp = append(s.stamp, make([]uint32, k)...)
		s.dist = append(s.dist, make([]int32, k)...)
		s.parent = append(s.parent, make([]int32, k)...)
		s.via = append(s.via, make([]int32, k)...)
	}
}

func (s *side) seen(v int32) bool { return s.stamp[v] == s.gen }

func (s *side) mark(v, dist, parent, via int32) {
	s.stamp[v], s.dist[v], s.parent[v], s.via[v] = s.gen, dist, parent, via
}

// midOnce reports whether middle node m is expanded for the first time.
func (s *side) midOnce(m int32) bool {
	if s.midStamp[m] == s.gen {
		return false
	}
	s.midStamp[m] = s.gen
	return true
}

type sidePool struct {
	pool   sync.Pool
	n, mid int
}

func (p *sidePool) get() [2]*side {
	if v, ok := p.pool.Get().(*[2]*side); ok {
		return *v
	}
	return [2]*side{newSide(p.n, p.mid), newSide(p.n, p.mid)}
}

func (p *sidePool) put(s [2]*side) { p.pool.Put(&s) }

// bidirectional searches from srcs to dsts, expanding the smaller frontier a
// whole layer at a time, and returns the node where the halves of a shortest
// path meet (-1 if none within maxHops). A layer is finished before stopping
// so that the meeting found is the shortest. It stops with ctx's error (see
// stopped) once ctx is done, looking at it every layer and every checkEvery
// nodes expanded. layer, if not nil, is called with each frontier before
// it is expanded (readPath reads the frontier's ties then); its error stops
// the search.
func bidirectional(ctx context.Context, sd [2]*side, srcs, dsts []int32, maxHops int, expand func(s *side, v int32, visit func(w, via int32)), layer func(front []int32) error) (int32, error) {
	f, b := sd[0], sd[1]
	f.reset()
	b.reset()
	for _, v := range srcs {
		if !f.seen(v) {
			f.mark(v, 0, -1, -1)
			f.front = append(f.front, v)
		}
	}
	for _, v := range dsts {
		if f.seen(v) {
			return v, nil
		}
		if !b.seen(v) {
			b.mark(v, 0, -1, -1)
			b.front = append(b.front, v)
		}
	}
	stop := poll{ctx: ctx}
	for int(f.depth+b.depth) < maxHops && len(f.front) > 0 && len(b.front) > 0 {
		if err := stop.now(); err != nil {
			return -1, err
		}
		s, o := f, b
		if len(b.front) < len(f.front) {
			s, o = b, f
		}
		if layer != nil {
			if err := layer(s.front); err != nil {
				return -1, err
			}
		}
		best, bestLen := int32(-1), int32(1<<30)
		s.next = s.next[:0]
		d := s.depth + 1
		for _, v := range s.front {
			if err := stop.tick(); err != nil {
				return -1, err
			}
			expand(s, v, func(w, via int32) {
				if s.seen(w) {
					return
				}
				s.mark(w, d, v, via)
				s.next = append(s.next, w)
				if o.seen(w) && d+o.dist[w] < bestLen {
					best, bestLen = w, d+o.dist[w]
				}
			})
		}
		s.depth = d
		s.front, s.next = s.next, s.front
		if best >= 0 {
			return best, nil
		}
	}
	return -1, nil
}

// chain returns the nodes from the source of sd[0] to the target of sd[1]
// through meet, and the via of each link.
func chain(sd [2]*side, meet int32) (nodes, vias []int32) {
	for v := meet; sd[0].parent[v] >= 0; v = sd[0].parent[v] {
		nodes = append(nodes, v)
		vias = append(vias, sd[0].via[v])
	}
	// The source itself.
	v := meet
	for sd[0].parent[v] >= 0 {
		v = sd[0].parent[v]
	}
	nodes = append(nodes, v)
	slices.Reverse(nodes)
	slices.Reverse(vias)
	// When the source is itself a target the search stops before marking
	// anything on the target side, whose marks are then stale.
	for v := meet; sd[1].seen(v) && sd[1].parent[v] >= 0; v = sd[1].parent[v] {
		nodes = append(nodes, sd[1].parent[v])
		vias = append(vias, sd[1].via[v])
	}
	return nodes, vias
}

func (x *Index) orgSides() *sidePool {
	x.poolOnce.Do(x.initPools)
	return x.orgPool
}

func (x *Index) perSides() *sidePool {
	x.poolOnce.Do(x.initPools)
	return x.perPool
}

func (x *Index) initPools() {
	x.orgPool = &sidePool{n: len(x.orgSector)}
	x.perPool = &sidePool{n: len(x.perNet), mid: len(x.orgSector) + len(x.colSpan)}
}

// OrganisationPath returns a shortest chain of organisations from one to
// another through the selected ties, at most maxHops long (0: DefaultMaxHops;
// above MaxMaxHops: EINVALID). ENOTFOUND for an unknown key; no path is an
// empty answer.
func (x *Index) OrganisationPath(ctx context.Context, from, to string, maxHops int, ties Ties) (*OrganisationPath, error) {
	hops, err := checkHops(maxHops)
	if err != nil {
		return nil, err
	}
	a, err := x.lookupOrg("from", from)
	if err != nil {
		return nil, err
	}
	b, err := x.lookupOrg("to", to)
	if err != nil {
		return nil, err
	}
	p, err := x.pathBetween(ctx, []int32{a}, []int32{b}, hops, ties)
	if p == nil && err == nil {
		p = &OrganisationPath{} // no path
	}
	return p, err
}

func (x *Index) orgLink(p *pair, from, to int32, t Ties) OrganisationLink {
	l := OrganisationLink{From: x.orgKey(from), To: x.orgKey(to), Weight: p.weight(t)}
	if t&TiesCollaboration != 0 && p.ncol > 0 {
		l.Kind = KindCollaboration
		ids := x.pairCols[p.col : p.col+p.ncol]
		l.Collaboration = x.colKey(latest(ids, x.colSpan))
		l.Collaborations = sortedKeys(ids, x.colKey)
	}
	if t&TiesPartnership != 0 && p.npar > 0 {
		if l.Kind == "" {
			l.Kind = KindPartnership
		}
		ids := x.pairPars[p.par : p.par+p.npar]
		l.Partnership = x.parKey(latest(ids, x.parSpan))
		l.Partnerships = sortedKeys(ids, x.parKey)
	}
	l.Grounds = x.grounds(p, from, to, t)
	return l
}

// latest returns the id whose span ends last (then starts last), undated
// ones last in preference, ties broken by the smallest id.
func latest(ids []int32, spans []span) int32 {
	best := ids[0]
	for _, id := range ids[1:] {
		a, b := spans[id], spans[best]
		if a.high > b.high || (a.high == b.high && a.low > b.low) {
			best = id
		}
	}
	return best
}

func sortedKeys(ids []int32, key func(int32) string) []string {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = key(id)
	}
	slices.Sort(keys)
	return keys
}

// IntroductionPath returns a shortest chain of acquainted people from a person
// to another person or, when to is the key of an organisation (and of no
// person the caller may see), to anyone working there. Two people are
// acquainted when they took part in the same collaboration (invite_absent
// excluded), work at the same organisation, or one KNOWS the other. The
// chain passes only through people the scope may see; ENOTFOUND for an
// unknown or hidden person. Hop bounds as OrganisationPath.
func (x *Index) IntroductionPath(ctx context.Context, ps reseau.PeopleScope, from, to string, maxHops int) (*IntroductionPath, error) {
	return x.introduction(ctx, ps, from, to, false, maxHops)
}

// IntroductionPathToOrganisation is IntroductionPath to anyone working at
// organisation org (ENOTFOUND if unknown), even if a person has that key.
func (x *Index) IntroductionPathToOrganisation(ctx context.Context, ps reseau.PeopleScope, from, org string, maxHops int) (*IntroductionPath, error) {
	return x.introduction(ctx, ps, from, org, true, maxHops)
}

func (x *Index) introduction(ctx context.Context, ps reseau.PeopleScope, from, to string, orgOnly bool, maxHops int) (*IntroductionPath, error) {
	hops, err := checkHops(maxHops)
	if err != nil {
		return nil, err
	}
	sc := x.scope(ps)
	a, err := sc.lookupPerson("from", from)
	if err != nil {
		return nil, err
	}
	var dsts []int32
	target := ""
	if b, err := sc.lookupPerson("to", to); err == nil && !orgOnly {
		dsts = []int32{b}
	} else if o, ok := x.orgIdx[to]; ok {
		target = to
		for _, p := range x.orgPer.row(o) {
			if sc.visible(p) {
				dsts = append(dsts, p)
			}
		}
	} else {
		return nil, &reseau.Error{Code: reseau.ENOTFOUND, Field: "to", Message: "no person or organisation " + to}
	}
	if len(dsts) == 0 {
		return &IntroductionPath{Organisation: target}, nil
	}
	nO := int32(len(x.orgSector))
	pool := x.perSides()
	sd := pool.get()
	defer pool.put(sd)
	// Expanding through the bipartite structure, each collaboration and
	// organisation once per side, keeps a search linear in the relations
	// instead of quadratic in the size of the groups.
	meet, err := bidirectional(ctx, sd, []int32{a}, dsts, hops, func(s *side, v int32, visit func(w, via int32)) {
		for _, w := range x.knows.row(v) {
			if sc.visible(w) {
				visit(w, -1)
			}
		}
		for _, o := range x.perOrg.row(v) {
			if s.midOnce(o) {
				for _, w := range x.orgPer.row(o) {
					if sc.visible(w) {
						visit(w, o)
					}
				}
			}
		}
		for _, c := range x.perCol.row(v) {
			if s.midOnce(nO + c) {
				for _, w := range x.colPer.row(c) {
					if sc.visible(w) {
						visit(w, nO+c)
					}
				}
			}
		}
	}, nil)
	if err != nil {
		return nil, err
	}
	if meet < 0 {
		return &IntroductionPath{Organisation: target}, nil
	}
	nodes, _ := chain(sd, meet)
	p := &IntroductionPath{Length: len(nodes) - 1, Organisation: target}
	for _, v := range nodes {
		p.People = append(p.People, x.perKey(v))
	}
	for i := 0; i+1 < len(nodes); i++ {
		p.Links = append(p.Links, PersonLink{From: x.perKey(nodes[i]), To: x.perKey(nodes[i+1]), Reasons: x.reasons(nodes[i], nodes[i+1])})
	}
	return p, nil
}

// reasons lists every ground on which people a and b are acquainted.
func (x *Index) reasons(a, b int32) []reseau.Reason {
	var rs []reseau.Reason
	for _, c := range intersect(x.perCol.row(a), x.perCol.row(b)) {
		rs = append(rs, reseau.Reason{Kind: reseau.ReasonCollaboration, Key: x.colKey(c)})
	}
	if _, ok := slices.BinarySearch(x.knows.row(a), b); ok {
		rs = append(rs, reseau.Reason{Kind: reseau.ReasonKnows})
	}
	for _, o := range intersect(x.perOrg.row(a), x.perOrg.row(b)) {
		rs = append(rs, reseau.Reason{Kind: reseau.ReasonOrganisation, Key: x.orgKey(o)})
	}
	slices.SortFunc(rs, func(p, q reseau.Reason) int {
		if c := cmp.Compare(p.Kind, q.Kind); c != 0 {
			return c
		}
		return cmp.Compare(p.Key, q.Key)
	})
	return rs
}

// intersect returns the common elements of two sorted slices.
func intersect(a, b []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
