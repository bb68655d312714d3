// The fold of two duplicates into one: the records (MergeOrganisationRecords,
// MergePersonRecords) and the relationship rows both of them have
// (MergedRole, MergeMembership, MergeKnows). Pure functions: both stores
// merge through MergeOrganisations and MergePeople (merging.go), which call
// them, so a merge answers alike whatever the store.

package reseau

import (
	"slices"
	"strconv"
	"strings"
)

// MergeOrganisationRecords returns into's record once from is merged into
// it. Neither argument is changed, and the result shares no list with them.
//
//   - Scalars: into's are kept; an empty one is filled from from's (short
//     name, sector, commune, and every scalar of the Directory: names fr/nl,
//     descriptions, website, hours notes, eligibility, access, cost).
//   - Lists are unioned, into's items first, each once: domains and
//     languages (equal keys), e-mails (FoldEmail), phones (FoldPhone, else
//     the number as written), addresses (kind, and FoldAddress: street,
//     number and postcode folded), schedules (days, hours and validity),
//     identifiers (FoldIdentifier: scheme and value compared without case,
//     spaces, dots, dashes or slashes, KBO read as BCE). An item of
//     from's that is into's again fills the empty fields of into's.
//   - from's names (name, short name, aliases, nameFr, nameNl) become
//     aliases of into, except those into already holds under one of its
//     names (compared folded), so that search finds into by either.
//   - Services (Directory.Services): a service of from's whose key into
//     does not use is added; one whose key into uses is the same service
//     when both have no name or share a folded name (fr or nl), and is then
//     folded into into's (into's fields kept, empty ones filled, domains
//     unioned); otherwise it is added under its key suffixed "-2" (or the
//     first of "-3", "-4"… that is free), so that neither is lost.
//   - Parent (PART_OF): into's, unless it is from, then from's; from's fills
//     an empty one; a parent that would be into or from itself is dropped.
//     MergeOrganisations handles the deeper hierarchies (into under from
//     through other organisations, or from under into) before it calls this.
func MergeOrganisationRecords(into, from Organisation) Organisation {
	out := into
	out.ShortName = fill(into.ShortName, from.ShortName)
	if out.Sector == "" {
		out.Sector = from.Sector
	}
	out.Commune = fill(into.Commune, from.Commune)
	if into.ParentKey == from.Key || into.ParentKey == "" {
		out.ParentKey = from.ParentKey
	}
	if out.ParentKey == into.Key || out.ParentKey == from.Key {
		out.ParentKey = ""
	}
	out.Domains = union(into.Domains, from.Domains, same[string], nil)
	out.Languages = union(into.Languages, from.Languages, same[string], nil)
	out.Directory = mergeDirectory(into.Directory, from.Directory)
	out.Aliases = mergedAliases(out, from)
	return out
}

// mergedAliases is into's aliases, then those of from's names that out (the
// merged record) does not hold yet under one of its names.
func mergedAliases(out, from Organisation) []string {
	held := map[string]bool{}
	for _, n := range []string{out.Name, out.ShortName, out.NameFR, out.NameNL} {
		held[Fold(n)] = true
	}
	aliases := slices.Clone(out.Aliases)
	for _, a := range aliases {
		held[Fold(a)] = true
	}
	names := append([]string{from.Name, from.ShortName, from.NameFR, from.NameNL}, from.Aliases...)
	for _, n := range names {
		if f := Fold(n); f != "" && !held[f] {
			held[f] = true
			aliases = append(aliases, n)
		}
	}
	if len(aliases) == 0 {
		return nil
	}
	return aliases
}

// mergeDirectory folds the directory records of MergeOrganisationRecords.
func mergeDirectory(into, from Directory) Directory {
	out := into
	pairs := []struct {
		dst *string
		src string
	}{
		{&out.NameFR, from.NameFR}, {&out.NameNL, from.NameNL},
		{&out.DescriptionFR, from.DescriptionFR}, {&out.DescriptionNL, from.DescriptionNL},
		{&out.Website, from.Website},
		{&out.HoursNoteFR, from.HoursNoteFR}, {&out.HoursNoteNL, from.HoursNoteNL},
		{&out.EligibilityFR, from.EligibilityFR}, {&out.EligibilityNL, from.EligibilityNL},
		{&out.AccessFR, from.AccessFR}, {&out.AccessNL, from.AccessNL},
		{&out.CostFR, from.CostFR}, {&out.CostNL, from.CostNL},
	}
	for _, p := range pairs {
		*p.dst = fill(*p.dst, p.src)
	}
	out.Emails = union(into.Emails, from.Emails, func(a, b string) bool { return FoldEmail(a) == FoldEmail(b) }, nil)
	out.Phones = union(into.Phones, from.Phones, func(a, b Phone) bool { return phoneKey(a) == phoneKey(b) },
		func(a, b Phone) Phone {
			a.Kind, a.Description = fill(a.Kind, b.Kind), fill(a.Description, b.Description)
			return a
		})
	out.Addresses = union(into.Addresses, from.Addresses, func(a, b Address) bool { return addressKey(a) == addressKey(b) },
		func(a, b Address) Address {
			a.Commune = fill(a.Commune, b.Commune)
			if a.Latitude == nil && a.Longitude == nil && b.Latitude != nil && b.Longitude != nil {
				lat, lon := *b.Latitude, *b.Longitude
				a.Latitude, a.Longitude = &lat, &lon
			}
			return a
		})
	for i, a := range out.Addresses { // no pointer shared with the arguments
		if a.Latitude != nil {
			lat := *a.Latitude
			out.Addresses[i].Latitude = &lat
		}
		if a.Longitude != nil {
			lon := *a.Longitude
			out.Addresses[i].Longitude = &lon
		}
	}
	out.Schedules = union(into.Schedules, from.Schedules, func(a, b Schedule) bool { return scheduleKey(a) == scheduleKey(b) }, nil)
	for i := range out.Schedules {
		out.Schedules[i].Days = slices.Clone(out.Schedules[i].Days)
	}
	out.Identifiers = union(into.Identifiers, from.Identifiers, func(a, b Identifier) bool { return identifierKey(a) == identifierKey(b) }, nil)
	out.Services = mergeServices(into.Services, from.Services)
	return out
}

// mergeServices folds from's services into into's (see
// MergeOrganisationRecords).
func mergeServices(into, from []Service) []Service {
	out := make([]Service, 0, len(into)+len(from))
	for _, s := range into {
		s.Domains = slices.Clone(s.Domains)
		out = append(out, s)
	}
	taken := func(k string) int {
		return slices.IndexFunc(out, func(s Service) bool { return s.Key == k })
	}
	for _, s := range from {
		s.Domains = slices.Clone(s.Domains)
		i := taken(s.Key)
		switch {
		case i < 0:
			out = append(out, s)
		case sameService(out[i], s):
			t := &out[i]
			for _, p := range []struct {
				dst *string
				src string
			}{{&t.NameFR, s.NameFR}, {&t.NameNL, s.NameNL}, {&t.DescriptionFR, s.DescriptionFR},
				{&t.DescriptionNL, s.DescriptionNL}, {&t.EligibilityFR, s.EligibilityFR}, {&t.EligibilityNL, s.EligibilityNL}} {
				*p.dst = fill(*p.dst, p.src)
			}
			t.Domains = union(t.Domains, s.Domains, same[string], nil)
		default:
			base := s.Key
			for n := 2; ; n++ {
				suffix := "-" + strconv.Itoa(n)
				k := base[:min(len(base), MaxKeyLen-len(suffix))] + suffix
				if taken(k) < 0 && !slices.ContainsFunc(from, func(f Service) bool { return f.Key == k }) {
					s.Key = k
					break
				}
			}
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// sameService reports whether two services under one key are the same
// service: both without a name, or sharing a folded name.
func sameService(a, b Service) bool {
	if a.NameFR == "" && a.NameNL == "" && b.NameFR == "" && b.NameNL == "" {
		return true
	}
	eq := func(x, y string) bool { return x != "" && Fold(x) == Fold(y) }
	return eq(a.NameFR, b.NameFR) || eq(a.NameNL, b.NameNL)
}

func phoneKey(p Phone) string {
	if f := FoldPhone(p.Number); f != "" {
		return f
	}
	return strings.TrimSpace(p.Number)
}

func addressKey(a Address) string {
	kind := a.Kind
	if kind == "" {
		kind = "physical"
	}
	return kind + "|" + FoldAddress(a)
}

func scheduleKey(s Schedule) string {
	days := slices.Clone(s.Days)
	slices.Sort(days)
	return strings.Join(days, ",") + "|" + s.Opens + "|" + s.Closes + "|" + s.ValidFrom + "|" + s.ValidTo
}

func identifierKey(i Identifier) string { return FoldIdentifier(i) }

// MergePersonRecords returns into's record once from is merged into it:
// into's name is kept, an empty e-mail or phone is filled from from's, and
// the person is PRIVATE if either was (a merge never shows anyone more
// widely than before). A person has no aliases: from's name stays in the
// merge's audit entry.
func MergePersonRecords(into, from Person) Person {
	out := into
	out.Email = fill(into.Email, from.Email)
	out.Phone = fill(into.Phone, from.Phone)
	if from.Visibility == VisibilityPrivate {
		out.Visibility = VisibilityPrivate
	}
	return out
}

// MergedRole is the role left when into and from both took part in the same
// collaboration, or are both party to the same partnership: the more
// specific of the two, into's when they are as specific. From the least
// specific: RoleInviteAbsent (invited, did not come: it never overrides a
// role of someone who came), no role, a generic role (participant, membre,
// invite, visiteur, partie), any other named role (intervenant,
// rapporteur, financeur…), a leading role (organisateur, coordinateur,
// animateur, hote, formateur, and the network's RoleNetwork in a
// membership). Roles compare folded.
func MergedRole(into, from string) string {
	if roleRank(from) > roleRank(into) {
		return from
	}
	return into
}

func roleRank(role string) int {
	switch f := Fold(role); f {
	case Fold(RoleInviteAbsent):
		return 0
	case "":
		return 1
	case "participant", "participante", "membre", "invite", "invitee", "visiteur", "visiteuse", "partie":
		return 2
	case "organisateur", "organisatrice", "coordinateur", "coordinatrice", "animateur", "animatrice",
		"hote", "hotesse", "formateur", "formatrice", RoleNetwork:
		return 4
	default:
		return 3
	}
}

// MergeMembership is the one membership left when a person works at both
// organisations merged (or both people merged work at one organisation):
// into's row, its empty role, since and until filled from from's.
func MergeMembership(into, from Membership) Membership {
	into.Role = fill(into.Role, from.Role)
	into.Since = fill(into.Since, from.Since)
	into.Until = fill(into.Until, from.Until)
	return into
}

// MergeKnows is the one KNOWS left when two acquaintances fold into one:
// into's row (and direction), its empty since and source filled from from's.
func MergeKnows(into, from Knows) Knows {
	into.Since = fill(into.Since, from.Since)
	into.Source = fill(into.Source, from.Source)
	return into
}

// fill returns have, or alt when have is empty.
func fill(have, alt string) string {
	if have == "" {
		return alt
	}
	return have
}

func same[T comparable](a, b T) bool { return a == b }

// union returns a's items then b's that are not equal (eq) to an item
// already in, each once; combine (if not nil) folds a b item into the equal
// item already in. A new slice, nil when empty.
func union[T any](a, b []T, eq func(x, y T) bool, combine func(have, other T) T) []T {
	out := make([]T, 0, len(a)+len(b))
	add := func(v T) {
		for i := range out {
			if eq(out[i], v) {
				if combine != nil {
					out[i] = combine(out[i], v)
				}
				return
			}
		}
		out = append(out, v)
	}
	for _, v := range a {
		add(v)
	}
	for _, v := range b {
		add(v)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
