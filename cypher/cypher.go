// Package cypher holds every Cypher statement of the Neo4j store, one file
// per statement named <verb>_<noun>.cypher, embedded so that the binary
// carries its queries and CI can lint the very files that run.
package cypher

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.cypher
var files embed.FS

// Set is the embedded statements, keyed by file name without ".cypher".
type Set map[string]string

// Load returns every embedded statement. It panics on a read error, which
// can only be a build defect.
func Load() Set {
	entries, err := fs.Glob(files, "*.cypher")
	if err != nil {
		panic(err)
	}
	set := make(Set, len(entries))
	for _, name := range entries {
		b, err := files.ReadFile(name)
		if err != nil {
			panic(err)
		}
		set[strings.TrimSuffix(name, ".cypher")] = string(b)
	}
	return set
}

// Get returns the statement called name; it panics on an unknown name, so
// a typo fails the first test that reaches it rather than a user's request.
func (s Set) Get(name string) string {
	q, ok := s[name]
	if !ok {
		panic(fmt.Sprintf("cypher: no statement %q", name))
	}
	return q
}

// Names returns the statement names, sorted.
func (s Set) Names() []string {
	names := make([]string, 0, len(s))
	for n := range s {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Statements splits a file holding several statements (the migration) on
// semicolons that end a line; comment-only chunks are dropped.
func Statements(src string) []string {
	var out []string
	for _, part := range strings.Split(src, ";\n") {
		var code []string
		for _, line := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "//") {
				code = append(code, line)
			}
		}
		if stmt := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.Join(code, "\n")), ";")); stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}
