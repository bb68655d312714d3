package analytics

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// dupRecord is what the duplicate search compares of a node.
type dupRecord struct {
	key    string
	names  []string   // the name first, then the names fr and nl, then the aliases, each once folded
	kinds  []string   // which name each is: i18n.NameMain, NameFR, NameNL or NameAlias
	folded []string   // the names folded, when known already (organisations)
	tokens [][]string // reseau.NameTokens of each name
	short  string     // the folded short name
	parent string
	// family is the index of the record's institution, its top ancestor
	// (itself when it has no parent): the services of one institution
	// share its contacts on purpose.
	family int32
	email  string // a person's e-mail, folded: two namesakes with their own are two people
	bce    bool   // whether the record holds an enterprise number
	site   string // an organisation's website, folded
	// contacts are the identifiers and contact details, folded; two records
	// holding the same one share its block.
	contacts []dupContact
}

// contactKind is what a shared contact is; the order is the order of the
// explanations.
type contactKind int8

const (
	cBCE contactKind = iota
	cIdentifier
	cEmail
	cWebsite
	cPhone
	cAddress
	nContactKinds
)

// contactWeight is what sharing one contact of each kind adds to a pair's
// score when no other family of records holds it (see dupMatcher.weightOf).
// An enterprise number is near-certain on its own, even when the names
// differ (an association renamed); another register's identifier almost;
// an e-mail or a website is the organisation's own unless a platform's, so
// either is enough on its own when two families at most hold it (the
// French and the Dutch name of one body, entered twice);
// many bodies share a switchboard or a building, so a phone or an address
// is enough only with names somewhat alike, or together.
var contactWeight = [nContactKinds]float64{
	cBCE:        0.95,
	cIdentifier: 0.8,
	cEmail:      0.6,
	cWebsite:    0.6,
	cPhone:      0.4,
	cAddress:    0.3,
}

// dupContact is one identifier or contact detail of a record.
type dupContact struct {
	kind   contactKind
	block  string // the block key: the kind, then the folded value
	shown  string // as written, for the explanation
	scheme string // an identifier's register
}

// add appends the contact of kind k folded to key, unless empty or held
// already.
func (r *dupRecord) add(k contactKind, key, shown, scheme string) {
	if key == "" {
		return
	}
	block := "c" + strconv.Itoa(int(k)) + ":" + key
	for _, c := range r.contacts {
		if c.block == block {
			return
		}
	}
	r.contacts = append(r.contacts, dupContact{kind: k, block: block, shown: shown, scheme: scheme})
}

// addName appends n as a name of kind, unless it is empty or another of the
// record's names once folded.
func (r *dupRecord) addName(n, kind string) {
	f := reseau.Fold(n)
	if f == "" || slices.Contains(r.folded, f) {
		return
	}
	r.folded = append(r.folded, f)
	r.names = append(r.names, n)
	r.kinds = append(r.kinds, kind)
}

func orgRecord(o *reseau.Organisation) dupRecord {
	r := dupRecord{key: o.Key, parent: o.ParentKey, short: reseau.Fold(o.ShortName)}
	r.addName(o.Name, i18n.NameMain)
	r.addName(o.NameFR, i18n.NameFR)
	r.addName(o.NameNL, i18n.NameNL)
	for _, a := range o.Aliases {
		r.addName(a, i18n.NameAlias)
	}
	for _, id := range o.Identifiers {
		key := reseau.FoldIdentifier(id)
		if strings.HasPrefix(key, reseau.IdentifierBCE+"|") {
			n, err := reseau.NormaliseBCE(id.Value)
			if err != nil {
				continue // not a number: it identifies nothing
			}
			r.add(cBCE, n, n, reseau.IdentifierBCE)
			r.bce = true
			continue
		}
		r.add(cIdentifier, key, id.Value, id.Scheme)
	}
	for _, e := range o.Emails {
		r.add(cEmail, reseau.FoldEmail(e), e, "")
	}
	if w := reseau.FoldWebsite(o.Website); w != "" {
		r.site = w
		r.add(cWebsite, w, o.Website, "")
	}
	for _, p := range o.Phones {
		r.add(cPhone, reseau.FoldPhone(p.Number), p.Number, "")
	}
	for _, a := range o.Addresses {
		r.add(cAddress, reseau.FoldAddress(a), addressText(a), "")
	}
	return r
}

func personRecord(p *reseau.Person) dupRecord {
	r := dupRecord{key: p.Key, names: []string{p.Name}, kinds: []string{i18n.NameMain}, email: reseau.FoldEmail(p.Email)}
	r.add(cEmail, r.email, p.Email, "")
	r.add(cPhone, reseau.FoldPhone(p.Phone), p.Phone, "")
	return r
}

// addressText writes an address as a letter would: "Boulevard Auguste
// Reyers 70, 1030 Schaerbeek".
func addressText(a reseau.Address) string {
	s := strings.TrimSpace(a.Street + " " + a.Number)
	return s + ", " + strings.TrimSpace(a.Postcode+" "+a.Commune)
}

// maxDepth bounds the walk up PART_OF to an institution: deeper chains (or
// a cycle in bad data) stop there.
const maxDepth = 32

// families returns, for each organisation, the index of its institution:
// its top ancestor among orgs, itself when it has no parent there.
func families(orgs []reseau.Organisation) []int32 {
	at := make(map[string]int32, len(orgs))
	for i := range orgs {
		at[orgs[i].Key] = int32(i)
	}
	out := make([]int32, len(orgs))
	for i := range orgs {
		f := int32(i)
		for range maxDepth {
			p, ok := at[orgs[f].ParentKey]
			if !ok || orgs[f].ParentKey == "" || p == f {
				break
			}
			f = p
		}
		out[i] = f
	}
	return out
}

func textParam(name, value string) i18n.Param {
	return i18n.Param{Name: name, Kind: i18n.ParamText, Value: value}
}

// nameExplanation says that name i of a and name j of b are alike, s.
func nameExplanation(a *dupRecord, i int, b *dupRecord, j int, s float64) i18n.Explanation {
	ps := []i18n.Param{
		{Name: "kindA", Kind: i18n.ParamNameKind, Value: a.kinds[i]}, textParam("nameA", a.names[i]),
		{Name: "kindB", Kind: i18n.ParamNameKind, Value: b.kinds[j]}, textParam("nameB", b.names[j]),
	}
	if s >= 1 {
		return i18n.Explanation{Code: i18n.DuplicateSameName, Params: ps}
	}
	// Floor, so that names alike but not the same never read "100 %".
	pct := strconv.Itoa(int(math.Floor(s * 100)))
	return i18n.Explanation{Code: i18n.DuplicateCloseNames, Params: append(ps, i18n.Param{Name: "similarity", Kind: i18n.ParamNumber, Value: pct})}
}

// contactExplanation says that both records hold c.
func contactExplanation(c *dupContact) i18n.Explanation {
	switch c.kind {
	case cBCE:
		return i18n.Explanation{Code: i18n.DuplicateSameEnterpriseNumber, Params: []i18n.Param{textParam("number", c.shown)}}
	case cIdentifier:
		return i18n.Explanation{Code: i18n.DuplicateSameIdentifier, Params: []i18n.Param{textParam("scheme", c.scheme), textParam("value", c.shown)}}
	case cEmail:
		return i18n.Explanation{Code: i18n.DuplicateSameEmail, Params: []i18n.Param{textParam("email", c.shown)}}
	case cWebsite:
		return i18n.Explanation{Code: i18n.DuplicateSameWebsite, Params: []i18n.Param{textParam("website", c.shown)}}
	case cPhone:
		return i18n.Explanation{Code: i18n.DuplicateSamePhone, Params: []i18n.Param{textParam("phone", c.shown)}}
	default:
		return i18n.Explanation{Code: i18n.DuplicateSameAddress, Params: []i18n.Param{textParam("address", c.shown)}}
	}
}
