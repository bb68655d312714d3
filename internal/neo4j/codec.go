package neo4j

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sort"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Writing: domain values become the row maps of the merge_* statements.
// Empty strings and lists are stored as absent properties (null), which is
// how Neo4j says "unknown"; reading turns them back into "" and nil.

func opt(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optList(s []string) any {
	if len(s) == 0 {
		return nil
	}
	return s
}

// keys is a list parameter: never nil, so that size($keys) is 0, not null.
func keys[T ~string](s []T) []string {
	out := make([]string, 0, len(s))
	for _, v := range s {
		out = append(out, string(v))
	}
	return out
}

// sortDate orders by start date as the embedded store does: the first day
// of the span, "" (first) without any date.
func sortDate(start, end string) string {
	if low, _ := span(start, end); low != nil {
		return low.(string)
	}
	return ""
}

// span is the [first day, last day] of a dated node as reseau.Overlaps reads
// it: a missing end is the start, a missing start the end; nil without dates.
func span(start, end string) (low, high any) {
	if start == "" && end == "" {
		return nil, nil
	}
	if start == "" {
		start = end
	}
	if end == "" {
		end = start
	}
	return reseau.DateLow(start), reseau.DateHigh(end)
}

func domainRow(d *reseau.Domain) map[string]any {
	return map[string]any{"key": d.Key, "labelFr": d.LabelFR, "labelNl": opt(d.LabelNL), "labelEn": opt(d.LabelEN), "fold": opt(reseau.FoldNames(d.LabelFR, d.LabelNL, d.LabelEN))}
}

func organisationRow(o *reseau.Organisation) map[string]any {
	row := map[string]any{
		"key": o.Key, "name": o.Name, "shortName": opt(o.ShortName), "sector": opt(string(o.Sector)),
		"commune": opt(o.Commune), "languages": optList(o.Languages), "aliases": optList(o.Aliases),
		"fold":     opt(reseau.FoldNames(append([]string{o.Name, o.ShortName}, o.Aliases...)...)),
		"sortName": reseau.Fold(o.Name), "communeFold": opt(reseau.FoldCommune(o.Commune)),
		"parent": opt(o.ParentKey), "domains": keys(o.Domains),
	}
	directoryRow(row, &o.Directory)
	return row
}

// The directory record of an organisation (docs/neo4j.md, "Directory
// records"): its texts and e-mails are properties of the node; its phones,
// addresses, schedules, identifiers and services, which a property cannot
// hold as records, are each one JSON property; and what the list filters
// test is kept beside them as lists of strings: the postcodes and folded
// communes of its addresses, and its opening hours as "MO 09:00 12:00", one
// per day of a schedule.

// directoryTexts maps the node's text properties to their fields.
var directoryTexts = []struct {
	prop string
	get  func(*reseau.Directory) *string
}{
	{"nameFr", func(d *reseau.Directory) *string { return &d.NameFR }},
	{"nameNl", func(d *reseau.Directory) *string { return &d.NameNL }},
	{"descriptionFr", func(d *reseau.Directory) *string { return &d.DescriptionFR }},
	{"descriptionNl", func(d *reseau.Directory) *string { return &d.DescriptionNL }},
	{"website", func(d *reseau.Directory) *string { return &d.Website }},
	{"hoursNoteFr", func(d *reseau.Directory) *string { return &d.HoursNoteFR }},
	{"hoursNoteNl", func(d *reseau.Directory) *string { return &d.HoursNoteNL }},
	{"eligibilityFr", func(d *reseau.Directory) *string { return &d.EligibilityFR }},
	{"eligibilityNl", func(d *reseau.Directory) *string { return &d.EligibilityNL }},
	{"accessFr", func(d *reseau.Directory) *string { return &d.AccessFR }},
	{"accessNl", func(d *reseau.Directory) *string { return &d.AccessNL }},
	{"costFr", func(d *reseau.Directory) *string { return &d.CostFR }},
	{"costNl", func(d *reseau.Directory) *string { return &d.CostNL }},
}

// directoryRow adds d's properties to a merge row.
func directoryRow(row map[string]any, d *reseau.Directory) {
	for _, t := range directoryTexts {
		row[t.prop] = opt(*t.get(d))
	}
	row["emails"] = optList(d.Emails)
	row["phones"] = optJSON(d.Phones)
	row["addresses"] = optJSON(d.Addresses)
	row["schedules"] = optJSON(d.Schedules)
	row["identifiers"] = optJSON(d.Identifiers)
	row["services"] = optJSON(d.Services)
	var postcodes, communes, hours []string
	for _, a := range d.Addresses {
		if !slices.Contains(postcodes, a.Postcode) {
			postcodes = append(postcodes, a.Postcode)
		}
		if c := reseau.FoldCommune(a.Commune); !slices.Contains(communes, c) {
			communes = append(communes, c)
		}
	}
	for _, sc := range d.Schedules {
		for _, day := range sc.Days {
			hours = append(hours, day+" "+sc.Opens+" "+sc.Closes)
		}
	}
	row["postcodes"], row["addressCommunes"], row["openingHours"] = optList(postcodes), optList(communes), optList(hours)
}

// optJSON is a list of records as a JSON property, nil when empty. The
// records hold strings, lists of strings and validated coordinates only,
// which always encode.
func optJSON[T any](l []T) any {
	if len(l) == 0 {
		return nil
	}
	b, err := json.Marshal(l)
	if err != nil {
		return nil
	}
	return string(b)
}

// decodeDirectory reads d from a projected organisation. A JSON property
// that does not decode (written by hand, not by this program) is logged
// and read as empty.
func decodeDirectory(m map[string]any, d *reseau.Directory) {
	for _, t := range directoryTexts {
		*t.get(d) = str(m, t.prop)
	}
	d.Emails = strs(m["emails"])
	fromJSON(m, "phones", &d.Phones)
	fromJSON(m, "addresses", &d.Addresses)
	fromJSON(m, "schedules", &d.Schedules)
	fromJSON(m, "identifiers", &d.Identifiers)
	fromJSON(m, "services", &d.Services)
}

func fromJSON[T any](m map[string]any, prop string, dst *[]T) {
	s := str(m, prop)
	if s == "" {
		return
	}
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		*dst = nil
		slog.Default().Error("neo4j: an organisation's property is not the JSON this program writes; read as empty",
			"organisation", str(m, "key"), "property", prop, "err", err)
	}
}

func personRow(p *reseau.Person) map[string]any {
	return map[string]any{
		"key": p.Key, "name": p.Name, "email": opt(p.Email), "phone": opt(p.Phone), "visibility": string(p.Visibility),
		"fold": opt(reseau.Fold(p.Name)), "sortName": reseau.Fold(p.Name),
	}
}

func collaborationRow(c *reseau.Collaboration) map[string]any {
	low, high := span(c.StartDate, c.EndDate)
	var count any
	if c.ParticipantsCount != nil {
		count = int64(*c.ParticipantsCount)
	}
	return map[string]any{
		"key": c.Key, "kind": c.Kind, "title": c.Title, "startDate": opt(c.StartDate), "endDate": opt(c.EndDate),
		"status": opt(c.Status), "participantsCount": count, "description": opt(c.Description),
		"fold": opt(reseau.Fold(c.Title)), "sortTitle": reseau.Fold(c.Title), "sortDate": sortDate(c.StartDate, c.EndDate),
		"spanLow": low, "spanHigh": high,
		"parent": opt(c.ParentKey), "location": opt(c.LocationKey), "domains": keys(c.Domains),
	}
}

func partnershipRow(p *reseau.Partnership) map[string]any {
	low, high := span(p.StartDate, p.EndDate)
	return map[string]any{
		"key": p.Key, "kind": p.Kind, "title": p.Title, "startDate": opt(p.StartDate), "endDate": opt(p.EndDate),
		"description": opt(p.Description),
		"fold":        opt(reseau.Fold(p.Title)), "sortTitle": reseau.Fold(p.Title), "sortDate": sortDate(p.StartDate, p.EndDate),
		"spanLow": low, "spanHigh": high,
	}
}

func membershipRow(m reseau.Membership) map[string]any {
	return map[string]any{"person": m.PersonKey, "organisation": m.OrganisationKey, "role": opt(m.Role), "since": opt(m.Since), "until": opt(m.Until)}
}

func participationRow(p reseau.Participation) map[string]any {
	return map[string]any{"collaboration": p.CollaborationKey, "organisation": p.OrganisationKey, "role": opt(p.Role)}
}

func personParticipationRow(p reseau.PersonParticipation) map[string]any {
	return map[string]any{"collaboration": p.CollaborationKey, "person": p.PersonKey, "role": opt(p.Role)}
}

func partyRow(p reseau.Party) map[string]any {
	return map[string]any{"partnership": p.PartnershipKey, "organisation": p.OrganisationKey, "role": opt(p.Role)}
}

func knowsRow(k reseau.Knows) map[string]any {
	return map[string]any{"person": k.PersonKey, "other": k.OtherKey, "since": opt(k.Since), "source": opt(k.Source)}
}

// Reading: records hold maps projected by the statements.

// value is driver.GetRecordValue with the store's error.
func value[T driver.RecordValue](rec *driver.Record, key string) (T, error) {
	v, _, err := driver.GetRecordValue[T](rec, key)
	if err != nil {
		return v, fmt.Errorf("neo4j: column %s: %w", key, err)
	}
	return v, nil
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func strs(v any) []string {
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// positioned returns the keys of [{key, position}] in position order: the
// order the domains were given in.
func positioned(v any) []string {
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil
	}
	type item struct {
		key string
		pos int64
	}
	items := make([]item, 0, len(l))
	for _, x := range l {
		m, _ := x.(map[string]any)
		p, _ := m["position"].(int64)
		items = append(items, item{str(m, "key"), p})
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].pos != items[j].pos {
			return items[i].pos < items[j].pos
		}
		return items[i].key < items[j].key
	})
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.key
	}
	return out
}

func decodeDomain(m map[string]any) *reseau.Domain {
	return &reseau.Domain{Key: str(m, "key"), LabelFR: str(m, "labelFr"), LabelNL: str(m, "labelNl"), LabelEN: str(m, "labelEn")}
}

func decodeOrganisation(m map[string]any) *reseau.Organisation {
	o := &reseau.Organisation{
		Key: str(m, "key"), Name: str(m, "name"), ShortName: str(m, "shortName"), Sector: reseau.Sector(str(m, "sector")),
		ParentKey: str(m, "parent"), Domains: positioned(m["domains"]), Commune: str(m, "commune"),
		Languages: strs(m["languages"]), Aliases: strs(m["aliases"]),
	}
	decodeDirectory(m, &o.Directory)
	return o
}

func decodePerson(m map[string]any) *reseau.Person {
	return &reseau.Person{Key: str(m, "key"), Name: str(m, "name"), Email: str(m, "email"), Phone: str(m, "phone"),
		Visibility: reseau.Visibility(str(m, "visibility"))}
}

func decodeCollaboration(m map[string]any) *reseau.Collaboration {
	c := &reseau.Collaboration{
		Key: str(m, "key"), Kind: str(m, "kind"), Title: str(m, "title"), Domains: positioned(m["domains"]),
		StartDate: str(m, "startDate"), EndDate: str(m, "endDate"), Status: str(m, "status"),
		ParentKey: str(m, "parent"), LocationKey: str(m, "location"), Description: str(m, "description"),
	}
	if n, ok := m["participantsCount"].(int64); ok {
		v := int(n)
		c.ParticipantsCount = &v
	}
	return c
}

func decodePartnership(m map[string]any) *reseau.Partnership {
	return &reseau.Partnership{Key: str(m, "key"), Kind: str(m, "kind"), Title: str(m, "title"),
		StartDate: str(m, "startDate"), EndDate: str(m, "endDate"), Description: str(m, "description")}
}

// columns reads the string columns of a record.
func columns(rec *driver.Record, names ...string) (map[string]any, error) {
	m := make(map[string]any, len(names))
	for _, n := range names {
		v, ok := rec.Get(n)
		if !ok {
			return nil, fmt.Errorf("neo4j: no column %s", n)
		}
		m[n] = v
	}
	return m, nil
}

// scope adds the caller's people scope to p: the statements test it, so
// that hidden people never reach Go, not even in a count.
func scope(ctx context.Context, p map[string]any) map[string]any {
	sc := reseau.CallerFrom(ctx).PeopleScope()
	p["scopeNone"] = sc.None
	p["scopeAll"] = sc.All
	p["scopeOrgs"] = keys(sc.Orgs)
	p["scopeSelf"] = sc.Self
	p["network"] = string(reseau.VisibilityNetwork)
	return p
}
