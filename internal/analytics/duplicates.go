package analytics

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Duplicate is a pair of nodes of one type (two organisations, or two
// people) that are probably the same, with how sure the guess is and why.
type Duplicate struct {
	Type string // reseau.TypeOrganisation or reseau.TypePerson
	// A and B are the keys: A < B, except in DuplicatesOf, where A is the
	// organisation written.
	A, B  string
	Score float64 // from MinDuplicateScore to 1
	// Explanations say why, the A parameters of A's side: the names that
	// match (DuplicateSameName, DuplicateCloseNames), then what both hold
	// (enterprise number, other identifier, e-mail, website, phone,
	// address), in that order.
	Explanations []i18n.Explanation
}

// Reasons returns the texts of d's explanations in l.
func (d Duplicate) Reasons(l i18n.Lang) []string {
	out := make([]string, len(d.Explanations))
	for i, e := range d.Explanations {
		out[i] = e.Text(l)
	}
	return out
}

// Duplicate scoring. A pair is kept when its score reaches
// MinDuplicateScore: names at least CloseNames alike, or what both hold
// (contactWeight) with names somewhat alike, or an identifier alone.
const (
	MinDuplicateScore = 0.6
	CloseNames        = 0.6
	// Blocks: only records that share a block are compared. A word shared
	// by more than maxWordBlock records ("maison", "cpas", a common first
	// name) says too little to compare them all on its account; the whole
	// name and the contacts still block them. A whole name held by more
	// than maxNameBlock records (namesakes of a common name) pairs them
	// only through a shared contact: at scale M (50k people) comparing every
	// namesake took 4 s for 290k pairs nobody would review. A contact held
	// by more than maxContactBlock institutions (a platform's website, a
	// federation's address) weighs next to nothing (weightOf) and pairs
	// nobody; nor does one held by more than maxContactRecords records.
	maxWordBlock      = 20
	maxNameBlock      = 8
	maxContactBlock   = 50
	maxContactRecords = 500
	// Lower scores for names alike but other facts apart, the lowest of
	// those that apply: two short names ("CASS" and "CSS": two acronyms,
	// two bodies), two people's e-mails (namesakes), two enterprise numbers
	// (two legal entities), two websites. Same names with all of them
	// apart still show, last.
	otherShortName = 0.8
	otherEmail     = 0.8
	otherBCE       = 0.7
	otherWebsite   = 0.8
)

// dupMatcher finds probable duplicates among records of one type, comparing
// only the pairs that share a block (a distinctive word, the whole name, an
// identifier or contact) instead of every pair.
type dupMatcher struct {
	typ  string
	recs []dupRecord
	df   map[string]int     // in how many records each word appears
	blk  map[string][]int32 // the records of each block
	// holders is, for a contact block, how many families (institutions
	// with their services, or records without) hold the contact.
	holders map[string]int
}

// weight is the inverse document frequency of a word: a word that many
// names hold says less about which node a name is.
func (m *dupMatcher) weight(w string) float64 {
	return math.Log(1 + float64(len(m.recs))/float64(max(1, m.df[w])))
}

// weightOf is what sharing c adds to a pair's score: its kind's weight
// when two families at most hold it, less as more do (2/n for n), so that
// a phone, an address, even an enterprise number that many bodies give
// (a call centre, a house of associations, an institution's number given
// to units not linked to it) says little; a triplicate still shows.
func (m *dupMatcher) weightOf(c *dupContact) float64 {
	return contactWeight[c.kind] * min(1, 2/float64(max(1, m.holders[c.block])))
}

// prepare folds the names, counts the words, builds the blocks and counts
// the families holding each contact.
func (m *dupMatcher) prepare() *dupMatcher {
	// Sized for about a word and four blocks a record: grown from empty,
	// rehashing them took a fifth of the search at M.
	m.df = make(map[string]int, len(m.recs))
	m.blk = make(map[string][]int32, 4*len(m.recs))
	add := func(k string, i int32) {
		l := m.blk[k]
		if len(l) == 0 || l[len(l)-1] != i {
			m.blk[k] = append(l, i)
		}
	}
	for i := range m.recs {
		r := &m.recs[i]
		seen := map[string]bool{}
		r.tokens = make([][]string, len(r.names))
		for j, n := range r.names {
			if r.folded != nil {
				n = r.folded[j] // folded again at no cost: it is ASCII, or nearly
			}
			toks := reseau.NameTokens(n)
			r.tokens[j] = toks
			for _, t := range toks {
				if !seen[t] {
					seen[t] = true
					m.df[t]++
				}
			}
			if len(toks) == 0 {
				continue
			}
			sorted := slices.Sorted(slices.Values(toks))
			add("n:"+strings.Join(slices.Compact(sorted), " "), int32(i))
			for _, t := range sorted {
				add("w:"+t, int32(i))
			}
		}
		for _, c := range r.contacts {
			add(c.block, int32(i))
		}
	}
	m.holders = make(map[string]int)
	fams := map[int32]bool{}
	for k, l := range m.blk {
		if k[0] != 'c' || len(l) < 2 {
			continue
		}
		clear(fams)
		for _, i := range l {
			fams[m.recs[i].family] = true
		}
		m.holders[k] = len(fams)
	}
	return m
}

// organisationMatcher compares orgs: names (name, fr, nl, aliases),
// identifiers and contact details.
func organisationMatcher(orgs []reseau.Organisation) *dupMatcher {
	m := &dupMatcher{typ: reseau.TypeOrganisation, recs: make([]dupRecord, len(orgs))}
	fam := families(orgs)
	for i := range orgs {
		m.recs[i] = orgRecord(&orgs[i])
		m.recs[i].family = fam[i]
	}
	return m.prepare()
}

func personMatcher(people []reseau.Person) *dupMatcher {
	m := &dupMatcher{typ: reseau.TypePerson, recs: make([]dupRecord, len(people))}
	for i := range people {
		m.recs[i] = personRecord(&people[i])
		m.recs[i].family = int32(i)
	}
	return m.prepare()
}

// pairs calls fn once for each candidate pair (i < j) that some block
// holds; only (i, j) with keep(i, j) are offered. A contact block offers
// only pairs of two families: within one, the contact is the
// institution's, and the names are blocked apart.
func (m *dupMatcher) pairs(ctx context.Context, keep func(i, j int32) bool, fn func(i, j int32)) error {
	stop := &poll{ctx: ctx}
	seen := make(map[uint64]struct{})
	for k, l := range m.blk {
		if len(l) < 2 {
			continue
		}
		contact := k[0] == 'c'
		switch {
		case !contact && len(l) > blockCap(k):
			continue
		case contact && (m.holders[k] < 2 || m.holders[k] > maxContactBlock || len(l) > maxContactRecords):
			continue
		}
		for a := 0; a < len(l); a++ {
			for b := a + 1; b < len(l); b++ {
				if err := stop.tick(); err != nil {
					return err
				}
				i, j := min(l[a], l[b]), max(l[a], l[b])
				if contact && m.recs[i].family == m.recs[j].family {
					continue
				}
				id := uint64(i)<<32 | uint64(j)
				if _, ok := seen[id]; ok || !keep(i, j) {
					continue
				}
				seen[id] = struct{}{}
				fn(i, j)
			}
		}
	}
	return nil
}

func blockCap(k string) int {
	if k[0] == 'w' {
		return maxWordBlock
	}
	return maxNameBlock
}

// compare scores a pair of records, a on side A; ok is false when they are
// not alike enough to be shown.
func (m *dupMatcher) compare(a, b *dupRecord) (score float64, why []i18n.Explanation, ok bool) {
	if a.parent == b.key || b.parent == a.key {
		return 0, nil, false // a service and its institution are two nodes on purpose
	}
	best, bi, bj := 0.0, 0, 0
	for i, x := range a.tokens {
		for j, y := range b.tokens {
			if s := reseau.WeightedNameSimilarity(x, y, m.weight); s > best {
				best, bi, bj = s, i, j
			}
		}
	}
	// What both hold, the best-weighing contact of each kind; within an
	// institution the contacts are its own and count nothing.
	var shared [nContactKinds]*dupContact
	var weights [nContactKinds]float64
	sameBCE := false
	for i := range a.contacts {
		c := &a.contacts[i]
		for j := range b.contacts {
			if b.contacts[j].block != c.block {
				continue
			}
			sameBCE = sameBCE || c.kind == cBCE
			if a.family == b.family {
				continue
			}
			if w := m.weightOf(c); w > weights[c.kind] {
				weights[c.kind], shared[c.kind] = w, c
			}
		}
	}
	score = best / 2
	if best >= CloseNames {
		score = best
		why = append(why, nameExplanation(a, bi, b, bj, best))
		apart := 1.0
		if a.short != "" && b.short != "" && a.short != b.short {
			apart = min(apart, otherShortName)
		}
		if a.email != "" && b.email != "" && a.email != b.email {
			apart = min(apart, otherEmail)
		}
		if a.bce && b.bce && !sameBCE {
			apart = min(apart, otherBCE)
		}
		if a.site != "" && b.site != "" && a.site != b.site {
			apart = min(apart, otherWebsite)
		}
		score *= apart
	}
	for k, c := range shared {
		if c != nil {
			score += weights[k]
			why = append(why, contactExplanation(c))
		}
	}
	score = min(score, 1)
	return score, why, score >= MinDuplicateScore && len(why) > 0
}

// all returns every probable duplicate pair among the records.
func (m *dupMatcher) all(ctx context.Context) ([]Duplicate, error) {
	return m.collect(ctx, func(i, j int32) bool { return true }, func(i, j int32) bool { return m.recs[i].key < m.recs[j].key })
}

// collect returns the probable duplicates among the pairs keep keeps, the
// record i on side A when aSide(i, j).
func (m *dupMatcher) collect(ctx context.Context, keep, aSide func(i, j int32) bool) ([]Duplicate, error) {
	var out []Duplicate
	err := m.pairs(ctx, keep, func(i, j int32) {
		if !aSide(i, j) {
			i, j = j, i
		}
		a, b := &m.recs[i], &m.recs[j]
		s, why, ok := m.compare(a, b)
		if !ok {
			return
		}
		out = append(out, Duplicate{Type: m.typ, A: a.key, B: b.key, Score: s, Explanations: why})
	})
	if err != nil {
		return nil, err
	}
	sortDuplicates(out)
	return out, nil
}

// sortDuplicates puts the surest first, then organisations before people,
// then by keys.
func sortDuplicates(d []Duplicate) {
	slices.SortFunc(d, func(x, y Duplicate) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.Type, y.Type),
			cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
}

// duplicates is every probable duplicate of the index's dataset, computed
// once per index.
func (x *Index) duplicates(ctx context.Context) ([]Duplicate, error) {
	return x.dups.Get(ctx, func(ctx context.Context) ([]Duplicate, error) {
		orgs, err := organisationMatcher(x.ds.Organisations).all(ctx)
		if err != nil {
			return nil, err
		}
		people, err := personMatcher(x.ds.People).all(ctx)
		if err != nil {
			return nil, err
		}
		all := append(orgs, people...)
		sortDuplicates(all)
		return all, nil
	})
}

// PossibleDuplicates returns the first pairs of organisations or people
// that are probably the same, surest first. EINVALID for first out of
// 1..MaxFirst.
func (x *Index) PossibleDuplicates(ctx context.Context, first int) ([]Duplicate, error) {
	n, err := checkFirst(first)
	if err != nil {
		return nil, err
	}
	all, err := x.duplicates(ctx)
	if err != nil {
		return nil, err
	}
	return all[:min(n, len(all))], nil
}

// DuplicatesOf returns the organisations of others that are probably the
// same as one of news (pairs of two news included), surest first: the
// warnings of a create or an import. A pair's A is the new organisation.
func DuplicatesOf(ctx context.Context, news, others []reseau.Organisation) ([]Duplicate, error) {
	isNew := make(map[string]bool, len(news))
	all := make([]reseau.Organisation, 0, len(news)+len(others))
	for _, o := range news {
		isNew[o.Key] = true
		all = append(all, o)
	}
	for _, o := range others {
		if !isNew[o.Key] {
			all = append(all, o)
		}
	}
	m := organisationMatcher(all)
	nNew := int32(len(news))
	return m.collect(ctx, func(i, j int32) bool { return i < nNew || j < nNew }, func(i, j int32) bool {
		if (i < nNew) != (j < nNew) {
			return i < nNew
		}
		return m.recs[i].key < m.recs[j].key
	})
}

// OrganisationLister is what DuplicatesInStore reads of a store.
type OrganisationLister interface {
	FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error)
}

// listPage is how many organisations DuplicatesInStore reads at a time.
const listPage = 500

// DuplicatesInStore is DuplicatesOf against every organisation of s, read
// with ctx (inside a write's transaction, the organisations as that write
// sees them). Errors are the store's.
func DuplicatesInStore(ctx context.Context, s OrganisationLister, news []reseau.Organisation) ([]Duplicate, error) {
	var all []reseau.Organisation
	for off := 0; ; off += listPage {
		p, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Offset: off, Limit: listPage, OrderBy: reseau.OrderKey})
		if err != nil {
			return nil, err
		}
		for _, o := range p.Items {
			all = append(all, *o)
		}
		if len(p.Items) < listPage {
			break
		}
	}
	return DuplicatesOf(ctx, news, all)
}
