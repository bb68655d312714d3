package reseau

import (
	"encoding/base64"
	"strings"
)

// NodeID is the global id of a node: the URL-safe base64 of "Type:key".
// Clients treat it as opaque; it is stable because keys are. The GraphQL
// API answers it, and every reader of a key argument (GraphQL, the network
// download, `reseau export`) accepts it in place of the key.
func NodeID(typ, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + key))
}

// ParseNodeID returns the type and key of a global id, EINVALID if it is not one.
func ParseNodeID(id string) (typ, key string, err error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(id, "="))
	if err == nil {
		var ok bool
		if typ, key, ok = strings.Cut(string(b), ":"); ok && key != "" && knownType(typ) {
			return typ, key, nil
		}
	}
	return "", "", FieldErrorf("id", "%q is not a node id", id)
}

func knownType(t string) bool {
	switch t {
	case TypeOrganisation, TypePerson, TypeCollaboration, TypePartnership, TypeDomain:
		return true
	}
	return false
}
