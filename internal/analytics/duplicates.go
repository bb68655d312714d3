package analytics

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Duplicate is a pair of nodes of one type (two organisations, or two
// people) that are probably the same, with how sure the guess is and why.
type Duplicate struct {
	Type    string  // reseau.TypeOrganisation or reseau.TypePerson
	A, B    string  // the keys, A < B
	Score   float64 // from MinDuplicateScore to 1
	Reasons []string
}

// Duplicate scoring. A pair is kept when its score reaches
// MinDuplicateScore: names at least CloseNames alike, or a shared contact
// with names somewhat alike.
const (
	MinDuplicateScore = 0.6
	CloseNames        = 0.6
	sameEmail         = 0.5
	samePhone         = 0.4
	// Blocks: only records that share a block are compared. A word shared
	// by more than maxWordBlock records ("maison", "cpas", a common first
	// name) says too little to compare them all on its account; the whole
	// name and the contacts still block them. A whole name held by more
	// than maxNameBlock records (namesakes of a common name) pairs them
	// only through a shared contact: at scale M (50k people) comparing every
	// namesake took 4 s for 290k pairs nobody would review.
	maxWordBlock    = 20
	maxNameBlock    = 8
	maxContactBlock = 50
)

// dupRecord is what the duplicate search compares of a node.
type dupRecord struct {
	key    string
	names  []string   // the name first, then the aliases
	tokens [][]string // reseau.NameTokens of each name
	short  string     // the folded short name
	parent string
	email  string
	phone  string
}

// dupMatcher finds probable duplicates among records of one type, comparing
// only the pairs that share a block (a distinctive word, the whole name, an
// e-mail, a phone) instead of every pair.
type dupMatcher struct {
	typ  string
	recs []dupRecord
	df   map[string]int // in how many records each word appears
}

// weight is the inverse document frequency of a word: a word that many
// names hold says less about which node a name is.
func (m *dupMatcher) weight(w string) float64 {
	return math.Log(1 + float64(len(m.recs))/float64(max(1, m.df[w])))
}

// prepare folds the names and counts the words.
func (m *dupMatcher) prepare() *dupMatcher {
	m.df = make(map[string]int)
	for i := range m.recs {
		r := &m.recs[i]
		seen := map[string]bool{}
		r.tokens = make([][]string, len(r.names))
		for j, n := range r.names {
			r.tokens[j] = reseau.NameTokens(n)
			for _, t := range r.tokens[j] {
				if !seen[t] {
					seen[t] = true
					m.df[t]++
				}
			}
		}
	}
	return m
}

func orgRecord(o *reseau.Organisation) dupRecord {
	names := append([]string{o.Name}, o.Aliases...)
	return dupRecord{key: o.Key, names: names, parent: o.ParentKey, short: reseau.Fold(o.ShortName)}
}

func personRecord(p *reseau.Person) dupRecord {
	return dupRecord{key: p.Key, names: []string{p.Name}, email: reseau.FoldEmail(p.Email), phone: reseau.FoldPhone(p.Phone)}
}

func organisationMatcher(orgs []reseau.Organisation) *dupMatcher {
	m := &dupMatcher{typ: reseau.TypeOrganisation, recs: make([]dupRecord, len(orgs))}
	for i := range orgs {
		m.recs[i] = orgRecord(&orgs[i])
	}
	return m.prepare()
}

func personMatcher(people []reseau.Person) *dupMatcher {
	m := &dupMatcher{typ: reseau.TypePerson, recs: make([]dupRecord, len(people))}
	for i := range people {
		m.recs[i] = personRecord(&people[i])
	}
	return m.prepare()
}

// blocks returns, for each block key, the records in it.
func (m *dupMatcher) blocks() map[string][]int32 {
	b := make(map[string][]int32)
	add := func(k string, i int32) {
		l := b[k]
		if len(l) == 0 || l[len(l)-1] != i {
			b[k] = append(l, i)
		}
	}
	for i := range m.recs {
		r := &m.recs[i]
		for _, toks := range r.tokens {
			if len(toks) == 0 {
				continue
			}
			sorted := slices.Sorted(slices.Values(toks))
			add("n:"+strings.Join(slices.Compact(sorted), " "), int32(i))
			for _, t := range sorted {
				add("w:"+t, int32(i))
			}
		}
		if r.email != "" {
			add("e:"+r.email, int32(i))
		}
		if r.phone != "" {
			add("p:"+r.phone, int32(i))
		}
	}
	return b
}

func blockCap(k string) int {
	switch k[0] {
	case 'w':
		return maxWordBlock
	case 'n':
		return maxNameBlock
	}
	return maxContactBlock
}

// pairs calls fn once for each candidate pair (i < j) that some block
// holds; only (i, j) with keep(i, j) are offered.
func (m *dupMatcher) pairs(ctx context.Context, keep func(i, j int32) bool, fn func(i, j int32)) error {
	stop := &poll{ctx: ctx}
	seen := make(map[uint64]struct{})
	for k, l := range m.blocks() {
		if len(l) < 2 || len(l) > blockCap(k) {
			continue
		}
		for a := 0; a < len(l); a++ {
			for b := a + 1; b < len(l); b++ {
				if err := stop.tick(); err != nil {
					return err
				}
				i, j := min(l[a], l[b]), max(l[a], l[b])
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

// compare scores a pair of records; ok is false when they are not alike
// enough to be shown.
func (m *dupMatcher) compare(a, b *dupRecord) (score float64, reasons []string, ok bool) {
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
	name := func(r *dupRecord, i int) string {
		if i == 0 {
			return fmt.Sprintf("name %q", r.names[i])
		}
		return fmt.Sprintf("alias %q", r.names[i])
	}
	switch {
	case best == 1:
		reasons = append(reasons, fmt.Sprintf("same %s and %s once folded", name(a, bi), name(b, bj)))
		score = 1
	case best >= CloseNames:
		reasons = append(reasons, fmt.Sprintf("close %s and %s (%.2f)", name(a, bi), name(b, bj), best))
		score = best
	default:
		score = best / 2
	}
	if a.short != "" && b.short != "" && a.short != b.short && len(reasons) > 0 {
		score *= 0.8 // "CASS" and "CSS": two acronyms, two bodies
	}
	if a.email != "" && b.email != "" && a.email != b.email && len(reasons) > 0 {
		score *= 0.8 // namesakes with their own addresses
	}
	if a.email != "" && a.email == b.email {
		reasons = append(reasons, "same e-mail "+a.email)
		score += sameEmail
	}
	if a.phone != "" && a.phone == b.phone {
		reasons = append(reasons, "same phone "+a.phone)
		score += samePhone
	}
	score = min(score, 1)
	return score, reasons, score >= MinDuplicateScore && len(reasons) > 0
}

// all returns every probable duplicate pair among the records.
func (m *dupMatcher) all(ctx context.Context) ([]Duplicate, error) {
	return m.collect(ctx, func(i, j int32) bool { return true })
}

func (m *dupMatcher) collect(ctx context.Context, keep func(i, j int32) bool) ([]Duplicate, error) {
	var out []Duplicate
	err := m.pairs(ctx, keep, func(i, j int32) {
		a, b := &m.recs[i], &m.recs[j]
		s, why, ok := m.compare(a, b)
		if !ok {
			return
		}
		ka, kb := a.key, b.key
		if kb < ka {
			ka, kb = kb, ka
		}
		out = append(out, Duplicate{Type: m.typ, A: ka, B: kb, Score: s, Reasons: why})
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
	d, err := m.collect(ctx, func(i, j int32) bool { return i < nNew || j < nNew })
	if err != nil {
		return nil, err
	}
	for k := range d {
		if !isNew[d[k].A] {
			d[k].A, d[k].B = d[k].B, d[k].A
		}
	}
	return d, nil
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
