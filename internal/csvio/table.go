package csvio

import "io"

// Table reads one CSV file of another layout (HSDS) the way ReadFS reads the
// files of its own: separator and encoding detected, a header naming known
// columns in any order and case, lines counted from the header (line 1),
// cells trimmed, errors naming file, line and column.
type Table struct{ t *table }

// NewTable reads the header of the CSV file r, named file in errors. The
// header may name any of columns (lower case) and must name each of
// required; another column is an EINVALID error at line 1.
func NewTable(r io.Reader, file string, columns, required []string) (*Table, error) {
	t, err := newTable(r, fileSpec{name: file, columns: columns, required: required})
	if err != nil {
		return nil, err
	}
	return &Table{t}, nil
}

// Next reads the next record; on false, Err says whether it was an error.
func (t *Table) Next() bool { return t.t.next() }

// Err is the error that stopped Next, or nil at the end of the file.
func (t *Table) Err() error { return t.t.err }

// Has reports whether the header names column.
func (t *Table) Has(column string) bool { return t.t.col(column) >= 0 }

// Get returns the trimmed value of column in the current record, "" when the
// header does not name it.
func (t *Table) Get(column string) string { return t.t.val(t.t.col(column)) }

// Line is the 1-based line where the current record starts.
func (t *Table) Line() int { return t.t.line }

// Errorf returns an EINVALID error about column of the current record.
func (t *Table) Errorf(column, format string, args ...any) error {
	return t.t.errorf(column, format, args...)
}

// Format says how the file was written, once it has been read.
func (t *Table) Format() FileFormat { return t.t.format() }
