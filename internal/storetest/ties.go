package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func testCollaborators(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	tests := []struct {
		name string
		keys []string
		f    reseau.TieFilter
		want map[string][]reseau.CollaborationTie
	}{
		{"all time, batched", []string{"meridien", "logement", "gerbe", "css", "nope"}, reseau.TieFilter{}, map[string][]reseau.CollaborationTie{
			"meridien": {
				{OrganisationKey: "amo", Weight: 2, FirstDate: "2018-05-14", LastDate: "2022-06-30", CollaborationKeys: []string{"immersion-2022", "meeting-2018"}},
				{OrganisationKey: "pole-jeunes", Weight: 2, FirstDate: "2018-05-14", LastDate: "2022-06-30", CollaborationKeys: []string{"immersion-2022", "meeting-2018"}},
				{OrganisationKey: "cpas", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10", CollaborationKeys: []string{"rencontre-2015"}},
				// No tie through immersion-2022, where gerbe was invite_absent.
				{OrganisationKey: "gerbe", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10", CollaborationKeys: []string{"rencontre-2015"}},
			},
			"logement": {
				{OrganisationKey: "cpas", Weight: 1, FirstDate: "2019", LastDate: "2019", CollaborationKeys: []string{"gt-logement"}},
			},
			"gerbe": {
				{OrganisationKey: "cpas", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10", CollaborationKeys: []string{"rencontre-2015"}},
				{OrganisationKey: "meridien", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10", CollaborationKeys: []string{"rencontre-2015"}},
			},
		}},
		{"since", []string{"meridien"}, reseau.TieFilter{Since: "2020"}, map[string][]reseau.CollaborationTie{
			"meridien": {
				{OrganisationKey: "amo", Weight: 1, FirstDate: "2022-03-01", LastDate: "2022-06-30", CollaborationKeys: []string{"immersion-2022"}},
				{OrganisationKey: "pole-jeunes", Weight: 1, FirstDate: "2022-03-01", LastDate: "2022-06-30", CollaborationKeys: []string{"immersion-2022"}},
			},
		}},
		{"until, partial month overlaps", []string{"meridien"}, reseau.TieFilter{Until: "2015-10-05"}, map[string][]reseau.CollaborationTie{
			"meridien": {
				{OrganisationKey: "cpas", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10", CollaborationKeys: []string{"rencontre-2015"}},
				{OrganisationKey: "gerbe", Weight: 1, FirstDate: "2015-10", LastDate: "2015-10", CollaborationKeys: []string{"rencontre-2015"}},
			},
		}},
		{"window with no collaboration", []string{"meridien"}, reseau.TieFilter{Since: "2016", Until: "2017"}, map[string][]reseau.CollaborationTie{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Collaborators(ctx, tt.keys, tt.f)
			must(t, err)
			for k, ties := range got {
				if len(ties) == 0 {
					delete(got, k) // a key without ties may be absent or empty
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Collaborators = %+v\nwant %+v", got, tt.want)
			}
		})
	}
	_, err := s.Collaborators(ctx, []string{"meridien"}, reseau.TieFilter{Since: "hier"})
	wantCode(t, err, reseau.EINVALID)
}

func testPartners(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	got, err := s.Partners(ctx, []string{"meridien", "gerbe", "css", "pole-jeunes", "logement"})
	must(t, err)
	for k, p := range got {
		if len(p) == 0 {
			delete(got, k)
		}
	}
	want := map[string][]string{
		// gerbe and meridien are both members of css-adhesion: tied to css only.
		"meridien":    {"amo", "css", "pole-jeunes"},
		"gerbe":       {"css"},
		"css":         {"gerbe", "meridien"},
		"pole-jeunes": {"amo", "meridien"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Partners = %v\nwant %v", got, want)
	}
}

func testAcquaintances(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	collab := func(k string) reseau.Reason { return reseau.Reason{Kind: reseau.ReasonCollaboration, Key: k} }
	org := func(k string) reseau.Reason { return reseau.Reason{Kind: reseau.ReasonOrganisation, Key: k} }
	knows := reseau.Reason{Kind: reseau.ReasonKnows}
	tests := []struct {
		name   string
		caller *reseau.Caller
		keys   []string
		want   map[string][]reseau.Acquaintance
	}{
		{"coordinator, batched", coordinator, []string{"alice", "eve", "dan", "nope"}, map[string][]reseau.Acquaintance{
			"alice": {
				{PersonKey: "bob", Weight: 1, Reasons: []reseau.Reason{collab("rencontre-2015")}},
				{PersonKey: "carol", Weight: 1, Reasons: []reseau.Reason{collab("rencontre-2015")}},
				// dan was invite_absent at rencontre-2015: only the organisation ties them.
				{PersonKey: "dan", Weight: 1, Reasons: []reseau.Reason{org("cpas")}},
				{PersonKey: "eve", Weight: 1, Reasons: []reseau.Reason{knows}},
			},
			"eve": {{PersonKey: "alice", Weight: 1, Reasons: []reseau.Reason{knows}}},
			"dan": {{PersonKey: "alice", Weight: 1, Reasons: []reseau.Reason{org("cpas")}}},
		}},
		{"viewer of another organisation", viewerMeridien, []string{"alice", "carol"}, map[string][]reseau.Acquaintance{
			"alice": {
				{PersonKey: "bob", Weight: 1, Reasons: []reseau.Reason{collab("rencontre-2015")}},
				{PersonKey: "eve", Weight: 1, Reasons: []reseau.Reason{knows}},
			},
		}},
		{"viewer of carol's organisation", viewerGerbe, []string{"carol"}, map[string][]reseau.Acquaintance{
			"carol": {
				{PersonKey: "alice", Weight: 1, Reasons: []reseau.Reason{collab("rencontre-2015")}},
				{PersonKey: "bob", Weight: 1, Reasons: []reseau.Reason{collab("rencontre-2015")}},
			},
		}},
		{"anonymous", anonymous, []string{"alice", "bob"}, map[string][]reseau.Acquaintance{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Acquaintances(as(tt.caller), tt.keys)
			must(t, err)
			for k, a := range got {
				if len(a) == 0 {
					delete(got, k)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Acquaintances = %+v\nwant %+v", got, tt.want)
			}
		})
	}

	// Several reasons add up, sorted by kind then key.
	must(t, s.PutMembership(ctx, reseau.Membership{PersonKey: "bob", OrganisationKey: "cpas"}))
	must(t, s.PutKnows(ctx, reseau.Knows{PersonKey: "alice", OtherKey: "bob"}))
	must(t, s.PutKnows(ctx, reseau.Knows{PersonKey: "bob", OtherKey: "alice"}))
	got, err := s.Acquaintances(ctx, []string{"alice"})
	must(t, err)
	want := reseau.Acquaintance{PersonKey: "bob", Weight: 3, Reasons: []reseau.Reason{collab("rencontre-2015"), knows, org("cpas")}}
	if len(got["alice"]) == 0 || !reflect.DeepEqual(got["alice"][0], want) {
		t.Errorf("Acquaintances(alice)[0] = %+v, want %+v (heaviest first)", got["alice"], want)
	}
}

// testTiesFollowWrites asks for ties, writes, and asks again: a store that
// caches derived ties must keep them in step with every write.
func testTiesFollowWrites(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	weights := func(org string, f reseau.TieFilter) map[string]int {
		t.Helper()
		got, err := s.Collaborators(ctx, []string{org}, f)
		must(t, err)
		w := map[string]int{}
		for _, tie := range got[org] {
			w[tie.OrganisationKey] = tie.Weight
		}
		return w
	}
	steps := []struct {
		name  string
		write func() error
		org   string
		f     reseau.TieFilter
		want  map[string]int
	}{
		{"before", func() error { return nil }, "meridien", reseau.TieFilter{},
			map[string]int{"amo": 2, "pole-jeunes": 2, "cpas": 1, "gerbe": 1}},
		{"absent becomes present", func() error {
			return s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "immersion-2022", OrganisationKey: "gerbe", Role: "hote"})
		}, "meridien", reseau.TieFilter{}, map[string]int{"amo": 2, "pole-jeunes": 2, "cpas": 1, "gerbe": 2}},
		{"present becomes absent", func() error {
			return s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "meeting-2018", OrganisationKey: "amo", Role: reseau.RoleInviteAbsent})
		}, "meridien", reseau.TieFilter{}, map[string]int{"amo": 1, "pole-jeunes": 2, "cpas": 1, "gerbe": 2}},
		{"participation deleted", func() error { return s.DeleteParticipation(ctx, "rencontre-2015", "cpas") },
			"meridien", reseau.TieFilter{}, map[string]int{"amo": 1, "pole-jeunes": 2, "gerbe": 2}},
		{"collaboration moved in time", func() error {
			return Err(s.UpdateCollaboration(ctx, "meeting-2018", Replace(&reseau.Collaboration{Key: "meeting-2018", Kind: "speedmeeting", Title: "Speed-meeting", StartDate: "2021-05-14"})))
		}, "meridien", reseau.TieFilter{Since: "2020"}, map[string]int{"amo": 1, "pole-jeunes": 2, "gerbe": 1}},
		{"new collaboration", func() error {
			if err := s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "new", Kind: "atelier", Title: "Nouveau", StartDate: "2024"}); err != nil {
				return err
			}
			if err := s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "new", OrganisationKey: "meridien"}); err != nil {
				return err
			}
			return s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "new", OrganisationKey: "logement"})
		}, "meridien", reseau.TieFilter{Since: "2020"}, map[string]int{"amo": 1, "pole-jeunes": 2, "gerbe": 1, "logement": 1}},
		{"collaboration deleted", func() error { return s.DeleteCollaboration(ctx, "immersion-2022") },
			"meridien", reseau.TieFilter{}, map[string]int{"pole-jeunes": 1, "gerbe": 1, "logement": 1}},
		{"organisation deleted", func() error { return s.DeleteOrganisation(ctx, "pole-jeunes") },
			"meridien", reseau.TieFilter{}, map[string]int{"gerbe": 1, "logement": 1}},
		{"import", func() error {
			_, err := s.Import(ctx, &reseau.Dataset{Participations: []reseau.Participation{
				{CollaborationKey: "gt-logement", OrganisationKey: "meridien"},
			}})
			return err
		}, "meridien", reseau.TieFilter{}, map[string]int{"gerbe": 1, "logement": 2, "cpas": 1}},
	}
	for _, st := range steps {
		must(t, st.write())
		if got := weights(st.org, st.f); !reflect.DeepEqual(got, st.want) {
			t.Errorf("after %s: Collaborators(%s) weights = %v, want %v", st.name, st.org, got, st.want)
		}
	}
}

// testPartnersFollowWrites asks for partners, writes, and asks again.
func testPartnersFollowWrites(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	steps := []struct {
		name  string
		write func() error
		want  map[string][]string
	}{
		{"before", func() error { return nil }, map[string][]string{
			"meridien": {"amo", "css", "pole-jeunes"}, "amo": {"meridien", "pole-jeunes"}, "css": {"gerbe", "meridien"}}},
		{"new member", func() error {
			return s.PutParty(ctx, reseau.Party{PartnershipKey: "css-adhesion", OrganisationKey: "amo", Role: "membre"})
		}, map[string][]string{
			"meridien": {"amo", "css", "pole-jeunes"}, "amo": {"css", "meridien", "pole-jeunes"}, "css": {"amo", "gerbe", "meridien"}}},
		{"membership becomes a convention", func() error {
			return Err(s.UpdatePartnership(ctx, "css-adhesion", Replace(&reseau.Partnership{Key: "css-adhesion", Kind: "convention", Title: "Convention"})))
		}, map[string][]string{
			"meridien": {"amo", "css", "gerbe", "pole-jeunes"}, "amo": {"css", "gerbe", "meridien", "pole-jeunes"}, "css": {"amo", "gerbe", "meridien"}}},
		{"party removed", func() error { return s.DeleteParty(ctx, "convention-immersion", "amo") }, map[string][]string{
			"meridien": {"amo", "css", "gerbe", "pole-jeunes"}, "amo": {"css", "gerbe", "meridien"}, "css": {"amo", "gerbe", "meridien"}}},
		{"organisation deleted", func() error { return s.DeleteOrganisation(ctx, "css") }, map[string][]string{
			"meridien": {"amo", "gerbe", "pole-jeunes"}, "amo": {"gerbe", "meridien"}}},
		{"partnership deleted", func() error { return s.DeletePartnership(ctx, "css-adhesion") }, map[string][]string{
			"meridien": {"pole-jeunes"}}},
		{"import", func() error {
			_, err := s.Import(ctx, &reseau.Dataset{Parties: []reseau.Party{{PartnershipKey: "convention-immersion", OrganisationKey: "amo"}}})
			return err
		}, map[string][]string{"meridien": {"amo", "pole-jeunes"}, "amo": {"meridien", "pole-jeunes"}}},
	}
	for _, st := range steps {
		must(t, st.write())
		got, err := s.Partners(ctx, []string{"meridien", "amo", "css"})
		must(t, err)
		for k, v := range got {
			if len(v) == 0 {
				delete(got, k)
			}
		}
		if !reflect.DeepEqual(got, st.want) {
			t.Errorf("after %s: Partners = %v, want %v", st.name, got, st.want)
		}
	}
}

// testTiedOrganisations checks that TiedOrganisations names the
// organisations of Collaborators and Partners (tiedFromTies)
// for every organisation and kind of ties, before and after writes that
// change them: a store answering it its own quicker way answers the same.
func testTiedOrganisations(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loaded(t, open)
	got, err := s.TiedOrganisations(ctx, []string{"meridien", "nowhere"}, true, true)
	must(t, err)
	if want := map[string][]string{"meridien": {"amo", "cpas", "css", "gerbe", "pole-jeunes"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("TiedOrganisations(meridien) = %v, want %v", got, want)
	}
	same := func(step string) {
		t.Helper()
		orgs, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: 1000})
		must(t, err)
		var keys []string
		for _, o := range orgs.Items {
			keys = append(keys, o.Key)
		}
		for _, kinds := range [][2]bool{{true, true}, {true, false}, {false, true}} {
			got, err := s.TiedOrganisations(ctx, keys, kinds[0], kinds[1])
			must(t, err)
			want, err := tiedFromTies(ctx, s, keys, kinds[0], kinds[1])
			must(t, err)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, collaborations %v, partnerships %v: TiedOrganisations = %v\nfrom Collaborators and Partners %v", step, kinds[0], kinds[1], got, want)
			}
		}
	}
	same("loaded")
	must(t, s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "meeting-2018", OrganisationKey: "amo", Role: reseau.RoleInviteAbsent}))
	must(t, s.DeleteParticipation(ctx, "rencontre-2015", "cpas"))
	must(t, s.PutParty(ctx, reseau.Party{PartnershipKey: "css-adhesion", OrganisationKey: "logement", Role: "membre"}))
	same("after writes")
}

// tiedFromTies is what Reader.TiedOrganisations answers, read from
// Collaborators and Partners.
func tiedFromTies(ctx context.Context, r reseau.Reader, orgKeys []string, collaborations, partnerships bool) (map[string][]string, error) {
	out := map[string][]string{}
	if collaborations {
		ties, err := r.Collaborators(ctx, orgKeys, reseau.TieFilter{})
		if err != nil {
			return nil, err
		}
		for org, list := range ties {
			keys := make([]string, len(list))
			for i, t := range list {
				keys[i] = t.OrganisationKey
			}
			out[org] = keys
		}
	}
	var partners map[string][]string
	if partnerships {
		var err error
		if partners, err = r.Partners(ctx, orgKeys); err != nil {
			return nil, err
		}
	}
	reseau.JoinPartners(out, partners)
	return out, nil
}
