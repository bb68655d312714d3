package reseau

import (
	"crypto/rand"
	"strings"
)

// NewPersonKey returns a fresh key for a person created without one: "p-"
// and 20 lowercase base32 characters (a-z, 2-7: 100 bits from crypto/rand).
// Keys given by an import are name slugs that anyone can guess; a
// server-assigned key names nobody and cannot be guessed, so trying keys
// tells nothing about who exists.
func NewPersonKey() string {
	return "p-" + strings.ToLower(rand.Text()[:20])
}

// PrepareNewPerson readies the arguments of Store.CreatePerson, before the
// store's transaction: it gives p a NewPersonKey when it has none, sets the
// memberships' PersonKey, and validates them all.
func PrepareNewPerson(p *Person, memberships []Membership) error {
	if p.Key == "" {
		p.Key = NewPersonKey()
	}
	if err := p.Validate(); err != nil {
		return err
	}
	for i := range memberships {
		memberships[i].PersonKey = p.Key
		if err := memberships[i].Validate(); err != nil {
			return err
		}
	}
	return nil
}

// NewPerson is what the audit log records of a CreatePerson: the person and
// the memberships created with them (without any, the person's JSON alone).
type NewPerson struct {
	*Person
	Memberships []Membership `json:"memberships,omitempty"`
}
