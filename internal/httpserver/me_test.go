package httpserver_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// mintPerson signs a viewer token for sub linked to person (none when "").
func mintPerson(t *testing.T, sub, person string, orgs []string) string {
	t.Helper()
	tok, err := exportAuth.MintPerson(sub, person, []string{reseau.RoleViewer}, orgs, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

type pair struct{ A, B struct{ Key string } }

// TestMe asks "whom have I already met?" over real HTTP with real tokens:
// `me` is the person of the token's person claim (null when anonymous, or
// when the token names nobody or an unknown key; a PRIVATE person sees
// themselves even with no organisation in their token), and
// me's acquaintances, suggested meetings and an introduction path without
// `from` start from that person, as if their key had been typed.
func TestMe(t *testing.T) {
	ts := serveSecure(t)
	public, private, privateOrg, _ := demoPeople(t)
	mine := mintPerson(t, "alice", public, nil)

	var me struct {
		Me *struct {
			Key               string
			Memberships       []struct{ Organisation struct{ Key string } }
			Acquaintances     []struct{ Person struct{ Key string } }
			SuggestedMeetings []pair
		}
		Person struct {
			Acquaintances []struct{ Person struct{ Key string } }
		}
		SuggestedMeetings []pair
	}
	data(t, postAs(t, ts, mine, `query($p: String) { me { key memberships { organisation { key } } acquaintances(first: 500) { person { key } }
		suggestedMeetings(first: 20) { a { key } b { key } } }
		person(key: $p) { acquaintances(first: 500) { person { key } } }
		suggestedMeetings(first: 500) { a { key } b { key } } }`, map[string]any{"p": public}), &me)
	if me.Me == nil || me.Me.Key != public {
		t.Fatalf("me = %+v, want %s", me.Me, public)
	}
	if len(me.Me.Acquaintances) == 0 || !slices.Equal(keys(me.Me.Acquaintances), keys(me.Person.Acquaintances)) {
		t.Errorf("me's acquaintances %v, the person's %v", keys(me.Me.Acquaintances), keys(me.Person.Acquaintances))
	}
	// My suggestions: the network's, restricted to pairs with one of my organisations.
	var orgs []string
	for _, m := range me.Me.Memberships {
		orgs = append(orgs, m.Organisation.Key)
	}
	var want []pair
	for _, p := range me.SuggestedMeetings {
		if len(want) < 20 && (slices.Contains(orgs, p.A.Key) || slices.Contains(orgs, p.B.Key)) {
			want = append(want, p)
		}
	}
	if len(me.Me.SuggestedMeetings) == 0 || !slices.Equal(me.Me.SuggestedMeetings, want) {
		t.Errorf("my suggested meetings %v, want %v (organisations %v)", me.Me.SuggestedMeetings, want, orgs)
	}

	// introductionPath without from starts from me.
	to := me.Me.Acquaintances[len(me.Me.Acquaintances)-1].Person.Key
	var paths struct {
		Mine, Typed struct{ People []struct{ Key string } }
	}
	data(t, postAs(t, ts, mine, `query($me: ID, $to: ID!) { mine: introductionPath(to: $to) { people { key } }
		typed: introductionPath(from: $me, to: $to) { people { key } } }`, map[string]any{"me": public, "to": to}), &paths)
	if len(paths.Mine.People) < 2 || paths.Mine.People[0].Key != public || !slices.Equal(paths.Mine.People, paths.Typed.People) {
		t.Errorf("path from me %v, typed %v", paths.Mine, paths.Typed)
	}

	for _, tc := range []struct {
		name, token, want string
	}{
		{"anonymous", "", ""},
		{"token linked to nobody", mintPerson(t, "bob", "", nil), ""},
		{"linked to an unknown key", mintPerson(t, "bob", "no-such-person", nil), ""},
		// The caller always sees themselves, whatever their visibility.
		{"PRIVATE person, caller not of their organisation", mintPerson(t, "carol", private, nil), private},
		{"PRIVATE person, caller of their organisation", mintPerson(t, "carol", private, []string{privateOrg}), private},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct{ Me *struct{ Key string } }
			data(t, postAs(t, ts, tc.token, `{ me { key } }`, nil), &v)
			got := ""
			if v.Me != nil {
				got = v.Me.Key
			}
			if got != tc.want {
				t.Errorf("me = %q, want %q", got, tc.want)
			}
		})
	}

	// A PRIVATE person whose token carries no organisation reads themselves
	// (person, memberships, acquaintances, a path from me) and nobody else
	// because of it: another PRIVATE person of their organisation stays
	// absent, and their own writes are not widened (NOT_FOUND, as before).
	selfTok := mintPerson(t, "carol", private, nil)
	var self struct {
		Me     *struct{ Key string }
		Person *struct {
			Key           string
			Memberships   []struct{ Organisation struct{ Key string } }
			Acquaintances []struct{ Person struct{ Key string } }
		}
	}
	data(t, postAs(t, ts, selfTok, `query($p: String) { me { key } person(key: $p) { key memberships { organisation { key } }
		acquaintances(first: 500) { person { key } } } }`, map[string]any{"p": private}), &self)
	if self.Me == nil || self.Person == nil || self.Person.Key != private || len(self.Person.Memberships) == 0 ||
		self.Person.Memberships[0].Organisation.Key != privateOrg {
		t.Fatalf("a PRIVATE person reading themselves: %+v %+v", self.Me, self.Person)
	}
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	hidden := map[string]bool{}
	for _, p := range ds.People {
		if p.Visibility == reseau.VisibilityPrivate && p.Key != private {
			hidden[p.Key] = true
		}
	}
	for _, a := range self.Person.Acquaintances {
		if hidden[a.Person.Key] {
			t.Errorf("seeing oneself shows the PRIVATE acquaintance %s", a.Person.Key)
		}
	}
	var colleague string
	for _, m := range ds.Memberships {
		if m.OrganisationKey == privateOrg && hidden[m.PersonKey] {
			colleague = m.PersonKey
			break
		}
	}
	if colleague == "" {
		t.Fatalf("no other PRIVATE person at %s in the demo", privateOrg)
	}
	var other struct{ Person *struct{ Key string } }
	data(t, postAs(t, ts, selfTok, `query($p: String) { person(key: $p) { key } }`, map[string]any{"p": colleague}), &other)
	if other.Person != nil {
		t.Errorf("seeing oneself shows the PRIVATE colleague %s", colleague)
	}
	if len(self.Person.Acquaintances) > 0 {
		var path struct {
			IntroductionPath *struct{ People []struct{ Key string } }
		}
		data(t, postAs(t, ts, selfTok, `query($to: ID!) { introductionPath(to: $to) { people { key } } }`,
			map[string]any{"to": self.Person.Acquaintances[0].Person.Key}), &path)
		if path.IntroductionPath == nil || path.IntroductionPath.People[0].Key != private {
			t.Errorf("a path from a PRIVATE me: %+v", path.IntroductionPath)
		}
	}
	editor, err := exportAuth.MintPerson("carol", private, []string{reseau.RoleEditor}, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if a := postAs(t, ts, editor, `mutation($p: String) { updatePerson(key: $p, input: {name: "Carol"}) { key } }`,
		map[string]any{"p": private}); a.code() != reseau.ENOTFOUND {
		t.Errorf("an editor writing their PRIVATE self outside their organisations: %+v, want NOT_FOUND as for an absent key", a.Errors)
	}

	// Without from and without a me: INVALID on from for a signed-in caller,
	// refused as before for an anonymous one.
	q := `{ introductionPath(to: "` + to + `") { length } }`
	if a := postAs(t, ts, mintPerson(t, "bob", "", nil), q, nil); a.code() != reseau.EINVALID || a.Errors[0].Extensions["field"] != "from" {
		t.Errorf("signed in, linked to nobody: %+v", a.Errors)
	}
	if a := postAs(t, ts, "", q, nil); a.code() == "" || a.code() == reseau.EINVALID {
		t.Errorf("anonymous: %+v", a.Errors)
	}
}

func keys(as []struct{ Person struct{ Key string } }) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Person.Key
	}
	return out
}

// TestPersonClaim checks the verifier's person claim: at its configured
// path, absent is linked to nobody, and anything but one string is refused.
func TestPersonClaim(t *testing.T) {
	cfg := exportAuth
	cfg.PersonClaim = "ext.person"
	v, err := auth.NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := cfg.MintPerson("dan", "p-dan", []string{reseau.RoleViewer}, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c, err := v.Verify(tok)
	if err != nil || c.Person != "p-dan" {
		t.Fatalf("caller %+v, %v", c, err)
	}
	// The default claim is not read when another path is configured.
	other, _ := exportAuth.MintPerson("dan", "p-dan", []string{reseau.RoleViewer}, nil, time.Hour)
	if c, err := v.Verify(other); err != nil || c.Person != "" {
		t.Fatalf("caller %+v, %v", c, err)
	}
	// A claim holding two values names no one person: the token is refused.
	cfg.PersonClaim = "roles"
	v2, err := auth.NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	two, _ := cfg.Mint("dan", []string{reseau.RoleViewer, reseau.RoleEditor}, nil, time.Hour)
	if _, err := v2.Verify(two); reseau.ErrorCode(err) != reseau.EUNAUTHORIZED {
		t.Fatalf("two persons: %v", err)
	}
}

// TestMeAcquaintancesPinned answers "whom have I already met?" for one demo
// person, over real HTTP with a real token linked to her: Els El Amrani
// works at the CPAS de Schaerbeek and took part in the colloque of 2010,
// the ateliers citoyens of 2015 (organiser) and the ISFSC seminar of 2015,
// all held. Her acquaintances, read off internal/demo (staff.go and the
// Schaerbeek sources), are her CPAS colleagues and the staff who took part
// in those three, heaviest first then by key; the two PRIVATE colleagues
// appear only to a token of the CPAS.
func TestMeAcquaintancesPinned(t *testing.T) {
	ts := serveSecure(t)
	type acq struct {
		Person  struct{ Key string }
		Weight  int
		Reasons []struct {
			Kind          string
			Collaboration *struct{ Key string }
			Organisation  *struct{ Key string }
		}
	}
	// key: weight, then its grounds (kind:key) in the order of the answer.
	network := []string{
		"amina-da-silva 2 COLLABORATION:ateliers-citoyens-2015 COLLABORATION:isfsc-seminaire-2015",
		"amina-ouali 2 COLLABORATION:colloque-2010 COLLABORATION:isfsc-seminaire-2015",
		"kevin-haddad 2 COLLABORATION:isfsc-seminaire-2015 ORGANISATION:cpas-schaerbeek",
		"adam-peeters 1 ORGANISATION:cpas-schaerbeek",
		"jan-delvaux 1 ORGANISATION:cpas-schaerbeek",
		"koen-mukendi 1 COLLABORATION:isfsc-seminaire-2015",
		"noah-maes 1 COLLABORATION:colloque-2010",
		"sofie-michel 1 COLLABORATION:colloque-2010",
	}
	ofTheCPAS := slices.Clone(network)
	ofTheCPAS = slices.Insert(ofTheCPAS, 4, "femke-wauters 1 ORGANISATION:cpas-schaerbeek")
	ofTheCPAS = slices.Insert(ofTheCPAS, 7, "louise-renard 1 ORGANISATION:cpas-schaerbeek")
	for _, tc := range []struct {
		name string
		orgs []string
		want []string
	}{
		{"token without organisation", nil, network},
		{"token of the CPAS", []string{"cpas-schaerbeek"}, ofTheCPAS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct {
				Me *struct {
					Key           string
					Acquaintances []acq
				}
			}
			data(t, postAs(t, ts, mintPerson(t, "els", "els-el-amrani", tc.orgs), `{ me { key acquaintances(first: 100) {
				person { key } weight reasons { kind collaboration { key } organisation { key } } } } }`, nil), &v)
			if v.Me == nil || v.Me.Key != "els-el-amrani" {
				t.Fatalf("me = %+v", v.Me)
			}
			var got []string
			for _, a := range v.Me.Acquaintances {
				s := a.Person.Key + " " + strconv.Itoa(a.Weight)
				for _, r := range a.Reasons {
					switch {
					case r.Collaboration != nil:
						s += " " + r.Kind + ":" + r.Collaboration.Key
					case r.Organisation != nil:
						s += " " + r.Kind + ":" + r.Organisation.Key
					default:
						s += " " + r.Kind
					}
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("acquaintances\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
