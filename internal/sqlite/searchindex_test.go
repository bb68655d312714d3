package sqlite_test

import (
	"context"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestSearchFollowsWrites searches (which builds the in-memory index of
// folded names), writes, and searches again: every committed write must
// show in the next search, the people scope included.
func TestSearchFollowsWrites(t *testing.T) {
	ctx := context.Background()
	viewerGerbe := reseau.WithCaller(ctx, &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}, Orgs: []string{"gerbe"}})
	viewerCPAS := reseau.WithCaller(ctx, &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}, Orgs: []string{"cpas"}})
	tests := []struct {
		name  string
		write func(s reseau.Store) error
		ctx   context.Context
		text  string
		want  string // the key of the best hit; "" for a node that must not be hit
		gone  string // with want "": the key that must not be among the hits
	}{
		{"organisation created", func(s reseau.Store) error {
			return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "zebre", Name: "Le Zèbre", Sector: reseau.SectorPublic})
		}, ctx, "zebre", "zebre", ""},
		{"organisation renamed", func(s reseau.Store) error {
			return storetest.Err(s.UpdateOrganisation(ctx, "amo", storetest.Replace(&reseau.Organisation{Key: "amo", Name: "AMO Tempo", Sector: reseau.SectorAssociatif})))
		}, ctx, "tempo", "amo", ""},
		{"organisation's old name", func(s reseau.Store) error {
			return storetest.Err(s.UpdateOrganisation(ctx, "amo", storetest.Replace(&reseau.Organisation{Key: "amo", Name: "AMO Tempo", Sector: reseau.SectorAssociatif})))
		}, ctx, "rythme", "", "amo"},
		{"organisation deleted", func(s reseau.Store) error { return s.DeleteOrganisation(ctx, "amo") }, ctx, "rythme", "", "amo"},
		{"domain relabelled", func(s reseau.Store) error {
			return storetest.Err(s.UpdateDomain(ctx, "logement", storetest.Replace(&reseau.Domain{Key: "logement", LabelFR: "Habitat"})))
		}, ctx, "habitat", "logement", ""},
		{"domain deleted", func(s reseau.Store) error { return s.DeleteDomain(ctx, "sante-mentale") }, ctx, "geestelijke", "", "sante-mentale"},
		{"collaboration created", func(s reseau.Store) error {
			return s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "fete", Kind: "atelier", Title: "Fête de quartier", StartDate: "2024"})
		}, ctx, "fete quartier", "fete", ""},
		{"collaboration deleted", func(s reseau.Store) error { return s.DeleteCollaboration(ctx, "meeting-2018") }, ctx, "speed-meeting", "", "meeting-2018"},
		{"partnership renamed", func(s reseau.Store) error {
			return storetest.Err(s.UpdatePartnership(ctx, "css-adhesion", storetest.Replace(&reseau.Partnership{Key: "css-adhesion", Kind: "adhesion", Title: "Adhésions à la coordination", StartDate: "2005"})))
		}, ctx, "adhesions", "css-adhesion", ""},
		{"partnership deleted", func(s reseau.Store) error { return s.DeletePartnership(ctx, "convention-immersion") }, ctx, "reciprocite", "", "convention-immersion"},
		{"person created", func(s reseau.Store) error {
			return s.CreatePerson(ctx, &reseau.Person{Key: "yann", Name: "Yann Kervella", Visibility: reseau.VisibilityNetwork})
		}, viewerGerbe, "kervella", "yann", ""},
		{"person made private, seen by a colleague", func(s reseau.Store) error {
			return storetest.Err(s.UpdatePerson(ctx, "alice", storetest.Replace(&reseau.Person{Key: "alice", Name: "Alice Dupont", Visibility: reseau.VisibilityPrivate})))
		}, viewerCPAS, "alice dupont", "alice", ""},
		{"person made private, hidden from others", func(s reseau.Store) error {
			return storetest.Err(s.UpdatePerson(ctx, "alice", storetest.Replace(&reseau.Person{Key: "alice", Name: "Alice Dupont", Visibility: reseau.VisibilityPrivate})))
		}, viewerGerbe, "alice dupont", "", "alice"},
		{"person made public", func(s reseau.Store) error {
			return storetest.Err(s.UpdatePerson(ctx, "carol", storetest.Replace(&reseau.Person{Key: "carol", Name: "Carole Lefèvre", Visibility: reseau.VisibilityNetwork})))
		}, viewerCPAS, "carole lefevre", "carol", ""},
		{"person deleted", func(s reseau.Store) error { return s.DeletePerson(ctx, "bob") }, ctx, "janssens", "", "bob"},
		{"import", func(s reseau.Store) error {
			ds := storetest.Fixture()
			ds.Organisations[0].Aliases = []string{"Maison des jeunes"}
			_, err := s.Import(ctx, ds)
			return err
		}, ctx, "maison des jeunes", "amo", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Search(ctx, "schaerbeek", nil, 10); err != nil { // builds the index
				t.Fatal(err)
			}
			if err := tt.write(s); err != nil {
				t.Fatal(err)
			}
			hits, err := s.Search(tt.ctx, tt.text, nil, 10)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" && (len(hits) == 0 || hits[0].Key != tt.want) {
				t.Errorf("Search(%q) = %+v, want %s first", tt.text, hits, tt.want)
			}
			for _, h := range hits {
				if tt.want == "" && h.Key == tt.gone {
					t.Errorf("Search(%q) = %+v, want no %s", tt.text, hits, tt.gone)
				}
			}
		})
	}
}
