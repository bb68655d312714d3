package reseau

import "slices"

// Patched is a node that Store.Update* methods patch: the five node types.
type Patched[T any] interface {
	*T
	Validate() error
	clone() *T
	nodeKey() string
}

// ApplyPatch runs apply on a deep copy of cur and checks the result, for
// stores implementing the Update* methods: cur is left as it was, so that it
// can be audited as the node before the write. An error from apply is
// returned as is; a changed key is EINVALID (a key names a node for good);
// then the result must pass Validate. References are the store's to check.
func ApplyPatch[T any, P Patched[T]](cur P, apply func(*T) error) (*T, error) {
	next := P(cur.clone())
	if err := apply(next); err != nil {
		return nil, err
	}
	if next.nodeKey() != cur.nodeKey() {
		return nil, FieldErrorf("key", "a key cannot change (%q)", cur.nodeKey())
	}
	if err := next.Validate(); err != nil {
		return nil, err
	}
	return next, nil
}

func (d *Domain) clone() *Domain  { c := *d; return &c }
func (d *Domain) nodeKey() string { return d.Key }

func (o *Organisation) clone() *Organisation {
	c := *o
	c.Domains, c.Languages, c.Aliases = slices.Clone(o.Domains), slices.Clone(o.Languages), slices.Clone(o.Aliases)
	return &c
}
func (o *Organisation) nodeKey() string { return o.Key }

func (p *Person) clone() *Person  { c := *p; return &c }
func (p *Person) nodeKey() string { return p.Key }

func (c *Collaboration) clone() *Collaboration {
	n := *c
	n.Domains = slices.Clone(c.Domains)
	if c.ParticipantsCount != nil {
		v := *c.ParticipantsCount
		n.ParticipantsCount = &v
	}
	return &n
}
func (c *Collaboration) nodeKey() string { return c.Key }

func (p *Partnership) clone() *Partnership { c := *p; return &c }
func (p *Partnership) nodeKey() string     { return p.Key }
