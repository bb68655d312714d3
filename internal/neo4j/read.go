package neo4j

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sort"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// read runs one read statement and translates its error.
func (s *Store) read(ctx context.Context, name string, params map[string]any) ([]*driver.Record, error) {
	recs, err := s.stmts(ctx).read(ctx, name, params)
	return recs, formatError(err)
}

// byKeys runs a get_* statement and decodes column col of each record.
func byKeys[T any](ctx context.Context, s *Store, name, col string, params map[string]any, decode func(map[string]any) *T, key func(*T) string) (map[string]*T, error) {
	out := map[string]*T{}
	if len(params["keys"].([]string)) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, name, params)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		m, err := value[map[string]any](rec, col)
		if err != nil {
			return nil, err
		}
		v := decode(m)
		out[key(v)] = v
	}
	return out, nil
}

// Domains returns every domain, by key.
func (s *Store) Domains(ctx context.Context) ([]*reseau.Domain, error) {
	recs, err := s.read(ctx, "find_domains", map[string]any{})
	if err != nil {
		return nil, err
	}
	out := make([]*reseau.Domain, 0, len(recs))
	for _, rec := range recs {
		m, err := value[map[string]any](rec, "domain")
		if err != nil {
			return nil, err
		}
		out = append(out, decodeDomain(m))
	}
	return out, nil
}

// DomainsByKeys returns the domains with the given keys, in one query.
func (s *Store) DomainsByKeys(ctx context.Context, ks []string) (map[string]*reseau.Domain, error) {
	return byKeys(ctx, s, "get_domains", "domain", map[string]any{"keys": keys(ks)}, decodeDomain,
		func(d *reseau.Domain) string { return d.Key })
}

// OrganisationsByKeys returns the organisations with the given keys, in one query.
func (s *Store) OrganisationsByKeys(ctx context.Context, ks []string) (map[string]*reseau.Organisation, error) {
	return byKeys(ctx, s, "get_organisations", "organisation", map[string]any{"keys": keys(ks)}, decodeOrganisation,
		func(o *reseau.Organisation) string { return o.Key })
}

// PeopleByKeys returns the visible people with the given keys, in one query.
func (s *Store) PeopleByKeys(ctx context.Context, ks []string) (map[string]*reseau.Person, error) {
	return byKeys(ctx, s, "get_people", "person", scope(ctx, map[string]any{"keys": keys(ks)}), decodePerson,
		func(p *reseau.Person) string { return p.Key })
}

// CollaborationsByKeys returns the collaborations with the given keys, in one query.
func (s *Store) CollaborationsByKeys(ctx context.Context, ks []string) (map[string]*reseau.Collaboration, error) {
	return byKeys(ctx, s, "get_collaborations", "collaboration", map[string]any{"keys": keys(ks)}, decodeCollaboration,
		func(c *reseau.Collaboration) string { return c.Key })
}

// PartnershipsByKeys returns the partnerships with the given keys, in one query.
func (s *Store) PartnershipsByKeys(ctx context.Context, ks []string) (map[string]*reseau.Partnership, error) {
	return byKeys(ctx, s, "get_partnerships", "partnership", map[string]any{"keys": keys(ks)}, decodePartnership,
		func(p *reseau.Partnership) string { return p.Key })
}

// paging adds offset, limit, desc and count to p: the statements sort what
// the filter keeps and return SKIP $offset LIMIT $limit of it, and count it
// only with $count (a caller that sets ListOptions.SkipCount gets 0).
func paging(p map[string]any, o reseau.ListOptions) map[string]any {
	limit := int64(math.MaxInt32) // no limit
	if o.Limit > 0 {
		limit = int64(o.Limit)
	}
	p["offset"], p["limit"], p["desc"], p["count"] = int64(max(o.Offset, 0)), limit, o.Desc, !o.SkipCount
	return p
}

// findPage runs a find_* statement and decodes its total and items, which
// it sorts with order first. The statements pick the page with ORDER BY …
// SKIP … LIMIT and collect() it into one list; the Cypher 5 manual
// guarantees the order of rows only where an ORDER BY is, not the order of
// a list that collect() builds from them, so the page is not trusted to
// arrive sorted.
func findPage[T any](ctx context.Context, s *Store, name string, params map[string]any, order func(a, b map[string]any) int, decode func(map[string]any) *T) (*reseau.Page[*T], error) {
	recs, err := s.read(ctx, name, params)
	if err != nil {
		return nil, err
	}
	page := &reseau.Page[*T]{}
	if len(recs) == 0 {
		return page, nil
	}
	total, err := value[int64](recs[0], "total")
	if err != nil {
		return nil, err
	}
	items, err := value[[]any](recs[0], "items")
	if err != nil {
		return nil, err
	}
	page.TotalCount = int(total)
	ms := make([]map[string]any, len(items))
	for i, it := range items {
		ms[i], _ = it.(map[string]any)
	}
	slices.SortStableFunc(ms, order)
	for _, m := range ms {
		page.Items = append(page.Items, decode(m))
	}
	return page, nil
}

// bySortKey is the ORDER BY of the find_* statements: the item's sortKey,
// ties by key, both reversed when desc. Go compares strings by code point,
// as Neo4j does.
func bySortKey(desc bool) func(a, b map[string]any) int {
	return func(a, b map[string]any) int {
		c := cmp.Or(strings.Compare(str(a, "sortKey"), str(b, "sortKey")), strings.Compare(str(a, "key"), str(b, "key")))
		if desc {
			return -c
		}
		return c
	}
}

// overlapParams adds the padded bounds of a date range that reseau.Checked
// has checked.
func overlapParams(p map[string]any, from, to string) map[string]any {
	p["fromLow"], p["toHigh"] = reseau.DateLow(from), reseau.DateHigh(to)
	return p
}

// seek names the statement of a list page: seek_<noun> when one of the
// filters (in order of preference: the most selective first) names keys,
// which it fills into its $seek<Filter> list (the others empty), so that the
// page starts from index seeks; find_<noun>, a scan of the label, when none
// does. Both statements apply the whole filter and page alike.
func seek(noun string, p map[string]any, filters ...string) string {
	chosen := ""
	for _, f := range filters {
		if len(p[f].([]string)) > 0 {
			chosen = f
			break
		}
	}
	if chosen == "" {
		return "find_" + noun
	}
	for _, f := range filters {
		l := []string{}
		if f == chosen {
			l = p[f].([]string)
		}
		p["seek"+strings.ToUpper(f[:1])+f[1:]] = l
	}
	return "seek_" + noun
}

// FindOrganisations returns a page of the organisations f selects, and their
// total, in one query.
func (s *Store) FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	except := []string{}
	if !f.TiedTo.IsZero() {
		// The organisations tied to the targets are the keys to start from
		// (seek_organisations), with the filter's own keys if any.
		tied, err := s.tiedOrganisations(ctx, f.TiedTo)
		if err != nil {
			return nil, err
		}
		if len(f.Keys) > 0 {
			tied = slices.DeleteFunc(tied, func(k string) bool { return !slices.Contains(f.Keys, k) })
		}
		if len(tied) == 0 {
			return &reseau.Page[*reseau.Organisation]{Items: []*reseau.Organisation{}}, nil
		}
		f.Keys = tied
	}
	if !f.NotTiedTo.IsZero() {
		tied, err := s.tiedOrganisations(ctx, f.NotTiedTo)
		if err != nil {
			return nil, err
		}
		except = f.NotTiedTo.Excluded(tied)
	}
	p := paging(map[string]any{
		"keys": keys(f.Keys), "sectors": keys(f.Sectors), "domains": keys(f.Domains), "parents": keys(f.Parents),
		"commune": nil, "text": reseau.Fold(f.Text), "byKey": o.OrderBy == reseau.OrderKey,
		"postcode": f.Postcode, "language": f.Language, "openOn": f.OpenOn, "openAt": f.OpenAt,
		"exceptKeys": except,
	}, o)
	if f.Commune != "" {
		// Set means compared, even when it folds to "" (no letter): as the
		// embedded store, it then selects the organisations without commune.
		p["commune"] = reseau.FoldCommune(f.Commune)
	}
	return findPage(ctx, s, seek("organisations", p, "keys", "parents", "domains"), p, bySortKey(o.Desc), decodeOrganisation)
}

// FindPeople returns a page of the visible people f selects.
func (s *Store) FindPeople(ctx context.Context, f reseau.PersonFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Person], error) {
	p := paging(scope(ctx, map[string]any{
		"keys": keys(f.Keys), "organisations": keys(f.Organisations), "text": reseau.Fold(f.Text),
		"byKey": o.OrderBy == reseau.OrderKey,
	}), o)
	return findPage(ctx, s, seek("people", p, "keys", "organisations"), p, bySortKey(o.Desc), decodePerson)
}

// datedOrder adds the ordering of a dated list to p: reseau.Checked has
// refused any other than key, title ("") and startDate.
func datedOrder(o reseau.ListOptions, p map[string]any) {
	p["orderBy"], p["orderKey"], p["orderStart"] = o.OrderBy, reseau.OrderKey, reseau.OrderStartDate
}

// FindCollaborations returns a page of the collaborations f selects.
func (s *Store) FindCollaborations(ctx context.Context, f reseau.CollaborationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Collaboration], error) {
	p := map[string]any{
		"keys": keys(f.Keys), "kinds": keys(f.Kinds), "statuses": keys(f.Statuses), "domains": keys(f.Domains),
		"text": reseau.Fold(f.Text), "parents": keys(f.Parents), "organisations": keys(f.Organisations),
		"locations": keys(f.Locations),
	}
	datedOrder(o, p)
	overlapParams(p, f.From, f.To)
	name := seek("collaborations", p, "keys", "parents", "organisations", "locations", "domains")
	return findPage(ctx, s, name, paging(p, o), bySortKey(o.Desc), decodeCollaboration)
}

// FindPartnerships returns a page of the partnerships f selects.
func (s *Store) FindPartnerships(ctx context.Context, f reseau.PartnershipFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Partnership], error) {
	p := map[string]any{
		"keys": keys(f.Keys), "kinds": keys(f.Kinds), "text": reseau.Fold(f.Text), "organisations": keys(f.Organisations),
	}
	datedOrder(o, p)
	overlapParams(p, f.From, f.To)
	return findPage(ctx, s, seek("partnerships", p, "keys", "organisations"), paging(p, o), bySortKey(o.Desc), decodePartnership)
}

// edges reads relationship rows: the anchored find_* statement for a filter,
// the export_* statement (every row) for an empty one. Rows come back sorted
// as an export sorts them.
func edges[T any](ctx context.Context, s *Store, e edgeKind, f reseau.EdgeFilter, decode func(map[string]any) T, less func(a, b T) int) ([]T, error) {
	name, p := "find_"+e.noun, e.params(ctx, map[string]any{"from": keys(f.From), "to": keys(f.To)})
	if len(f.From) == 0 && len(f.To) == 0 {
		name, p = "export_"+e.noun, e.params(ctx, map[string]any{})
	}
	recs, err := s.read(ctx, name, p)
	if err != nil {
		return nil, err
	}
	return decodeEdges(recs, e.cols, decode, less)
}

func decodeEdges[T any](recs []*driver.Record, cols []string, decode func(map[string]any) T, less func(a, b T) int) ([]T, error) {
	out := make([]T, 0, len(recs))
	for _, rec := range recs {
		m, err := columns(rec, cols...)
		if err != nil {
			return nil, err
		}
		out = append(out, decode(m))
	}
	slices.SortFunc(out, less)
	return out, nil
}

var (
	membershipCols          = []string{"person", "organisation", "role", "since", "until"}
	participationCols       = []string{"collaboration", "organisation", "role"}
	personParticipationCols = []string{"collaboration", "person", "role"}
	partyCols               = []string{"partnership", "organisation", "role"}
	knowsCols               = []string{"person", "other", "since", "source"}
)

func decodeMembership(m map[string]any) reseau.Membership {
	return reseau.Membership{PersonKey: str(m, "person"), OrganisationKey: str(m, "organisation"), Role: str(m, "role"),
		Since: str(m, "since"), Until: str(m, "until")}
}

func decodeParticipation(m map[string]any) reseau.Participation {
	return reseau.Participation{CollaborationKey: str(m, "collaboration"), OrganisationKey: str(m, "organisation"), Role: str(m, "role")}
}

func decodePersonParticipation(m map[string]any) reseau.PersonParticipation {
	return reseau.PersonParticipation{CollaborationKey: str(m, "collaboration"), PersonKey: str(m, "person"), Role: str(m, "role")}
}

func decodeParty(m map[string]any) reseau.Party {
	return reseau.Party{PartnershipKey: str(m, "partnership"), OrganisationKey: str(m, "organisation"), Role: str(m, "role")}
}

func decodeKnows(m map[string]any) reseau.Knows {
	return reseau.Knows{PersonKey: str(m, "person"), OtherKey: str(m, "other"), Since: str(m, "since"), Source: str(m, "source")}
}

func cmp2(a1, a2, b1, b2 string) int {
	if c := strings.Compare(a1, b1); c != 0 {
		return c
	}
	return strings.Compare(a2, b2)
}

func lessMembership(a, b reseau.Membership) int {
	return cmp2(a.PersonKey, a.OrganisationKey, b.PersonKey, b.OrganisationKey)
}
func lessParticipation(a, b reseau.Participation) int {
	return cmp2(a.CollaborationKey, a.OrganisationKey, b.CollaborationKey, b.OrganisationKey)
}
func lessPersonParticipation(a, b reseau.PersonParticipation) int {
	return cmp2(a.CollaborationKey, a.PersonKey, b.CollaborationKey, b.PersonKey)
}
func lessParty(a, b reseau.Party) int {
	return cmp2(a.PartnershipKey, a.OrganisationKey, b.PartnershipKey, b.OrganisationKey)
}
func lessKnows(a, b reseau.Knows) int { return cmp2(a.PersonKey, a.OtherKey, b.PersonKey, b.OtherKey) }

// Memberships returns WORKS_AT rows of visible people; From = people, To = organisations.
func (s *Store) Memberships(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Membership, error) {
	return edges(ctx, s, membershipEdge, f, decodeMembership, lessMembership)
}

// Participations returns organisations' TOOK_PART_IN rows; From = organisations, To = collaborations.
func (s *Store) Participations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Participation, error) {
	return edges(ctx, s, participationEdge, f, decodeParticipation, lessParticipation)
}

// PersonParticipations returns visible people's TOOK_PART_IN rows; From = people, To = collaborations.
func (s *Store) PersonParticipations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.PersonParticipation, error) {
	return edges(ctx, s, personParticipationEdge, f, decodePersonParticipation, lessPersonParticipation)
}

// Parties returns PARTY_TO rows; From = organisations, To = partnerships.
func (s *Store) Parties(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Party, error) {
	return edges(ctx, s, partyEdge, f, decodeParty, lessParty)
}

// Knows returns KNOWS rows between visible people; From matches either end,
// To the declared other.
func (s *Store) Knows(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Knows, error) {
	return edges(ctx, s, knowsEdge, f, decodeKnows, lessKnows)
}

// unique is keys without repeats: a dataloader batch may ask twice, and the
// tie statements answer once per asked key.
func unique(ks []string) []string {
	out := make([]string, 0, len(ks))
	seen := make(map[string]bool, len(ks))
	for _, k := range ks {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// Collaborators returns the collaboration ties of each organisation, in one
// query for all of them.
func (s *Store) Collaborators(ctx context.Context, orgKeys []string, f reseau.TieFilter) (map[string][]reseau.CollaborationTie, error) {
	p := overlapParams(map[string]any{"keys": unique(orgKeys), "inviteAbsent": reseau.RoleInviteAbsent, "tieStatuses": reseau.TieStatuses()}, f.Since, f.Until)
	out := map[string][]reseau.CollaborationTie{}
	if len(orgKeys) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, "find_collaborators", p)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		org, err := value[string](rec, "organisation")
		if err != nil {
			return nil, err
		}
		other, err := value[string](rec, "other")
		if err != nil {
			return nil, err
		}
		cs, err := value[[]any](rec, "collaborations")
		if err != nil {
			return nil, err
		}
		out[org] = append(out[org], tie(other, cs))
	}
	for _, ties := range out {
		reseau.SortTies(ties)
	}
	return out, nil
}

// tie decodes the shared collaborations of a pair, as find_collaborators
// collects them, and folds them into their tie (reseau.TieFold).
func tie(other string, cs []any) reseau.CollaborationTie {
	fold := reseau.NewTieFold(other)
	for _, c := range cs {
		m, _ := c.(map[string]any)
		fold.Add(str(m, "key"), str(m, "startDate"), str(m, "endDate"))
	}
	return fold.Tie()
}

// tiedOrganisations returns the keys of the organisations tied, by the
// kinds of c, to one of c's targets, in one query (find_tied_organisations),
// sorted.
func (s *Store) tiedOrganisations(ctx context.Context, c reseau.TieCondition) ([]string, error) {
	recs, err := s.read(ctx, "find_tied_organisations", map[string]any{
		"keys": unique(c.Organisations), "sectors": keys(c.Sectors),
		"collaborations": c.Counts(reseau.TieCollaboration), "partnerships": c.Counts(reseau.TiePartnership),
		"inviteAbsent": reseau.RoleInviteAbsent, "tieStatuses": reseau.TieStatuses(),
		"networkRole": reseau.RoleNetwork, "membershipKind": reseau.KindMembership,
	})
	if err != nil || len(recs) == 0 {
		return []string{}, err
	}
	ks, err := value[[]any](recs[0], "keys")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ks))
	for _, k := range ks {
		if s, ok := k.(string); ok {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out, nil
}

// TiedOrganisations returns the keys of the organisations tied to each of
// orgKeys, in one query (find_tied_keys): the ties of Collaborators and
// Partners without their collaborations and dates.
func (s *Store) TiedOrganisations(ctx context.Context, orgKeys []string, collaborations, partnerships bool) (map[string][]string, error) {
	out := map[string][]string{}
	if len(orgKeys) == 0 || (!collaborations && !partnerships) {
		return out, nil
	}
	recs, err := s.read(ctx, "find_tied_keys", map[string]any{
		"keys": unique(orgKeys), "collaborations": collaborations, "partnerships": partnerships,
		"inviteAbsent": reseau.RoleInviteAbsent, "tieStatuses": reseau.TieStatuses(),
		"networkRole": reseau.RoleNetwork, "membershipKind": reseau.KindMembership,
	})
	if err != nil {
		return nil, err
	}
	return keyLists(recs, "tied")
}

// keyLists reads records of an organisation and a list of keys (field
// list) into a map of sorted lists; empty lists are left out.
func keyLists(recs []*driver.Record, list string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, rec := range recs {
		org, err := value[string](rec, "organisation")
		if err != nil {
			return nil, err
		}
		keys, err := value[[]any](rec, list)
		if err != nil {
			return nil, err
		}
		if l := strs(keys); len(l) > 0 {
			slices.Sort(l)
			out[org] = l
		}
	}
	return out, nil
}

// Partners returns the partnership ties of each organisation, in one query.
func (s *Store) Partners(ctx context.Context, orgKeys []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(orgKeys) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, "find_partners", map[string]any{
		"keys": unique(orgKeys), "networkRole": reseau.RoleNetwork, "membershipKind": reseau.KindMembership,
	})
	if err != nil {
		return nil, err
	}
	return keyLists(recs, "partners")
}

// Acquaintances returns the visible people acquainted with each visible
// asked person, in one query.
func (s *Store) Acquaintances(ctx context.Context, personKeys []string) (map[string][]reseau.Acquaintance, error) {
	out := map[string][]reseau.Acquaintance{}
	if len(personKeys) == 0 || reseau.CallerFrom(ctx).PeopleScope().None {
		return out, nil
	}
	recs, err := s.read(ctx, "find_acquaintances", scope(ctx, map[string]any{
		"keys": unique(personKeys), "inviteAbsent": reseau.RoleInviteAbsent, "tieStatuses": reseau.TieStatuses(),
		"reasonCollaboration": string(reseau.ReasonCollaboration), "reasonOrganisation": string(reseau.ReasonOrganisation),
		"reasonKnows": string(reseau.ReasonKnows),
	}))
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		person, err := value[string](rec, "person")
		if err != nil {
			return nil, err
		}
		other, err := value[string](rec, "other")
		if err != nil {
			return nil, err
		}
		rs, err := value[[]any](rec, "reasons")
		if err != nil {
			return nil, err
		}
		a := reseau.Acquaintance{PersonKey: other}
		for _, r := range rs {
			m, _ := r.(map[string]any)
			a.Reasons = append(a.Reasons, reseau.Reason{Kind: reseau.ReasonKind(str(m, "kind")), Key: str(m, "key")})
		}
		sort.Slice(a.Reasons, func(i, j int) bool {
			if a.Reasons[i].Kind != a.Reasons[j].Kind {
				return a.Reasons[i].Kind < a.Reasons[j].Kind
			}
			return a.Reasons[i].Key < a.Reasons[j].Key
		})
		a.Weight = len(a.Reasons)
		out[person] = append(out[person], a)
	}
	for _, as := range out {
		sort.Slice(as, func(i, j int) bool {
			if as[i].Weight != as[j].Weight {
				return as[i].Weight > as[j].Weight
			}
			return as[i].PersonKey < as[j].PersonKey
		})
	}
	return out, nil
}

// Audit returns audit entries, newest first.
func (s *Store) Audit(ctx context.Context, f reseau.AuditFilter, o reseau.ListOptions) (*reseau.Page[*reseau.AuditEntry], error) {
	p := paging(map[string]any{"actor": f.Actor, "type": f.Type, "key": f.Key, "since": f.Since}, o)
	delete(p, "desc") // always newest first
	newest := func(a, b map[string]any) int {
		x, _ := a["id"].(int64)
		y, _ := b["id"].(int64)
		return cmp.Compare(y, x)
	}
	return findPage(ctx, s, "find_audit_entries", p, newest, func(m map[string]any) *reseau.AuditEntry {
		id, _ := m["id"].(int64)
		return &reseau.AuditEntry{ID: id, At: str(m, "at"), Actor: str(m, "actor"), Action: str(m, "action"),
			Type: str(m, "type"), Key: str(m, "key"), Before: str(m, "before"), After: str(m, "after")}
	})
}

// versionCounter names the counter node bumped by every write.
const versionCounter = "version"

// Version returns the write counter, shared by every process on the database.
func (s *Store) Version(ctx context.Context) (uint64, error) {
	recs, err := s.read(ctx, "get_version", map[string]any{"counter": versionCounter})
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	v, err := value[int64](recs[0], "version")
	return uint64(v), err
}
