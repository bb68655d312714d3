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
