package analytics

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"

	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Meeting invitations: whom to invite, as a group, to a meeting about a
// domain so that it creates the most new cross-sector ties.
//
// The objective of a group S is
//
//	score(S) = Σ over pairs {u, v} ⊆ S of w(u, v),
//	w(u, v)  = 1  if u and v are of two different known sectors and not tied,
//	          -½ if u and v are already tied (any tie, any period),
//	           0  otherwise (same sector, or a sector unknown),
//
// over groups of the size asked drawn from the candidates (the
// organisations present in the domain whose sector is known) and holding
// the organisations asked for. It is a maximum-weight k-subgraph problem
// (NP-hard). When the groups to try are few (C(n, k) ≤ ExactGroups) every
// one is scored; otherwise greedy choices by marginal gain (one plain, and
// one from each of the 32 candidates of most positive pairs) are improved
// by swaps until none helps, the best kept, and the answer states an upper
// bound on the best
// score (the smaller of a degree bound and a sector-composition bound, see
// upperBound), so that a coordinator knows how far from the best it can be.

// Limits of meetingInvitations.
const (
	DefaultInvitations = 10
	MaxInvitations     = 50
	// ExactGroups is the most groups an exhaustive search scores: beyond,
	// greedy and swaps.
	ExactGroups = 200_000
	// tiedPenalty is the weight of a pair already tied, in half units.
	tiedPenalty = -1
)

// Invitations is the group to invite to a meeting about a domain.
type Invitations struct {
	Domain string
	// Size is the size asked; the group is smaller when fewer organisations
	// are candidates.
	Size int
	// Candidates counts the organisations considered (included ones too).
	Candidates int
	// Organisations: the included first, then by new ties (most first),
	// then by key.
	Organisations []Invitation
	// NewCrossSectorPairs are the pairs of the group of two different known
	// sectors not tied yet; AlreadyTiedPairs the pairs already tied.
	NewCrossSectorPairs, AlreadyTiedPairs int
	// Score is NewCrossSectorPairs − ½ AlreadyTiedPairs, what the group
	// maximises; no group of Size with the included organisations scores
	// more than UpperBound. Exact: every group was scored.
	Score, UpperBound float64
	Exact             bool
	// Explanations say why the answer as a whole is what it is:
	// INVITATION_FEWER_CANDIDATES when the group is smaller than Size.
	Explanations []i18n.Explanation
}

// Invitation is one organisation of the group, with why.
type Invitation struct {
	Organisation string
	Included     bool     // asked for (the organiser)
	NewPartners  []string // members of another known sector it has no tie with, by key
	TiedTo       []string // members it is already tied to, by key
	Explanations []i18n.Explanation
}

// problem is a group choice in the abstract: n candidates, the sector of
// each (-1 unknown), the candidates each is tied to (sorted), the forced
// ones, the size.
type problem struct {
	n      int
	sector []int8
	tied   [][]int32
	forced []int
	k      int
}

// cross is the weight of an untied pair, in half units: 2 across two known
// sectors, 0 otherwise.
func (p *problem) cross(i, j int) int {
	if si, sj := p.sector[i], p.sector[j]; si >= 0 && sj >= 0 && si != sj {
		return 2
	}
	return 0
}

// w is the weight of the pair {i, j} in half units (the objective above).
func (p *problem) w(i, j int) int {
	if _, ok := slices.BinarySearch(p.tied[i], int32(j)); ok {
		return tiedPenalty
	}
	return p.cross(i, j)
}

// addRow adds sign × w(v, i) to gain[i] for every i ≠ v: O(n + ties of v),
// without a lookup per pair.
func (p *problem) addRow(gain []int, v, sign int) {
	sv := p.sector[v]
	for i := 0; i < p.n; i++ {
		if si := p.sector[i]; sv >= 0 && si >= 0 && si != sv {
			gain[i] += 2 * sign
		}
	}
	for _, t := range p.tied[v] {
		gain[t] += sign * (tiedPenalty - p.cross(v, int(t)))
	}
}

// positive returns, for every candidate, how many others it weighs
// positively with: those of another known sector, less those it is tied to.
func (p *problem) positive() []int {
	bySector := make([]int, len(reseau.AllSectors))
	known := 0
	for _, s := range p.sector {
		if s >= 0 {
			bySector[s]++
			known++
		}
	}
	pos := make([]int, p.n)
	for i, s := range p.sector {
		if s < 0 {
			continue
		}
		pos[i] = known - bySector[s]
		for _, t := range p.tied[i] {
			if p.cross(i, int(t)) > 0 {
				pos[i]--
			}
		}
	}
	return pos
}

func (p *problem) score(group []int) int {
	s := 0
	for i, u := range group {
		for _, v := range group[i+1:] {
			s += p.w(u, v)
		}
	}
	return s
}

// binomialAtMost reports whether C(n, k) ≤ limit, without overflow.
func binomialAtMost(n, k, limit int) bool {
	if k < 0 || k > n {
		return true
	}
	k = min(k, n-k)
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n-k+i) / float64(i)
		if c > float64(limit) {
			return false
		}
	}
	return true
}

// solve returns the group and whether it is proved best.
func (p *problem) solve(ctx context.Context) ([]int, bool, error) {
	free := make([]int, 0, p.n)
	isForced := make([]bool, p.n)
	for _, f := range p.forced {
		isForced[f] = true
	}
	for i := 0; i < p.n; i++ {
		if !isForced[i] {
			free = append(free, i)
		}
	}
	k := p.k - len(p.forced)
	if k >= len(free) {
		return append(slices.Clone(p.forced), free...), true, nil
	}
	if binomialAtMost(len(free), k, ExactGroups) {
		g, err := p.exhaustive(ctx, free, k)
		return g, true, err
	}
	g, err := p.greedy(ctx, free, k)
	return g, false, err
}

// exhaustive scores every group of k of free beside the forced ones.
func (p *problem) exhaustive(ctx context.Context, free []int, k int) ([]int, error) {
	stop := &poll{ctx: ctx}
	base := p.score(p.forced)
	// gain[i] is what free[i] adds to the forced ones.
	gain := make([]int, len(free))
	for i, v := range free {
		for _, f := range p.forced {
			gain[i] += p.w(f, v)
		}
	}
	best, bestScore := []int(nil), math.MinInt
	pick := make([]int, 0, k)
	var rec func(from, score int) error
	rec = func(from, score int) error {
		if len(pick) == k {
			if score > bestScore {
				bestScore = score
				best = slices.Clone(pick)
			}
			return nil
		}
		for i := from; i <= len(free)-(k-len(pick)); i++ {
			if err := stop.tick(); err != nil {
				return err
			}
			add := gain[i]
			for _, j := range pick {
				add += p.w(free[j], free[i])
			}
			pick = append(pick, i)
			if err := rec(i+1, score+add); err != nil {
				return err
			}
			pick = pick[:len(pick)-1]
		}
		return nil
	}
	if err := rec(0, base); err != nil {
		return nil, err
	}
	out := slices.Clone(p.forced)
	for _, i := range best {
		out = append(out, free[i])
	}
	return out, nil
}

// greedySeeds bounds the starts of greedy.
const greedySeeds = 32

// greedy runs greedyFrom with no seed, then seeded with each of the
// greedySeeds free candidates of most positive pairs (a start from a good
// pair escapes the plateau where every single addition weighs nothing),
// and keeps the best group (the first on a tie).
func (p *problem) greedy(ctx context.Context, free []int, k int) ([]int, error) {
	best, err := p.greedyFrom(ctx, free, k, -1)
	if err != nil || k == 0 {
		return best, err
	}
	bestScore := p.score(best)
	pos := p.positive()
	seeds := slices.Clone(free)
	slices.SortStableFunc(seeds, func(a, b int) int { return cmp.Compare(pos[b], pos[a]) })
	for _, seed := range seeds[:min(greedySeeds, len(seeds))] {
		g, err := p.greedyFrom(ctx, free, k, seed)
		if err != nil {
			return nil, err
		}
		if sc := p.score(g); sc > bestScore {
			best, bestScore = g, sc
		}
	}
	return best, nil
}

// greedyFrom adds seed (unless -1), then the free candidate of largest
// marginal gain (the first on a tie) until k are chosen, then swaps a
// chosen one for an outsider while the score grows (the best swap first,
// at most 4k rounds).
func (p *problem) greedyFrom(ctx context.Context, free []int, k, seed int) ([]int, error) {
	stop := &poll{ctx: ctx}
	in := make([]bool, p.n)
	gain := make([]int, p.n) // Σ w(member, i) over the members
	add := func(v int) {
		in[v] = true
		p.addRow(gain, v, 1)
	}
	remove := func(v int) {
		in[v] = false
		p.addRow(gain, v, -1)
	}
	for _, f := range p.forced {
		add(f)
	}
	chosen := []int{}
	if seed >= 0 && k > 0 {
		add(seed)
		chosen = append(chosen, seed)
	}
	for len(chosen) < k {
		best := -1
		for _, v := range free {
			if err := stop.tick(); err != nil {
				return nil, err
			}
			if !in[v] && (best < 0 || gain[v] > gain[best]) {
				best = v
			}
		}
		add(best)
		chosen = append(chosen, best)
	}
	var out []int
	for round := 0; round < 4*k; round++ {
		// The outsiders by gain, most first: swapping u out and v in
		// changes the score by gain[v] - w(u, v) - gain[u], at most
		// gain[v] + 1 - gain[u] (w ≥ -1), so the scan of each u stops at
		// the first outsider that cannot beat the best swap found.
		out = out[:0]
		for _, v := range free {
			if !in[v] {
				out = append(out, v)
			}
		}
		slices.SortStableFunc(out, func(a, b int) int { return cmp.Compare(gain[b], gain[a]) })
		bu, bv, bd := -1, -1, 0
		for ci, u := range chosen {
			for _, v := range out {
				if err := stop.tick(); err != nil {
					return nil, err
				}
				if gain[v]-tiedPenalty-gain[u] <= bd {
					break
				}
				if d := gain[v] - p.w(u, v) - gain[u]; d > bd {
					bu, bv, bd = ci, v, d
				}
			}
		}
		if bu < 0 {
			break
		}
		remove(chosen[bu])
		add(bv)
		chosen[bu] = bv
	}
	return append(slices.Clone(p.forced), chosen...), nil
}

// upperBound bounds the best score (half units) of any group of size k
// holding the forced ones, by the smaller of two bounds:
//   - degree: a member's pairs weigh at most its number of positive
//     partners among the candidates, capped at k-1; the score is half the
//     sum over the members (the forced ones, and the k-|forced| best of the
//     others);
//   - composition: only pairs of two different known sectors weigh
//     positively, so the score is at most the number of such pairs in the
//     best mix of sectors the candidates allow (filling the emptiest
//     sector first is optimal, the pair count being concave in each).
func (p *problem) upperBound() int {
	k := min(p.k, p.n)
	isForced := make([]bool, p.n)
	for _, f := range p.forced {
		isForced[f] = true
	}
	deg := 0
	var others []int
	for i, pos := range p.positive() {
		b := min(pos, k-1) * 2 // half units
		if isForced[i] {
			deg += b
		} else {
			others = append(others, b)
		}
	}
	slices.Sort(others)
	slices.Reverse(others)
	for _, b := range others[:min(len(others), k-len(p.forced))] {
		deg += b
	}
	deg /= 2

	nS := len(reseau.AllSectors)
	avail, count := make([]int, nS), make([]int, nS)
	slots := k
	for i := 0; i < p.n; i++ {
		if s := p.sector[i]; s >= 0 {
			if isForced[i] {
				count[s]++
			} else {
				avail[s]++
			}
		}
		if isForced[i] {
			slots--
		}
	}
	for ; slots > 0; slots-- {
		best := -1
		for s := 0; s < nS; s++ {
			if avail[s] > 0 && (best < 0 || count[s] < count[best]) {
				best = s
			}
		}
		if best < 0 {
			break // only sectorless candidates left: they weigh nothing
		}
		avail[best]--
		count[best]++
	}
	pairs, total := 0, 0
	for _, c := range count {
		pairs += total * c
		total += c
	}
	return min(deg, pairs*2)
}

// MeetingInvitations picks the group of size organisations (0:
// DefaultInvitations; EINVALID outside 2..MaxInvitations) to invite to a
// meeting about domain (ENOTFOUND if unknown) that creates the most new
// cross-sector ties (see the objective above), holding the organisations of
// include (ENOTFOUND for an unknown key; EINVALID for more than size). The
// candidates are the organisations present in the domain (active in it, or
// in a collaboration about it that took place) whose sector is known.
func (x *Index) MeetingInvitations(ctx context.Context, domain string, size int, include []string) (*Invitations, error) {
	if size == 0 {
		size = DefaultInvitations
	}
	if size < 2 || size > MaxInvitations {
		return nil, reseau.FieldErrorf("size", "must be between 2 and %d", MaxInvitations)
	}
	d, err := x.lookupDomain("domain", domain)
	if err != nil {
		return nil, err
	}
	var forced []int32
	for _, k := range include {
		o, err := x.lookupOrg("include", k)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(forced, o) {
			forced = append(forced, o)
		}
	}
	if len(forced) > size {
		return nil, reseau.FieldErrorf("include", "includes %d organisations, more than the size %d", len(forced), size)
	}
	stop := &poll{ctx: ctx}
	present, err := x.presence(stop, window{})
	if err != nil {
		return nil, err
	}
	// The included first, then by key: among groups of the same score, the
	// first by key wins.
	cands := slices.Clone(forced)
	for _, o := range present[d] {
		if x.orgSector[o] >= 0 && !slices.Contains(forced, o) {
			cands = append(cands, o)
		}
	}
	slices.SortFunc(cands[len(forced):], func(a, b int32) int { return cmp.Compare(x.orgKey(a), x.orgKey(b)) })
	g := x.graph(TiesAll)
	at := make(map[int32]int32, len(cands))
	for i, o := range cands {
		at[o] = int32(i)
	}
	p := &problem{n: len(cands), k: size, sector: make([]int8, len(cands)), tied: make([][]int32, len(cands))}
	for i, o := range cands {
		p.sector[i] = x.orgSector[o]
		for _, v := range g.row(o) {
			if j, ok := at[v]; ok {
				p.tied[i] = append(p.tied[i], j)
			}
		}
		slices.Sort(p.tied[i])
	}
	for i := range forced {
		p.forced = append(p.forced, i)
	}
	group, exact, err := p.solve(ctx)
	if err != nil {
		return nil, err
	}
	r := &Invitations{Domain: x.domKey(d), Size: size, Candidates: len(cands), Exact: exact}
	half := p.score(group)
	r.Score = float64(half) / 2
	r.UpperBound = r.Score
	if !exact {
		r.UpperBound = float64(max(p.upperBound(), half)) / 2
	}
	dom := x.ds.Domains[d]
	domParam := i18n.Param{Name: "domain", Kind: i18n.ParamDomain, Value: dom.Key, FR: dom.LabelFR, NL: dom.LabelNL, EN: dom.LabelEN}
	if len(group) < size {
		r.Explanations = append(r.Explanations, i18n.Explanation{Code: i18n.InvitationFewerCandidates, Params: []i18n.Param{domParam,
			{Name: "size", Kind: i18n.ParamNumber, Value: strconv.Itoa(size)},
			{Name: "candidates", Kind: i18n.ParamNumber, Value: strconv.Itoa(len(cands))}}})
	}
	for _, i := range group {
		o := cands[i]
		inv := Invitation{Organisation: x.orgKey(o), Included: i < len(forced)}
		for _, j := range group {
			switch q := cands[j]; {
			case j == i:
			case p.w(i, j) == tiedPenalty:
				inv.TiedTo = append(inv.TiedTo, x.orgKey(q))
			case p.w(i, j) > 0:
				inv.NewPartners = append(inv.NewPartners, x.orgKey(q))
			}
		}
		slices.Sort(inv.NewPartners)
		slices.Sort(inv.TiedTo)
		r.NewCrossSectorPairs += len(inv.NewPartners)
		r.AlreadyTiedPairs += len(inv.TiedTo)
		org := x.orgParam("organisation", o)
		if inv.Included {
			inv.Explanations = append(inv.Explanations, i18n.Explanation{Code: i18n.InvitationIncluded, Params: []i18n.Param{org}})
		}
		if _, active := slices.BinarySearch(x.orgDom.row(o), d); active {
			inv.Explanations = append(inv.Explanations, i18n.Explanation{Code: i18n.InvitationActiveIn, Params: []i18n.Param{org, domParam}})
		} else if c := x.latestAbout(o, d); c >= 0 {
			inv.Explanations = append(inv.Explanations, i18n.Explanation{Code: i18n.InvitationTookPart, Params: []i18n.Param{org,
				{Name: "collaboration", Kind: i18n.ParamCollaboration, Value: x.colKey(c), FR: x.ds.Collaborations[c].Title}, domParam}})
		}
		if n := len(inv.NewPartners); n > 0 {
			inv.Explanations = append(inv.Explanations, i18n.Explanation{Code: i18n.InvitationNewTies, Params: []i18n.Param{org,
				{Name: "count", Kind: i18n.ParamNumber, Value: strconv.Itoa(n)}}})
		}
		if n := len(inv.TiedTo); n > 0 {
			inv.Explanations = append(inv.Explanations, i18n.Explanation{Code: i18n.InvitationAlreadyTied, Params: []i18n.Param{org,
				{Name: "count", Kind: i18n.ParamNumber, Value: strconv.Itoa(n)}}})
		}
		r.Organisations = append(r.Organisations, inv)
	}
	r.NewCrossSectorPairs /= 2
	r.AlreadyTiedPairs /= 2
	slices.SortStableFunc(r.Organisations, func(a, b Invitation) int {
		if a.Included != b.Included {
			if a.Included {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(len(b.NewPartners), len(a.NewPartners)), cmp.Compare(a.Organisation, b.Organisation))
	})
	return r, nil
}

// latestAbout returns the most recent collaboration about domain d that
// organisation o took part in (one that ties), -1 if none.
func (x *Index) latestAbout(o, d int32) int32 {
	var about []int32
	for _, c := range x.orgCol.row(o) {
		if _, ok := slices.BinarySearch(x.colDom.row(c), d); ok {
			about = append(about, c)
		}
	}
	if len(about) == 0 {
		return -1
	}
	return latest(about, x.colSpan)
}
