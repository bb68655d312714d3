package sqlite

import (
	"context"
	"database/sql"
	"maps"
	"slices"

	"github.com/reseau-bxl/reseau/internal/lazy"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// searchIndex holds the folded names of every node by type, the text that
// Search looks for words in. At scale M (75k nodes) SQLite scanning the
// folded columns with instr took about 20 ms a search; a scan of these
// strings in Go takes a few.
//
// Like tieIndex it is a lazy.Index, built on first use, read without locks
// and kept in step with committed writes by their hooks (a node written sets
// its entry, a node deleted removes it, an import resets the index), each a
// copy-on-write edit of the names of one type. Which private people a
// caller may see stays an SQL question, asked of the few that match.
type searchIndex struct {
	names *lazy.Index[searchNames]
}

// searchNames is one snapshot of the folded names, by node type; an edit
// copies the map and the one list it changes.
type searchNames map[string]*foldList

func newSearchIndex(db *sql.DB) searchIndex {
	return searchIndex{names: lazy.New(func(ctx context.Context, _ uint64) (searchNames, error) {
		return buildSearch(ctx, db)
	})}
}

// foldList is the folded names of the nodes of one type.
type foldList struct {
	keys    []string
	folds   []string
	private []bool // people only: not visible to the whole network
	// at maps keys to positions during an edit that changes many of them
	// (see positions); the index keeps none: a map of every key took a
	// third of the index's memory (35 MiB at scale L) for edits, which
	// copy the lists anyway.
	at map[string]int
}

func (l *foldList) clone() *foldList {
	return &foldList{keys: slices.Clone(l.keys), folds: slices.Clone(l.folds), private: slices.Clone(l.private)}
}

// add appends a node known not to be in the list.
func (l *foldList) add(key, fold string, private bool) {
	l.keys, l.folds, l.private = append(l.keys, key), append(l.folds, fold), append(l.private, private)
}

// positions makes the edits that follow find keys through a map, for an
// edit of many keys; a single key is found by a scan, no longer than the
// copy of the lists that every edit makes.
func (l *foldList) positions() {
	l.at = make(map[string]int, len(l.keys))
	for i, k := range l.keys {
		l.at[k] = i
	}
}

func (l *foldList) find(key string) (int, bool) {
	if l.at != nil {
		i, ok := l.at[key]
		return i, ok
	}
	i := slices.Index(l.keys, key)
	return i, i >= 0
}

func (l *foldList) set(key, fold string, private bool) {
	if i, ok := l.find(key); ok {
		l.folds[i], l.private[i] = fold, private
		return
	}
	if l.at != nil {
		l.at[key] = len(l.keys)
	}
	l.add(key, fold, private)
}

func (l *foldList) remove(key string) {
	i, ok := l.find(key)
	if !ok {
		return
	}
	last := len(l.keys) - 1
	l.keys[i], l.folds[i], l.private[i] = l.keys[last], l.folds[last], l.private[last]
	if l.at != nil {
		l.at[l.keys[i]] = i
		delete(l.at, key)
	}
	l.keys, l.folds, l.private = l.keys[:last], l.folds[:last], l.private[:last]
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

// buildSearch reads every folded name in one read transaction, so that the
// index is one snapshot of the database.
func buildSearch(ctx context.Context, db *sql.DB) (searchNames, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, formatError(err)
	}
	defer tx.Rollback()
	return fillSearch(ctx, tx)
}

// fillSearch reads every folded name from tx: a snapshot of the reader pool,
// or an operation's transaction for an index of its own.
func fillSearch(ctx context.Context, tx queryer) (searchNames, error) {
	of := make(searchNames, len(searchSources))
	for _, src := range searchSources {
		l := &foldList{}
		rows, err := tx.QueryContext(ctx, `SELECT key, `+src.fold+`, `+src.private+` FROM `+src.table)
		if err != nil {
			return nil, formatError(err)
		}
		for rows.Next() {
			var key, fold string
			var private bool
			if err := rows.Scan(&key, &fold, &private); err != nil {
				rows.Close()
				return nil, formatError(err)
			}
			l.add(key, fold, private) // keys are unique in their table
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, formatError(err)
		}
		of[src.typ] = l
	}
	return of, nil
}

// find scores the nodes of the types want accepts whose folded names hold
// one of words, and keeps the limit best (all if limit <= 0) as they come
// (a common word matches 40,000 names at scale L). Private people are
// answered apart, all of them (all of them with the others if everyone is
// visible).
func (of searchNames) find(query string, words []string, want func(typ string) bool, everyone bool, limit int) (hits, private []reseau.SearchHit) {
	var sc reseau.Scorer // allocates nothing per candidate
	sc.Reset(query)
	for _, src := range searchSources {
		if !want(src.typ) {
			continue
		}
		l := of[src.typ]
		for i, names := range l.folds {
			if !containsAny(names, words) {
				continue
			}
			if score := sc.Score(names); score > 0 {
				h := reseau.SearchHit{Type: src.typ, Key: l.keys[i], Score: score}
				if l.private[i] && !everyone {
					private = append(private, h)
				} else {
					hits = keep(hits, h, limit)
				}
			}
		}
	}
	return hits, private
}

// edit applies change to a copy of the names of typ and publishes it; a
// change that fails drops the index.
func (ix searchIndex) edit(typ string, change func(l *foldList) error) {
	ix.names.Edit(func(old searchNames) (searchNames, error) {
		of := maps.Clone(old)
		l := old[typ].clone()
		of[typ] = l
		err := change(l)
		l.at = nil
		return of, err
	})
}

// set records the folded names of a node written.
func (ix searchIndex) set(typ, key, fold string, private bool) {
	ix.edit(typ, func(l *foldList) error { l.set(key, fold, private); return nil })
}

// remove forgets a node deleted.
func (ix searchIndex) remove(typ, key string) {
	ix.edit(typ, func(l *foldList) error { l.remove(key); return nil })
}

// reset drops the index; the next search rebuilds it.
func (ix searchIndex) reset() { ix.names.Reset() }
