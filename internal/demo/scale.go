package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Sizes are the node counts of a synthetic network.
type Sizes struct {
	Organisations  int
	People         int
	Collaborations int
}

// Scales are the benchmark scales of DESIGN.md: S is a commune, M a region,
// L a country.
var Scales = map[string]Sizes{
	"S": {Organisations: 250, People: 2_500, Collaborations: 1_000},
	"M": {Organisations: 5_000, People: 50_000, Collaborations: 20_000},
	"L": {Organisations: 50_000, People: 500_000, Collaborations: 200_000},
}

// ScaleSeed is the seed of Scale, so that every benchmark of a scale runs on
// the same network.
const ScaleSeed = 1

// Scale returns the synthetic network of scale "S", "M" or "L" with ScaleSeed.
func Scale(name string) (*reseau.Dataset, error) {
	return Generate(name, ScaleSeed)
}

// Generate returns the synthetic network of scale "S", "M" or "L" (any case)
// for seed: the same seed gives the same dataset. EINVALID for another scale.
func Generate(scale string, seed int64) (*reseau.Dataset, error) {
	sz, ok := Scales[strings.ToUpper(scale)]
	if !ok {
		return nil, reseau.Errorf(reseau.EINVALID, "unknown scale %q (expected S, M or L)", scale)
	}
	return GenerateSizes(sz, seed), nil
}

// GenerateSizes returns a synthetic network of exactly the given numbers of
// organisations, people and collaborations (no collaboration with fewer than
// two organisations), valid for Dataset.Validate, the same for the same seed.
//
// Organisations are grouped in communes of about 250 (the Brussels communes
// first, then Walloon and Flemish towns), each with its CPAS and the CPAS
// services, its municipal administration and services, a social coordination
// (MIXTE), an associations' network, public bodies and associations, in
// Schaerbeek's proportions (about three in four associations); a few have no
// sector or no domain, as in real data. Each organisation has a hub weight
// (heavy-tailed; the CPAS, the coordination and the network are hubs) that
// draws both staff and collaborations to it. Collaborations (2 to 15
// participants, most in one commune, one in ten across communes; colloquia
// with their workshops) and partnerships (the coordination's convention,
// adhesions to the local network and to regional federations, conventions
// with the CPAS, grants) span 2005–2025. Domains are the Schaerbeek taxonomy.
func GenerateSizes(sz Sizes, seed int64) *reseau.Dataset {
	g := &generator{rng: newRand(seed), ds: &reseau.Dataset{}}
	g.domains()
	g.organisations(sz.Organisations)
	g.people(sz.People)
	g.collaborations(sz.Collaborations)
	g.partnerships()
	g.knows()
	return g.ds
}

// Organisation types of the generator.
const (
	tCPAS = iota
	tCPASService
	tCoordination
	tNetwork
	tCommune
	tCommunalService
	tPublic
	tAssociation
	tFederation
	tUnknown
)

type generator struct {
	rng *rand.Rand
	ds  *reseau.Dataset

	domainKeys   []string
	domainLabel  []string
	domainCum    []float64 // cumulative weights of domains
	domainIndex  map[string]int
	communeNames []string

	// per organisation, parallel to ds.Organisations
	orgType    []int8
	orgCommune []int32
	orgWeight  []float64
	orgDomain  []int8 // primary domain, -1 for none
	orgStaff   [][]int32

	// per commune
	communeOrgs [][]int32
	communeCum  [][]float64 // cumulative hub weights of communeOrgs
	cpas, coord []int32     // per commune, -1 when the commune is too small
	network     []int32
	commune     []int32

	federations []int32 // regional networks, parallel to regionalNetworks

	// per person, parallel to ds.People
	personSince   []int16
	personPrimary []int32
}

func (g *generator) domains() {
	g.ds.Domains = schaerbeekDomains()
	g.domainIndex = map[string]int{}
	total := 0.0
	for i, d := range g.ds.Domains {
		g.domainKeys = append(g.domainKeys, d.Key)
		g.domainLabel = append(g.domainLabel, d.LabelFR)
		g.domainIndex[d.Key] = i
		w, ok := domainWeights[d.Key]
		if !ok {
			w = 2
		}
		total += w
		g.domainCum = append(g.domainCum, total)
	}
}

// domainWeights are how often a domain is an association's main field.
var domainWeights = map[string]float64{
	"action-sociale-generale": 8, "sante-mentale": 6, "sante": 6, "jeunesse": 9, "petite-enfance": 4,
	"logement": 6, "emploi-formation": 7, "primo-arrivants": 5, "cohesion-sociale": 7, "alphabetisation": 4,
	"aide-alimentaire": 3, "seniors": 3, "aide-juridique-administrative": 3,
}

// schaerbeekDomains reads the bundled taxonomy; it is part of the binary, so
// an error is a bug.
func schaerbeekDomains() []reseau.Domain {
	ds, err := Schaerbeek()
	if err != nil {
		panic("demo: bundled Schaerbeek data: " + err.Error())
	}
	return ds.Domains
}

func (g *generator) pickDomain() int {
	return pick(g.rng, g.domainCum)
}

// pick returns an index drawn with the weights whose running sums are cum.
func pick(rng *rand.Rand, cum []float64) int {
	x := rng.Float64() * cum[len(cum)-1]
	i, _ := slices.BinarySearch(cum, x)
	return min(i, len(cum)-1)
}

// key returns prefix followed by n, zero-padded to width digits, so that
// keys sort in creation order.
func key(prefix string, n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return prefix + s
}

func width(n int) int { return len(strconv.Itoa(max(n, 1))) }

func (g *generator) organisations(n int) {
	nc := max(1, min(len(communes), n/250))
	w := width(n)
	g.cpas, g.coord, g.network, g.commune = make([]int32, nc), make([]int32, nc), make([]int32, nc), make([]int32, nc)
	g.communeOrgs, g.communeCum = make([][]int32, nc), make([][]float64, nc)
	g.communeNames = communes[:nc]
	g.ds.Organisations = make([]reseau.Organisation, 0, n)
	for c := range nc {
		quota := n / nc
		if c < n%nc {
			quota++
		}
		g.cpas[c], g.coord[c], g.network[c], g.commune[c] = -1, -1, -1, -1
		plan := g.plan(c, quota, n >= 100)
		for _, t := range plan {
			g.organisation(c, t, w)
		}
	}
	for c := range nc {
		total := 0.0
		for _, o := range g.communeOrgs[c] {
			total += g.orgWeight[o]
			g.communeCum[c] = append(g.communeCum[c], total)
		}
	}
}

// plan returns the types of a commune's quota organisations: the hubs
// first, then services, public bodies and associations.
func (g *generator) plan(c, quota int, regional bool) []int8 {
	plan := make([]int8, 0, quota)
	add := func(t int8, k int) {
		for range k {
			if len(plan) < quota {
				plan = append(plan, t)
			}
		}
	}
	add(tCPAS, 1)
	add(tCoordination, 1)
	add(tNetwork, 1)
	add(tCommune, 1)
	if c == 0 && regional {
		add(tFederation, len(regionalNetworks))
	}
	round := func(f float64) int { return int(math.Round(f * float64(quota))) }
	add(tCPASService, round(0.10))
	add(tCommunalService, round(0.035))
	add(tPublic, round(0.05))
	add(tUnknown, round(0.02))
	add(tAssociation, quota)
	return plan
}

func (g *generator) organisation(c int, t int8, w int) {
	rng := g.rng
	i := int32(len(g.ds.Organisations))
	name := g.communeNames[c]
	o := reseau.Organisation{Key: key("org-", int(i)+1, w), Commune: name, Languages: g.languages(c, t)}
	weight, primary := 1.0, -1
	asg := g.domainIndex["action-sociale-generale"]
	switch t {
	case tCPAS:
		g.cpas[c] = i
		o.Name, o.ShortName, o.Sector, weight, primary = "CPAS de "+name, "CPAS", reseau.SectorCPAS, 30, asg
		if c < brusselsCommunes || c >= walloonEnd {
			o.Aliases = []string{"OCMW " + name}
		}
	case tCPASService:
		primary = g.pickDomain()
		o.Name, o.Sector, weight = cpasServices[rng.IntN(len(cpasServices))]+" du CPAS de "+name, reseau.SectorCPAS, 2+4*rng.Float64()
		o.ParentKey = g.parent(g.cpas[c])
	case tCoordination:
		g.coord[c] = i
		o.Name, o.ShortName, o.Sector, weight, primary = "Coordination sociale de "+name, "Coordination sociale", reseau.SectorMixte, 40, asg
	case tNetwork:
		g.network[c] = i
		o.Name, o.Sector, weight, primary = "Réseau associatif de "+name, reseau.SectorAssociatif, 25, asg
	case tCommune:
		g.commune[c] = i
		o.Name, o.Sector, weight, primary = "Administration communale de "+name, reseau.SectorCommunal, 10, g.domainIndex["cohesion-sociale"]
	case tCommunalService:
		primary = g.pickDomain()
		o.Name, o.Sector, weight = communalServices[rng.IntN(len(communalServices))]+" de "+name, reseau.SectorCommunal, 3
		o.ParentKey = g.parent(g.commune[c])
	case tPublic:
		primary = g.pickDomain()
		o.Name, o.Sector, weight = publicBodies[rng.IntN(len(publicBodies))]+" de "+name, reseau.SectorPublic, 3
	case tFederation:
		f := regionalNetworks[len(g.federations)]
		g.federations = append(g.federations, i)
		o.Name, o.Sector, weight, primary = f.name, reseau.SectorAssociatif, 8, g.domainIndex[f.domain]
	case tAssociation, tUnknown:
		primary = g.pickDomain()
		kinds := associationKinds[g.domainKeys[primary]]
		o.Name = kinds[rng.IntN(len(kinds))] + " " + placeNames[rng.IntN(len(placeNames))]
		if len(g.communeNames) > 1 {
			o.Name += " – " + name
		}
		if t == tAssociation {
			o.Sector = reseau.SectorAssociatif
		}
		// Heavy-tailed: most associations are small, a few are local hubs.
		weight = min(20, math.Pow(1-rng.Float64(), -1/1.6))
		if rng.IntN(20) == 0 {
			primary = -1 // an incomplete profile
		}
	}
	if primary >= 0 {
		o.Domains = []string{g.domainKeys[primary]}
		for range rng.IntN(3) {
			if d := g.domainKeys[g.pickDomain()]; !slices.Contains(o.Domains, d) {
				o.Domains = append(o.Domains, d)
			}
		}
	}
	g.ds.Organisations = append(g.ds.Organisations, o)
	g.orgType = append(g.orgType, t)
	g.orgCommune = append(g.orgCommune, int32(c))
	g.orgWeight = append(g.orgWeight, weight)
	g.orgDomain = append(g.orgDomain, int8(primary))
	g.communeOrgs[c] = append(g.communeOrgs[c], i)
}

func (g *generator) parent(i int32) string {
	if i < 0 {
		return ""
	}
	return g.ds.Organisations[i].Key
}

func (g *generator) languages(c int, t int8) []string {
	switch {
	case c >= walloonEnd:
		return []string{"nl"}
	case c >= brusselsCommunes:
		return []string{"fr"}
	case t != tAssociation && t != tUnknown:
		return []string{"fr", "nl"} // Brussels public bodies are bilingual
	}
	switch r := g.rng.IntN(100); {
	case r < 70:
		return []string{"fr"}
	case r < 85:
		return []string{"nl"}
	}
	return []string{"fr", "nl"}
}

// people spreads n people over the organisations: one each while there are
// enough, the rest in proportion to hub weight, so that the CPAS are the
// largest employers.
func (g *generator) people(n int) {
	orgs := len(g.ds.Organisations)
	if orgs == 0 || n == 0 {
		return
	}
	g.orgStaff = make([][]int32, orgs)
	cum := make([]float64, orgs)
	total := 0.0
	for i, w := range g.orgWeight {
		total += w
		cum[i] = total
	}
	// Assign first, then create people organisation by organisation, so
	// that colleagues have neighbouring keys as in a real import.
	count := make([]int32, orgs)
	for i := range n {
		if i < orgs {
			count[i]++
		} else {
			count[pick(g.rng, cum)]++
		}
	}
	w := width(n)
	g.ds.People = make([]reseau.Person, 0, n)
	g.ds.Memberships = make([]reseau.Membership, 0, n+n/20)
	g.personSince = make([]int16, 0, n)
	g.personPrimary = make([]int32, 0, n)
	rng := g.rng
	for o := range orgs {
		org := g.ds.Organisations[o].Key
		for j := range count[o] {
			p := int32(len(g.ds.People))
			k := key("per-", int(p)+1, w)
			f, l := rng.IntN(len(firstNames)), rng.IntN(len(lastNames))
			person := reseau.Person{Key: k, Name: firstNames[f] + " " + lastNames[l],
				Email:      firstSlugs[f] + "." + lastSlugs[l] + "." + strconv.Itoa(int(p)+1) + "@example.org",
				Visibility: visibility(rng)}
			if rng.IntN(10) < 6 {
				person.Phone = phone(rng)
			}
			role := roles[rng.IntN(len(roles))]
			if j == 0 {
				role = "coordinateur·rice"
			}
			since := 2000 + rng.IntN(24)
			m := reseau.Membership{PersonKey: k, OrganisationKey: org, Role: role, Since: strconv.Itoa(since)}
			if rng.IntN(12) == 0 && since < 2024 {
				m.Until = strconv.Itoa(since + 1 + rng.IntN(2025-since))
			}
			g.ds.People = append(g.ds.People, person)
			g.ds.Memberships = append(g.ds.Memberships, m)
			g.personSince = append(g.personSince, int16(since))
			g.personPrimary = append(g.personPrimary, int32(o))
			g.orgStaff[o] = append(g.orgStaff[o], p)
			// One in twenty also works at another organisation of the same
			// commune (a part-time job, a board seat).
			if rng.IntN(20) == 0 {
				c := g.orgCommune[o]
				other := g.communeOrgs[c][rng.IntN(len(g.communeOrgs[c]))]
				if int(other) != o {
					g.ds.Memberships = append(g.ds.Memberships, reseau.Membership{PersonKey: k,
						OrganisationKey: g.ds.Organisations[other].Key, Role: roles[rng.IntN(len(roles))],
						Since: strconv.Itoa(since + rng.IntN(2026-since))})
					g.orgStaff[other] = append(g.orgStaff[other], p)
				}
			}
		}
	}
}

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
