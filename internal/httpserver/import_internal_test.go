package httpserver

import (
	"io"
	"io/fs"
	"testing"
	"testing/fstest"
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
