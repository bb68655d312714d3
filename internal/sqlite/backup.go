package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Backup writes a consistent copy of the store file db to out, while
// servers may be writing to db: VACUUM INTO reads one snapshot of the
// database through a connection of its own (copying the file under writes
// gives torn copies), into a temporary file beside out that is checked with
// PRAGMA integrity_check, synced and renamed to out. It holds every write
// committed before it began. It returns the size of the copy.
//
// ENOTFOUND if db does not exist; ECONFLICT if out exists and force is
// false; EINVALID if db is not a Réseau store or out is db.
func Backup(ctx context.Context, db, out string, force bool) (int64, error) {
	if err := mustBeStore(db); err != nil {
		return 0, err
	}
	if same(db, out) {
		return 0, reseau.Errorf(reseau.EINVALID, "backup: %s is the store itself: give another file", out)
	}
	if _, err := os.Stat(out); err == nil && !force {
		return 0, reseau.Errorf(reseau.ECONFLICT, "backup: %s already exists (--force replaces it)", out)
	}
	src, err := openRaw(db, "busy_timeout(10000)")
	if err != nil {
		return 0, err
	}
	defer src.Close()
	if err := checkStore(ctx, src, db); err != nil {
		return 0, err
	}
	tmp, err := tempBeside(out, ".reseau-backup-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp)
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return 0, fmt.Errorf("backup: copy %s: %w", db, formatError(err))
	}
	if err := install(ctx, tmp, out); err != nil {
		return 0, err
	}
	st, err := os.Stat(out)
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// Restore replaces the store file db with a copy of the backup in, once in
// passes PRAGMA integrity_check and holds a Réseau schema this program
// knows. It refuses while any connection has db open (a server, an import):
// the open connection would go on writing its write-ahead log, which the
// restored file would then read as its own. The copy is written beside db
// and renamed over it, so that a failed restore leaves db as it was.
//
// ENOTFOUND if in does not exist; EINVALID if in is damaged or not a
// Réseau store; ECONFLICT if db exists and force is false, or db is open.
func Restore(ctx context.Context, in, db string, force bool) error {
	if err := mustBeStore(in); err != nil {
		return err
	}
	if same(in, db) {
		return reseau.Errorf(reseau.EINVALID, "restore: %s is the store itself: give a backup file", in)
	}
	_, err := os.Stat(db)
	exists := err == nil
	if exists && !force {
		return reseau.Errorf(reseau.ECONFLICT, "restore: %s already exists (--force replaces it with %s)", db, in)
	}
	src, err := openRaw(in, "busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer src.Close()
	if err := checkStore(ctx, src, in); err != nil {
		return err
	}
	if err := integrity(ctx, src, in); err != nil {
		return err
	}
	tmp, err := tempBeside(db, ".reseau-restore-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("restore: copy %s: %w", in, formatError(err))
	}
	if exists {
		if err := mustBeClosed(ctx, db); err != nil {
			return err
		}
		// The old file's write-ahead log and index must not meet the new
		// file: nobody has them open (checked just above).
		for _, ext := range []string{"-wal", "-shm"} {
			if err := os.Remove(db + ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return install(ctx, tmp, db)
}

// mustBeStore returns ENOTFOUND unless path is an existing file.
func mustBeStore(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return reseau.Errorf(reseau.ENOTFOUND, "%s does not exist", path)
	case err != nil:
		return err
	case st.IsDir():
		return reseau.Errorf(reseau.EINVALID, "%s is a folder, not a store file", path)
	}
	return nil
}

// same reports whether a and b name the same file.
func same(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(sa, sb)
	}
	pa, _ := filepath.Abs(a)
	pb, _ := filepath.Abs(b)
	return pa == pb
}

// openRaw opens path on one connection, with pragmas, and without creating it.
func openRaw(path string, pragmas ...string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("mode", "rw")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, formatError(err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// checkStore returns EINVALID unless db is an SQLite file with a Réseau
// schema this program knows.
func checkStore(ctx context.Context, db *sql.DB, path string) error {
	var v int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return reseau.Errorf(reseau.EINVALID, "%s is not an SQLite database: %v", path, err)
	}
	var organisations int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'organisations'`).Scan(&organisations); err != nil {
		return reseau.Errorf(reseau.EINVALID, "%s is not an SQLite database: %v", path, err)
	}
	switch {
	case v == 0 || organisations == 0:
		return reseau.Errorf(reseau.EINVALID, "%s is an SQLite database but not a Réseau store", path)
	case v > len(migrations):
		return reseau.Errorf(reseau.EINVALID, "%s has schema version %d, newer than this program's %d", path, v, len(migrations))
	}
	return nil
}

// integrity runs PRAGMA integrity_check: EINVALID naming the first problem.
func integrity(ctx context.Context, db *sql.DB, path string) error {
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check(10)`)
	if err != nil {
		return reseau.Errorf(reseau.EINVALID, "%s is damaged: %v", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return reseau.Errorf(reseau.EINVALID, "%s is damaged: %v", path, err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := rows.Err(); err != nil {
		return reseau.Errorf(reseau.EINVALID, "%s is damaged: %v", path, err)
	}
	if len(problems) > 0 {
		return reseau.Errorf(reseau.EINVALID, "%s is damaged (integrity check): %s", path, strings.Join(problems, "; "))
	}
	return nil
}

// mustBeClosed returns ECONFLICT if a connection, in this process or
// another, has the store at path open: in WAL mode every open connection
// holds a shared lock that an exclusive lock waits for.
func mustBeClosed(ctx context.Context, path string) error {
	db, err := openRaw(path, "busy_timeout(0)", "locking_mode(EXCLUSIVE)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		if code := sqliteCode(err); code&0xff == sqlite3.SQLITE_BUSY || code&0xff == sqlite3.SQLITE_LOCKED {
			return reseau.Errorf(reseau.ECONFLICT, "%s is open (a running server or command): stop it before restoring", path)
		}
		return formatError(err)
	}
	_, err = db.ExecContext(ctx, `ROLLBACK`)
	return formatError(err)
}

// tempBeside returns the name of a new empty file in the folder of path.
func tempBeside(path, pattern string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), pattern)
	if err != nil {
		return "", err
	}
	name := f.Name()
	return name, f.Close()
}

// install checks the database file tmp, syncs it and renames it to path.
func install(ctx context.Context, tmp, path string) error {
	db, err := openRaw(tmp)
	if err != nil {
		return err
	}
	err = integrity(ctx, db, tmp)
	db.Close()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	// The rename itself survives a power cut once the folder is synced.
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// sqliteCode is the SQLite result code of err, 0 if it has none.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}
