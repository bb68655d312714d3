package analytics

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Limits of an immersion round.
const (
	MaxImmersionParticipants = 2000
	MaxImmersionDays         = 20 // host or send days (places) of one organisation
)

// Weights of a candidate immersion pair: every allowed pair is worth
// ImmersionWeightBase; a pair not yet tied (no collaboration, no
// partnership) gains ImmersionWeightNewTie, two known, different sectors
// ImmersionWeightCrossSector, and each side that wants to discover what the
// other does ImmersionWeightInterest. New cross-sector ties weigh most, as the
// 2022 immersions between the CPAS and associations intended.
const (
	ImmersionWeightBase        = 1
	ImmersionWeightNewTie      = 4
	ImmersionWeightCrossSector = 3
	ImmersionWeightInterest    = 2
)

// Codes of the reasons given for an immersion pair (each reason's
// Explanation has its own, finer code: i18n.ImmersionNewTie…).
const (
	ImmersionNewTie      = "NEW_TIE"      // never collaborated nor partnered
	ImmersionAlreadyTied = "ALREADY_TIED" // already tied; Count ties
	ImmersionCrossSector = "CROSS_SECTOR" // Sector (of A) and OtherSector (of B) differ
	ImmersionSameSector  = "SAME_SECTOR"  // both in Sector
	ImmersionInterest    = "INTEREST"     // Organisation wants to discover Domain or Sector, which Other does
)

// ImmersionParticipant is one organisation of an immersion round: how many
// days (or places) it can host and send, and the domains and sectors its
// workers want to discover.
type ImmersionParticipant struct {
	Organisation    string
	Host, Send      int
	DiscoverDomains []string
	DiscoverSectors []reseau.Sector
}

// ImmersionRound is the input of a plan.
type ImmersionRound struct {
	Participants []ImmersionParticipant
}

// ImmersionReason is one reason for a pair, with a stable code and its
// parameters (those the code uses), and its explanation, which words it in
// French, Dutch or English.
type ImmersionReason struct {
	Code         string
	Organisation string // the pair's A; INTEREST: who wants to discover
	Other        string // the pair's B; INTEREST: who does it
	Domain       string // INTEREST: a domain key
	Sector       reseau.Sector
	OtherSector  reseau.Sector
	Count        int
	Explanation  i18n.Explanation
}

// ImmersionPair is a reciprocal immersion: A hosts a worker of B and B
// hosts a worker of A, using one host and one send day on each side.
type ImmersionPair struct {
	A, B    string // organisation keys, A < B
	Weight  int
	Reasons []ImmersionReason
}

// ImmersionUse is what a plan uses of one participant.
type ImmersionUse struct {
	Organisation string
	Capacity     int // min(host, send): the pairs it can be in
	Pairs        int
}

// ImmersionPlan is an optimal set of reciprocal pairs: no other set that
// respects the capacities and the exclusions has a larger total weight.
type ImmersionPlan struct {
	Pairs       []ImmersionPair
	TotalWeight int
	Use         []ImmersionUse // in the order of the round
}

// ImmersionPlan proposes the reciprocal pairs of round. Errors: EINVALID
// (Field participants[i].…) for a duplicate, a negative or too large
// capacity, too many participants; ENOTFOUND for an unknown organisation or
// domain.
func (e *Engine) ImmersionPlan(ctx context.Context, round ImmersionRound) (*ImmersionPlan, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.ImmersionPlan(ctx, round)
}

type immersionSide struct {
	org      int32
	root     int32
	capacity int
	domains  []int32 // wanted, domain indexes
	sectors  []reseau.Sector
}

// ImmersionPlan is Engine.ImmersionPlan on this index.
//
// Two organisations are never paired when they share their top institution
// along PART_OF (a service and its CPAS, two services of the CPAS). Each
// allowed pair is an edge weighted as the ImmersionWeight constants say, and
// the plan is a maximum-weight b-matching (MaxWeightBMatching) with
// capacity = min(host, send): exact, each pair at most once.
func (x *Index) ImmersionPlan(ctx context.Context, round ImmersionRound) (*ImmersionPlan, error) {
	stop := &poll{ctx: ctx}
	sides, capacity, edges, err := x.immersionGraph(round, stop)
	if err != nil {
		return nil, err
	}
	chosen, _, err := maxWeightBMatching(capacity, edges, bMatchingTop, bMatchingPerWeight, stop)
	if err != nil {
		return nil, err
	}
	plan := &ImmersionPlan{Pairs: []ImmersionPair{}}
	used := make([]int, len(sides))
	for _, k := range chosen {
		e := edges[k]
		used[e.I]++
		used[e.J]++
		p := x.immersionPair(&sides[e.I], &sides[e.J], int(e.Weight))
		plan.TotalWeight += p.Weight
		plan.Pairs = append(plan.Pairs, p)
	}
	slices.SortFunc(plan.Pairs, func(p, q ImmersionPair) int {
		if c := strings.Compare(p.A, q.A); c != 0 {
			return c
		}
		return strings.Compare(p.B, q.B)
	})
	for i, s := range sides {
		plan.Use = append(plan.Use, ImmersionUse{Organisation: x.orgKey(s.org), Capacity: s.capacity, Pairs: used[i]})
	}
	return plan, nil
}

// immersionGraph checks round and returns its participants, their
// capacities and the allowed pairs as weighted edges between participant
// indexes.
func (x *Index) immersionGraph(round ImmersionRound, stop *poll) ([]immersionSide, []int, []WeightedEdge, error) {
	ps := round.Participants
	if len(ps) > MaxImmersionParticipants {
		return nil, nil, nil, &reseau.Error{Code: reseau.EINVALID, Field: "participants", Message: fmt.Sprintf("a round has at most %d participants, not %d", MaxImmersionParticipants, len(ps))}
	}
	sides := make([]immersionSide, len(ps))
	seen := map[int32]int{}
	for i, p := range ps {
		field := fmt.Sprintf("participants[%d]", i)
		o, err := x.lookupOrg(field+".organisation", p.Organisation)
		if err != nil {
			return nil, nil, nil, err
		}
		if j, dup := seen[o]; dup {
			return nil, nil, nil, &reseau.Error{Code: reseau.EINVALID, Field: field + ".organisation", Message: fmt.Sprintf("%s takes part twice in the round (participants %d and %d)", p.Organisation, j, i)}
		}
		seen[o] = i
		for name, v := range map[string]int{"host": p.Host, "send": p.Send} {
			if v < 0 || v > MaxImmersionDays {
				return nil, nil, nil, &reseau.Error{Code: reseau.EINVALID, Field: field + "." + name, Message: fmt.Sprintf("%s of %s must be between 0 and %d days, not %d", name, p.Organisation, MaxImmersionDays, v)}
			}
		}
		s := immersionSide{org: o, root: x.tops()[o], capacity: min(p.Host, p.Send)}
		for k, d := range p.DiscoverDomains {
			di, err := x.lookupDomain(fmt.Sprintf("%s.discoverDomains[%d]", field, k), d)
			if err != nil {
				return nil, nil, nil, err
			}
			s.domains = append(s.domains, di)
		}
		for k, sec := range p.DiscoverSectors {
			if !sec.Valid() {
				return nil, nil, nil, &reseau.Error{Code: reseau.EINVALID, Field: fmt.Sprintf("%s.discoverSectors[%d]", field, k), Message: "no sector " + string(sec)}
			}
			s.sectors = append(s.sectors, sec)
		}
		sides[i] = s
	}

	// One vertex per participant, one edge per allowed pair.
	capacity := make([]int, len(sides))
	for i, s := range sides {
		capacity[i] = s.capacity
	}
	var edges []WeightedEdge
	tied := x.graph(TiesAll)
	for i := range sides {
		if err := stop.now(); err != nil {
			return nil, nil, nil, err
		}
		for j := i + 1; j < len(sides); j++ {
			a, b := &sides[i], &sides[j]
			if a.capacity == 0 || b.capacity == 0 || a.root == b.root {
				continue
			}
			w := ImmersionWeightBase
			if _, ok := slices.BinarySearch(tied.row(a.org), b.org); !ok {
				w += ImmersionWeightNewTie
			}
			if sa, sb := x.orgSector[a.org], x.orgSector[b.org]; sa >= 0 && sb >= 0 && sa != sb {
				w += ImmersionWeightCrossSector
			}
			if x.wants(a, b.org) {
				w += ImmersionWeightInterest
			}
			if x.wants(b, a.org) {
				w += ImmersionWeightInterest
			}
			edges = append(edges, WeightedEdge{I: i, J: j, Weight: int64(w)})
		}
	}

	return sides, capacity, edges, nil
}

// wants reports whether s wants to discover a domain other is active in or
// other's sector (what interests lists, without writing the reasons).
func (x *Index) wants(s *immersionSide, other int32) bool {
	active := x.orgDom.row(other)
	for _, d := range s.domains {
		if _, ok := slices.BinarySearch(active, d); ok {
			return true
		}
	}
	return slices.Contains(s.sectors, x.sector(other))
}

// interests lists what s wants to discover that other does: domain keys,
// then sectors.
func (x *Index) interests(s *immersionSide, other int32) []ImmersionReason {
	var out []ImmersionReason
	who, whom := x.orgParam("organisation", s.org), x.orgParam("other", other)
	active := x.orgDom.row(other)
	for _, d := range s.domains {
		if _, ok := slices.BinarySearch(active, d); ok {
			dom := x.ds.Domains[d]
			out = append(out, ImmersionReason{Code: ImmersionInterest, Domain: dom.Key,
				Explanation: i18n.Explanation{Code: i18n.ImmersionInterestDomain, Params: []i18n.Param{who,
					{Name: "domain", Kind: i18n.ParamDomain, Value: dom.Key, FR: dom.LabelFR, NL: dom.LabelNL}, whom}}})
		}
	}
	for _, sec := range s.sectors {
		if x.sector(other) == sec {
			out = append(out, ImmersionReason{Code: ImmersionInterest, Sector: sec,
				Explanation: i18n.Explanation{Code: i18n.ImmersionInterestSector, Params: []i18n.Param{who, sectorParam("sector", sec), whom}}})
		}
	}
	for k := range out {
		out[k].Organisation, out[k].Other = x.orgKey(s.org), x.orgKey(other)
	}
	return out
}

// immersionPair explains the pair a–b of weight w: whether it is a new tie,
// the two sectors, what each wants to discover in the other.
func (x *Index) immersionPair(a, b *immersionSide, w int) ImmersionPair {
	if x.orgKey(a.org) > x.orgKey(b.org) {
		a, b = b, a
	}
	p := ImmersionPair{A: x.orgKey(a.org), B: x.orgKey(b.org), Weight: w}
	pa, pb := x.orgParam("organisation", a.org), x.orgParam("other", b.org)
	reason := func(r ImmersionReason, code i18n.Code, more ...i18n.Param) {
		r.Organisation, r.Other = p.A, p.B
		r.Explanation = i18n.Explanation{Code: code, Params: append([]i18n.Param{pa, pb}, more...)}
		p.Reasons = append(p.Reasons, r)
	}
	if i := x.pairIndex(a.org, b.org); i < 0 {
		reason(ImmersionReason{Code: ImmersionNewTie}, i18n.ImmersionNewTie)
	} else {
		n := x.pairs[i].weight(TiesAll)
		reason(ImmersionReason{Code: ImmersionAlreadyTied, Count: n}, i18n.ImmersionAlreadyTied,
			i18n.Param{Name: "count", Kind: i18n.ParamNumber, Value: strconv.Itoa(n)})
	}
	sa, sb := x.sector(a.org), x.sector(b.org)
	switch {
	case sa != "" && sb != "" && sa != sb:
		reason(ImmersionReason{Code: ImmersionCrossSector, Sector: sa, OtherSector: sb}, i18n.ImmersionCrossSector,
			sectorParam("sector", sa), sectorParam("otherSector", sb))
	case sa != "" && sa == sb:
		reason(ImmersionReason{Code: ImmersionSameSector, Sector: sa, OtherSector: sb}, i18n.ImmersionSameSector,
			sectorParam("sector", sa))
	}
	p.Reasons = append(p.Reasons, x.interests(a, b.org)...)
	p.Reasons = append(p.Reasons, x.interests(b, a.org)...)
	return p
}

func sectorParam(name string, s reseau.Sector) i18n.Param {
	return i18n.Param{Name: name, Kind: i18n.ParamSector, Value: string(s)}
}

// pairIndex returns the index in x.pairs of the tie between a and b, or -1.
func (x *Index) pairIndex(a, b int32) int {
	g := x.graph(TiesAll)
	row := g.row(a)
	k, ok := slices.BinarySearch(row, b)
	if !ok {
		return -1
	}
	return int(g.edges(a)[k])
}
