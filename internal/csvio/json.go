package csvio

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Snapshot format name and the version this package writes and reads.
const (
	SnapshotFormat  = "reseau-snapshot"
	SnapshotVersion = 1
)

// snapshot is the JSON document: a header naming the format, then the
// dataset's sections at the top level.
type snapshot struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	*reseau.Dataset
}

// WriteJSON writes ds as a JSON snapshot:
// {"format":"reseau-snapshot","version":1,"domains":[...],...}.
func WriteJSON(w io.Writer, ds *reseau.Dataset) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(snapshot{Format: SnapshotFormat, Version: SnapshotVersion, Dataset: ds}); err != nil {
		return err
	}
	return bw.Flush()
}

// ReadJSON reads a JSON snapshot written by WriteJSON. A document of another
// format or version, with unknown fields, or with trailing data is rejected
// with an EINVALID error. The dataset is not validated: the store's Import does.
func ReadJSON(r io.Reader) (*reseau.Dataset, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	// The header is read on its own first, so that a file of another kind
	// is refused as such rather than for its first unexpected field.
	var head struct {
		Format  *string `json:"format"`
		Version *int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(err)
	}
	switch {
	case head.Format == nil:
		return nil, reseau.Errorf(reseau.EINVALID, "not a Réseau snapshot: no \"format\" field (expected %q)", SnapshotFormat)
	case *head.Format != SnapshotFormat:
		return nil, reseau.Errorf(reseau.EINVALID, "unknown snapshot format %q (expected %q)", *head.Format, SnapshotFormat)
	case head.Version == nil:
		return nil, reseau.Errorf(reseau.EINVALID, "snapshot without a \"version\" field")
	case *head.Version != SnapshotVersion:
		return nil, reseau.Errorf(reseau.EINVALID, "unsupported snapshot version %d (this program reads version %d)", *head.Version, SnapshotVersion)
	}
	// encoding/json would turn invalid UTF-8 into U+FFFD silently: refuse it
	// instead, so that what is stored is what the file says.
	if !utf8.Valid(data) {
		bad := 0
		for bad < len(data) {
			r, size := utf8.DecodeRune(data[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		return nil, reseau.Errorf(reseau.EINVALID, "invalid snapshot: not valid UTF-8 at byte %d (line %d)", bad, bytes.Count(data[:bad], []byte("\n"))+1)
	}
	snap := snapshot{Dataset: &reseau.Dataset{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&snap); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, reseau.Errorf(reseau.EINVALID, "invalid snapshot: data after the JSON document")
	}
	return snap.Dataset, nil
}

// jsonError turns a decoding error into EINVALID, with the byte offset where
// the decoder stopped when it gives one.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return reseau.Errorf(reseau.EINVALID, "invalid snapshot: %v (at byte %d)", syn, syn.Offset)
	case errors.As(err, &typ):
		return reseau.Errorf(reseau.EINVALID, "invalid snapshot: field %s: expected %s, got %s (at byte %d)", strings.TrimPrefix(typ.Field, "Dataset."), typ.Type, typ.Value, typ.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return reseau.Errorf(reseau.EINVALID, "invalid snapshot: truncated document")
	}
	return reseau.Errorf(reseau.EINVALID, "invalid snapshot: %v", err)
}
