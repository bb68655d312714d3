package storetest

import (
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func testSearch(t *testing.T, open Opener) {
	s := loaded(t, open)
	tests := []struct {
		name    string
		caller  *reseau.Caller
		text    string
		types   []string
		first   reseau.SearchHit // the best hit, Score ignored; zero: no hit at all
		exact   bool             // the best hit scores 1
		without []string         // keys that must not be among the hits
	}{
		{"without accents", coordinator, "meridien", nil, reseau.SearchHit{Type: reseau.TypeOrganisation, Key: "meridien"}, false, nil},
		{"upper case with accents", coordinator, "MÉRIDIEN", nil, reseau.SearchHit{Type: reseau.TypeOrganisation, Key: "meridien"}, false, nil},
		{"exact short name", coordinator, "le meridien", nil, reseau.SearchHit{Type: reseau.TypeOrganisation, Key: "meridien"}, true, nil},
		// Mémoire Vivante's alias also holds every token: the closer name wins.
		{"tokens in another order", coordinator, "SSM La Gerbe", nil, reseau.SearchHit{Type: reseau.TypeOrganisation, Key: "gerbe"}, false, nil},
		{"alias", coordinator, "ocmw schaarbeek", nil, reseau.SearchHit{Type: reseau.TypeOrganisation, Key: "cpas"}, true, nil},
		{"prefix", coordinator, "merid", nil, reseau.SearchHit{Type: reseau.TypeOrganisation, Key: "meridien"}, false, nil},
		{"domain label", coordinator, "geestelijke", []string{reseau.TypeDomain}, reseau.SearchHit{Type: reseau.TypeDomain, Key: "sante-mentale"}, false, nil},
		{"collaboration title", coordinator, "rencontre sante", []string{reseau.TypeCollaboration}, reseau.SearchHit{Type: reseau.TypeCollaboration, Key: "rencontre-2015"}, false, nil},
		{"partnership title", coordinator, "réciprocité", nil, reseau.SearchHit{Type: reseau.TypePartnership, Key: "convention-immersion"}, false, nil},
		{"types restrict", coordinator, "meridien", []string{reseau.TypePerson}, reseau.SearchHit{}, false, nil},
		{"person for a coordinator", coordinator, "lefevre", nil, reseau.SearchHit{Type: reseau.TypePerson, Key: "carol"}, false, nil},
		{"private person for her organisation", viewerGerbe, "carole", nil, reseau.SearchHit{Type: reseau.TypePerson, Key: "carol"}, false, nil},
		{"private person hidden", viewerMeridien, "carole lefevre", nil, reseau.SearchHit{}, false, []string{"carol"}},
		{"network person for a viewer", viewerMeridien, "alice", nil, reseau.SearchHit{Type: reseau.TypePerson, Key: "alice"}, false, nil},
		{"no person for anonymous", anonymous, "alice dupont", nil, reseau.SearchHit{}, false, []string{"alice"}},
		{"nothing", coordinator, "zzzz", nil, reseau.SearchHit{}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(as(tt.caller), tt.text, tt.types, 10)
			must(t, err)
			if tt.first == (reseau.SearchHit{}) {
				if len(hits) != 0 && len(tt.without) == 0 {
					t.Fatalf("Search(%q) = %+v, want no hit", tt.text, hits)
				}
			} else if len(hits) == 0 || hits[0].Type != tt.first.Type || hits[0].Key != tt.first.Key {
				t.Fatalf("Search(%q) = %+v, want %s %s first", tt.text, hits, tt.first.Type, tt.first.Key)
			}
			if tt.exact && hits[0].Score != 1 {
				t.Errorf("exact match scores %v, want 1", hits[0].Score)
			}
			for i, h := range hits {
				if i > 0 && h.Score > hits[i-1].Score {
					t.Errorf("hits not best first: %+v", hits)
				}
				if h.Score <= 0 || h.Score > 1 {
					t.Errorf("score %v out of (0, 1]", h.Score)
				}
				if tt.types != nil && h.Type != tt.types[0] {
					t.Errorf("hit %+v of a type not asked for", h)
				}
				for _, k := range tt.without {
					if h.Key == k {
						t.Errorf("hit %+v must be hidden", h)
					}
				}
			}
		})
	}
	hits, err := s.Search(as(coordinator), "service", nil, 2)
	must(t, err)
	if len(hits) != 2 {
		t.Errorf("Search limit 2 = %d hits", len(hits))
	}
}
