package neo4j

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// importBatched writes a dataset too large for one transaction: Neo4j holds
// a transaction's changes in memory until it commits, and an L import (750k
// nodes and their relationships) exceeds what the compose file's server
// lets one transaction have.
//
//  1. One transaction validates the whole dataset (Dataset.Validate against
//     the stored keys, then PART_OF cycles through stored nodes), under the
//     write lock, and records an :ImportRun {status: 'running'}. A rejected
//     dataset changes nothing, as in one transaction: not even the version.
//  2. The sections are written in that order, nodes, then their references
//     (link_*), then relationships, in transactions of at most importTxRows
//     rows, each under the write lock and bringing the run's count of
//     written rows up to date. A transaction that links or relates rows
//     first checks that the nodes they name still exist (and, for PART_OF,
//     that no cycle appeared): a concurrent delete fails the import with
//     ECONFLICT rather than lose rows silently.
//  3. The last transaction writes the import's one audit entry and marks
//     the run 'committed'.
//
// If a batch fails, what the committed batches wrote stays: the store marks
// the run 'failed' and writes the audit entry of what was written, and the
// error says so. Every row is an upsert by key, so running the same import
// again finishes it (its rows already written count as unchanged) and
// closes the run, whose id is the dataset's hash. A run left 'running' (the
// process died) is logged at start (Open).
func (s *Store) importBatched(ctx context.Context, ds *reseau.Dataset) (*reseau.ImportStats, error) {
	id, err := runID(ds)
	if err != nil {
		return nil, err
	}
	run := importRun{id: id, actor: reseau.CallerFrom(ctx).Subject, rows: ds.Rows()}
	err = s.writeBatch(ctx, func(q query) error {
		if err := validateImport(q, ds); err != nil {
			return err
		}
		return run.mark(q, s.now(), "running", 0)
	})
	if err != nil {
		return nil, err
	}
	b := &batcher{s: s, ctx: ctx, ds: ds, run: run, st: reseau.ImportStats{Rows: ds.Rows()}}
	var orgs, collabs []map[string]any
	batchNodes(b, domainKind, ds.Domains, domainRow)
	batchNodes(b, organisationKind, ds.Organisations, organisationRow, &orgs)
	batchNodes(b, personKind, ds.People, personRow)
	batchNodes(b, collaborationKind, ds.Collaborations, collaborationRow, &collabs)
	batchNodes(b, partnershipKind, ds.Partnerships, partnershipRow)
	b.links("link_organisations", orgs, func(r map[string]any) *reseau.Dataset {
		return &reseau.Dataset{Organisations: []reseau.Organisation{{ParentKey: sv(r["parent"]), Domains: r["domains"].([]string)}}}
	})
	b.links("link_collaborations", collabs, func(r map[string]any) *reseau.Dataset {
		return &reseau.Dataset{Collaborations: []reseau.Collaboration{{ParentKey: sv(r["parent"]), LocationKey: sv(r["location"]), Domains: r["domains"].([]string)}}}
	})
	batchEdges(b, membershipEdge, ds.Memberships, membershipRow, func(p []reseau.Membership) *reseau.Dataset { return &reseau.Dataset{Memberships: p} })
	batchEdges(b, participationEdge, ds.Participations, participationRow, func(p []reseau.Participation) *reseau.Dataset { return &reseau.Dataset{Participations: p} })
	batchEdges(b, personParticipationEdge, ds.PersonParticipations, personParticipationRow, func(p []reseau.PersonParticipation) *reseau.Dataset {
		return &reseau.Dataset{PersonParticipations: p}
	})
	batchEdges(b, partyEdge, ds.Parties, partyRow, func(p []reseau.Party) *reseau.Dataset { return &reseau.Dataset{Parties: p} })
	batchEdges(b, knowsEdge, ds.Knows, knowsRow, func(p []reseau.Knows) *reseau.Dataset { return &reseau.Dataset{Knows: p} })
	if b.err == nil {
		// The redirects (a few rows) go with the last transaction.
		var st reseau.ImportStats
		b.err = s.write(ctx, func(q query) (*entry, error) {
			st = b.st // afresh on every attempt
			if err := importRedirects(q, ds.Redirects, &st); err != nil {
				return nil, err
			}
			return &entry{action: "import", after: st}, run.mark(q, s.now(), "committed", b.written+len(ds.Redirects))
		})
		if b.err == nil {
			b.st = st
		}
	}
	if b.err != nil {
		return nil, b.interrupted()
	}
	return &b.st, nil
}

// sv is a row's optional string.
func sv(v any) string {
	s, _ := v.(string)
	return s
}

// importRun is the :ImportRun node of a batched import.
type importRun struct {
	id, actor string
	rows      int
}

// runID names an import by its dataset (a hash of its JSON): running the
// same dataset again after an interruption takes up the same :ImportRun,
// which its commit then closes.
func runID(ds *reseau.Dataset) (string, error) {
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(ds); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// mark sets the run's status and its count of written rows.
func (r importRun) mark(q query, now time.Time, status string, written int) error {
	_, err := q("merge_import_run", map[string]any{
		"id": r.id, "actor": r.actor, "total": int64(r.rows), "status": status,
		"written": int64(written), "at": now.UTC().Format(time.RFC3339),
	})
	return err
}

// writeBatch runs work in one write transaction under the write lock
// (increment_version, as every write), without an audit entry: the batches
// of an import share the one entry its last transaction writes.
func (s *Store) writeBatch(ctx context.Context, work func(q query) error) error {
	return formatError(s.stmts(ctx).writeTx(ctx, func(q query) error {
		if _, err := q("increment_version", map[string]any{"counter": versionCounter}); err != nil {
			return err
		}
		return work(q)
	}))
}

// batcher writes the sections of a batched import, one transaction per
// slice of rows, keeping the first error and what the committed
// transactions did.
type batcher struct {
	s       *Store
	ctx     context.Context
	ds      *reseau.Dataset
	run     importRun
	st      reseau.ImportStats // of the committed transactions
	written int                // dataset rows the committed transactions covered
	err     error
}

// tx runs one batch of rows: work, then the run's count, in one write
// transaction. work counts into the stats it is given, afresh on every
// attempt, which join the import's once the transaction commits.
func (b *batcher) tx(rows int, work func(im *importer) error) {
	if b.err != nil {
		return
	}
	var st reseau.ImportStats
	b.err = b.s.writeBatch(b.ctx, func(q query) error {
		st = reseau.ImportStats{}
		im := importer{q: q, st: &st}
		if err := work(&im); err != nil {
			return err
		}
		if im.err != nil {
			return im.err
		}
		return b.run.mark(q, b.s.now(), "running", b.written+rows)
	})
	if b.err == nil {
		b.st.Created += st.Created
		b.st.Updated += st.Updated
		b.st.Unchanged += st.Unchanged
		b.written += rows
		reseau.ReportProgress(b.ctx, b.written, b.st.Rows)
	}
}

// stillThere fails a batch whose rows name a node deleted since the
// dataset was validated (by a write committed between two batches).
func stillThere(q query, part *reseau.Dataset) error {
	want := references(part)
	have, err := existingInBatches(q, want)
	if err != nil {
		return err
	}
	for typ, ks := range want {
		for _, k := range ks {
			if !have[typ][k] {
				return reseau.Errorf(reseau.ECONFLICT, "%s %q, which the import refers to, was deleted while the import ran", typ, k)
			}
		}
	}
	return nil
}

// batchNodes upserts one node section, importTxRows rows per transaction,
// and adds the rows it wrote to links (their references come later).
func batchNodes[T any](b *batcher, k nodeKind, items []T, row func(*T) map[string]any, links ...*[]map[string]any) {
	_ = chunksOf(b.s.importTxRows, items, func(part []T) error {
		var changed []map[string]any
		b.tx(len(part), func(im *importer) error {
			changed = nodes(im, k, part, row)
			return nil
		})
		for _, l := range links {
			*l = append(*l, changed...)
		}
		return b.err
	})
}

// links sets the references of the written nodes, once every node exists.
// The counts were made with the nodes; a row here only checks that what it
// names is still stored, and that no PART_OF cycle appeared meanwhile.
func (b *batcher) links(name string, rows []map[string]any, refs func(map[string]any) *reseau.Dataset) {
	_ = chunksOf(b.s.importTxRows, rows, func(part []map[string]any) error {
		b.tx(0, func(im *importer) error {
			sub := &reseau.Dataset{}
			for _, r := range part {
				d := refs(r)
				sub.Organisations = append(sub.Organisations, d.Organisations...)
				sub.Collaborations = append(sub.Collaborations, d.Collaborations...)
			}
			if err := stillThere(im.q, sub); err != nil {
				return err
			}
			if err := checkImportPartOf(im.q, b.ds); err != nil {
				return err
			}
			im.exec(name, part)
			return nil
		})
		return b.err
	})
}

// batchEdges upserts one relationship section, importTxRows rows per
// transaction, once the nodes its rows name are checked to be there.
func batchEdges[T any](b *batcher, e edgeKind, items []T, row func(T) map[string]any, sub func([]T) *reseau.Dataset) {
	_ = chunksOf(b.s.importTxRows, items, func(part []T) error {
		b.tx(len(part), func(im *importer) error {
			if err := stillThere(im.q, sub(part)); err != nil {
				return err
			}
			importEdges(im, e, part, row)
			return nil
		})
		return b.err
	})
}

// interrupted records a failed batched import (the run 'failed', and the
// audit entry of the rows the committed batches wrote, if any) and returns
// its error, saying what was written and what to do. The record is made
// without ctx's cancellation (the failure may be ctx's end); if the server
// cannot take it either, the run stays 'running', which Open logs.
func (b *batcher) interrupted() error {
	s, ctx := b.s, context.WithoutCancel(b.ctx)
	type partial struct {
		reseau.ImportStats
		Run         string `json:"run"`
		Interrupted bool   `json:"interrupted"`
	}
	if b.written > 0 || b.st.Created+b.st.Updated > 0 {
		_ = s.write(ctx, func(q query) (*entry, error) {
			return &entry{action: "import", after: partial{b.st, b.run.id, true}}, b.run.mark(q, s.now(), "failed", b.written)
		})
	} else {
		_ = s.writeBatch(ctx, func(q query) error { return b.run.mark(q, s.now(), "failed", b.written) })
	}
	err := formatError(b.err)
	stopped := fmt.Sprintf("the import stopped after writing %d of %d rows (import run %s); the rows written stay: "+
		"run the same import again to finish it (rows already written count as unchanged)", b.written, b.run.rows, b.run.id)
	var re *reseau.Error
	if errors.As(err, &re) {
		c := *re
		c.Message = re.Message + "; " + stopped
		return &c
	}
	return fmt.Errorf("%s: %w", stopped, err)
}

// unfinishedImport is an :ImportRun that did not commit.
type unfinishedImport struct {
	ID, Status, Actor, StartedAt, UpdatedAt string
	Rows, Written                           int64
}

// unfinishedImports returns the batched imports that did not commit,
// oldest first.
func (s *Store) unfinishedImports(ctx context.Context) ([]unfinishedImport, error) {
	recs, err := s.read(ctx, "find_import_runs", map[string]any{})
	if err != nil {
		return nil, err
	}
	var out []unfinishedImport
	for _, rec := range recs {
		m, err := value[map[string]any](rec, "run")
		if err != nil {
			return nil, err
		}
		rows, _ := m["total"].(int64)
		written, _ := m["written"].(int64)
		out = append(out, unfinishedImport{ID: sv(m["id"]), Status: sv(m["status"]), Actor: sv(m["actor"]),
			StartedAt: sv(m["startedAt"]), UpdatedAt: sv(m["updatedAt"]), Rows: rows, Written: written})
	}
	return out, nil
}

// warnUnfinishedImports logs every batched import that did not commit: its
// rows are partly written, and running it again finishes it. Another
// process may also be running one right now.
func (s *Store) warnUnfinishedImports(ctx context.Context, log *slog.Logger) {
	runs, err := s.unfinishedImports(ctx)
	if err != nil {
		log.Warn("neo4j: cannot list unfinished imports", "err", err)
		return
	}
	for _, r := range runs {
		log.Warn("neo4j: an import did not finish (or is running in another process); its rows are partly written: run the same import again to finish it",
			"run", r.ID, "status", r.Status, "actor", r.Actor, "started", r.StartedAt, "updated", r.UpdatedAt,
			"written", r.Written, "rows", r.Rows)
	}
}
