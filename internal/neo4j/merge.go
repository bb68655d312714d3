package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// MergeOrganisations merges organisation from into into, in one
// transaction, through this store's own writes (reseau.MergeOrganisations).
func (s *Store) MergeOrganisations(ctx context.Context, into, from string) (*reseau.Organisation, error) {
	return reseau.MergeOrganisations(ctx, s, into, from)
}

// MergePeople merges person from into into (reseau.MergePeople).
func (s *Store) MergePeople(ctx context.Context, into, from string) (*reseau.Person, error) {
	return reseau.MergePeople(ctx, s, into, from)
}

// mergeable refuses a type whose keys merges never leave.
func mergeable(typ string) error {
	if typ != reseau.TypeOrganisation && typ != reseau.TypePerson {
		return reseau.Errorf(reseau.EINVALID, "%s keys are never merged", typ)
	}
	return nil
}

// Redirects returns where the merged keys among ks lead (every merged key
// of typ when ks is nil).
func (s *Store) Redirects(ctx context.Context, typ string, ks []string) (map[string]string, error) {
	if err := mergeable(typ); err != nil {
		return nil, err
	}
	q := func(name string, p map[string]any) ([]*driver.Record, error) { return s.read(ctx, name, p) }
	if ks == nil {
		return allRedirects(q, typ)
	}
	return redirectsOf(q, typ, ks)
}

// redirectsOf reads where the merged keys among ks of type typ lead.
func redirectsOf(q query, typ string, ks []string) (map[string]string, error) {
	out := map[string]string{}
	err := chunks(ks, func(part []string) error {
		recs, err := q("get_redirects", map[string]any{"type": typ, "keys": keys(part)})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			k, err := value[string](rec, "key")
			if err != nil {
				return err
			}
			if out[k], err = value[string](rec, "into"); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// allRedirects reads every merged key of type typ, whoever asks.
func allRedirects(q query, typ string) (map[string]string, error) {
	rs, err := exportRedirects(systemCtx, q)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range rs {
		if r.Type == typ {
			out[r.Key] = r.Into
		}
	}
	return out, nil
}

// exportRedirects reads the redirects that the caller of ctx may see (those
// of people in its scope), by type then key.
func exportRedirects(ctx context.Context, q query) ([]reseau.Redirect, error) {
	recs, err := q("export_redirects", scope(ctx, map[string]any{}))
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	out := make([]reseau.Redirect, 0, len(recs))
	for _, rec := range recs {
		m, err := columns(rec, "type", "key", "into")
		if err != nil {
			return nil, err
		}
		out = append(out, reseau.Redirect{Type: str(m, "type"), Key: str(m, "key"), Into: str(m, "into")})
	}
	return out, nil
}

// redirectRows are merge_redirects' rows.
func redirectRows(rs []reseau.Redirect) []map[string]any {
	rows := make([]map[string]any, len(rs))
	for i, r := range rs {
		rows[i] = map[string]any{"type": r.Type, "key": r.Key, "into": r.Into}
	}
	return rows
}

// RecordMerge makes m.Keys resolve to m.Into and records the merge's audit
// entry, in one write (see reseau.Merger).
func (s *Store) RecordMerge(ctx context.Context, m reseau.MergeRecord) error {
	if err := mergeable(m.Type); err != nil {
		return err
	}
	rs := make([]reseau.Redirect, len(m.Keys))
	for i, k := range m.Keys {
		rs[i] = reseau.Redirect{Type: m.Type, Key: k, Into: m.Into}
	}
	rows := redirectRows(rs)
	return s.write(ctx, func(q query) (*entry, error) {
		if _, err := q("merge_redirects", map[string]any{"rows": rows}); err != nil {
			return nil, err
		}
		return &entry{action: m.Action(), typ: m.Type, key: m.Into, before: m.Before, after: m.After}, nil
	})
}

// notMerged returns MergedKey's ECONFLICT when key, given to a new node of
// kind k, is a key that a merge left.
func notMerged(q query, k nodeKind, key string) error {
	if mergeable(k.typ) != nil {
		return nil
	}
	m, err := redirectsOf(q, k.typ, []string{key})
	if err != nil {
		return err
	}
	if into, ok := m[key]; ok {
		return reseau.MergedKey(k.typ, key, into)
	}
	return nil
}

// importRedirects upserts the changed redirects of a dataset, counting them
// in st as the other rows.
func importRedirects(q query, rs []reseau.Redirect, st *reseau.ImportStats) error {
	if len(rs) == 0 {
		return nil
	}
	held := map[string]map[string]string{}
	for _, typ := range []string{reseau.TypeOrganisation, reseau.TypePerson} {
		var ks []string
		for _, r := range rs {
			if r.Type == typ {
				ks = append(ks, r.Key)
			}
		}
		m, err := redirectsOf(q, typ, ks)
		if err != nil {
			return err
		}
		held[typ] = m
	}
	var changed []reseau.Redirect
	for _, r := range rs {
		into, ok := held[r.Type][r.Key]
		switch {
		case !ok:
			st.Created++
		case into == r.Into:
			st.Unchanged++
			continue
		default:
			st.Updated++
		}
		changed = append(changed, r)
	}
	return chunks(redirectRows(changed), func(part []map[string]any) error {
		_, err := q("merge_redirects", map[string]any{"rows": part})
		return err
	})
}
