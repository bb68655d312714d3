package analytics

import (
	"context"
	"errors"
	"slices"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// tieReader is what the engine reads of a store to answer an organisation
// path while its index is being built: the store's own reads of ties, which
// a store answers from indexes of its own (the SQLite store builds them
// before the server listens, in about two seconds at scale L, where this
// index takes six more). A reseau.Reader is one.
type tieReader interface {
	OrganisationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Organisation, error)
	CollaborationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Collaboration, error)
	PartnershipsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Partnership, error)
	Collaborators(ctx context.Context, orgKeys []string, f reseau.TieFilter) (map[string][]reseau.CollaborationTie, error)
	Partners(ctx context.Context, orgKeys []string) (map[string][]string, error)
	TiedOrganisations(ctx context.Context, orgKeys []string, collaborations, partnerships bool) (map[string][]string, error)
	Parties(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Party, error)
}

// DefaultReadBudget is how many ties a path read from the store may visit
// before it gives up and waits for the index. At scale L, 64 random pairs
// read 13,700 ties on average, 34,400 at most, in 20 ms at most (SQLite,
// its read indexes built); a search that finds no path within many links
// reads most of the graph's millions, which the index walks in
// milliseconds and the store's reads in seconds.
const DefaultReadBudget = 250_000

// readChunk is how many organisations' ties a path read asks for at once.
const readChunk = 256

// errOverBudget stops a path read that would visit more ties than its
// budget.
var errOverBudget = errors.New("the path reads more ties than its budget")

// pathFromReads answers OrganisationPath at the organisation scope from the
// store's reads of ties, when the index of the store's current version is
// not built (at start, and after a write while it is rebuilt), so that a
// path does not wait seconds for an index it needs a few hundred ties of.
// ok is false when it does not answer, and the index must: at another
// scope, over a store without tie reads, with the index built, when the
// search would visit more than the engine's read budget, or when a read
// fails (the index gives the same answer, or reports the error).
func (e *Engine) pathFromReads(ctx context.Context, from, to string, maxHops int, t Ties) (p *OrganisationPath, ok bool, err error) {
	r, reads := e.store.(tieReader)
	if !reads || e.readBudget <= 0 || (e.scope != "" && e.scope != reseau.ScopeOrganisation) {
		return nil, false, nil
	}
	if _, err := checkHops(maxHops); err != nil {
		return nil, true, err // before a build is started for nothing
	}
	v, err := e.store.Version(ctx)
	if err != nil {
		return nil, false, nil // the index reports it
	}
	if _, built := e.idx.Ready(ctx, v); built {
		return nil, false, nil
	}
	p, err = readPath(reseau.WithCaller(ctx, reseau.System), r, from, to, maxHops, t, e.readBudget)
	switch {
	case err == nil:
		return p, true, nil
	case ctx.Err() != nil:
		return nil, true, stopped(ctx)
	case reseau.ErrorCode(err) == reseau.ENOTFOUND, reseau.ErrorCode(err) == reseau.EINVALID:
		return nil, true, err // the index's answer too
	}
	return nil, false, nil // over budget, or a read failed: the index answers
}

// readPath is Index.OrganisationPath over r: the same bidirectional search,
// which expands the same frontiers in the same order (neighbours by key, as
// the index numbers organisations in key order), so it finds the same
// path, and the same links. It reads the ties of each frontier in one call
// (TiedOrganisations: the keys, not the ties' weights and dates);
// errOverBudget once they exceed budget.
func readPath(ctx context.Context, r tieReader, from, to string, maxHops int, t Ties, budget int) (*OrganisationPath, error) {
	hops, err := checkHops(maxHops)
	if err != nil {
		return nil, err
	}
	t = t.norm()
	found, err := r.OrganisationsByKeys(ctx, []string{from, to})
	if err != nil {
		return nil, err
	}
	for _, end := range [][2]string{{"from", from}, {"to", to}} {
		// A merged key is unknown to the index, which holds keys only.
		if o := found[end[1]]; o == nil || o.Key != end[1] {
			return nil, &reseau.Error{Code: reseau.ENOTFOUND, Field: end[0], Message: "no organisation " + end[1]}
		}
	}
	g := readGraph{r: r, t: t, budget: budget, id: map[string]int32{}}
	a, b := g.node(from), g.node(to)
	sd := [2]*side{newSide(len(g.keys), 0), newSide(len(g.keys), 0)}
	meet, err := bidirectional(ctx, sd, []int32{a}, []int32{b}, hops, func(_ *side, v int32, visit func(w, via int32)) {
		for _, w := range g.adj[v] {
			visit(w, -1)
		}
	}, func(front []int32) error {
		if err := g.read(ctx, front); err != nil {
			return err
		}
		sd[0].grow(len(g.keys))
		sd[1].grow(len(g.keys))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if meet < 0 {
		return &OrganisationPath{}, nil
	}
	nodes, _ := chain(sd, meet)
	p := &OrganisationPath{Length: len(nodes) - 1}
	for _, v := range nodes {
		p.Organisations = append(p.Organisations, g.keys[v])
	}
	if p.Links, err = readLinks(ctx, r, p.Organisations, t); err != nil {
		return nil, err
	}
	return p, nil
}

// readGraph is the part of the organisation graph that a path read has
// read: organisations numbered as they are found, and the neighbours of
// those expanded, sorted by key.
type readGraph struct {
	r      tieReader
	t      Ties
	budget int // ties left to read
	keys   []string
	id     map[string]int32
	adj    map[int32][]int32
}

func (g *readGraph) node(key string) int32 {
	if v, ok := g.id[key]; ok {
		return v
	}
	v := int32(len(g.keys))
	g.id[key] = v
	g.keys = append(g.keys, key)
	return v
}

// read reads the neighbours of the organisations of front not read yet.
func (g *readGraph) read(ctx context.Context, front []int32) error {
	if g.adj == nil {
		g.adj = map[int32][]int32{}
	}
	var keys []string
	for _, v := range front {
		if _, done := g.adj[v]; !done {
			keys = append(keys, g.keys[v])
		}
	}
	if len(keys) == 0 {
		return nil
	}
	// In parts: the budget and the request's end are looked at between two
	// reads, not after a frontier of thousands of hubs is read whole.
	next := make(map[string][]string, len(keys))
	for part := range slices.Chunk(keys, readChunk) {
		if err := ctx.Err(); err != nil {
			return err
		}
		tied, err := g.r.TiedOrganisations(ctx, part, g.t&TiesCollaboration != 0, g.t&TiesPartnership != 0)
		if err != nil {
			return err
		}
		for org, ns := range tied {
			g.budget -= len(ns)
			next[org] = ns
		}
		if g.budget < 0 {
			return errOverBudget
		}
	}
	for _, org := range keys {
		ns := next[org] // sorted, without repeats
		row := make([]int32, 0, len(ns))
		for _, n := range ns {
			if n != org {
				row = append(row, g.node(n))
			}
		}
		g.adj[g.id[org]] = row
	}
	return nil
}

// readLinks says why each two consecutive organisations of path are tied,
// as Index.orgLink says it at the organisation scope.
func readLinks(ctx context.Context, r tieReader, path []string, t Ties) ([]OrganisationLink, error) {
	if len(path) < 2 {
		return nil, nil
	}
	cols := make([][]string, len(path)-1) // shared collaborations of each link, sorted
	pars := make([][]string, len(path)-1)
	if t&TiesCollaboration != 0 {
		ties, err := r.Collaborators(ctx, path[:len(path)-1], reseau.TieFilter{})
		if err != nil {
			return nil, err
		}
		for i := range cols {
			for _, tie := range ties[path[i]] {
				if tie.OrganisationKey == path[i+1] {
					cols[i] = slices.Sorted(slices.Values(tie.CollaborationKeys))
				}
			}
		}
	}
	if t&TiesPartnership != 0 {
		var err error
		if pars, err = sharedPartnerships(ctx, r, path); err != nil {
			return nil, err
		}
	}
	var colKeys, parKeys []string
	for i := range cols {
		colKeys, parKeys = append(colKeys, cols[i]...), append(parKeys, pars[i]...)
	}
	colSpans, err := readSpans(ctx, r.CollaborationsByKeys, colKeys, func(c *reseau.Collaboration) span { return spanOf(c.StartDate, c.EndDate) })
	if err != nil {
		return nil, err
	}
	parSpans, err := readSpans(ctx, r.PartnershipsByKeys, parKeys, func(p *reseau.Partnership) span { return spanOf(p.StartDate, p.EndDate) })
	if err != nil {
		return nil, err
	}
	links := make([]OrganisationLink, len(cols))
	for i := range links {
		l := OrganisationLink{From: path[i], To: path[i+1], Weight: len(cols[i]) + len(pars[i])}
		g := Ground{From: l.From, To: l.To}
		if len(cols[i]) > 0 {
			l.Kind = KindCollaboration
			l.Collaboration, l.Collaborations = latestKey(cols[i], colSpans), cols[i]
			g.Collaboration, g.Collaborations = l.Collaboration, l.Collaborations
		}
		if len(pars[i]) > 0 {
			if l.Kind == "" {
				l.Kind = KindPartnership
			}
			l.Partnership, l.Partnerships = latestKey(pars[i], parSpans), pars[i]
			g.Partnership, g.Partnerships = l.Partnership, l.Partnerships
		}
		l.Grounds = []Ground{g}
		links[i] = l
	}
	return links, nil
}

// sharedPartnerships returns, for each two consecutive organisations of
// path, the partnerships that tie them, sorted by key. It reads the parties
// of the path's organisations, not every party of their partnerships: a
// network's membership has thousands of members at scale L. Only a
// membership kind of partnership of which neither is the network, between
// two organisations the store says are partners, needs its other parties
// (does it have a network party at all?).
func sharedPartnerships(ctx context.Context, r tieReader, path []string) ([][]string, error) {
	out := make([][]string, len(path)-1)
	mine, err := r.Parties(ctx, reseau.EdgeFilter{From: path})
	if err != nil {
		return nil, err
	}
	roles := map[[2]string][]string{} // (partnership, organisation) → roles
	for _, p := range mine {
		k := [2]string{p.PartnershipKey, p.OrganisationKey}
		roles[k] = append(roles[k], p.Role)
	}
	// The partnerships of two consecutive organisations: a network on the
	// path is party to thousands, of which a few are shared.
	var keys []string
	for k := range roles {
		for i, org := range path {
			if org == k[1] && i+1 < len(path) && roles[[2]string{k[0], path[i+1]}] != nil {
				keys = append(keys, k[0])
			}
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if len(keys) == 0 {
		return out, nil
	}
	ships, err := r.PartnershipsByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	partners, err := r.Partners(ctx, path)
	if err != nil {
		return nil, err
	}
	type candidate struct {
		link int
		key  string
	}
	var unsure []candidate
	for i := range out {
		a, b := path[i], path[i+1]
		_, partnered := slices.BinarySearch(partners[a], b)
		for _, k := range keys {
			ra, rb := roles[[2]string{k, a}], roles[[2]string{k, b}]
			s := ships[k]
			if ra == nil || rb == nil || s == nil {
				continue
			}
			network := func(rs []string) bool {
				return slices.ContainsFunc(rs, func(r string) bool { return reseau.NetworkParty(s.Kind, r) })
			}
			switch {
			case s.Kind != reseau.KindMembership, network(ra), network(rb):
				// Not a membership, or one of them is its network: tied
				// (reseau.PartiesTied).
				out[i] = append(out[i], k)
			case partnered:
				unsure = append(unsure, candidate{i, k})
			}
			// Otherwise neither is the network of a membership kind of
			// partnership, and the store says they are not partners: if
			// it had no network party it would tie them.
		}
	}
	if len(unsure) > 0 {
		var ks []string
		for _, c := range unsure {
			ks = append(ks, c.key)
		}
		all, err := r.Parties(ctx, reseau.EdgeFilter{To: ks})
		if err != nil {
			return nil, err
		}
		parties := map[string][]reseau.Party{}
		for _, p := range all {
			parties[p.PartnershipKey] = append(parties[p.PartnershipKey], p)
		}
		for _, c := range unsure {
			if partnershipTies(ships[c.key].Kind, parties[c.key], path[c.link], path[c.link+1]) {
				out[c.link] = append(out[c.link], c.key)
			}
		}
		for i := range out {
			slices.Sort(out[i])
		}
	}
	return out, nil
}

// partnershipTies reports whether a partnership of kind with parties ties
// organisations a and b (reseau.PartiesTied; an organisation is party once).
func partnershipTies(kind string, parties []reseau.Party, a, b string) bool {
	var membership, inA, inB bool
	var roleA, roleB string
	for _, p := range parties {
		membership = membership || reseau.NetworkParty(kind, p.Role)
		switch p.OrganisationKey {
		case a:
			inA, roleA = true, p.Role
		case b:
			inB, roleB = true, p.Role
		}
	}
	return inA && inB && reseau.PartiesTied(membership, roleA, roleB)
}

// readSpans reads the spans of keys' nodes, by key.
func readSpans[N any](ctx context.Context, read func(context.Context, []string) (map[string]N, error), keys []string, spanOf func(N) span) (map[string]span, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	nodes, err := read(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]span, len(nodes))
	for k, n := range nodes {
		out[k] = spanOf(n)
	}
	return out, nil
}

// latestKey is latest over keys sorted by key (as the index numbers them).
func latestKey(keys []string, spans map[string]span) string {
	s := make([]span, len(keys))
	ids := make([]int32, len(keys))
	for i, k := range keys {
		s[i], ids[i] = spans[k], int32(i)
	}
	return keys[latest(ids, s)]
}
