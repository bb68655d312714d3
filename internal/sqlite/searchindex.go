package sqlite

import (
	"context"
	"database/sql"
	"sync"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// searchIndex holds the folded names of every node by type, the text that
// Search looks for words in. At scale M (75k nodes) SQLite scanning the
// folded columns with instr took about 20 ms a search; a scan of these
// strings in Go takes a few.
//
// Like tieIndex it is built on first use and kept in step with committed
// writes by their hooks (a node written sets its entry, a node deleted
// removes it, an import resets the index). Which private people a caller
// may see stays an SQL question, asked of the few that match.
type searchIndex struct {
	mu    sync.RWMutex
	built bool
	of    map[string]*foldList // by node type
}

// foldList is the folded names of the nodes of one type.
type foldList struct {
	keys    []string
	folds   []string
	private []bool // people only: not visible to the whole network
	at      map[string]int
}

func (l *foldList) set(key, fold string, private bool) {
	if i, ok := l.at[key]; ok {
		l.folds[i], l.private[i] = fold, private
		return
	}
	l.at[key] = len(l.keys)
	l.keys, l.folds, l.private = append(l.keys, key), append(l.folds, fold), append(l.private, private)
}

func (l *foldList) remove(key string) {
	i, ok := l.at[key]
	if !ok {
		return
	}
	last := len(l.keys) - 1
	l.keys[i], l.folds[i], l.private[i] = l.keys[last], l.folds[last], l.private[last]
	l.at[l.keys[i]] = i
	l.keys, l.folds, l.private = l.keys[:last], l.folds[:last], l.private[:last]
	delete(l.at, key)
}

// searchSources are the tables and folded columns of each node type;
// private is an SQL expression, true for a person hidden from the network.
var searchSources = []struct{ typ, table, fold, private string }{
	{reseau.TypeOrganisation, "organisations", "fold", "0"},
	{reseau.TypeDomain, "domains", "fold", "0"},
	{reseau.TypeCollaboration, "collaborations", "title_fold", "0"},
	{reseau.TypePartnership, "partnerships", "title_fold", "0"},
	{reseau.TypePerson, "people", "name_fold", "visibility <> 'NETWORK'"},
}

// load builds the index from db if needed; the caller must RUnlock ix.mu.
func (ix *searchIndex) load(ctx context.Context, db *sql.DB) error {
	ix.mu.RLock()
	if ix.built {
		return nil
	}
	ix.mu.RUnlock()
	ix.mu.Lock()
	if !ix.built {
		if err := ix.build(ctx, db); err != nil {
			ix.mu.Unlock()
			return err
		}
	}
	ix.mu.Unlock()
	ix.mu.RLock()
	if !ix.built { // reset between the two locks: build again
		ix.mu.RUnlock()
		return ix.load(ctx, db)
	}
	return nil
}

// build reads every folded name in one read transaction, so that the index
// is one snapshot of the database.
func (ix *searchIndex) build(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return formatError(err)
	}
	defer tx.Rollback()
	return ix.fill(ctx, tx)
}

// fill reads every folded name from tx: a snapshot of the reader pool, or an
// operation's transaction for an index of its own.
func (ix *searchIndex) fill(ctx context.Context, tx queryer) error {
	of := make(map[string]*foldList, len(searchSources))
	for _, src := range searchSources {
		l := &foldList{at: map[string]int{}}
		rows, err := tx.QueryContext(ctx, `SELECT key, `+src.fold+`, `+src.private+` FROM `+src.table)
		if err != nil {
			return formatError(err)
		}
		for rows.Next() {
			var key, fold string
			var private bool
			if err := rows.Scan(&key, &fold, &private); err != nil {
				rows.Close()
				return formatError(err)
			}
			l.set(key, fold, private)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return formatError(err)
		}
		of[src.typ] = l
	}
	ix.of, ix.built = of, true
	return nil
}

// find scores the nodes of the types want accepts whose folded names hold
// one of words. Private people are answered apart (all of them with the
// others if everyone is visible).
func (ix *searchIndex) find(ctx context.Context, db *sql.DB, query string, words []string, want func(typ string) bool, everyone bool) (hits, private []reseau.SearchHit, err error) {
	if err := ix.load(ctx, db); err != nil {
		return nil, nil, err
	}
	defer ix.mu.RUnlock()
	for _, src := range searchSources {
		if !want(src.typ) {
			continue
		}
		l := ix.of[src.typ]
		for i, names := range l.folds {
			if !containsAny(names, words) {
				continue
			}
			if score := reseau.SearchScore(query, names); score > 0 {
				h := reseau.SearchHit{Type: src.typ, Key: l.keys[i], Score: score}
				if l.private[i] && !everyone {
					private = append(private, h)
				} else {
					hits = append(hits, h)
				}
			}
		}
	}
	return hits, private, nil
}

// set records the folded names of a node written.
func (ix *searchIndex) set(typ, key, fold string, private bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.built {
		ix.of[typ].set(key, fold, private)
	}
}

// remove forgets a node deleted.
func (ix *searchIndex) remove(typ, key string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.built {
		ix.of[typ].remove(key)
	}
}

// reset drops the index; the next search rebuilds it.
func (ix *searchIndex) reset() {
	ix.mu.Lock()
	ix.built, ix.of = false, nil
	ix.mu.Unlock()
}
