package reseau

import (
	"context"
	"slices"
)

// Node type names, as in the GraphQL schema and the Neo4j labels.
const (
	TypeOrganisation  = "Organisation"
	TypePerson        = "Person"
	TypeCollaboration = "Collaboration"
	TypePartnership   = "Partnership"
	TypeDomain        = "Domain"
)

// ListOptions pages and orders a list. Limit <= 0 means no limit.
// OrderBy is one of the Order* constants valid for the listed type; "" means
// the type's natural order (name or title, then key). Ties are always broken
// by key so that pages are stable. SkipCount says the caller needs no
// Page.TotalCount: a store may then leave it 0 and save the count.
type ListOptions struct {
	Offset    int
	Limit     int
	OrderBy   string
	Desc      bool
	SkipCount bool
}

// Orderings.
const (
	OrderKey       = "key"
	OrderName      = "name"      // organisations, people
	OrderTitle     = "title"     // collaborations, partnerships
	OrderStartDate = "startDate" // collaborations, partnerships
)

// Page is one page of a list and the size of the whole list.
type Page[T any] struct {
	Items      []T
	TotalCount int
}

// OrganisationFilter selects organisations; empty fields do not filter, and
// the fields are ANDed. Values inside one field are ORed.
type OrganisationFilter struct {
	Keys    []string
	Sectors []Sector
	Domains []string // active in any of these domains
	// Commune is the organisation's commune or that of one of its
	// addresses: case- and accent-insensitive equality.
	Commune string
	Text    string   // case- and accent-insensitive substring of name, short name or an alias
	Parents []string // PART_OF one of these organisations
	// Postcode: one of its addresses has it.
	Postcode string
	// Language: it speaks it (one of its Languages: fr, nl, en, de).
	Language string
	// OpenOn (one of Weekdays): one of its schedules opens that day,
	// whatever the schedule's validity dates; with OpenAt ("HH:MM") too,
	// that day at that time (Opens <= OpenAt < Closes).
	OpenOn, OpenAt string
	// TiedTo keeps the organisations tied to at least one of its targets,
	// NotTiedTo those tied to none of its targets (and not named by it); a
	// zero TieCondition sets no condition.
	TiedTo, NotTiedTo TieCondition
}

// TieKind is a kind of organisation tie, spelt as the GraphQL TieKind enum.
type TieKind string

// The kinds of organisation ties.
const (
	// TieCollaboration: the two took part in the same collaboration, whose
	// status MakesTies, neither of them invite_absent (Store.Collaborators).
	TieCollaboration TieKind = "COLLABORATION"
	// TiePartnership: the two are parties to the same partnership; in a
	// membership, members are tied to the network only (Store.Partners).
	TiePartnership TieKind = "PARTNERSHIP"
)

// TieCondition names the organisations a tie condition is about (its
// targets): the organisations of one of Sectors, and the organisations
// Organisations names (keys). Kinds says which ties count (empty: both).
// An organisation is never tied to itself. A value, not a pointer, so that
// a filter prints (and so binds its cursors) by content.
type TieCondition struct {
	Sectors       []Sector
	Organisations []string
	Kinds         []TieKind
}

// IsZero reports whether c sets no condition.
func (c TieCondition) IsZero() bool {
	return len(c.Sectors) == 0 && len(c.Organisations) == 0 && len(c.Kinds) == 0
}

// Counts reports whether ties of kind k count for c.
func (c TieCondition) Counts(k TieKind) bool {
	return len(c.Kinds) == 0 || slices.Contains(c.Kinds, k)
}

// Excluded returns the keys a NotTiedTo condition leaves out, given the keys
// of the organisations tied to its targets: those, and the organisations it
// names (nobody asking "who never worked with X" wants X in the answer).
// Sorted, without repeats.
func (c TieCondition) Excluded(tied []string) []string {
	out := append(slices.Clone(tied), c.Organisations...)
	slices.Sort(out)
	return slices.Compact(out)
}

// PersonFilter selects people; hidden people are never selected.
type PersonFilter struct {
	Keys          []string
	Organisations []string // works at one of these organisations
	Text          string   // substring of the name, case- and accent-insensitive
}

// CollaborationFilter selects collaborations. From/To select those whose
// [startDate, endDate] overlaps [From, To] (partial dates compare by their
// earliest/latest day; a missing end is the start).
type CollaborationFilter struct {
	Keys          []string
	Kinds         []string
	Statuses      []string
	Domains       []string
	Text          string // substring of the title
	From, To      string
	Parents       []string // PART_OF one of these collaborations
	Organisations []string // one of these organisations took part (any role)
	Locations     []string // HELD_AT one of these organisations
}

// PartnershipFilter selects partnerships, with the same date semantics as
// CollaborationFilter.
type PartnershipFilter struct {
	Keys          []string
	Kinds         []string
	Text          string
	From, To      string
	Organisations []string // one of these organisations is a party
}

// EdgeFilter selects relationship rows by either end; at least one of its
// fields is set by callers (an empty filter selects every row).
type EdgeFilter struct {
	From []string // the Person or Organisation end (or Person for KNOWS)
	To   []string // the Collaboration, Partnership or Organisation end
}

// TieFilter restricts derived ties to collaborations overlapping [Since, Until].
type TieFilter struct {
	Since, Until string
}

// SearchHit is one search result.
type SearchHit struct {
	Type  string // one of the Type* constants
	Key   string
	Score float64 // higher is better; 1 for an exact (normalised) name match
}

// ImportStats says what an import did.
type ImportStats struct {
	Rows      int // records read
	Created   int // nodes and relationships that did not exist
	Updated   int // that existed with other values
	Unchanged int // that existed with the same values
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Actor string
	Type  string
	Key   string
	Since string // RFC 3339
}

// The store is one interface made of the roles below, so that a consumer
// names the role it uses (loaders read: Reader; analytics reads snapshots:
// its own two-method Source) and the rules live in one place: Checked wraps
// a Store and checks every input before it, so a store implementation only
// stores and fetches.
//
// Every implementation passes the contract suite in internal/storetest
// (behind Checked). Reads apply CallerFrom(ctx).PeopleScope(): hidden people
// are absent from every answer, counts included. Every write records an
// AuditEntry (actor = CallerFrom(ctx).Subject) in the same transaction.
// Errors are *Error: EINVALID for bad input (naming the field), ENOTFOUND
// for an unknown key, ECONFLICT for a key that already exists, EINTERNAL
// otherwise. Bad input that needs no stored data to tell (a field, an
// option, a filter, a dataset row) is Checked's to refuse; what needs the
// stored graph (a reference, a taken key, a PART_OF cycle) the store's, with
// this package's wording (MissingRef, AlreadyExists, PartOfCycle...).
type Store interface {
	Reader
	Writer
	Importer
	Exporter
	Auditor
	Transactor
	Merging

	// Close releases the store's resources.
	Close() error
}

// Reader reads nodes, relationship rows, derived ties and search hits.
type Reader interface {
	// Domains returns every domain, by key.
	Domains(ctx context.Context) ([]*Domain, error)

	// Batch lookups for dataloaders: missing keys are absent from the map.
	DomainsByKeys(ctx context.Context, keys []string) (map[string]*Domain, error)
	OrganisationsByKeys(ctx context.Context, keys []string) (map[string]*Organisation, error)
	PeopleByKeys(ctx context.Context, keys []string) (map[string]*Person, error)
	CollaborationsByKeys(ctx context.Context, keys []string) (map[string]*Collaboration, error)
	PartnershipsByKeys(ctx context.Context, keys []string) (map[string]*Partnership, error)

	// Lists. EINVALID for an unknown OrderBy or enum value.
	FindOrganisations(ctx context.Context, f OrganisationFilter, o ListOptions) (*Page[*Organisation], error)
	FindPeople(ctx context.Context, f PersonFilter, o ListOptions) (*Page[*Person], error)
	FindCollaborations(ctx context.Context, f CollaborationFilter, o ListOptions) (*Page[*Collaboration], error)
	FindPartnerships(ctx context.Context, f PartnershipFilter, o ListOptions) (*Page[*Partnership], error)

	// Relationship rows. From = person/organisation keys, To = collaboration,
	// partnership or organisation keys. KNOWS rows match From on either end.
	Memberships(ctx context.Context, f EdgeFilter) ([]Membership, error)
	Participations(ctx context.Context, f EdgeFilter) ([]Participation, error)
	PersonParticipations(ctx context.Context, f EdgeFilter) ([]PersonParticipation, error)
	Parties(ctx context.Context, f EdgeFilter) ([]Party, error)
	Knows(ctx context.Context, f EdgeFilter) ([]Knows, error)

	// Derived ties, keyed by the asked key; each list is sorted by weight
	// descending then key. invite_absent participations make no tie.
	Collaborators(ctx context.Context, orgKeys []string, f TieFilter) (map[string][]CollaborationTie, error)
	// Partners returns the organisations tied to each by a partnership; a
	// membership (KindMembership with a party of role RoleNetwork, see
	// PartiesTied) ties each member to the network only. Sorted by key.
	Partners(ctx context.Context, orgKeys []string) (map[string][]string, error)
	// TiedOrganisations returns, for each of orgKeys, the keys of the
	// organisations tied to it by a collaboration (those of Collaborators,
	// unfiltered) when collaborations, and by a partnership (those of
	// Partners) when partnerships, sorted, without repeats: what a walk of
	// the graph needs (an organisation path while the analytics index is
	// built), without the weights and dates of the ties. Organisations
	// without such ties are absent.
	TiedOrganisations(ctx context.Context, orgKeys []string, collaborations, partnerships bool) (map[string][]string, error)
	// Acquaintances returns the visible people acquainted with each person.
	Acquaintances(ctx context.Context, personKeys []string) (map[string][]Acquaintance, error)

	// Search is case- and accent-insensitive over names, short names, aliases
	// and titles; types restricts to some Type* values (nil: all). Best first.
	Search(ctx context.Context, text string, types []string, limit int) ([]SearchHit, error)
}

// Writer creates, patches and deletes nodes and relationship rows.
type Writer interface {
	// Node writes. Create: ECONFLICT if the key exists. Delete removes the
	// node and all its relationships: ENOTFOUND if absent. Referenced keys
	// must exist (EINVALID otherwise).
	//
	// Update patches a node atomically: inside its write transaction the
	// store reads the node (ENOTFOUND if absent), calls apply on a copy of
	// it (behind Checked, apply also refuses a changed key or an invalid
	// result), checks the references of the result (EINVALID if missing), writes the node's properties and its own outgoing
	// PART_OF/ACTIVE_IN/ABOUT/HELD_AT, records the audit entry with the node
	// before and after, and returns the node as written. Concurrent updates
	// of one node are serialised, so none is lost. An error from apply is
	// returned as is, and nothing changes.
	//
	// apply must be pure: it may run more than once for one call (the Neo4j
	// store retries transactions), it sees no other write's half-done state,
	// and it must only change the node it is given.
	CreateDomain(ctx context.Context, d *Domain) error
	UpdateDomain(ctx context.Context, key string, apply func(*Domain) error) (*Domain, error)
	DeleteDomain(ctx context.Context, key string) error
	CreateOrganisation(ctx context.Context, o *Organisation) error
	UpdateOrganisation(ctx context.Context, key string, apply func(*Organisation) error) (*Organisation, error)
	DeleteOrganisation(ctx context.Context, key string) error
	// CreatePerson creates p, and its memberships (their PersonKey set to
	// p.Key) in the same write: a person created PRIVATE is visible from the
	// start to the callers of its organisations. An empty p.Key is assigned
	// (Person.AssignKey) and set on p. EINVALID (field "organisation") if an
	// organisation does not exist.
	CreatePerson(ctx context.Context, p *Person, memberships ...Membership) error
	UpdatePerson(ctx context.Context, key string, apply func(*Person) error) (*Person, error)
	// DeletePerson erases a person and every tie of theirs for good.
	DeletePerson(ctx context.Context, key string) error
	CreateCollaboration(ctx context.Context, c *Collaboration) error
	UpdateCollaboration(ctx context.Context, key string, apply func(*Collaboration) error) (*Collaboration, error)
	DeleteCollaboration(ctx context.Context, key string) error
	CreatePartnership(ctx context.Context, p *Partnership) error
	UpdatePartnership(ctx context.Context, key string, apply func(*Partnership) error) (*Partnership, error)
	DeletePartnership(ctx context.Context, key string) error

	// Relationship writes. Put upserts (both ends must exist: ENOTFOUND
	// otherwise); Delete returns ENOTFOUND if the relationship is absent.
	PutMembership(ctx context.Context, m Membership) error
	DeleteMembership(ctx context.Context, personKey, orgKey string) error
	PutParticipation(ctx context.Context, p Participation) error
	DeleteParticipation(ctx context.Context, collabKey, orgKey string) error
	PutPersonParticipation(ctx context.Context, p PersonParticipation) error
	DeletePersonParticipation(ctx context.Context, collabKey, personKey string) error
	PutParty(ctx context.Context, p Party) error
	DeleteParty(ctx context.Context, partnershipKey, orgKey string) error
	PutKnows(ctx context.Context, k Knows) error
	DeleteKnows(ctx context.Context, personKey, otherKey string) error
}

// Merging merges duplicates, and says where the keys they leave lead.
type Merging interface {
	// MergeOrganisations merges organisation from into organisation into
	// (keys), in one transaction, and returns into as written: everything
	// attached to from moves to into, from's names become into's aliases,
	// from's key resolves to into from then on (Redirects), and from is
	// gone. Every store runs the function MergeOrganisations, which says
	// how. EINVALID if into == from, ENOTFOUND if either does not exist.
	MergeOrganisations(ctx context.Context, into, from string) (*Organisation, error)
	// MergePeople is MergeOrganisations for people (see the function
	// MergePeople).
	MergePeople(ctx context.Context, into, from string) (*Person, error)
	// Redirects returns, for each of keys of type typ (TypeOrganisation or
	// TypePerson) that a merge left, the key of the node it resolves to;
	// every such key of the type when keys is nil. A key whose node was
	// deleted since resolves to nothing. The answer holds keys only, for
	// every caller: what it names is read through the calls it serves.
	Redirects(ctx context.Context, typ string, keys []string) (map[string]string, error)
}

// Importer loads a whole dataset.
type Importer interface {
	// Import upserts ds by key, all-or-nothing: on error nothing changes.
	// EINVALID errors name the dataset section and row (Error.Section, Row).
	// It reports the rows written to the ProgressFunc of ctx
	// (WithProgress), if any.
	Import(ctx context.Context, ds *Dataset) (*ImportStats, error)
}

// Exporter reads the whole graph, and the counter that says when it changed
// (what caches and the analytics index are keyed by).
type Exporter interface {
	// Export returns the whole visible graph, every slice sorted.
	Export(ctx context.Context) (*Dataset, error)
	// ExportEach hands the graph Export returns to visit in parts, read as
	// Export reads it (one snapshot): first a Dataset of every node section,
	// then Datasets of one relationship section each, in runs of at most
	// ExportRun rows, sorted as Export sorts them, and last the redirects
	// (see Dataset.Parts). visit
	// may keep what it is given; its error stops the export and is
	// returned. A reader that folds the relationships into something
	// smaller (the analytics index) never holds them all: at scale L they
	// are most of the 520 MiB of a Dataset.
	ExportEach(ctx context.Context, visit func(*Dataset) error) error
	// Version changes after every committed write (a counter, for caches).
	Version(ctx context.Context) (uint64, error)
}

// Auditor reads the audit log.
type Auditor interface {
	// Audit returns audit entries, newest first.
	Audit(ctx context.Context, f AuditFilter, o ListOptions) (*Page[*AuditEntry], error)
}

// Transactor runs a mutation operation as one transaction.
type Transactor interface {
	// Atomic runs fn as one transaction, the way a GraphQL mutation
	// operation runs: every read and write of this store made with the
	// context fn receives runs inside it. Reads see the writes made before
	// them; other contexts see none of them (nor their audit entries) until
	// fn returns nil and the transaction commits. If fn returns an error or
	// panics, every write is rolled back, audit entries included, and Atomic
	// returns fn's error as is.
	//
	// A write that fails inside fn leaves nothing of itself behind, so fn
	// may go on; a failure of the database itself can end the whole
	// transaction, and then Atomic returns an error whatever fn returns. A
	// call with a context already inside Atomic joins that transaction: it
	// returns fn's error, and only the outermost call commits or rolls back.
	// The transaction is not retried: a transient failure is EUNAVAILABLE
	// (try again). Writes from other contexts wait until it ends, so fn must
	// not wait for one.
	Atomic(ctx context.Context, fn func(ctx context.Context) error) error
}
