package reseau

import "slices"

// Patched is a node that Store.Update* methods patch: the five node types.
type Patched[T any] interface {
	*T
	Validate() error
	clone() *T
	nodeKey() string
}

// ApplyPatch runs apply on a deep copy of cur, for stores implementing the
// Update* methods: cur is left as it was, so that it can be audited as the
// node before the write. An error from apply is returned as is. The checks
// of the result are in apply already (Checked wraps it with checkedPatch);
// references are the store's to check.
func ApplyPatch[T any, P Patched[T]](cur P, apply func(*T) error) (*T, error) {
	next := P(cur.clone())
	if err := apply(next); err != nil {
		return nil, err
	}
	return next, nil
}

// checkedPatch wraps the apply of an Update* call with the rules of its
// result: a changed key is EINVALID (a key names a node for good), then the
// node must pass Validate. It stays pure, as apply must be.
func checkedPatch[T any, P Patched[T]](apply func(*T) error) func(*T) error {
	return func(v *T) error {
		key := P(v).nodeKey()
		if err := apply(v); err != nil {
			return err
		}
		if P(v).nodeKey() != key {
			return FieldErrorf("key", "a key cannot change (%q)", key)
		}
		normalise(v)
		return P(v).Validate()
	}
}

// normalise puts a node that has a normal form (an organisation's directory
// record: Directory.Normalise) in it, before Validate.
func normalise(v any) {
	if n, ok := v.(interface{ Normalise() }); ok {
		n.Normalise()
	}
}

func (d *Domain) clone() *Domain  { c := *d; return &c }
func (d *Domain) nodeKey() string { return d.Key }

func (o *Organisation) clone() *Organisation {
	c := *o
	c.Domains, c.Languages, c.Aliases = slices.Clone(o.Domains), slices.Clone(o.Languages), slices.Clone(o.Aliases)
	c.Directory = o.Directory.clone()
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
