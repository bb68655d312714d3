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
// store's transaction: it gives p a NewPersonKey when it has none and sets
// the memberships' PersonKey. Checked has checked them (checkNewPerson).
func PrepareNewPerson(p *Person, memberships []Membership) {
	if p.Key == "" {
		p.Key = NewPersonKey()
	}
	for i := range memberships {
		memberships[i].PersonKey = p.Key
	}
}

// checkNewPerson checks the arguments of Store.CreatePerson: p's fields, its
// key only when given (the store assigns one otherwise, which only
// authorisation may require), and the memberships' own fields (their
// PersonKey will be p's).
func checkNewPerson(p *Person, memberships []Membership) error {
	if p.Key != "" {
		if err := checkKey("key", p.Key); err != nil {
			return err
		}
	}
	if err := p.checkFields(); err != nil {
		return err
	}
	for i := range memberships {
		if err := memberships[i].checkFields(); err != nil {
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
