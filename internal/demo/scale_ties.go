// The generator's ties: collaborations and their participants,
// partnerships and KNOWS, drawn between the organisations and people of
// scale.go.

package demo

import (
	"slices"
	"strconv"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// collaborations makes n collaborations and their organisation and person
// participations.
func (g *generator) collaborations(n int) {
	if len(g.ds.Organisations) < 2 {
		return
	}
	rng := g.rng
	w := width(n)
	kindCum := make([]float64, len(collaborationKinds))
	total := 0.0
	for i, k := range collaborationKinds {
		total += float64(k.weight)
		kindCum[i] = total
	}
	g.ds.Collaborations = make([]reseau.Collaboration, 0, n)
	g.ds.Participations = make([]reseau.Participation, 0, n*6)
	g.ds.PersonParticipations = make([]reseau.PersonParticipation, 0, n*7)
	for len(g.ds.Collaborations) < n {
		k := collaborationKinds[pick(rng, kindCum)]
		c := g.orgCommune[rng.IntN(len(g.ds.Organisations))]
		communes := []int32{c}
		if len(g.communeOrgs) > 1 && rng.IntN(10) == 0 {
			for range 1 + rng.IntN(2) {
				communes = append(communes, int32(rng.IntN(len(g.communeOrgs))))
			}
		}
		var size int
		switch k.kind {
		case "colloque", "assemblee", "rencontre_reseau", "speedmeeting", "immersion":
			size = 6 + rng.IntN(10)
		default:
			size = 2
			for size < 15 && rng.IntN(100) < 55 {
				size++
			}
		}
		orgs := g.sample(communes, size)
		// The coordination organises half of the network meetings.
		if co := g.coord[c]; co >= 0 && (k.kind == "rencontre_reseau" || k.kind == "assemblee") && rng.IntN(2) == 0 {
			if j := slices.Index(orgs, co); j >= 0 {
				orgs[0], orgs[j] = orgs[j], orgs[0]
			} else {
				orgs[0] = co
			}
		}
		start := date(rng, 2005, 2025)
		parent := g.collaboration(k.kind, k.label, c, orgs, start, "", w)
		if k.kind == "colloque" {
			// Its workshops, the same day, with some of its participants.
			for range 2 + rng.IntN(2) {
				if len(g.ds.Collaborations) >= n {
					break
				}
				sub := slices.Clone(orgs)
				rng.Shuffle(len(sub), func(i, j int) { sub[i], sub[j] = sub[j], sub[i] })
				g.collaboration("atelier", "Atelier", c, sub[:2+rng.IntN(len(sub)-1)], start, parent, w)
			}
		}
	}
}

// sample draws size distinct organisations from the communes, favouring hubs.
func (g *generator) sample(communes []int32, size int) []int32 {
	avail := 0
	for _, c := range communes {
		avail += len(g.communeOrgs[c])
	}
	size = min(size, avail)
	out := make([]int32, 0, size)
	for tries := 0; len(out) < size && tries < 50*size; tries++ {
		c := communes[g.rng.IntN(len(communes))]
		o := g.communeOrgs[c][pick(g.rng, g.communeCum[c])]
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	// Communes too small for weighted draws to find enough: fill in order.
	for _, c := range communes {
		for _, o := range g.communeOrgs[c] {
			if len(out) < max(size, 2) && !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	return out
}

// participation roles of the non-organisers, with their weights.
var participantRoles = []struct {
	role   string
	weight int
}{
	{"participant", 50}, {"membre", 22}, {"intervenant", 7}, {"animateur", 5}, {"rapporteur", 4},
	{"invite", 3}, {reseau.RoleInviteAbsent, 4}, {"demandeur", 3}, {"visiteur", 2},
}

var participantRoleCum = func() []float64 {
	cum, total := []float64{}, 0.0
	for _, r := range participantRoles {
		total += float64(r.weight)
		cum = append(cum, total)
	}
	return cum
}()

func (g *generator) collaboration(kind, label string, c int32, orgs []int32, start, parent string, w int) string {
	rng := g.rng
	i := len(g.ds.Collaborations)
	col := reseau.Collaboration{Key: key("col-", i+1, w), Kind: kind, StartDate: start, ParentKey: parent}
	switch kind {
	case "groupe_de_travail", "projet_commun", "comite_de_pilotage":
		// They last one to six years: those started lately still run.
		if end := atoi4(start) + rng.IntN(6); end < 2025 {
			col.EndDate, col.Status = strconv.Itoa(end)+"-12-31", "closed"
		} else {
			col.Status = "active"
		}
	default:
		col.EndDate, col.Status = start, "held"
		if start >= "2025-10" {
			col.Status = "planned"
		}
	}
	if rng.IntN(50) == 0 {
		col.Status = "postponed"
	}
	d := int(g.orgDomain[orgs[0]])
	if d < 0 {
		d = g.pickDomain()
	}
	col.Domains = []string{g.domainKeys[d]}
	if rng.IntN(10) < 3 {
		if e := g.domainKeys[g.pickDomain()]; e != col.Domains[0] {
			col.Domains = append(col.Domains, e)
		}
	}
	col.Title = label + " " + g.domainLabel[d] + " – " + g.communeNames[c] + " " + start[:4]
	if rng.IntN(10) < 4 {
		col.LocationKey = g.ds.Organisations[orgs[0]].Key
	}
	if rng.IntN(4) == 0 {
		n := len(orgs) + rng.IntN(3*len(orgs))
		col.ParticipantsCount = &n
	}
	g.ds.Collaborations = append(g.ds.Collaborations, col)

	year := int16(atoi4(start))
	took := make([]int32, 0, 2*len(orgs))
	for j, o := range orgs {
		role := "organisateur"
		switch {
		case j == 0 && (kind == "groupe_de_travail" || kind == "projet_commun" || kind == "comite_de_pilotage"):
			role = "coordinateur"
		case j > 0:
			role = participantRoles[pick(rng, participantRoleCum)].role
		}
		g.ds.Participations = append(g.ds.Participations, reseau.Participation{CollaborationKey: col.Key, OrganisationKey: g.ds.Organisations[o].Key, Role: role})
		if role == reseau.RoleInviteAbsent {
			continue
		}
		staff := g.orgStaff[o]
		if len(staff) == 0 {
			continue
		}
		for range 1 + rng.IntN(10)/7 {
			// A few draws for someone who already worked there then.
			p := staff[rng.IntN(len(staff))]
			for t := 0; t < 3 && g.personSince[p] > year; t++ {
				p = staff[rng.IntN(len(staff))]
			}
			if slices.Contains(took, p) {
				continue
			}
			took = append(took, p)
			g.ds.PersonParticipations = append(g.ds.PersonParticipations, reseau.PersonParticipation{CollaborationKey: col.Key, PersonKey: g.ds.People[p].Key, Role: role})
		}
	}
	return col.Key
}

func atoi4(s string) int {
	n, _ := strconv.Atoi(s[:4])
	return n
}

// partnerships makes the coordination's convention and the adhesions to the
// local network in each commune, adhesions to the regional federations, and
// conventions and grants.
func (g *generator) partnerships() {
	rng := g.rng
	orgs := g.ds.Organisations
	n := 0
	w := width(len(orgs)) + 1
	add := func(kind, title, start, end string, parties ...reseau.Party) {
		n++
		k := key("pship-", n, w)
		g.ds.Partnerships = append(g.ds.Partnerships, reseau.Partnership{Key: k, Kind: kind, Title: title, StartDate: start, EndDate: end})
		for _, p := range parties {
			p.PartnershipKey = k
			g.ds.Parties = append(g.ds.Parties, p)
		}
	}
	party := func(o int32, role string) reseau.Party {
		return reseau.Party{OrganisationKey: orgs[o].Key, Role: role}
	}
	for c, name := range g.communeNames {
		if g.cpas[c] >= 0 && g.network[c] >= 0 && g.coord[c] >= 0 {
			add("convention", "Partenariat CPAS – associations au sein de la Coordination sociale de "+name, year(rng, 2005, 2012), "",
				party(g.cpas[c], "partie"), party(g.network[c], "partie"), party(g.coord[c], "structure_commune"))
		}
	}
	for i := range orgs {
		o := int32(i)
		c := g.orgCommune[o]
		if g.orgType[o] != tAssociation {
			continue
		}
		if net := g.network[c]; net >= 0 && rng.IntN(100) < 45 {
			add("adhesion", "Membre du "+orgs[net].Name, year(rng, 2005, 2024), "", party(net, reseau.RoleNetwork), party(o, "membre"))
		}
		for f, fed := range g.federations {
			if slices.Contains(orgs[o].Domains, regionalNetworks[f].domain) && rng.IntN(100) < 30 {
				add("adhesion", "Membre de la "+orgs[fed].Name, year(rng, 2005, 2024), "", party(fed, reseau.RoleNetwork), party(o, "membre"))
			}
		}
		switch r := rng.IntN(100); {
		case r < 7 && g.cpas[c] >= 0:
			// A convention with the CPAS or one of its services.
			cp := g.cpas[c]
			if s := g.communeOrgs[c][rng.IntN(len(g.communeOrgs[c]))]; g.orgType[s] == tCPASService {
				cp = s
			}
			start := rng.IntN(19)
			end := ""
			if rng.IntN(2) == 0 {
				end = strconv.Itoa(2006+start+rng.IntN(3)) + "-12-31"
			}
			ps := []reseau.Party{party(cp, "partie"), party(o, "partie")}
			for range rng.IntN(3) {
				if other := g.communeOrgs[c][rng.IntN(len(g.communeOrgs[c]))]; g.orgType[other] == tAssociation && other != o &&
					!slices.ContainsFunc(ps, func(p reseau.Party) bool { return p.OrganisationKey == orgs[other].Key }) {
					ps = append(ps, party(other, "partie"))
				}
			}
			add("convention", "Convention de collaboration – "+orgs[o].Name, strconv.Itoa(2006+start)+"-01-01", end, ps...)
		case r < 14:
			// A grant from the commune or a public body.
			funder := g.commune[c]
			if s := g.communeOrgs[c][rng.IntN(len(g.communeOrgs[c]))]; g.orgType[s] == tPublic {
				funder = s
			}
			if funder < 0 {
				continue
			}
			y := 2005 + rng.IntN(20)
			add("financement", "Subvention "+orgs[funder].Name+" – "+orgs[o].Name, strconv.Itoa(y), strconv.Itoa(y+rng.IntN(2025-y+1)),
				party(funder, "financeur"), party(o, "beneficiaire"))
		}
	}
}

// knows makes one declared acquaintance per ten people, mostly within a
// commune, never between colleagues of the same organisation.
func (g *generator) knows() {
	people := g.ds.People
	if len(people) < 2 {
		return
	}
	rng := g.rng
	seen := make(map[uint64]bool, len(people)/10)
	for range len(people) / 10 {
		a := int32(rng.IntN(len(people)))
		var b int32
		if c := g.orgCommune[g.personPrimary[a]]; rng.IntN(10) < 7 {
			o := g.communeOrgs[c][rng.IntN(len(g.communeOrgs[c]))]
			if len(g.orgStaff[o]) == 0 {
				continue
			}
			b = g.orgStaff[o][rng.IntN(len(g.orgStaff[o]))]
		} else {
			b = int32(rng.IntN(len(people)))
		}
		if a == b || g.personPrimary[a] == g.personPrimary[b] || seen[uint64(a)<<32|uint64(b)] || seen[uint64(b)<<32|uint64(a)] {
			continue
		}
		seen[uint64(a)<<32|uint64(b)] = true
		g.ds.Knows = append(g.ds.Knows, reseau.Knows{PersonKey: people[a].Key, OtherKey: people[b].Key,
			Since: year(rng, 2008, 2024), Source: knowsSources[rng.IntN(len(knowsSources))]})
	}
}
