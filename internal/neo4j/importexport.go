package neo4j

import (
	"context"
	"maps"
	"reflect"
	"slices"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// batch is the number of rows per UNWIND $rows (and keys per lookup): big
// enough to amortise round trips, small enough to keep each statement's
// memory flat.
const batch = 2000

// chunks calls fn on successive slices of at most batch items.
func chunks[T any](items []T, fn func([]T) error) error {
	return chunksOf(batch, items, fn)
}

// chunksOf calls fn on successive slices of at most n items.
func chunksOf[T any](n int, items []T, fn func([]T) error) error {
	for i := 0; i < len(items); i += n {
		if err := fn(items[i:min(i+n, len(items))]); err != nil {
			return err
		}
	}
	return nil
}

// Import upserts ds by key: on a rejected dataset nothing changes.
// Validation errors are EINVALID and name the dataset section and row. Rows
// equal to what the store holds are counted unchanged and not written. One
// audit entry records the import, with its statistics.
//
// A dataset of at most importTxRows rows (or any dataset inside an
// operation) is one transaction: all or nothing. A larger one, which Neo4j
// could not hold in one transaction's memory, is validated whole first, then
// written in transactions of at most importTxRows rows (importBatched): see
// there what an interrupted import leaves.
func (s *Store) Import(ctx context.Context, ds *reseau.Dataset) (*reseau.ImportStats, error) {
	ctx = withoutTxTimeout(ctx) // as long as the dataset
	if ds.Rows() > s.importTxRows && s.opOf(ctx) == nil {
		return s.importBatched(ctx, ds)
	}
	var st *reseau.ImportStats
	err := s.write(ctx, func(q query) (*entry, error) {
		st = &reseau.ImportStats{Rows: ds.Rows()} // afresh on every attempt
		if err := validateImport(q, ds); err != nil {
			return nil, err
		}
		im := importer{q: q, st: st}
		nodes(&im, domainKind, ds.Domains, domainRow)
		orgs := nodes(&im, organisationKind, ds.Organisations, organisationRow)
		nodes(&im, personKind, ds.People, personRow)
		collabs := nodes(&im, collaborationKind, ds.Collaborations, collaborationRow)
		nodes(&im, partnershipKind, ds.Partnerships, partnershipRow)
		// References may point forward: link once every node exists.
		im.exec("link_organisations", orgs)
		im.exec("link_collaborations", collabs)
		importEdges(&im, membershipEdge, ds.Memberships, membershipRow)
		importEdges(&im, participationEdge, ds.Participations, participationRow)
		importEdges(&im, personParticipationEdge, ds.PersonParticipations, personParticipationRow)
		importEdges(&im, partyEdge, ds.Parties, partyRow)
		importEdges(&im, knowsEdge, ds.Knows, knowsRow)
		if im.err == nil {
			im.err = importRedirects(q, ds.Redirects, st)
		}
		if im.err != nil {
			return nil, im.err
		}
		return &entry{action: "import", after: st}, nil
	})
	if err != nil {
		return nil, err
	}
	// One transaction: its rows are written when it commits.
	reseau.ReportProgress(ctx, st.Rows, st.Rows)
	return st, nil
}

// validateImport checks ds against itself and the store (Dataset.Validate:
// references, keys, values; then PART_OF cycles through stored nodes).
func validateImport(q query, ds *reseau.Dataset) error {
	have, err := existingInBatches(q, references(ds))
	if err != nil {
		return err
	}
	if err := ds.CheckRefs(func(typ, key string) bool { return have[typ][key] }); err != nil {
		return err
	}
	if err := checkMergedKeys(q, ds); err != nil {
		return err
	}
	return checkImportPartOf(q, ds)
}

// checkMergedKeys refuses the node rows that take a key a merge left
// (Dataset.CheckMergedKeys).
func checkMergedKeys(q query, ds *reseau.Dataset) error {
	if len(ds.Organisations) == 0 && len(ds.People) == 0 {
		return nil
	}
	rs, err := exportRedirects(systemCtx, q)
	if err != nil || len(rs) == 0 {
		return err
	}
	merged := map[[2]string]string{}
	for _, r := range rs {
		merged[[2]string{r.Type, r.Key}] = r.Into
	}
	return ds.CheckMergedKeys(func(typ, key string) (string, bool) {
		into, ok := merged[[2]string{typ, key}]
		return into, ok
	})
}

// existingInBatches is existing with at most batch keys per statement: the
// references of an L dataset are hundreds of thousands of keys. A small
// dataset's are one statement, as before.
func existingInBatches(q query, want map[string][]string) (map[string]map[string]bool, error) {
	have := map[string]map[string]bool{}
	for typ := range existingCols {
		have[typ] = map[string]bool{}
	}
	part, n := map[string][]string{}, 0
	flush := func() error {
		h, err := existing(q, part)
		if err != nil {
			return err
		}
		for typ, ks := range h {
			for k := range ks {
				have[typ][k] = true
			}
		}
		part, n = map[string][]string{}, 0
		return nil
	}
	for _, typ := range slices.Sorted(maps.Keys(want)) {
		for _, k := range want[typ] {
			part[typ] = append(part[typ], k)
			if n++; n == batch {
				if err := flush(); err != nil {
					return nil, err
				}
			}
		}
	}
	if n > 0 {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	return have, nil
}

// checkImportPartOf refuses an import that would close a PART_OF cycle
// through nodes already stored. Only a dataset with a parent outside itself
// can, and only then are the stored parents read (inside the write, after
// its lock): the whole hierarchy, checked in Go in linear time.
func checkImportPartOf(q query, ds *reseau.Dataset) error {
	if !ds.ReachesStoredParents() {
		return nil
	}
	orgs, err := exportNodes(q, "export_organisations", "organisation", map[string]any{}, decodeOrganisation)
	if err != nil {
		return err
	}
	collabs, err := exportNodes(q, "export_collaborations", "collaboration", map[string]any{}, decodeCollaboration)
	if err != nil {
		return err
	}
	orgParents := make(map[string]string, len(orgs))
	for _, o := range orgs {
		if o.ParentKey != "" {
			orgParents[o.Key] = o.ParentKey
		}
	}
	collabParents := make(map[string]string, len(collabs))
	for _, c := range collabs {
		if c.ParentKey != "" {
			collabParents[c.Key] = c.ParentKey
		}
	}
	return ds.CheckPartOf(orgParents, collabParents)
}

// references returns every key ds refers to, by type and once each, for one
// existence query.
func references(ds *reseau.Dataset) map[string][]string {
	r := map[string][]string{}
	seen := map[string]map[string]bool{}
	add := func(typ string, ks ...string) {
		for _, k := range ks {
			if k == "" || seen[typ][k] {
				continue
			}
			if seen[typ] == nil {
				seen[typ] = map[string]bool{}
			}
			seen[typ][k] = true
			r[typ] = append(r[typ], k)
		}
	}
	for i := range ds.Organisations {
		for _, ref := range ds.Organisations[i].Refs() {
			add(ref.Type, ref.Keys...)
		}
	}
	for _, c := range ds.Collaborations {
		add(reseau.TypeCollaboration, c.ParentKey)
		add(reseau.TypeOrganisation, c.LocationKey)
		add(reseau.TypeDomain, c.Domains...)
	}
	for _, m := range ds.Memberships {
		add(reseau.TypePerson, m.PersonKey)
		add(reseau.TypeOrganisation, m.OrganisationKey)
	}
	for _, p := range ds.Participations {
		add(reseau.TypeCollaboration, p.CollaborationKey)
		add(reseau.TypeOrganisation, p.OrganisationKey)
	}
	for _, p := range ds.PersonParticipations {
		add(reseau.TypeCollaboration, p.CollaborationKey)
		add(reseau.TypePerson, p.PersonKey)
	}
	for _, p := range ds.Parties {
		add(reseau.TypePartnership, p.PartnershipKey)
		add(reseau.TypeOrganisation, p.OrganisationKey)
	}
	for _, k := range ds.Knows {
		add(reseau.TypePerson, k.PersonKey, k.OtherKey)
	}
	for _, r := range ds.Redirects {
		// The node a redirect leads to must exist, the merged key must not.
		add(r.Type, r.Key, r.Into)
	}
	return r
}

// importer writes the sections of a dataset, keeping the first error.
type importer struct {
	q   query
	st  *reseau.ImportStats
	err error
}

// count compares a row with what the store holds (nil: absent) and reports
// whether it must be written.
func (im *importer) count(row, held map[string]any) bool {
	switch {
	case held == nil:
		im.st.Created++
	case reflect.DeepEqual(row, held):
		im.st.Unchanged++
		return false
	default:
		im.st.Updated++
	}
	return true
}

// exec runs a write statement over rows, batch by batch.
func (im *importer) exec(name string, rows []map[string]any) {
	if im.err != nil || len(rows) == 0 {
		return
	}
	im.err = chunks(rows, func(part []map[string]any) error {
		_, err := im.q(name, map[string]any{"rows": part})
		return err
	})
}

// nodes upserts the changed nodes of one section and returns their rows.
func nodes[T any](im *importer, k nodeKind, items []T, row func(*T) map[string]any) []map[string]any {
	if im.err != nil || len(items) == 0 {
		return nil
	}
	held := map[string]map[string]any{}
	ks := make([]string, len(items))
	rows := make([]map[string]any, len(items))
	for i := range items {
		rows[i] = row(&items[i])
		ks[i] = rows[i]["key"].(string)
	}
	im.err = chunks(ks, func(part []string) error {
		recs, err := im.q(k.get, k.getParams(part))
		if err != nil {
			return err
		}
		for _, rec := range recs {
			m, err := value[map[string]any](rec, k.col)
			if err != nil {
				return err
			}
			h := rowOf(k.decode(m))
			held[h["key"].(string)] = h
		}
		return nil
	})
	if im.err != nil {
		return nil
	}
	var changed []map[string]any
	for _, r := range rows {
		if im.count(r, held[r["key"].(string)]) {
			changed = append(changed, r)
		}
	}
	im.exec(k.merge, changed)
	return changed
}

// rowOf is the merge row of a decoded node, for comparison with the input's.
func rowOf(v any) map[string]any {
	switch n := v.(type) {
	case *reseau.Domain:
		return domainRow(n)
	case *reseau.Organisation:
		return organisationRow(n)
	case *reseau.Person:
		return personRow(n)
	case *reseau.Collaboration:
		return collaborationRow(n)
	case *reseau.Partnership:
		return partnershipRow(n)
	}
	return nil
}

// importEdges upserts the changed relationships of one section.
func importEdges[T any](im *importer, e edgeKind, items []T, row func(T) map[string]any) {
	if im.err != nil || len(items) == 0 {
		return
	}
	rows := make([]map[string]any, len(items))
	var from []string
	seen := map[string]bool{}
	// find_<noun> selects by the person or organisation end.
	fromField := e.fields[0]
	if e.ends[0] == reseau.TypeCollaboration || e.ends[0] == reseau.TypePartnership {
		fromField = e.fields[1]
	}
	for i, it := range items {
		rows[i] = row(it)
		if k := rows[i][fromField].(string); !seen[k] {
			seen[k] = true
			from = append(from, k)
		}
	}
	held := map[string]map[string]any{}
	im.err = chunks(from, func(part []string) error {
		recs, err := im.q("find_"+e.noun, e.params(systemCtx, map[string]any{"from": part, "to": []string{}}))
		if err != nil {
			return err
		}
		for _, rec := range recs {
			m, err := columns(rec, e.cols...)
			if err != nil {
				return err
			}
			h := map[string]any{}
			for _, c := range e.cols {
				h[c] = opt(str(m, c))
			}
			held[auditKey(str(m, e.fields[0]), str(m, e.fields[1]))] = h
		}
		return nil
	})
	if im.err != nil {
		return
	}
	var changed []map[string]any
	for _, r := range rows {
		if im.count(r, held[auditKey(r[e.fields[0]].(string), r[e.fields[1]].(string))]) {
			changed = append(changed, r)
		}
	}
	im.exec("merge_"+e.noun, changed)
}

// exportAttempts bounds how often Export reads again because a write
// committed while it read.
const exportAttempts = 5

// Export returns the whole visible graph, every section sorted. A Neo4j
// transaction is read-committed, not a snapshot: a write committed while the
// export reads is seen by the sections read after it, and a membership could
// then name a person missing from the people section (a snapshot that its
// own import rejects). Every write bumps the version counter in its own
// transaction, so Export reads it before and after the sections and reads
// everything again when it moved; EUNAVAILABLE if it kept moving.
func (s *Store) Export(ctx context.Context) (*reseau.Dataset, error) {
	ctx = withoutTxTimeout(ctx) // as long as the database
	for range exportAttempts {
		ds, moved, err := s.export(ctx)
		if err != nil {
			return nil, formatError(err)
		}
		if !moved {
			return ds, nil
		}
	}
	return nil, &reseau.Error{Code: reseau.EUNAVAILABLE, Message: "the graph kept changing during the export, try again"}
}

// ExportEach hands Export's graph to visit in parts (reseau.Dataset.Parts):
// it reads it whole first, as Export does.
func (s *Store) ExportEach(ctx context.Context, visit func(*reseau.Dataset) error) error {
	ds, err := s.Export(ctx)
	if err != nil {
		return err
	}
	return ds.Parts(visit)
}

// export reads every section once, in one read transaction, and reports
// whether a write committed meanwhile (the version counter moved).
func (s *Store) export(ctx context.Context) (*reseau.Dataset, bool, error) {
	ds := &reseau.Dataset{}
	var moved bool
	err := s.stmts(ctx).readTx(ctx, func(q query) error {
		*ds, moved = reseau.Dataset{}, false // afresh on every attempt
		before, err := versionIn(q)
		if err != nil {
			return err
		}
		if ds.Domains, err = exportNodes(q, "find_domains", "domain", map[string]any{}, decodeDomain); err != nil {
			return err
		}
		if ds.Organisations, err = exportNodes(q, "export_organisations", "organisation", map[string]any{}, decodeOrganisation); err != nil {
			return err
		}
		if ds.People, err = exportNodes(q, "export_people", "person", scope(ctx, map[string]any{}), decodePerson); err != nil {
			return err
		}
		if ds.Collaborations, err = exportNodes(q, "export_collaborations", "collaboration", map[string]any{}, decodeCollaboration); err != nil {
			return err
		}
		if ds.Partnerships, err = exportNodes(q, "export_partnerships", "partnership", map[string]any{}, decodePartnership); err != nil {
			return err
		}
		if ds.Memberships, err = exportEdges(q, "export_memberships", scope(ctx, map[string]any{}), membershipCols, decodeMembership, lessMembership); err != nil {
			return err
		}
		if ds.Participations, err = exportEdges(q, "export_participations", map[string]any{}, participationCols, decodeParticipation, lessParticipation); err != nil {
			return err
		}
		if ds.PersonParticipations, err = exportEdges(q, "export_person_participations", scope(ctx, map[string]any{}), personParticipationCols, decodePersonParticipation, lessPersonParticipation); err != nil {
			return err
		}
		if ds.Parties, err = exportEdges(q, "export_parties", map[string]any{}, partyCols, decodeParty, lessParty); err != nil {
			return err
		}
		if ds.Knows, err = exportEdges(q, "export_knows", scope(ctx, map[string]any{}), knowsCols, decodeKnows, lessKnows); err != nil {
			return err
		}
		if ds.Redirects, err = exportRedirects(ctx, q); err != nil {
			return err
		}
		after, err := versionIn(q)
		moved = after != before
		return err
	})
	return ds, moved, err
}

// versionIn reads the write counter inside a transaction.
func versionIn(q query) (int64, error) {
	recs, err := q("get_version", map[string]any{"counter": versionCounter})
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	return value[int64](recs[0], "version")
}

func exportNodes[T any](q query, name, col string, params map[string]any, decode func(map[string]any) *T) ([]T, error) {
	recs, err := q(name, params)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(recs))
	for _, rec := range recs {
		m, err := value[map[string]any](rec, col)
		if err != nil {
			return nil, err
		}
		out = append(out, *decode(m))
	}
	return out, nil
}

func exportEdges[T any](q query, name string, params map[string]any, cols []string, decode func(map[string]any) T, less func(a, b T) int) ([]T, error) {
	recs, err := q(name, params)
	if err != nil {
		return nil, err
	}
	return decodeEdges(recs, cols, decode, less)
}
