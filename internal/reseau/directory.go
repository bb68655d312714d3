package reseau

// Directory is what a directory of social services says about an
// organisation: its names in both languages of Brussels, how to reach it,
// where and when it receives people, whom it serves, its identifiers and the
// services it offers. The fields follow HSDS 3.0 (Open Referral) so that an
// export maps field by field; the empty value means unknown, never "none".
// It is embedded in Organisation, so its JSON members sit beside the others.
type Directory struct {
	NameFR        string `json:"nameFr,omitempty"`
	NameNL        string `json:"nameNl,omitempty"`
	DescriptionFR string `json:"descriptionFr,omitempty"`
	DescriptionNL string `json:"descriptionNl,omitempty"`
	// Website is an absolute http(s) URL.
	Website   string    `json:"website,omitempty"`
	Emails    []string  `json:"emails,omitempty"`
	Phones    []Phone   `json:"phones,omitempty"`
	Addresses []Address `json:"addresses,omitempty"`
	// Schedules are the regular opening hours; HoursNote* says what a
	// structure cannot ("closed in August", "on appointment only").
	Schedules   []Schedule `json:"schedules,omitempty"`
	HoursNoteFR string     `json:"hoursNoteFr,omitempty"`
	HoursNoteNL string     `json:"hoursNoteNl,omitempty"`
	// Who it serves and how to get there.
	EligibilityFR string `json:"eligibilityFr,omitempty"`
	EligibilityNL string `json:"eligibilityNl,omitempty"`
	AccessFR      string `json:"accessFr,omitempty"`
	AccessNL      string `json:"accessNl,omitempty"`
	CostFR        string `json:"costFr,omitempty"`
	CostNL        string `json:"costNl,omitempty"`
	// Identifiers in registers: the Belgian enterprise number (scheme
	// IdentifierBCE, checked with its modulo-97 control digits) and others.
	Identifiers []Identifier `json:"identifiers,omitempty"`
	// Services it offers, where a directory distinguishes them (HSDS service).
	// A service with a structure of its own is an organisation PART_OF this one.
	Services []Service `json:"services,omitempty"`
}

// Phone is a telephone number with its kind.
type Phone struct {
	Number string `json:"number"`
	// Kind is one of PhoneKinds (HSDS phone.type); empty means voice.
	Kind        string `json:"kind,omitempty"`
	Description string `json:"description,omitempty"`
}

// PhoneKinds are the kinds of phone HSDS 3.0 names.
var PhoneKinds = []string{"voice", "fax", "text", "cell", "video", "pager", "textphone"}

// Address is where an organisation receives people or its mail.
type Address struct {
	// Kind is one of AddressKinds (HSDS address.address_type); empty means physical.
	Kind     string `json:"kind,omitempty"`
	Street   string `json:"street"`
	Number   string `json:"number,omitempty"`
	Postcode string `json:"postcode"` // four digits in Belgium
	Commune  string `json:"commune"`
	// Latitude and Longitude (WGS 84), both or neither.
	Latitude  *float64 `json:"latitude,omitempty"`
	Longitude *float64 `json:"longitude,omitempty"`
}

// AddressKinds are the kinds of address HSDS 3.0 names.
var AddressKinds = []string{"physical", "postal", "virtual"}

// Schedule is a weekly opening: on these days, from Opens to Closes.
type Schedule struct {
	// Days are RFC 5545 BYDAY codes (MO, TU, WE, TH, FR, SA, SU), as HSDS.
	Days   []string `json:"days"`
	Opens  string   `json:"opens"`  // "HH:MM", 24 h
	Closes string   `json:"closes"` // "HH:MM", after Opens
	// ValidFrom and ValidTo bound the schedule (dates), both optional.
	ValidFrom string `json:"validFrom,omitempty"`
	ValidTo   string `json:"validTo,omitempty"`
}

// Weekdays are the day codes a Schedule uses, Monday first.
var Weekdays = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// Identifier is a registration of an organisation in a register.
type Identifier struct {
	Scheme string `json:"scheme"`
	Value  string `json:"value"`
}

// IdentifierBCE is the scheme of the Belgian enterprise number (Banque-Carrefour
// des Entreprises / Kruispuntbank van Ondernemingen): ten digits, written
// 0123.456.789, the last two the 97-complement of the first eight modulo 97.
const IdentifierBCE = "BCE"

// Service is something an organisation offers, as a directory lists it.
type Service struct {
	// Key is unique within the organisation.
	Key           string   `json:"key"`
	NameFR        string   `json:"nameFr,omitempty"`
	NameNL        string   `json:"nameNl,omitempty"`
	DescriptionFR string   `json:"descriptionFr,omitempty"`
	DescriptionNL string   `json:"descriptionNl,omitempty"`
	Domains       []string `json:"domains,omitempty"` // domain keys
	EligibilityFR string   `json:"eligibilityFr,omitempty"`
	EligibilityNL string   `json:"eligibilityNl,omitempty"`
}
