package sqlite

import (
	"errors"
	"fmt"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// formatError translates a driver error into a *reseau.Error at the store's
// boundary. A *reseau.Error passes through; an error SQLite alone knows the
// meaning of keeps its cause for the logs and reads as EINTERNAL.
func formatError(err error) error {
	if err == nil {
		return nil
	}
	if known, ok := reseau.KnownError(err); ok {
		return known
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
			return reseau.Errorf(reseau.ECONFLICT, "the key already exists")
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return reseau.Errorf(reseau.EINVALID, "a referenced key does not exist")
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_BUSY_SNAPSHOT, sqlite3.SQLITE_BUSY_TIMEOUT, sqlite3.SQLITE_LOCKED:
			return reseau.Errorf(reseau.EUNAVAILABLE, "the database is busy, try again")
		}
	}
	return fmt.Errorf("sqlite: %w", err)
}
