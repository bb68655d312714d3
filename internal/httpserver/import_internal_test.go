package httpserver

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestBudgetFS checks the second lock on zips on its own: whatever the
// files declare, reading stops once the files together pass the budget.
func TestBudgetFS(t *testing.T) {
	fsys := fstest.MapFS{"a.csv": {Data: make([]byte, 600)}, "b.csv": {Data: make([]byte, 600)}}
	for _, tc := range []struct {
		name   string
		budget int64
		files  []string
		over   bool
	}{
		{"one file within", 1000, []string{"a.csv"}, false},
		{"exactly full", 1200, []string{"a.csv", "b.csv"}, false},
		{"two files beyond", 1000, []string{"a.csv", "b.csv"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			left := tc.budget
			b := &budgetFS{fsys: fsys, left: &left}
			var err error
			for _, name := range tc.files {
				var f fs.File
				if f, err = b.Open(name); err != nil {
					t.Fatal(err)
				}
				_, err = io.Copy(io.Discard, f)
				f.Close()
				if err != nil {
					break
				}
			}
			if over := err != nil; over != tc.over || (left < 0) != tc.over {
				t.Errorf("err %v, %d bytes left; want over the budget: %v", err, left, tc.over)
			}
		})
	}
	left := int64(10)
	if entries, err := fs.ReadDir(&budgetFS{fsys: fsys, left: &left}, "."); err != nil || len(entries) != 2 {
		t.Errorf("ReadDir: %v %v", entries, err)
	}
}

// TestReadZipFolder checks that the folder of the CSV files is found
// whichever separator the zip's names use: Windows PowerShell 5's
// Compress-Archive writes backslashes.
func TestReadZipFolder(t *testing.T) {
	for _, tc := range []struct{ name, entry string }{
		{"slash", "data/domains.csv"},
		{"backslash", `data\domains.csv`},
		{"root", "domains.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, err := zw.Create(tc.entry)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte("id,label_fr\nd,D\n")); err != nil {
				t.Fatal(err)
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			ds, _, err := readZip(buf.Bytes(), 1<<20)
			if err != nil {
				t.Fatalf("code %s: %v", reseau.ErrorCode(err), err)
			}
			if len(ds.Domains) != 1 {
				t.Errorf("%d domains, want 1", len(ds.Domains))
			}
		})
	}
}
