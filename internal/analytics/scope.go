package analytics

import (
	"cmp"
	"context"
	"slices"

	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Scopes are projections of the index, not copies of the algorithms: the
// index at reseau.ScopeInstitution is an Index like any other, whose
// organisations are the top institutions of the store's (each service
// folded into its institution along PART_OF, reseau.Institution), built
// once per store version from the store's index (foldInstitutions). Every
// analysis runs on it unchanged; the fold keeps what the explanations need
// to name the services behind a tie (grounds).

// fold is how the organisations of a projection stand for those of the
// index it was made from.
type fold struct {
	base *Index
	// proj[o] is the projected organisation base organisation o is folded
	// into; members.row(p) the base organisations folded into p (itself
	// among them), sorted.
	proj    []int32
	members csr
}

// In returns the engine answering at scope s (reseau.ScopeOrganisation,
// the default, or reseau.ScopeInstitution): every analysis of the engine it
// returns runs on the index projected at s. An unknown scope is EINVALID
// (field "scope") when the index is asked.
func (e *Engine) In(s reseau.Scope) *Engine {
	c := *e
	c.scope = s
	return &c
}

// at returns the index projected at scope s.
func (x *Index) at(ctx context.Context, s reseau.Scope) (*Index, error) {
	switch s {
	case "", reseau.ScopeOrganisation:
		return x, nil
	case reseau.ScopeInstitution:
		if x.fold != nil {
			return x, nil // already folded: each organisation is its own institution
		}
		y, err := x.inst.Get(ctx, x.foldInstitutions)
		if err != nil && ctx.Err() != nil {
			return nil, stopped(ctx)
		}
		return y, err
	}
	return nil, reseau.FieldErrorf("scope", "unknown scope %q (ORGANISATION, INSTITUTION)", s)
}

// tops returns, for each organisation, the one at the top of its PART_OF
// chain (reseau.Institution; itself without parent), computed once.
func (x *Index) tops() []int32 {
	x.topOnce.Do(func() {
		parent := func(k string) string {
			p := x.org(x.orgIdx[k]).ParentKey
			if _, ok := x.orgIdx[p]; !ok {
				return ""
			}
			return p
		}
		x.top = make([]int32, len(x.orgSector))
		for o := range x.top {
			x.top[o] = x.orgIdx[reseau.Institution(x.orgKey(int32(o)), parent)]
		}
	})
	return x.top
}

// foldInstitutions makes the projection of x at reseau.ScopeInstitution:
// organisations are x's top institutions (in x's order), each relation of
// a service is its institution's (a collaboration two services took part
// in is taken part in once), an institution is active in its services'
// domains, and the ties are derived again from the folded relations by the
// same code as x's (buildTies), so that a tie inside one institution
// vanishes and weights count distinct collaborations and partnerships.
// Collaborations, partnerships, domains and people are x's, shared.
func (x *Index) foldInstitutions(ctx context.Context) (*Index, error) {
	stop := &poll{ctx: ctx}
	top := x.tops()
	nO := len(top)
	proj := make([]int32, nO)
	var roots []int32
	for o := range nO {
		if top[o] == int32(o) {
			proj[o] = int32(len(roots))
			roots = append(roots, int32(o))
		}
	}
	all := make([]int32, nO)
	for o := range nO {
		proj[o] = proj[top[o]]
		all[o] = int32(o)
	}
	nR := len(roots)
	y := &Index{counts: x.counts, listing: x.listing,
		fold:   &fold{base: x, proj: proj, members: buildCSR(nR, proj, all)},
		domIdx: x.domIdx, colIdx: x.colIdx, colSpan: x.colSpan, colTies: x.colTies, colDom: x.colDom,
		parIdx: x.parIdx, parSpan: x.parSpan, parBody: x.parBody,
		perIdx: x.perIdx, perNet: x.perNet, knows: x.knows, colPer: x.colPer, perCol: x.perCol}

	y.orgIdx = make(map[string]int32, len(x.orgIdx))
	for k, o := range x.orgIdx {
		y.orgIdx[k] = proj[o] // a service's key names its institution
	}
	y.orgSector = make([]int8, nR)
	for r, o := range roots {
		y.orgSector[r] = x.orgSector[o]
	}
	// remap re-keys a relation whose dst (or src) are organisations.
	remap := func(c csr, n int, orgIsSrc bool) (csr, csr) {
		var src, dst []int32
		for i := int32(0); i+1 < int32(len(c.off)); i++ {
			for _, j := range c.row(i) {
				if orgIsSrc {
					src, dst = append(src, proj[i]), append(dst, j)
				} else {
					src, dst = append(src, i), append(dst, proj[j])
				}
			}
		}
		if orgIsSrc {
			return buildCSR(nR, src, dst), buildCSR(n, dst, src)
		}
		return buildCSR(n, src, dst), buildCSR(nR, dst, src)
	}
	if err := stop.now(); err != nil {
		return nil, err
	}
	y.orgDom, y.domOrg = remap(x.orgDom, len(x.ds.Domains), true)
	y.colOrg, y.orgCol = remap(x.colOrg, len(x.colSpan), false)
	y.parOrg, _ = remap(x.parOrg, len(x.parSpan), false)
	y.parNet, _ = remap(x.parNet, len(x.parSpan), false)
	y.perOrg, y.orgPer = remap(x.perOrg, len(x.perNet), false)
	if err := stop.now(); err != nil {
		return nil, err
	}

	ds := *x.ds
	ds.Organisations = make([]reseau.Organisation, nR)
	for r, o := range roots {
		org := *x.org(o)
		if len(y.fold.members.row(int32(r))) > 1 {
			org.Domains = make([]string, 0, len(y.orgDom.row(int32(r))))
			for _, d := range y.orgDom.row(int32(r)) {
				org.Domains = append(org.Domains, x.domKey(d))
			}
		}
		ds.Organisations[r] = org
	}
	// A person working at two services of one institution works there once.
	y.members = make([]membership, 0, len(x.members))
	seen := map[[2]int32]bool{}
	for _, m := range x.members {
		m.org = proj[m.org]
		if k := [2]int32{m.person, m.org}; !seen[k] {
			seen[k] = true
			y.members = append(y.members, m)
		}
	}
	y.ds = &ds
	if err := y.buildTies(stop); err != nil {
		return nil, err
	}
	return y, nil
}

// Ground is who took part on each side of an organisation tie: at
// reseau.ScopeOrganisation the two organisations themselves; at
// reseau.ScopeInstitution each institution or one of its services (as
// reseau.TieGround), with what those two shared.
type Ground struct {
	From, To       string
	Collaborations []string // shared, sorted by key
	Partnerships   []string
	// Collaboration and Partnership are the most recent ("" if none).
	Collaboration, Partnership string
}

// grounds lists who took part on each side of tie p between from and to,
// through the selected ties: the organisations themselves first, then the
// heaviest, then by keys.
func (x *Index) grounds(p *pair, from, to int32, t Ties) []Ground {
	b, side := x, func(o int32) int32 { return o }
	if x.fold != nil {
		b, side = x.fold.base, func(o int32) int32 { return x.fold.proj[o] }
	}
	type ends struct{ a, b int32 }
	cols, pars := map[ends][]int32{}, map[ends][]int32{}
	var order []ends
	add := func(m map[ends][]int32, row []int32, item int32, nets []int32) {
		var as, bs []int32
		for _, o := range row {
			switch side(o) {
			case from:
				as = append(as, o)
			case to:
				bs = append(bs, o)
			}
		}
		for _, a := range as {
			for _, o := range bs {
				// A membership ties a member to the network only.
				if len(nets) > 0 && !slices.Contains(nets, a) && !slices.Contains(nets, o) {
					continue
				}
				e := ends{a, o}
				if _, ok := cols[e]; !ok {
					if _, ok := pars[e]; !ok {
						order = append(order, e)
					}
				}
				m[e] = append(m[e], item)
			}
		}
	}
	if t&TiesCollaboration != 0 {
		for _, c := range x.pairCols[p.col : p.col+p.ncol] {
			add(cols, b.colOrg.row(c), c, nil)
		}
	}
	if t&TiesPartnership != 0 {
		for _, pa := range x.pairPars[p.par : p.par+p.npar] {
			add(pars, b.parOrg.row(pa), pa, b.parNet.row(pa))
		}
	}
	out := make([]Ground, 0, len(order))
	for _, e := range order {
		g := Ground{From: b.orgKey(e.a), To: b.orgKey(e.b)}
		if ids := cols[e]; len(ids) > 0 {
			g.Collaboration, g.Collaborations = b.colKey(latest(ids, b.colSpan)), sortedKeys(ids, b.colKey)
		}
		if ids := pars[e]; len(ids) > 0 {
			g.Partnership, g.Partnerships = b.parKey(latest(ids, b.parSpan)), sortedKeys(ids, b.parKey)
		}
		out = append(out, g)
	}
	fk, tk := x.orgKey(from), x.orgKey(to)
	direct := func(g Ground) int {
		if g.From == fk && g.To == tk {
			return 0
		}
		return 1
	}
	slices.SortFunc(out, func(g, h Ground) int {
		return cmp.Or(cmp.Compare(direct(g), direct(h)),
			cmp.Compare(len(h.Collaborations)+len(h.Partnerships), len(g.Collaborations)+len(g.Partnerships)),
			cmp.Compare(g.From, h.From), cmp.Compare(g.To, h.To))
	})
	return out
}

// mayMeet reports whether a meeting may be suggested between a and b: not
// two organisations of one institution (a service and its institution, two
// services of one), and not two whose institutions sit together on a body
// already (bodies), at either scope.
func (x *Index) mayMeet(a, b int32) bool {
	top := x.tops()
	if top[a] == top[b] {
		return false
	}
	_, sit := slices.BinarySearch(x.bodies(), pairKey(top[a], top[b]))
	return !sit
}

// bodies returns the pairs of institutions (pairKey of their tops, sorted)
// that sit together on a body, as reseau.GoverningBody defines it: the
// parties of a partnership with a reseau.RoleJointStructure party (the
// CPAS and the CSS, which founded the CASS, and the CASS itself), and the
// participants of a steering committee or general assembly that took
// place. An institution sits where any of its services does: the CPAS's
// seat on the CASS's steering committee is held by its Conseil de
// l'Action Sociale. Made once.
func (x *Index) bodies() []uint64 {
	x.sittingOnce.Do(func() {
		top := x.tops()
		var ks []uint64
		pairs := func(orgs []int32) {
			for i, a := range orgs {
				for _, b := range orgs[i+1:] {
					if top[a] != top[b] {
						ks = append(ks, pairKey(top[a], top[b]))
					}
				}
			}
		}
		for pa, body := range x.parBody {
			if body {
				pairs(x.parOrg.row(int32(pa)))
			}
		}
		for c := range x.colSpan {
			if reseau.GoverningBody(x.ds.Collaborations[c].Kind) {
				pairs(x.colOrg.row(int32(c))) // colOrg keeps only collaborations that make ties
			}
		}
		slices.Sort(ks)
		x.sitting = slices.Compact(ks)
	})
	return x.sitting
}

// services returns the services (base organisations other than the
// institution itself) folded into projected organisation o that are active
// in domain d while o's own record is not: whom a reason names when an
// institution is active in a domain through them. Nil at
// reseau.ScopeOrganisation.
func (x *Index) services(o, d int32) []*reseau.Organisation {
	if x.fold == nil {
		return nil
	}
	b := x.fold.base
	var out []*reseau.Organisation
	for _, m := range x.fold.members.row(o) {
		_, active := slices.BinarySearch(b.orgDom.row(m), d)
		if active && b.orgKey(m) == x.orgKey(o) {
			return nil
		}
		if active {
			out = append(out, b.org(m))
		}
	}
	return out
}

// domainViaServices explains, at reseau.ScopeInstitution, that institution
// o is active in domain d through its services (none when o's own record
// is active in it, and at reseau.ScopeOrganisation).
func (x *Index) domainViaServices(o, d int32) []i18n.Explanation {
	var out []i18n.Explanation
	dom := x.ds.Domains[d]
	for _, s := range x.services(o, d) {
		out = append(out, i18n.Explanation{Code: i18n.MeetingDomainViaService, Params: []i18n.Param{
			{Name: "organisation", Kind: i18n.ParamOrganisation, Value: x.orgKey(o), FR: x.org(o).Name},
			{Name: "domain", Kind: i18n.ParamDomain, Value: dom.Key, FR: dom.LabelFR, NL: dom.LabelNL, EN: dom.LabelEN},
			{Name: "service", Kind: i18n.ParamOrganisation, Value: s.Key, FR: s.Name}}})
	}
	return out
}
