package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// TestExportNetwork runs `reseau export` in the graph formats on the demo
// and reads the files back.
func TestExportNetwork(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "reseau.db")
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	s.Close()
	var private string // the CLI is the system: it sees PRIVATE people too
	for _, p := range ds.People {
		if p.Visibility == reseau.VisibilityPrivate {
			for _, m := range ds.Memberships {
				if m.PersonKey == p.Key && private == "" {
					private = p.Key
				}
			}
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	env := func(k string) string { return map[string]string{"RESEAU_DB": db}[k] }
	file := func(name string) string { return filepath.Join(dir, name) }

	cases := []struct {
		name string
		args []string
		file string
		kind string // gexf, graphml, graphology or json: what the file must be
		code string // "" for success, else the reseau code of the error
		has  []string
		not  []string
	}{
		{"GEXF from the extension", []string{"export", file("a.gexf")}, file("a.gexf"), "gexf", "",
			[]string{"Organisation:css", "Person:" + private, "Collaboration:"}, nil},
		{"GraphML of the CPAS organisations", []string{"export", file("b.graphml"), "--types", "ORGANISATION", "--sectors", "cpas", "--ties=COLLABORATION"},
			file("b.graphml"), "graphml", "", []string{"Organisation:cpas-pole-jeunes"}, []string{"Organisation:cass", "Person:"}},
		{"graphology from the extension", []string{"export", file("c.graphology.json"), "--since", "2015", "--min-weight", "1"},
			file("c.graphology.json"), "graphology", "", []string{"Organisation:css"}, nil},
		{"graphology by flag", []string{"export", "--format", "graphology", file("d.json"), "--centre", "cass", "--depth", "1"},
			file("d.json"), "graphology", "", []string{"Organisation:cass"}, nil},
		{"snapshot from the extension", []string{"export", file("e.json")}, file("e.json"), "json", "", []string{`"organisations"`}, nil},
		{"snapshot with view flags", []string{"export", file("f.json"), "--sectors", "CPAS"}, file("f.json"), "", reseau.EINVALID, nil, nil},
		{"unknown sector", []string{"export", file("g.gexf"), "--sectors", "BANK"}, file("g.gexf"), "", reseau.EINVALID, nil, nil},
		{"unknown domain", []string{"export", file("h.gexf"), "--domains", "astronomy"}, file("h.gexf"), "", reseau.ENOTFOUND, nil, nil},
		{"unknown format", []string{"export", "--format", "dot", file("i.dot")}, file("i.dot"), "", reseau.EINVALID, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := run(ctx, tc.args, env, log)
			if got := reseau.ErrorCode(err); got != tc.code {
				t.Fatalf("run %v: code %q (%v), want %q", tc.args, got, err, tc.code)
			}
			b, rerr := os.ReadFile(tc.file)
			if tc.code != "" {
				if rerr == nil {
					t.Errorf("a failed export wrote %s", tc.file)
				}
				return
			}
			if rerr != nil {
				t.Fatal(rerr)
			}
			switch tc.kind {
			case "gexf", "graphml":
				var x struct {
					XMLName xml.Name
				}
				if err := xml.Unmarshal(b, &x); err != nil || x.XMLName.Local != tc.kind {
					t.Fatalf("not a %s document: %v %v", tc.kind, x.XMLName, err)
				}
			case "graphology", "json":
				var x map[string]any
				if err := json.Unmarshal(b, &x); err != nil {
					t.Fatal(err)
				}
				if _, ok := x["options"]; ok != (tc.kind == "graphology") {
					t.Errorf("graphology options present = %v, want kind %s", ok, tc.kind)
				}
			}
			for _, h := range tc.has {
				if !strings.Contains(string(b), h) {
					t.Errorf("%s is missing", h)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(string(b), n) {
					t.Errorf("%s is in the file", n)
				}
			}
		})
	}
}
