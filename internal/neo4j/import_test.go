package neo4j

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// memory keeps what merge_* statements write, as rows, and answers get_*
// and find_<edge> with the projections the real statements return: enough
// to follow an import through its comparisons without a server.
type memory struct {
	mu    sync.Mutex
	nodes map[string]map[string]map[string]any // statement noun → key → row
	edges map[string][]map[string]any          // noun → rows
}

var nounOfGet = map[string]string{
	"get_domains": "domains", "get_organisations": "organisations", "get_people": "people",
	"get_collaborations": "collaborations", "get_partnerships": "partnerships",
}

// project is what a get_* statement returns for a stored row: the node's
// properties (absent when null, lists as []any, no derived property), its
// references, and its domains with their positions.
func project(row map[string]any) map[string]any {
	m := map[string]any{}
	for k, v := range row {
		switch k {
		case "fold", "sortName", "sortTitle", "sortDate", "spanLow", "spanHigh", "communeFold", "postcodes", "addressCommunes", "openingHours":
			continue
		case "domains":
			var l []any
			for i, d := range v.([]string) {
				l = append(l, map[string]any{"key": d, "position": int64(i)})
			}
			m[k] = l
			continue
		}
		switch x := v.(type) {
		case nil:
		case []string:
			var l []any
			for _, s := range x {
				l = append(l, s)
			}
			m[k] = l
		default:
			m[k] = x
		}
	}
	return m
}

func (db *memory) answer(name string, p map[string]any) []*driver.Record {
	db.mu.Lock()
	defer db.mu.Unlock()
	switch {
	case name == "find_existing_keys":
		return world(false)(name, p)
	case strings.HasPrefix(name, "merge_"):
		noun := strings.TrimPrefix(name, "merge_")
		for _, row := range p["rows"].([]map[string]any) {
			if _, ok := edgeEnds[noun]; ok {
				db.edges[noun] = append(db.edges[noun], row)
				continue
			}
			if db.nodes[noun] == nil {
				db.nodes[noun] = map[string]map[string]any{}
			}
			db.nodes[noun][row["key"].(string)] = row
		}
	case nounOfGet[name] != "":
		var recs []*driver.Record
		for _, k := range p["keys"].([]string) {
			if row, ok := db.nodes[nounOfGet[name]][k]; ok {
				recs = append(recs, record(getCols[name], project(row)))
			}
		}
		return recs
	case strings.HasPrefix(name, "find_") && edgeEnds[strings.TrimPrefix(name, "find_")] != [2]string{}:
		noun := strings.TrimPrefix(name, "find_")
		from := p["from"].([]string)
		var recs []*driver.Record
		for _, row := range db.edges[noun] {
			for _, f := range from {
				if row[edgeEnds[noun][0]] == f {
					rec := &driver.Record{}
					for k, v := range row {
						rec.Keys, rec.Values = append(rec.Keys, k), append(rec.Values, v)
					}
					for _, c := range []string{"role", "since", "until", "source"} {
						if _, ok := row[c]; !ok {
							rec.Keys, rec.Values = append(rec.Keys, c), append(rec.Values, nil)
						}
					}
					recs = append(recs, rec)
				}
			}
		}
		return recs
	}
	return nil
}

// TestImportCounts follows an import and its repetition: the first creates
// every row, the second finds every row unchanged and writes nothing but its
// audit entry; a changed row is updated.
func TestImportCounts(t *testing.T) {
	db := &memory{nodes: map[string]map[string]map[string]any{}, edges: map[string][]map[string]any{}}
	r := newRecorder(t, db.answer)
	s := newStore(r)
	ctx := context.Background()

	ds := storetest.Fixture()
	st, err := s.Import(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if want := (reseau.ImportStats{Rows: ds.Rows(), Created: ds.Rows()}); *st != want {
		t.Errorf("first import = %+v, want %+v", *st, want)
	}
	r.count()

	st, err = s.Import(ctx, storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	if want := (reseau.ImportStats{Rows: ds.Rows(), Unchanged: ds.Rows()}); *st != want {
		t.Errorf("second import = %+v, want %+v", *st, want)
	}
	for name := range r.used() {
		if strings.HasPrefix(name, "merge_") || strings.HasPrefix(name, "link_") {
			t.Errorf("an unchanged import ran %s", name)
		}
	}

	changed := &reseau.Dataset{
		Organisations:  []reseau.Organisation{ds.Organisations[1]},
		Participations: []reseau.Participation{ds.Participations[0], ds.Participations[1]},
	}
	changed.Organisations[0].Domains = []string{"logement", "jeunesse"} // order is data
	changed.Participations[1].Role = "coordinateur"
	st, err = s.Import(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	if want := (reseau.ImportStats{Rows: 3, Updated: 2, Unchanged: 1}); *st != want {
		t.Errorf("changed import = %+v, want %+v", *st, want)
	}
}

// TestCodecRoundTrip checks that what a merge_* row stores reads back, once
// projected by get_*, as the value written: nil and empty lists, optional
// strings, counts and domain order included.
func TestCodecRoundTrip(t *testing.T) {
	n := 0
	tests := []struct {
		name   string
		value  any
		row    func(any) map[string]any
		decode func(map[string]any) any
	}{
		{"full organisation", &reseau.Organisation{Key: "cpas", Name: "CPAS", ShortName: "C", Sector: reseau.SectorCPAS, ParentKey: "p",
			Domains: []string{"z", "a"}, Commune: "Schaerbeek", Languages: []string{"fr", "nl"}, Aliases: []string{"OCMW"}},
			func(v any) map[string]any { return organisationRow(v.(*reseau.Organisation)) },
			func(m map[string]any) any { return decodeOrganisation(m) }},
		{"organisation with a directory record", directoryOrganisation(),
			func(v any) map[string]any { return organisationRow(v.(*reseau.Organisation)) },
			func(m map[string]any) any { return decodeOrganisation(m) }},
		{"bare organisation", &reseau.Organisation{Key: "x", Name: "X"},
			func(v any) map[string]any { return organisationRow(v.(*reseau.Organisation)) },
			func(m map[string]any) any { return decodeOrganisation(m) }},
		{"person", &reseau.Person{Key: "a", Name: "A", Email: "a@b.c", Visibility: reseau.VisibilityPrivate},
			func(v any) map[string]any { return personRow(v.(*reseau.Person)) },
			func(m map[string]any) any { return decodePerson(m) }},
		{"collaboration with a zero count", &reseau.Collaboration{Key: "c", Kind: "k", Title: "T", StartDate: "2015-10", ParticipantsCount: &n,
			LocationKey: "o", Domains: []string{"d"}, Description: "x"},
			func(v any) map[string]any { return collaborationRow(v.(*reseau.Collaboration)) },
			func(m map[string]any) any { return decodeCollaboration(m) }},
		{"partnership", &reseau.Partnership{Key: "p", Kind: "k", Title: "T", EndDate: "2022"},
			func(v any) map[string]any { return partnershipRow(v.(*reseau.Partnership)) },
			func(m map[string]any) any { return decodePartnership(m) }},
		{"domain", &reseau.Domain{Key: "d", LabelFR: "D"},
			func(v any) map[string]any { return domainRow(v.(*reseau.Domain)) },
			func(m map[string]any) any { return decodeDomain(m) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.decode(project(tt.row(tt.value))); !reflect.DeepEqual(got, tt.value) {
				t.Errorf("read back %+v, wrote %+v", got, tt.value)
			}
		})
	}
}
