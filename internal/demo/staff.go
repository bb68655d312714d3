package demo

import (
	"strconv"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Staff adds fictional people to ds, the same for the same ds and seed: each
// organisation gets 2 to 6 staff members (about 15% of them PRIVATE, one in
// twenty also working at a second organisation); one or two of an
// organisation's staff take part in each collaboration it attended (not in
// those where it was invite_absent), choosing people already working there
// at the time when there are any; and about one person in eight declares
// knowing someone of another organisation. Keys, e-mails and names do not
// collide with the people already in ds.
func Staff(ds *reseau.Dataset, seed int64) {
	rng := newRand(seed)
	used := make(map[string]bool, len(ds.People))
	for _, p := range ds.People {
		used[p.Key] = true
	}
	type member struct {
		person int // index in ds.People
		since  string
	}
	staff := make(map[string][]member, len(ds.Organisations))
	firstNew := len(ds.People)
	type job struct {
		org string
		member
	}
	var second []job
	for _, o := range ds.Organisations {
		n := 2 + rng.IntN(5)
		for j := range n {
			f, l := rng.IntN(len(firstNames)), rng.IntN(len(lastNames))
			key, suffix := firstSlugs[f]+"-"+lastSlugs[l], ""
			for i := 2; used[key+suffix]; i++ {
				suffix = "-" + strconv.Itoa(i)
			}
			key += suffix
			used[key] = true
			p := reseau.Person{Key: key, Name: firstNames[f] + " " + lastNames[l],
				Email: firstSlugs[f] + "." + lastSlugs[l] + suffix + "@example.org", Visibility: visibility(rng)}
			if rng.IntN(10) < 7 {
				p.Phone = phone(rng)
			}
			role := roles[rng.IntN(len(roles))]
			if j == 0 {
				role = "coordinateur·rice"
			}
			since := year(rng, 2000, 2021)
			staff[o.Key] = append(staff[o.Key], member{len(ds.People), since})
			ds.People = append(ds.People, p)
			ds.Memberships = append(ds.Memberships, reseau.Membership{PersonKey: key, OrganisationKey: o.Key, Role: role, Since: since})
			// A few people also work elsewhere: a part-time job, a board
			// seat. Listed right after the first membership, in the order
			// people.csv lists them.
			if rng.IntN(20) == 0 {
				other := ds.Organisations[rng.IntN(len(ds.Organisations))].Key
				if other != o.Key {
					since := year(rng, 2010, 2023)
					second = append(second, job{other, member{len(ds.People) - 1, since}})
					ds.Memberships = append(ds.Memberships, reseau.Membership{PersonKey: key, OrganisationKey: other,
						Role: roles[rng.IntN(len(roles))], Since: since})
				}
			}
		}
	}
	// Second jobs join the staff lists only now, so that an organisation's
	// own staff come first whatever the order of organisations.
	for _, s := range second {
		staff[s.org] = append(staff[s.org], s.member)
	}
	people := ds.People[firstNew:]
	if len(people) == 0 {
		return
	}

	start := make(map[string]string, len(ds.Collaborations))
	for _, c := range ds.Collaborations {
		start[c.Key] = c.StartDate
	}
	took := map[[2]string]bool{}
	for _, pp := range ds.PersonParticipations {
		took[[2]string{pp.CollaborationKey, pp.PersonKey}] = true
	}
	for _, p := range ds.Participations {
		if p.Role == reseau.RoleInviteAbsent {
			continue
		}
		all := staff[p.OrganisationKey]
		// Prefer people who already worked there when it happened; since is
		// a year, compared with the year of the start date.
		var there []member
		for _, m := range all {
			if s := start[p.CollaborationKey]; s == "" || m.since <= s[:4] {
				there = append(there, m)
			}
		}
		if len(there) == 0 {
			there = all
		}
		n := 1
		if rng.IntN(10) < 3 {
			n = 2
		}
		for range min(n, len(there)) {
			key := ds.People[there[rng.IntN(len(there))].person].Key
			if took[[2]string{p.CollaborationKey, key}] {
				continue
			}
			took[[2]string{p.CollaborationKey, key}] = true
			ds.PersonParticipations = append(ds.PersonParticipations,
				reseau.PersonParticipation{CollaborationKey: p.CollaborationKey, PersonKey: key, Role: p.Role})
		}
	}

	primary := make(map[string]string, len(people))
	for _, m := range ds.Memberships {
		if _, ok := primary[m.PersonKey]; !ok {
			primary[m.PersonKey] = m.OrganisationKey
		}
	}
	knows := map[[2]string]bool{}
	for _, k := range ds.Knows {
		knows[[2]string{k.PersonKey, k.OtherKey}] = true
	}
	for range len(people) / 8 {
		a, b := people[rng.IntN(len(people))].Key, people[rng.IntN(len(people))].Key
		if primary[a] == primary[b] || knows[[2]string{a, b}] || knows[[2]string{b, a}] {
			continue
		}
		knows[[2]string{a, b}] = true
		ds.Knows = append(ds.Knows, reseau.Knows{PersonKey: a, OtherKey: b,
			Since: year(rng, 2008, 2023), Source: knowsSources[rng.IntN(len(knowsSources))]})
	}
}
