// Package reseau holds Réseau's domain: the graph model, the Store interface
// that every adapter implements, the error type and the context helpers.
// It imports nothing of this module, so adapters depend on it and never on
// each other.
package reseau

import (
	"cmp"
	"encoding/json"
	"slices"
)

// Sector is the kind of body an organisation is. Ties across sectors are what
// the network exists for.
type Sector string

// Sectors, as in DESIGN.md. The CSV files use their lower-case spelling.
const (
	SectorCPAS       Sector = "CPAS"
	SectorAssociatif Sector = "ASSOCIATIF"
	SectorCommunal   Sector = "COMMUNAL"
	SectorPublic     Sector = "PUBLIC"
	SectorMixte      Sector = "MIXTE"
)

// AllSectors lists every valid sector in a stable order.
var AllSectors = []Sector{SectorCPAS, SectorAssociatif, SectorCommunal, SectorPublic, SectorMixte}

// Valid reports whether s is one of AllSectors. The empty sector (unknown) is
// not valid as a filter value but is allowed on an organisation whose profile
// is incomplete.
func (s Sector) Valid() bool {
	for _, v := range AllSectors {
		if s == v {
			return true
		}
	}
	return false
}

// Visibility says who may see a person.
type Visibility string

// Visibilities: NETWORK people are seen by every signed-in member; PRIVATE
// people only by callers whose token lists one of the person's organisations,
// and by coordinators.
const (
	VisibilityNetwork Visibility = "NETWORK"
	VisibilityPrivate Visibility = "PRIVATE"
)

// Valid reports whether v is a known visibility.
func (v Visibility) Valid() bool { return v == VisibilityNetwork || v == VisibilityPrivate }

// RoleInviteAbsent is the participation role of an organisation or person that
// was invited and did not come: it is stored but makes no tie.
const RoleInviteAbsent = "invite_absent"

// RoleNetwork is the party role of the network in a membership partnership
// (kind KindMembership): such a partnership ties each member to the network
// only, never members together (see NetworkParty and PartiesTied).
const RoleNetwork = "reseau"

// KindMembership is the partnership kind of a membership ("adhésion"). With
// a party of role RoleNetwork it ties each member to the network only; a
// partnership of any other kind ties all its parties pairwise, whatever
// their roles.
const KindMembership = "adhesion"

// NetworkParty reports whether a party of role role in a partnership of kind
// kind is the network of a membership. A partnership is a membership when
// one of its parties is; the Neo4j store, whose Cypher cannot call Go,
// passes KindMembership and RoleNetwork as parameters to the same test.
func NetworkParty(kind, role string) bool { return kind == KindMembership && role == RoleNetwork }

// PartiesTied reports whether two parties of a partnership, of roles roleA
// and roleB, are tied: always, except in a membership (a partnership with a
// NetworkParty), where only the pairs that include the network are.
func PartiesTied(membership bool, roleA, roleB string) bool {
	return !membership || roleA == RoleNetwork || roleB == RoleNetwork
}

// RoleJointStructure is the party role of the body a partnership founds or
// governs together (the CASS, in the partnership of the CPAS and the CSS):
// every party of such a partnership sits on that body with the others
// (see GoverningBody).
const RoleJointStructure = "structure_commune"

// GoverningBody reports whether a collaboration of this kind is a body its
// participants sit on together, not an occasion they met at: a steering
// committee (comite_de_pilotage) or a general assembly (assemblee).
//
// Two organisations sit together on a body when both are parties to a
// partnership with a RoleJointStructure party (the founders and the body
// itself), or both took part in a collaboration of a governing kind that
// makes ties (MakesTies). Suggested meetings never pair them: they already
// meet there.
func GoverningBody(kind string) bool { return kind == "comite_de_pilotage" || kind == "assemblee" }

// Domain is a field of work, labelled in French, Dutch and (optionally)
// English.
type Domain struct {
	Key     string `json:"key"`
	LabelFR string `json:"labelFr"`
	LabelNL string `json:"labelNl,omitempty"`
	LabelEN string `json:"labelEn,omitempty"`
}

// Organisation is a CPAS, one of its services, an association, a municipal
// service or another public body.
type Organisation struct {
	Key       string   `json:"key"`
	Name      string   `json:"name"`
	ShortName string   `json:"shortName,omitempty"`
	Sector    Sector   `json:"sector,omitempty"`
	ParentKey string   `json:"parent,omitempty"`  // PART_OF
	Domains   []string `json:"domains,omitempty"` // ACTIVE_IN, domain keys
	Commune   string   `json:"commune,omitempty"`
	Languages []string `json:"languages,omitempty"`
	Aliases   []string `json:"aliases,omitempty"`
	// Directory holds its contact details, opening hours, audience,
	// identifiers and services (see directory.go); its zero value is a
	// profile without any.
	Directory
}

// Person is a professional of the network. Never a person helped by it.
type Person struct {
	Key        string     `json:"key"`
	Name       string     `json:"name"`
	Email      string     `json:"email,omitempty"`
	Phone      string     `json:"phone,omitempty"`
	Visibility Visibility `json:"visibility"`
}

// Membership is (Person)-[:WORKS_AT {role, since, until}]->(Organisation).
type Membership struct {
	PersonKey       string `json:"person"`
	OrganisationKey string `json:"organisation"`
	Role            string `json:"role,omitempty"`
	Since           string `json:"since,omitempty"`
	Until           string `json:"until,omitempty"`
}

// Collaboration is a working group, meeting, colloquium, immersion day...
type Collaboration struct {
	Key               string   `json:"key"`
	Kind              string   `json:"kind"`
	Title             string   `json:"title"`
	Domains           []string `json:"domains,omitempty"` // ABOUT
	StartDate         string   `json:"startDate,omitempty"`
	EndDate           string   `json:"endDate,omitempty"`
	Status            string   `json:"status,omitempty"`
	ParentKey         string   `json:"parent,omitempty"`   // PART_OF
	LocationKey       string   `json:"location,omitempty"` // HELD_AT
	ParticipantsCount *int     `json:"participantsCount,omitempty"`
	Description       string   `json:"description,omitempty"`
}

// Participation is (Organisation)-[:TOOK_PART_IN {role}]->(Collaboration).
type Participation struct {
	CollaborationKey string `json:"collaboration"`
	OrganisationKey  string `json:"organisation"`
	Role             string `json:"role,omitempty"`
}

// PersonParticipation is (Person)-[:TOOK_PART_IN {role}]->(Collaboration).
type PersonParticipation struct {
	CollaborationKey string `json:"collaboration"`
	PersonKey        string `json:"person"`
	Role             string `json:"role,omitempty"`
}

// Partnership is a formal, inter-institutional commitment (convention,
// financement, adhesion).
type Partnership struct {
	Key         string `json:"key"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	StartDate   string `json:"startDate,omitempty"`
	EndDate     string `json:"endDate,omitempty"`
	Description string `json:"description,omitempty"`
}

// Party is (Organisation)-[:PARTY_TO {role}]->(Partnership).
type Party struct {
	PartnershipKey  string `json:"partnership"`
	OrganisationKey string `json:"organisation"`
	Role            string `json:"role,omitempty"`
}

// Knows is a declared acquaintance (Person)-[:KNOWS {since, source}]->(Person).
type Knows struct {
	PersonKey string `json:"person"`
	OtherKey  string `json:"other"`
	Since     string `json:"since,omitempty"`
	Source    string `json:"source,omitempty"`
}

// Dataset is a whole graph, or a part of one to import. It is the shape of the
// CSV import, of the JSON snapshot and of the projection analytics are built on.
// Slices are sorted by key (then by the other key) when a store exports.
type Dataset struct {
	Domains              []Domain              `json:"domains"`
	Organisations        []Organisation        `json:"organisations"`
	People               []Person              `json:"people"`
	Memberships          []Membership          `json:"memberships"`
	Collaborations       []Collaboration       `json:"collaborations"`
	Participations       []Participation       `json:"participations"`
	PersonParticipations []PersonParticipation `json:"personParticipations"`
	Partnerships         []Partnership         `json:"partnerships"`
	Parties              []Party               `json:"parties"`
	Knows                []Knows               `json:"knows"`
	// Redirects are the keys of merged organisations and people, and where
	// they lead; optional, so that snapshots written before merges existed
	// import as they are.
	Redirects []Redirect `json:"redirects,omitempty"`
}

// Redirect is a key that a merge left: Key named a node merged into the
// node Into, and resolves to Into from then on.
type Redirect struct {
	Type string `json:"type"` // TypeOrganisation or TypePerson
	Key  string `json:"key"`
	Into string `json:"into"`
}

// ExportRun is the most relationship rows of one part of
// Exporter.ExportEach.
const ExportRun = 16 << 10

// Parts hands d to visit as Exporter.ExportEach hands a graph over: the
// node sections, then each relationship section in runs of at most
// ExportRun rows, then the redirects the same way. A store that cannot read its relationships a run at a
// time exports whole and hands the result over with Parts.
func (d *Dataset) Parts(visit func(*Dataset) error) error {
	if err := visit(&Dataset{Domains: d.Domains, Organisations: d.Organisations, People: d.People,
		Collaborations: d.Collaborations, Partnerships: d.Partnerships}); err != nil {
		return err
	}
	if err := runs(d.Memberships, func(r []Membership) *Dataset { return &Dataset{Memberships: r} }, visit); err != nil {
		return err
	}
	if err := runs(d.Participations, func(r []Participation) *Dataset { return &Dataset{Participations: r} }, visit); err != nil {
		return err
	}
	if err := runs(d.PersonParticipations, func(r []PersonParticipation) *Dataset { return &Dataset{PersonParticipations: r} }, visit); err != nil {
		return err
	}
	if err := runs(d.Parties, func(r []Party) *Dataset { return &Dataset{Parties: r} }, visit); err != nil {
		return err
	}
	if err := runs(d.Knows, func(r []Knows) *Dataset { return &Dataset{Knows: r} }, visit); err != nil {
		return err
	}
	return runs(d.Redirects, func(r []Redirect) *Dataset { return &Dataset{Redirects: r} }, visit)
}

// runs hands rows to visit in runs of at most ExportRun, each made a part
// by part.
func runs[T any](rows []T, part func([]T) *Dataset, visit func(*Dataset) error) error {
	for i := 0; i < len(rows); i += ExportRun {
		if err := visit(part(rows[i:min(i+ExportRun, len(rows))])); err != nil {
			return err
		}
	}
	return nil
}

// Append adds the rows of part to d, section by section.
func (d *Dataset) Append(part *Dataset) {
	d.Domains = append(d.Domains, part.Domains...)
	d.Organisations = append(d.Organisations, part.Organisations...)
	d.People = append(d.People, part.People...)
	d.Memberships = append(d.Memberships, part.Memberships...)
	d.Collaborations = append(d.Collaborations, part.Collaborations...)
	d.Participations = append(d.Participations, part.Participations...)
	d.PersonParticipations = append(d.PersonParticipations, part.PersonParticipations...)
	d.Partnerships = append(d.Partnerships, part.Partnerships...)
	d.Parties = append(d.Parties, part.Parties...)
	d.Knows = append(d.Knows, part.Knows...)
	d.Redirects = append(d.Redirects, part.Redirects...)
}

// Rows is the number of records in the dataset, used for import throughput.
func (d *Dataset) Rows() int {
	return len(d.Domains) + len(d.Organisations) + len(d.People) + len(d.Memberships) +
		len(d.Collaborations) + len(d.Participations) + len(d.PersonParticipations) +
		len(d.Partnerships) + len(d.Parties) + len(d.Knows) + len(d.Redirects)
}

// CollaborationTie is a derived tie between two organisations that took part
// in the same collaborations (invite_absent excluded).
type CollaborationTie struct {
	OrganisationKey   string   // the other organisation
	Weight            int      // number of distinct shared collaborations
	FirstDate         string   // earliest start date among them ("" if none known)
	LastDate          string   // latest end (or start) date among them
	CollaborationKeys []string // the shared collaborations, sorted
	// Grounds, at ScopeInstitution only (FoldTies), says which of the two
	// institutions' members shared which collaborations.
	Grounds []TieGround
}

// ReasonKind says why two people are acquainted.
type ReasonKind string

// Reason kinds.
const (
	ReasonCollaboration ReasonKind = "COLLABORATION" // took part in the same collaboration
	ReasonOrganisation  ReasonKind = "ORGANISATION"  // work at the same organisation
	ReasonKnows         ReasonKind = "KNOWS"         // one declared knowing the other
)

// Reason is one ground for an acquaintance: Key is the collaboration or the
// organisation ("" for KNOWS).
type Reason struct {
	Kind ReasonKind
	Key  string
}

// Acquaintance is a derived tie between two people.
type Acquaintance struct {
	PersonKey string   // the other person
	Weight    int      // len(Reasons)
	Reasons   []Reason // sorted by kind then key
}

// AuditEntry records one write: who, when, what, before and after (JSON).
type AuditEntry struct {
	ID     int64
	At     string // RFC 3339, UTC
	Actor  string // the caller's subject ("system" for the CLI)
	Action string // e.g. "updateOrganisation", "import"
	Type   string // node type touched ("Organisation", ...), or "" for imports
	Key    string
	Before string // JSON, "" when created
	After  string // JSON, "" when deleted
}

// Removed is what a delete removed or changed besides the node itself: its
// relationships, the partnerships left without any party (deleted with an
// organisation), and the nodes that lost a PART_OF or HELD_AT pointing at
// it. A delete's audit entry keeps it, so that the entry alone says what was
// lost. Stores fill the sections that apply to the deleted type.
type Removed struct {
	Memberships          []Membership          `json:"memberships,omitempty"`
	Participations       []Participation       `json:"participations,omitempty"`
	PersonParticipations []PersonParticipation `json:"personParticipations,omitempty"`
	Parties              []Party               `json:"parties,omitempty"`
	Partnerships         []Partnership         `json:"partnerships,omitempty"`   // deleted: no party was left
	Services             []string              `json:"services,omitempty"`       // organisations PART_OF it, now on their own
	HeldHere             []string              `json:"heldHere,omitempty"`       // collaborations HELD_AT it, now without a location
	SubEvents            []string              `json:"subEvents,omitempty"`      // collaborations PART_OF it, now on their own
	Organisations        []string              `json:"organisations,omitempty"`  // organisations ACTIVE_IN the deleted domain
	Collaborations       []string              `json:"collaborations,omitempty"` // collaborations ABOUT the deleted domain
}

// Deletion is the "before" of a delete's audit entry: the node's own JSON
// object with the sections of Removed beside its fields (no name is shared),
// every list sorted, so both stores write the same entry.
type Deletion struct {
	Node    any
	Removed Removed
}

// MarshalJSON writes the node's object with the non-empty sections added.
func (d Deletion) MarshalJSON() ([]byte, error) {
	node, err := json.Marshal(d.Node)
	if err != nil {
		return nil, err
	}
	r := d.Removed
	r.Memberships = sortedCopy(r.Memberships, func(a, b Membership) int {
		return cmp.Or(cmp.Compare(a.PersonKey, b.PersonKey), cmp.Compare(a.OrganisationKey, b.OrganisationKey))
	})
	r.Participations = sortedCopy(r.Participations, func(a, b Participation) int {
		return cmp.Or(cmp.Compare(a.CollaborationKey, b.CollaborationKey), cmp.Compare(a.OrganisationKey, b.OrganisationKey))
	})
	r.PersonParticipations = sortedCopy(r.PersonParticipations, func(a, b PersonParticipation) int {
		return cmp.Or(cmp.Compare(a.CollaborationKey, b.CollaborationKey), cmp.Compare(a.PersonKey, b.PersonKey))
	})
	r.Parties = sortedCopy(r.Parties, func(a, b Party) int {
		return cmp.Or(cmp.Compare(a.PartnershipKey, b.PartnershipKey), cmp.Compare(a.OrganisationKey, b.OrganisationKey))
	})
	r.Partnerships = sortedCopy(r.Partnerships, func(a, b Partnership) int { return cmp.Compare(a.Key, b.Key) })
	r.Services = sortedCopy(r.Services, cmp.Compare[string])
	r.HeldHere = sortedCopy(r.HeldHere, cmp.Compare[string])
	r.SubEvents = sortedCopy(r.SubEvents, cmp.Compare[string])
	r.Organisations = sortedCopy(r.Organisations, cmp.Compare[string])
	r.Collaborations = sortedCopy(r.Collaborations, cmp.Compare[string])
	removed, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	if len(node) < 2 || node[len(node)-1] != '}' || string(removed) == "{}" {
		return node, nil
	}
	if string(node) == "{}" {
		return removed, nil
	}
	return append(append(node[:len(node)-1:len(node)-1], ','), removed[1:]...), nil
}

func sortedCopy[T any](s []T, compare func(a, b T) int) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.SortedFunc(slices.Values(s), compare)
}
