package httpserver

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/reseau-bxl/reseau/graph"
	"io"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/hsds"
	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Bounds of a zipped CSV folder, against zip bombs: a few kilobytes of zip
// can declare, and inflate to, gigabytes. The layout has nine files; the
// entry limit leaves room for folders and stray files (a README, macOS
// metadata).
const (
	// MaxZipEntries is the most entries (files and folders) a zip may hold.
	MaxZipEntries = 64
	// ZipInflation is how many times MaxImport the files of a zip may
	// hold once uncompressed, all together.
	ZipInflation = 4
)

// importStats is the answer of a successful import.
type importStats struct {
	Rows      int `json:"rows"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Warnings: imported organisations that are probably duplicates.
	Warnings []graph.Warning `json:"warnings,omitempty"`
}

// importDataset imports the body of a POST to limits.ImportPath: a JSON
// snapshot or a zipped CSV folder, all or nothing, through s.Store, whose
// authz decorator decides who may import (coordinators and admins). The
// Guard has checked the content type and bounded the body.
func (s *Server) importDataset(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		httperr.Write(w, httperr.CodeMethodNotAllowed, "imports are POST requests with a JSON snapshot or a zipped CSV folder")
		return
	}
	// Who may import is authz's rule, answered by Import below. A caller
	// who may not import is refused here already, with the code authz
	// would answer, so that neither an anonymous client nor a signed-in
	// viewer or editor can make the server read, unpack (up to ZipInflation
	// times MaxImport) and parse an upload it would refuse anyway.
	switch c := reseau.CallerFrom(r.Context()); {
	case !c.Authenticated():
		httperr.Error(w, r, s.Log, reseau.Errorf(reseau.EUNAUTHORIZED, "sign in to import"))
		return
	case !c.HasRole(reseau.RoleCoordinator):
		httperr.Error(w, r, s.Log, reseau.Errorf(reseau.EFORBIDDEN, "not allowed to import"))
		return
	}
	maxBody := s.MaxImport
	if maxBody <= 0 {
		maxBody = limits.Defaults(false).MaxImport
	}
	// The Guard bounds the body already; this holds when a Server's
	// middleware leaves the Guard out.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			httperr.Write(w, httperr.CodeTooLarge, fmt.Sprintf("the import is larger than %d bytes", mbe.Limit))
			return
		}
		httperr.Write(w, httperr.CodeBadRequest, "could not read the request body")
		return
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if preferAsync(r) {
		s.startImportJob(w, r, body, mt, maxBody)
		return
	}
	s.importBody(w, r, body, mt, maxBody)
}

// importBody reads body (of media type mt) and imports it into the store,
// writing the answer to w: the stats, or the error located in the files.
// r gives the context (the request's, or a job's) and the request id.
func (s *Server) importBody(w http.ResponseWriter, r *http.Request, body []byte, mt string, maxBody int64) {
	var ds *reseau.Dataset
	var src located = (*csvio.Source)(nil) // a snapshot has none: errors stay as they are
	var err error
	switch mt {
	case limits.ContentTypeJSON:
		ds, err = csvio.ReadJSON(bytes.NewReader(body))
	case limits.ContentTypeZip:
		ds, src, err = readZip(body, ZipInflation*maxBody)
	default:
		httperr.Write(w, httperr.CodeMediaType,
			"send the dataset as Content-Type: application/json (a snapshot) or application/zip (a zipped CSV folder)")
		return
	}
	if err != nil {
		var big *tooLargeError
		if errors.As(err, &big) {
			httperr.Write(w, httperr.CodeTooLarge, big.Error())
			return
		}
		httperr.Error(w, r, s.Log, err)
		return
	}
	for _, f := range src.Formats() {
		s.Log.InfoContext(r.Context(), "import file read", "request", httperr.RequestID(r.Context()),
			"file", f.File, "separator", f.Separator, "encoding", f.Encoding)
	}
	st, err := s.Store.Import(r.Context(), ds)
	if err != nil {
		if reseau.ErrorCode(err) == reseau.EINTERNAL && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
			err = reseau.Errorf(reseau.EUNAVAILABLE, "the import was cancelled or timed out: nothing was imported")
		}
		httperr.Error(w, r, s.Log, src.Locate(err))
		return
	}
	c := reseau.CallerFrom(r.Context())
	s.Log.InfoContext(r.Context(), "imported over HTTP", "request", httperr.RequestID(r.Context()), "sub", c.Subject,
		"format", mt, "rows", st.Rows, "created", st.Created, "updated", st.Updated, "unchanged", st.Unchanged)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(importStats{Rows: st.Rows, Created: st.Created, Updated: st.Updated, Unchanged: st.Unchanged,
		Warnings: s.importWarnings(r.Context(), ds)})
}

// located says where the rows of an uploaded dataset came from
// (csvio.Source, hsds.Source): Locate places a store's errors in the files.
type located interface {
	Formats() []csvio.FileFormat
	Locate(error) error
}

// tooLargeError is a zip beyond the bounds of readZip: 413, not 400.
type tooLargeError struct{ msg string }

func (e *tooLargeError) Error() string { return e.msg }

// readZip reads a zipped CSV folder or HSDS 3.0 package (hsds.Detect): its
// files at the root of the zip, or in its one top folder. The zip is refused before anything is
// inflated when it holds more than MaxZipEntries entries or declares more
// than maxUnzipped bytes, and reading stops at maxUnzipped bytes whatever
// the entries declare.
func readZip(body []byte, maxUnzipped int64) (*reseau.Dataset, located, error) {
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return nil, nil, reseau.Errorf(reseau.EINVALID, "not a zip file: %v", err)
	}
	if len(zr.File) > MaxZipEntries {
		return nil, nil, &tooLargeError{fmt.Sprintf("the zip holds %d entries, more than %d", len(zr.File), MaxZipEntries)}
	}
	var declared uint64
	tops := map[string]bool{}
	atRoot := false
	for _, f := range zr.File {
		declared += f.UncompressedSize64
		if declared > uint64(maxUnzipped) {
			return nil, nil, &tooLargeError{fmt.Sprintf("the zip's files hold more than %d bytes uncompressed", maxUnzipped)}
		}
		// Some Windows tools (PowerShell 5's Compress-Archive) separate
		// folders with backslashes; the zip's file system, which ReadFS
		// reads, turns them into slashes, so the folder is found the same way.
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if !fs.ValidPath(strings.TrimSuffix(name, "/")) {
			return nil, nil, reseau.Errorf(reseau.EINVALID, "zip entry %q: not a relative path", f.Name)
		}
		// Where the CSV files are decides the folder: a README beside
		// the top folder, or a docs folder beside the files, is no second
		// folder.
		top, rest, nested := strings.Cut(name, "/")
		switch {
		case top == "__MACOSX" || strings.HasPrefix(path.Base(name), "."):
			// Metadata a Mac or a shell adds: never part of the layout.
		case !strings.EqualFold(path.Ext(name), ".csv") || f.FileInfo().IsDir():
		case !nested:
			atRoot = true
		case !strings.Contains(rest, "/"):
			tops[top] = true
		}
	}
	dir := "."
	switch {
	case atRoot || len(tops) == 0:
		// With no CSV file anywhere, ReadFS says which files it expects.
	case len(tops) == 1:
		for t := range tops {
			dir = t
		}
	default:
		names := slices.Sorted(maps.Keys(tops))
		return nil, nil, reseau.Errorf(reseau.EINVALID, "put the CSV files at the root of the zip or in one folder, not in %s", strings.Join(names, ", "))
	}
	left := maxUnzipped
	fsys := &budgetFS{fsys: zr, left: &left}
	var ds *reseau.Dataset
	var src located
	// Detect reads little (a header, the descriptor), within the sizes
	// the zip declared: it needs no budget of its own.
	if hsds.Detect(zr, dir) {
		ds, src, err = hsds.ReadFS(fsys, dir)
	} else {
		ds, src, err = csvio.ReadFS(fsys, dir)
	}
	if left < 0 {
		return nil, nil, &tooLargeError{fmt.Sprintf("the zip's files hold more than %d bytes uncompressed", maxUnzipped)}
	}
	return ds, src, err
}

// budgetFS is a file system whose files, all together, can be read up to a
// budget. A zip entry cannot inflate beyond its declared size (archive/zip
// checks it), and the declared sizes are bounded: this is the second lock,
// independent of the zip's own bookkeeping.
type budgetFS struct {
	fsys fs.FS
	left *int64 // bytes that may still be read; negative once exceeded
}

// Open implements fs.FS.
func (b *budgetFS) Open(name string) (fs.File, error) {
	f, err := b.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return &budgetFile{File: f, left: b.left}, nil
}

// ReadDir implements fs.ReadDirFS: a budgetFile hides the directory's own
// ReadDir. A zip's file system opens a name written with backslashes by its
// slashed form but lists it by its base as written ("data\x.csv" in
// "data"): entries are named by the slashed form's base, the name Open takes.
func (b *budgetFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(b.fsys, name)
	for i, e := range entries {
		if n := e.Name(); strings.Contains(n, `\`) {
			entries[i] = slashedEntry{DirEntry: e, name: path.Base(strings.ReplaceAll(n, `\`, "/"))}
		}
	}
	return entries, err
}

// slashedEntry is a directory entry under another name.
type slashedEntry struct {
	fs.DirEntry
	name string
}

// Name implements fs.DirEntry.
func (e slashedEntry) Name() string { return e.name }

type budgetFile struct {
	fs.File
	left *int64
}

var errBudget = errors.New("the uncompressed files are too large")

func (f *budgetFile) Read(p []byte) (int, error) {
	if *f.left < 0 {
		return 0, errBudget
	}
	if int64(len(p)) > *f.left+1 {
		p = p[:*f.left+1] // one byte more than the budget tells "exceeded" from "exactly full"
	}
	n, err := f.File.Read(p)
	*f.left -= int64(n)
	if *f.left < 0 {
		return 0, errBudget
	}
	return n, err
}
