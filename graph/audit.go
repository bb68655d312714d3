package graph

import (
	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// auditFilter turns the GraphQL filter into the store's; who may read the
// log is decided by the authz store, not here.
func auditFilter(f *model.AuditFilter) reseau.AuditFilter {
	if f == nil {
		return reseau.AuditFilter{}
	}
	return reseau.AuditFilter{Actor: deref(f.Actor), Type: deref(f.Type), Key: deref(f.Key), Since: deref(f.Since)}
}

// nullIfEmpty answers null for the empty before (a creation) or after (a
// deletion) of an audit entry.
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
