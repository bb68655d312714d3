package reseau

import (
	"cmp"
	"context"
	"slices"
)

// Scope says what an organisation stands for in an answer about ties:
// itself (ScopeOrganisation, the default), or its top institution, every
// service folded into it (ScopeInstitution). "Has the CPAS worked with Le
// Méridien?" is asked at the institution scope: the CPAS's Pôle Jeunes did
// the immersion, and at that scope the CPAS did.
//
// The folding rule, in one place for the stores' ties (FoldTies) and the
// analytics (internal/analytics, a projection of its index):
//   - each organisation stands for its top institution along PART_OF
//     (Institution), transitively; an organisation without parent is its own;
//   - a tie between two services of one institution, or between a service
//     and its institution, vanishes (no self ties);
//   - weights add over distinct collaborations (and partnerships): one
//     collaboration two services of the CPAS took part in counts once.
type Scope string

// Scopes.
const (
	ScopeOrganisation Scope = "ORGANISATION"
	ScopeInstitution  Scope = "INSTITUTION"
)

// Valid reports whether s is a known scope; the empty scope is
// ScopeOrganisation.
func (s Scope) Valid() bool { return s == "" || s == ScopeOrganisation || s == ScopeInstitution }

// maxPartOfDepth bounds a walk up or down PART_OF, so that data with a
// cycle (the stores refuse one, an imported file might not) cannot loop.
const maxPartOfDepth = 32

// Institution returns the top of key's PART_OF chain: the last organisation
// reached by following parents, key itself when it has none. parent
// returns an organisation's ParentKey, or "" when it has none or when that
// parent is not an organisation it knows (an unknown parent is no parent).
// A cycle stops the walk where it would repeat.
func Institution(key string, parent func(string) string) string {
	seen := []string{key}
	for range maxPartOfDepth {
		p := parent(key)
		if p == "" || slices.Contains(seen, p) {
			return key
		}
		seen = append(seen, p)
		key = p
	}
	return key
}

// TieGround is who took part on each side of a tie at the institution
// scope: the organisations themselves or their services.
type TieGround struct {
	// From is the asked organisation or one of its services, To the other
	// organisation or one of its services.
	From, To string
	// CollaborationKeys are the collaborations From and To share, sorted.
	CollaborationKeys []string
}

// FoldTies folds the ties of an institution's members (the institution and
// its services, each with the ties a store answered for it) into the
// institution's ties at ScopeInstitution: the other end of each tie becomes
// its top institution (top), a tie to self vanishes, collaboration keys are
// merged (the weight counts each collaboration once), the first date is the
// earliest, the last date the latest, and Grounds says which member shared
// which collaborations with which organisation. Sorted as SortTies.
func FoldTies(self string, members []string, ties map[string][]CollaborationTie, top func(string) string) []CollaborationTie {
	type acc struct {
		tie                CollaborationTie
		firstLow, lastHigh string
		keys               map[string]bool
	}
	byTop := map[string]*acc{}
	for _, m := range members {
		for _, t := range ties[m] {
			other := top(t.OrganisationKey)
			if other == self {
				continue
			}
			a := byTop[other]
			if a == nil {
				a = &acc{tie: CollaborationTie{OrganisationKey: other}, keys: map[string]bool{}}
				byTop[other] = a
			}
			for _, k := range t.CollaborationKeys {
				if !a.keys[k] {
					a.keys[k] = true
					a.tie.CollaborationKeys = append(a.tie.CollaborationKeys, k)
				}
			}
			if low := DateLow(t.FirstDate); low != "" && (a.firstLow == "" || low < a.firstLow) {
				a.firstLow, a.tie.FirstDate = low, t.FirstDate
			}
			if high := DateHigh(t.LastDate); high != "" && high > a.lastHigh {
				a.lastHigh, a.tie.LastDate = high, t.LastDate
			}
			a.tie.Grounds = append(a.tie.Grounds, TieGround{From: m, To: t.OrganisationKey, CollaborationKeys: slices.Clone(t.CollaborationKeys)})
		}
	}
	out := make([]CollaborationTie, 0, len(byTop))
	for _, a := range byTop {
		slices.Sort(a.tie.CollaborationKeys)
		a.tie.Weight = len(a.tie.CollaborationKeys)
		SortGrounds(a.tie.Grounds, self, a.tie.OrganisationKey)
		out = append(out, a.tie)
	}
	SortTies(out)
	return out
}

// SortGrounds orders the grounds of a tie between from and to: the
// organisations themselves first, then the heaviest, then by keys.
func SortGrounds(gs []TieGround, from, to string) {
	direct := func(g TieGround) int {
		if g.From == from && g.To == to {
			return 0
		}
		return 1
	}
	slices.SortFunc(gs, func(a, b TieGround) int {
		return cmp.Or(cmp.Compare(direct(a), direct(b)), cmp.Compare(len(b.CollaborationKeys), len(a.CollaborationKeys)),
			cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
}

// OrganisationTree is what folding reads of a store: organisations by key
// (their parents) and the services of organisations (FindOrganisations
// with OrganisationFilter.Parents). A Reader is one.
type OrganisationTree interface {
	OrganisationsByKeys(ctx context.Context, keys []string) (map[string]*Organisation, error)
	FindOrganisations(ctx context.Context, f OrganisationFilter, o ListOptions) (*Page[*Organisation], error)
}

// family is the part of the PART_OF forest that folding has read: parents
// by key, and the members of the institutions asked.
type family struct {
	tree    OrganisationTree
	parent  map[string]string // "" for a top; absent: not read yet
	missing map[string]bool   // keys the store does not know
	members map[string][]string
}

func newFamily(tree OrganisationTree) *family {
	return &family{tree: tree, parent: map[string]string{}, missing: map[string]bool{}, members: map[string][]string{}}
}

// climb reads the parents of keys and of their ancestors, one store call
// per level. Unknown keys are their own tops.
func (f *family) climb(ctx context.Context, keys []string) error {
	todo := keys
	for depth := 0; len(todo) > 0 && depth < maxPartOfDepth; depth++ {
		var ask []string
		for _, k := range todo {
			if _, ok := f.parent[k]; !ok && !slices.Contains(ask, k) {
				ask = append(ask, k)
			}
		}
		if len(ask) == 0 {
			return nil
		}
		got, err := f.tree.OrganisationsByKeys(ctx, ask)
		if err != nil {
			return err
		}
		todo = todo[:0:0]
		for _, k := range ask {
			p := ""
			if o := got[k]; o != nil {
				p = o.ParentKey
			} else {
				f.missing[k] = true
			}
			f.parent[k] = p
			if p != "" {
				todo = append(todo, p)
			}
		}
	}
	return nil
}

// top is Institution over the parents climb read.
func (f *family) top(key string) string {
	return Institution(key, func(k string) string {
		if p := f.parent[k]; !f.missing[p] {
			return p
		}
		return ""
	})
}

// descend reads the members of each of tops (itself and its services,
// transitively), one store call per level.
func (f *family) descend(ctx context.Context, tops []string) error {
	owner := map[string]string{} // member → its top
	var level []string
	for _, t := range tops {
		if _, ok := f.members[t]; ok {
			continue
		}
		f.members[t] = []string{t}
		owner[t] = t
		level = append(level, t)
	}
	for depth := 0; len(level) > 0 && depth < maxPartOfDepth; depth++ {
		page, err := f.tree.FindOrganisations(ctx, OrganisationFilter{Parents: level}, ListOptions{OrderBy: OrderKey, SkipCount: true})
		if err != nil {
			return err
		}
		level = level[:0:0]
		for _, o := range page.Items {
			t, ok := owner[o.ParentKey]
			if _, seen := owner[o.Key]; !ok || seen {
				continue
			}
			owner[o.Key] = t
			f.parent[o.Key] = o.ParentKey
			f.members[t] = append(f.members[t], o.Key)
			level = append(level, o.Key)
		}
	}
	return nil
}

// institutions reads the tops of keys and their members.
func (f *family) institutions(ctx context.Context, keys []string) (map[string]string, error) {
	if err := f.climb(ctx, keys); err != nil {
		return nil, err
	}
	topOf := make(map[string]string, len(keys))
	var tops []string
	for _, k := range keys {
		if f.missing[k] {
			continue
		}
		t := f.top(k)
		topOf[k] = t
		if !slices.Contains(tops, t) {
			tops = append(tops, t)
		}
	}
	return topOf, f.descend(ctx, tops)
}

func (f *family) allMembers(tops map[string]string) []string {
	var all []string
	seen := map[string]bool{}
	for _, t := range tops {
		if !seen[t] {
			seen[t] = true
			all = append(all, f.members[t]...)
		}
	}
	return all
}

// TieReader is what InstitutionCollaborators reads of a store.
type TieReader interface {
	OrganisationTree
	Collaborators(ctx context.Context, orgKeys []string, f TieFilter) (map[string][]CollaborationTie, error)
}

// InstitutionCollaborators answers Reader.Collaborators at ScopeInstitution
// over any store: for each key, the ties of its top institution and of
// every service of it, folded by FoldTies. A service asked stands for its
// institution (it is folded into it). Missing keys are absent from the map.
// Errors are the store's.
func InstitutionCollaborators(ctx context.Context, r TieReader, keys []string, f TieFilter) (map[string][]CollaborationTie, error) {
	fam := newFamily(r)
	topOf, err := fam.institutions(ctx, keys)
	if err != nil {
		return nil, err
	}
	members := fam.allMembers(topOf)
	ties, err := r.Collaborators(ctx, members, f)
	if err != nil {
		return nil, err
	}
	var others []string
	for _, ts := range ties {
		for _, t := range ts {
			others = append(others, t.OrganisationKey)
		}
	}
	if err := fam.climb(ctx, others); err != nil {
		return nil, err
	}
	folded := map[string][]CollaborationTie{}
	out := make(map[string][]CollaborationTie, len(keys))
	for _, k := range keys {
		t, ok := topOf[k]
		if !ok {
			continue
		}
		if _, done := folded[t]; !done {
			folded[t] = FoldTies(t, fam.members[t], ties, fam.top)
		}
		out[k] = folded[t]
	}
	return out, nil
}

// PartnerReader is what InstitutionPartners reads of a store.
type PartnerReader interface {
	OrganisationTree
	Partners(ctx context.Context, orgKeys []string) (map[string][]string, error)
}

// InstitutionPartners answers Reader.Partners at ScopeInstitution: for each
// key, the top institutions of the partners of its top institution and of
// its services, without itself, sorted by key. Errors are the store's.
func InstitutionPartners(ctx context.Context, r PartnerReader, keys []string) (map[string][]string, error) {
	fam := newFamily(r)
	topOf, err := fam.institutions(ctx, keys)
	if err != nil {
		return nil, err
	}
	partners, err := r.Partners(ctx, fam.allMembers(topOf))
	if err != nil {
		return nil, err
	}
	var others []string
	for _, ps := range partners {
		others = append(others, ps...)
	}
	if err := fam.climb(ctx, others); err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(keys))
	for _, k := range keys {
		t, ok := topOf[k]
		if !ok {
			continue
		}
		var tops []string
		for _, m := range fam.members[t] {
			for _, p := range partners[m] {
				if pt := fam.top(p); pt != t {
					tops = append(tops, pt)
				}
			}
		}
		slices.Sort(tops)
		out[k] = slices.Compact(tops)
	}
	return out, nil
}
