package web_test

// The map in a real browser: Debian's chromium, headless, driven by
// chromedp, against a real server on the demo store with the production
// limits and GraphiQL off (the map is on in production). Without chromium
// these tests skip with how to run them; in CI (CI=true) they fail instead.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/demo"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// TestMapInBrowser walks through the map as its users would, in French,
// Dutch and English, anonymous then signed in, on the demo data; every view
// is saved as a screenshot and no view may log an error.
func TestMapInBrowser(t *testing.T) {
	b := newBrowser(t, "fr-BE,fr")
	store := sqlitetest.Demo(t)
	ts, secret := mapServer(t, store)
	people := demoPeople(t)

	t.Run("landing page in French", func(t *testing.T) {
		b.open(t, ts.URL+"/")
		b.waitMap(t)
		var lang string
		b.eval(t, `document.documentElement.lang`, &lang)
		if lang != "fr" {
			t.Errorf("<html lang> = %q, want fr for a French browser", lang)
		}
		if h := b.text(t, "h1"); h != "La carte du réseau" {
			t.Errorf("title %q, want La carte du réseau", h)
		}
		var rows int
		b.eval(t, `document.querySelectorAll('[data-testid=org-list] tbody tr').length`, &rows)
		if rows < 50 {
			t.Errorf("the text version lists %d organisations, want the demo's (83 minus the filtered)", rows)
		}
		var drawn float64
		b.eval(t, `performance.getEntriesByName('map-drawn')[0].startTime`, &drawn)
		t.Logf("navigation to map drawn: %.0f ms (demo, %d organisations listed)", drawn, rows)
		if body := b.text(t, "body"); len(namesIn(body, people)) > 0 {
			t.Errorf("an anonymous visitor sees people: %v", namesIn(body, people))
		}
		b.shot(t, "map-fr")
		b.noErrors(t)
	})

	t.Run("search meridien and Enter opens the card", func(t *testing.T) {
		b.open(t, ts.URL+"/")
		b.run(t, "search", chromedp.SendKeys(`#search-input`, "meridien\r", chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=card] h2`, chromedp.ByQuery))
		if h := b.text(t, `[data-testid=card] h2`); !strings.HasPrefix(h, "Le Méridien") {
			t.Errorf("card of %q, want Le Méridien", h)
		}
		var hash string
		b.eval(t, `location.hash`, &hash)
		if hash != "#/organisation/le-meridien" {
			t.Errorf("hash %q, want #/organisation/le-meridien", hash)
		}
		var n int
		b.eval(t, `document.querySelectorAll('[data-testid=collaborators] tbody tr').length`, &n)
		if n == 0 {
			t.Error("no collaborator in Le Méridien's card")
		}
		b.shot(t, "search-card-fr")
		b.noErrors(t)
	})

	t.Run("a card opened from its link", func(t *testing.T) {
		b.open(t, ts.URL+"/#/organisation/le-meridien")
		b.waitMap(t)
		if h := b.text(t, `[data-testid=card] h2`); !strings.HasPrefix(h, "Le Méridien") {
			t.Errorf("card of %q, want Le Méridien", h)
		}
		card := b.text(t, `[data-testid=card]`)
		for _, want := range []string{"Collaborations", "Partenaires", "Santé mentale"} {
			if !strings.Contains(card, want) {
				t.Errorf("the card lacks %q:\n%s", want, card)
			}
		}
		var people int
		b.eval(t, `document.querySelectorAll('[data-testid=people]').length`, &people)
		if people != 0 || strings.Contains(card, "Personnes") {
			t.Error("an anonymous visitor sees a People section")
		}
		if found := namesIn(b.text(t, "body"), demoPeople(t)); len(found) > 0 {
			t.Errorf("an anonymous visitor sees people: %v", found)
		}
		b.shot(t, "card-fr")
		b.noErrors(t)
	})

	t.Run("an unknown key says not found", func(t *testing.T) {
		b.open(t, ts.URL+"/#/organisation/nulle-part")
		if s := b.text(t, `.notfound`); !strings.Contains(s, "Introuvable") || !strings.Contains(s, "nulle-part") {
			t.Errorf("not-found text %q", s)
		}
		b.open(t, ts.URL+"/?lang=nl#/path/nulle-part/la-gerbe")
		if s := b.text(t, `.notfound-path`); !strings.Contains(s, "Niet gevonden") || !strings.Contains(s, "nulle-part") {
			t.Errorf("not-found text %q", s)
		}
		b.open(t, ts.URL+"/#/nulle/part")
		if s := b.text(t, `.notfound`); !strings.Contains(s, "Cette page n’existe pas") {
			t.Errorf("not-found text %q", s)
		}
		b.noErrors(t)
	})

	t.Run("Dutch with ?lang=nl", func(t *testing.T) {
		b.open(t, ts.URL+"/?lang=nl#/organisation/le-meridien")
		b.waitMap(t)
		var lang string
		b.eval(t, `document.documentElement.lang`, &lang)
		if lang != "nl" {
			t.Errorf("<html lang> = %q, want nl", lang)
		}
		if h := b.text(t, "h1"); h != "De netwerkkaart" {
			t.Errorf("title %q, want De netwerkkaart", h)
		}
		page := b.text(t, "body")
		for _, want := range []string{"Samenwerkingen", "Filters", "Sectoren", "verenigingen", "Geestelijke gezondheid", "Lacunes"} {
			if !strings.Contains(page, want) {
				t.Errorf("the Dutch page lacks %q", want)
			}
		}
		for _, french := range []string{"Secteurs", "Partenaires", "Santé mentale", "Manques"} {
			if strings.Contains(page, french) {
				t.Errorf("the Dutch page shows the French %q", french)
			}
		}
		b.shot(t, "card-nl")
		b.open(t, ts.URL+"/?lang=nl#/")
		b.waitMap(t)
		b.shot(t, "map-nl")
		b.noErrors(t)
	})

	t.Run("English with the switch", func(t *testing.T) {
		b.open(t, ts.URL+"/#/")
		b.run(t, "switch", chromedp.Click(`.lang button[lang=en]`, chromedp.ByQuery),
			chromedp.WaitReady(`html[lang="en"]`, chromedp.ByQuery))
		if h := b.text(t, "h1"); h != "The network map" {
			t.Errorf("title %q after the switch, want The network map", h)
		}
		var lang, search string
		b.eval(t, `document.documentElement.lang`, &lang)
		b.eval(t, `location.search`, &search)
		if lang != "en" || search != "?lang=en" {
			t.Errorf("<html lang> %q, search %q; want en, ?lang=en", lang, search)
		}
		b.noErrors(t)
	})

	t.Run("path from Le Méridien to La Gerbe", func(t *testing.T) {
		b.open(t, ts.URL+"/#/path/le-meridien/la-gerbe")
		b.waitMap(t)
		b.run(t, "chain", chromedp.WaitVisible(`[data-testid=chain]`, chromedp.ByQuery))
		var ends []string
		b.eval(t, `[...document.querySelectorAll('[data-testid=chain] > li > a')].map(a => a.textContent)`, &ends)
		if len(ends) < 2 || !strings.HasPrefix(ends[0], "Le Méridien") || !strings.HasPrefix(ends[len(ends)-1], "La Gerbe") {
			t.Errorf("chain %q, want Le Méridien … La Gerbe", ends)
		}
		var hops int
		b.eval(t, `document.querySelectorAll('[data-testid=chain] .hop').length`, &hops)
		if hops != len(ends)-1 {
			t.Errorf("%d hops explained for %d organisations", hops, len(ends))
		}
		b.shot(t, "path-fr")
		b.noErrors(t)
	})

	t.Run("the gaps heat map", func(t *testing.T) {
		b.open(t, ts.URL+"/#/gaps")
		b.run(t, "heat map", chromedp.WaitVisible(`table.heat td.gap button`, chromedp.ByQuery))
		var rows, gaps int
		b.eval(t, `document.querySelectorAll('table.heat tbody tr').length`, &rows)
		b.eval(t, `document.querySelectorAll('table.heat td.gap').length`, &gaps)
		if rows == 0 || gaps == 0 {
			t.Errorf("heat map of %d domains and %d gaps", rows, gaps)
		}
		b.run(t, "a gap's sides", chromedp.Click(`table.heat td.gap button`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=sides][aria-busy=false] .two`, chromedp.ByQuery),
			chromedp.WaitVisible(`#brokers-title + p + table`, chromedp.ByQuery))
		sides := b.text(t, `[data-testid=sides]`)
		if !strings.Contains(sides, " et ") {
			t.Errorf("sides %q", sides)
		}
		b.shot(t, "gaps-fr")
		b.open(t, ts.URL+"/?lang=nl#/gaps")
		b.run(t, "heat map", chromedp.WaitVisible(`table.heat td.gap button`, chromedp.ByQuery), chromedp.WaitVisible(`#brokers-title + p + table`, chromedp.ByQuery))
		b.shot(t, "gaps-nl")
		b.noErrors(t)
	})

	t.Run("a gap cell names the untied, who could introduce them, and the chain", func(t *testing.T) {
		// Santé mentale, CPAS × associations (the reasoning is in
		// internal/analytics TestGapCellSantéMentale): every CPAS
		// organisation present met an association there; Mémoire Vivante
		// alone met no CPAS organisation there; the CASS could introduce
		// it; the chain runs Mémoire Vivante → CASS → CPAS 1030/DES.
		b.open(t, ts.URL+"/#/gaps")
		b.run(t, "the cell", chromedp.WaitVisible(`td[data-domain=sante-mentale][data-pair=CPAS-ASSOCIATIF] button`, chromedp.ByQuery),
			chromedp.Click(`td[data-domain=sante-mentale][data-pair=CPAS-ASSOCIATIF] button`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=sides][aria-busy=false] [data-testid=untied-b] li`, chromedp.ByQuery))
		if a := b.text(t, `[data-testid=untied-a]`); !strings.Contains(a, "Toutes ont déjà rencontré le secteur associatif") {
			t.Errorf("CPAS side %q, want every one tied", a)
		}
		var untied []string
		b.eval(t, `[...document.querySelectorAll('[data-testid=untied-b] li')].map(li => li.textContent)`, &untied)
		if len(untied) != 1 || untied[0] != "Mémoire Vivante" {
			t.Errorf("untied associations %q, want Mémoire Vivante", untied)
		}
		if br := b.text(t, `[data-testid=bridges] > li`); !strings.HasPrefix(br, "Coordination de l'Action Sociale de Schaerbeek") ||
			!strings.Contains(br, "est liée à Mémoire Vivante, que rien ne lie encore au secteur CPAS dans « Santé mentale »") ||
			!strings.Contains(br, "Groupe de travail Seniors") {
			t.Errorf("first bridge %q", br)
		}
		var chain []string
		b.eval(t, `[...document.querySelectorAll('[data-testid=introduction] > li > a')].map(a => a.textContent)`, &chain)
		if len(chain) != 3 || chain[0] != "Mémoire Vivante" || chain[2] != "CPAS 1030/DES" {
			t.Errorf("chain %q, want Mémoire Vivante … CPAS 1030/DES", chain)
		}
		b.shot(t, "gaps-cell-fr")
		b.run(t, "to the invitations", chromedp.Click(`[data-testid=invite-link]`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=invitations][aria-busy=false] tbody tr`, chromedp.ByQuery))
		var hash string
		b.eval(t, `location.hash`, &hash)
		if hash != "#/invitations/sante-mentale" {
			t.Errorf("hash %q, want #/invitations/sante-mentale", hash)
		}
		b.noErrors(t)
	})

	t.Run("whom to invite on parentalité", func(t *testing.T) {
		// The five organisations active in parentalité are tied to none
		// of the others: all five, 7 new ties between sectors
		// (internal/analytics TestMeetingInvitationsParentalité).
		b.open(t, ts.URL+"/?lang=nl#/invitations/parentalite")
		b.run(t, "the group", chromedp.WaitVisible(`[data-testid=invitations][aria-busy=false] tbody tr`, chromedp.ByQuery))
		var rows int
		b.eval(t, `document.querySelectorAll('[data-testid=invitations] tbody tr').length`, &rows)
		if sum := b.text(t, `[data-testid=invitations-summary]`); rows != 5 || !strings.Contains(sum, "5 organisaties: 7 nieuwe banden tussen sectoren, 0 paren al verbonden.") ||
			!strings.Contains(sum, "Geen andere groep") {
			t.Errorf("%d rows, summary %q", rows, sum)
		}
		if table := b.text(t, `[data-testid=invitations] table`); !strings.Contains(table, "is actief in het domein ‘Opvoedingsondersteuning’") {
			t.Errorf("no Dutch reason in %q", table)
		}
		b.shot(t, "invitations-nl")
		// The CASS organises, four around the table, in English.
		b.open(t, ts.URL+"/?lang=en#/invitations/parentalite")
		b.run(t, "with the organiser",
			chromedp.WaitVisible(`[data-testid=invitations][aria-busy=false] tbody tr`, chromedp.ByQuery),
			chromedp.SetValue(`input[name=size]`, "4", chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector('input[name=size]').dispatchEvent(new Event('input', {bubbles: true}))`, nil),
			chromedp.SetValue(`input[name=organiser]`, "CASS", chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector('input[name=organiser]').dispatchEvent(new Event('input', {bubbles: true}))`, nil),
			chromedp.Click(`[data-testid=invitations-form] button[type=submit]`, chromedp.ByQuery),
			chromedp.Sleep(200*time.Millisecond),
			chromedp.WaitVisible(`[data-testid=invitations][aria-busy=false] tbody tr`, chromedp.ByQuery))
		var names []string
		b.eval(t, `[...document.querySelectorAll('[data-testid=invitations] tbody th a')].map(a => a.textContent)`, &names)
		want := []string{"Coordination de l'Action Sociale de Schaerbeek", "ONE – Consultation", "Association des Parents Turcs de Belgique", "Planning Familial Bureaux de Quartiers"}
		if strings.Join(names, "|") != strings.Join(want, "|") {
			t.Errorf("group %q, want %q", names, want)
		}
		if first := b.text(t, `[data-testid=invitations] tbody tr`); !strings.Contains(first, "organiser") {
			t.Errorf("first row %q, want the organiser", first)
		}
		// The domain in English: its labelEn, in the heading and the reasons.
		if h := b.text(t, `#inv-result`); !strings.Contains(h, "Parenting support") {
			t.Errorf("heading %q, want the domain's English label", h)
		}
		if table := b.text(t, `[data-testid=invitations] table`); !strings.Contains(table, "Parenting support") || strings.Contains(table, "parentalité") {
			t.Errorf("English reasons %q, want Parenting support and no French label", table)
		}
		b.shot(t, "invitations-en")
		b.noErrors(t)
	})

	t.Run("downloads of the filtered view", func(t *testing.T) {
		dir := t.TempDir()
		b.open(t, ts.URL+"/#/")
		b.waitMap(t)
		b.run(t, "filter the CPAS",
			cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir),
			chromedp.Click(`input[name=sector][value=CPAS]`, chromedp.ByQuery),
			chromedp.Sleep(200*time.Millisecond),
			chromedp.WaitVisible(`.map-wrap[aria-busy="false"]`, chromedp.ByQuery))
		var listed []string
		b.eval(t, `[...document.querySelectorAll('[data-testid=org-list] tbody th')].map(th => th.textContent)`, &listed)
		if len(listed) == 0 || len(listed) > 20 {
			t.Fatalf("the CPAS filter lists %d organisations: %v", len(listed), listed)
		}
		for _, f := range []string{"gexf", "graphml", "png"} {
			b.run(t, "download "+f, chromedp.Click(`.downloads button[data-format=`+f+`]`, chromedp.ByQuery))
			p := filepath.Join(dir, "reseau."+f)
			var body []byte
			for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				if b, err := os.ReadFile(p); err == nil && len(b) > 0 {
					body = b
					break
				}
			}
			switch {
			case len(body) == 0:
				t.Errorf("no %s downloaded", p)
			case f == "png":
				if !strings.HasPrefix(string(body), "\x89PNG") || len(body) < 5000 {
					t.Errorf("%s: %d bytes, not a drawn PNG", p, len(body))
				}
				_ = os.WriteFile(filepath.Join(b.shots, "download-cpas.png"), body, 0o644)
			default:
				text := string(body)
				if !strings.Contains(text, "<"+f) || !strings.Contains(text, "cpas-schaerbeek") || strings.Contains(text, "le-meridien") {
					t.Errorf("%s is not the CPAS view (%d bytes):\n%.300s", p, len(body), text)
				}
			}
		}
		b.noErrors(t)
	})

	t.Run("the same data gives the same picture", func(t *testing.T) {
		var pngs [][]byte
		for range 2 {
			dir := t.TempDir()
			b.open(t, ts.URL+"/#/")
			b.waitMap(t)
			b.run(t, "download the PNG", cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir),
				chromedp.Click(`.downloads button[data-format=png]`, chromedp.ByQuery))
			name := "reseau.png"
			var body []byte
			for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && len(body) == 0; time.Sleep(100 * time.Millisecond) {
				body, _ = os.ReadFile(filepath.Join(dir, name))
			}
			if len(body) < 5000 {
				t.Fatalf("%s: %d bytes", name, len(body))
			}
			pngs = append(pngs, body)
		}
		if string(pngs[0]) != string(pngs[1]) {
			t.Error("two loads of the same view drew different pictures: the layout is not deterministic")
		}
		b.noErrors(t)
	})

	t.Run("communities and the institutions toggle", func(t *testing.T) {
		b.open(t, ts.URL+"/#/")
		b.waitMap(t)
		var before, after int
		b.eval(t, `document.querySelectorAll('[data-testid=org-list] tbody tr').length`, &before)
		b.run(t, "options", chromedp.Click(`input[name=colour]:not(:checked)`, chromedp.ByQuery),
			chromedp.Click(`input[name=scope][value=INSTITUTION]`, chromedp.ByQuery),
			chromedp.Sleep(300*time.Millisecond),
			chromedp.WaitVisible(`.map-wrap[aria-busy="false"]`, chromedp.ByQuery))
		b.eval(t, `document.querySelectorAll('[data-testid=org-list] tbody tr').length`, &after)
		if after >= before {
			t.Errorf("with institutions the map shows %d organisations, %d before", after, before)
		}
		if list := b.text(t, `[data-testid=org-list]`); strings.Contains(list, "Pôle Jeunes") || !strings.Contains(list, "CPAS") {
			t.Errorf("with institutions the list should show the CPAS and none of its services:\n%.400s", list)
		}
		if legend := b.text(t, ".legend"); !strings.Contains(legend, "communauté 1") {
			t.Errorf("legend %q, want communities", legend)
		}
		b.shot(t, "map-institutions-fr")

		// The CPAS's card at the institution scope: Le Méridien is a
		// collaborator, through its Pôle Jeunes (the page asks the API with
		// the scope; the filters stay as the toggle left them).
		b.run(t, "the CPAS's card", chromedp.Evaluate(`location.hash = '#/organisation/cpas-schaerbeek'`, nil),
			chromedp.WaitVisible(`[data-testid=scope-note]`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=collaborators] tbody tr`, chromedp.ByQuery))
		var row string
		b.eval(t, `[...document.querySelectorAll('[data-testid=collaborators] tbody tr')].map(r => r.textContent).find(s => s.includes('Méridien')) || ''`, &row)
		if !strings.Contains(row, "par son service Pôle Jeunes du CPAS") {
			t.Errorf("the CPAS's card at the institution scope: Le Méridien's row %q, want it through the Pôle Jeunes", row)
		}
		b.shot(t, "card-institution-fr")

		// Back to organisations: Le Méridien is no collaborator of the CPAS itself.
		b.run(t, "organisations again", chromedp.Click(`input[name=scope][value=ORGANISATION]`, chromedp.ByQuery),
			chromedp.WaitNotPresent(`[data-testid=scope-note]`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=collaborators] tbody tr`, chromedp.ByQuery))
		if card := b.text(t, `[data-testid=collaborators]`); strings.Contains(card, "Méridien") {
			t.Error("at the organisation scope the CPAS's card lists Le Méridien")
		}
		b.noErrors(t)
	})

	t.Run("the gaps at the institution scope name no service", func(t *testing.T) {
		// The toggle on the gaps view asks the heat map, the cell, the
		// meetings and the brokers at the INSTITUTION scope: every service
		// (the CPAS's Pôle Jeunes, its DES…, La Gerbe's Mémoire Vivante)
		// stands in its institution, so no organisation the page names is
		// a service. Back at the organisation scope the same cell names
		// Mémoire Vivante and the CPAS 1030/DES again.
		services := demoServices(t)
		cellSel := `td[data-domain=sante-mentale][data-pair=CPAS-ASSOCIATIF] button`
		b.open(t, ts.URL+"/#/gaps")
		b.run(t, "institutions", chromedp.WaitVisible(cellSel, chromedp.ByQuery),
			chromedp.WaitVisible(`#brokers-title + p + table`, chromedp.ByQuery),
			chromedp.Click(`input[name=scope][value=INSTITUTION]`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=heatmap][aria-busy=false] `+cellSel, chromedp.ByQuery),
			chromedp.Click(cellSel, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=sides][aria-busy=false] .two`, chromedp.ByQuery),
			chromedp.WaitVisible(`#brokers-title + p + table`, chromedp.ByQuery))
		// named: the organisations the page names (links) and the ones a
		// bridge reaches (the text before " — ").
		const named = `[...document.querySelectorAll('.page.gaps a')].map(a => a.textContent)
			.concat([...document.querySelectorAll('.page.gaps .bridges .reasons li.meta')].map(li => li.textContent.split(' — ')[0]))`
		var inst []string
		b.eval(t, named, &inst)
		var inCell int
		b.eval(t, `document.querySelectorAll('[data-testid=sides] a:not([data-testid=invite-link])').length`, &inCell)
		if inCell == 0 || len(inst) < 10 {
			t.Fatalf("the page names %d organisations, %d in the cell: the check below would prove nothing", len(inst), inCell)
		}
		for _, n := range inst {
			if slices.Contains(services, n) {
				t.Errorf("at the institution scope the gaps view names the service %q", n)
			}
		}
		if cell := b.text(t, `[data-testid=sides]`); strings.Contains(cell, "Pôle Jeunes") || strings.Contains(cell, "CPAS 1030/DES") || strings.Contains(cell, "Mémoire Vivante") {
			t.Errorf("at the institution scope the cell shows a service:\n%s", cell)
		}
		t.Logf("institution scope: %d organisations named, %d in the santé mentale CPAS × associatif cell", len(inst), inCell)
		b.shot(t, "gaps-institutions-fr")

		b.run(t, "organisations again", chromedp.Click(`input[name=scope][value=ORGANISATION]`, chromedp.ByQuery),
			chromedp.Sleep(200*time.Millisecond),
			chromedp.WaitVisible(`[data-testid=sides][aria-busy=false] [data-testid=introduction]`, chromedp.ByQuery))
		var own []string
		b.eval(t, named, &own)
		if !slices.Contains(own, "Mémoire Vivante") || !slices.Contains(own, "CPAS 1030/DES") {
			t.Errorf("at the organisation scope the cell should name Mémoire Vivante and the CPAS 1030/DES: %q", own)
		}

		// The same cell at the institution scope in Dutch: no service named.
		b.open(t, ts.URL+"/?lang=nl#/gaps")
		b.run(t, "instellingen", chromedp.WaitVisible(cellSel, chromedp.ByQuery),
			chromedp.WaitVisible(`#brokers-title + p + table`, chromedp.ByQuery),
			chromedp.Click(`input[name=scope][value=INSTITUTION]`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=heatmap][aria-busy=false] `+cellSel, chromedp.ByQuery),
			chromedp.Click(cellSel, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=sides][aria-busy=false] .two`, chromedp.ByQuery),
			chromedp.WaitVisible(`#brokers-title + p + table`, chromedp.ByQuery))
		if cell := b.text(t, `[data-testid=sides]`); strings.Contains(cell, "Pôle Jeunes") || strings.Contains(cell, "Mémoire Vivante") || strings.Contains(cell, " et ") {
			t.Errorf("in Dutch at the institution scope the cell shows a service or French:\n%s", cell)
		}
		b.shot(t, "gaps-institutions-nl")
		b.noErrors(t)
	})

	t.Run("the timeline", func(t *testing.T) {
		// The demo's collaborations are dated in 2010, 2015, 2016, 2021 and
		// 2022 only (internal/analytics TestTimelineOnDemo): the other
		// years of the table (2011–14, 2017–20, and 2005–09, before the
		// first collaboration, which a partnership of 2005 opens) are not
		// recorded, not years without activity. Its undated working groups
		// make ties that no year counts, shown on their own line.
		var api struct {
			Timeline []struct {
				Year        int
				Recorded    bool
				UndatedTies int
			}
			Summary struct{ Ties int }
		}
		graphql(t, ts.URL, `{ timeline { year recorded undatedTies } summary { ties } }`, &api)
		if len(api.Timeline) == 0 || api.Timeline[0].UndatedTies == 0 {
			t.Fatalf("the demo's timeline %+v: no year or no undated tie to show", api.Timeline)
		}
		recorded := map[int]bool{2010: true, 2015: true, 2016: true, 2021: true, 2022: true}
		for _, c := range []struct{ lang, notRecorded, undated string }{
			{"fr", "non enregistré", "Sans date : %d liens"},
			{"nl", "niet geregistreerd", "Zonder datum: %d banden"},
			{"en", "not recorded", "Undated: %d ties"},
		} {
			b.open(t, ts.URL+"/?lang="+c.lang+"#/timeline")
			b.run(t, "timeline", chromedp.WaitVisible(`.timeline[aria-busy=false] [data-testid=timeline] tbody tr`, chromedp.ByQuery))
			var rows []struct {
				Year  int
				Text  string
				Cells int
			}
			b.eval(t, `[...document.querySelectorAll('[data-testid=timeline] tbody tr')].map(r => ({Year: +r.dataset.year, Text: r.textContent, Cells: r.cells.length}))`, &rows)
			if len(rows) != len(api.Timeline) {
				t.Errorf("%s: %d rows, the API answers %d years", c.lang, len(rows), len(api.Timeline))
			}
			var seen, said []int
			for _, r := range rows {
				says := strings.Contains(r.Text, c.notRecorded)
				if says == recorded[r.Year] {
					t.Errorf("%s: %d says %q: %v (%q)", c.lang, r.Year, c.notRecorded, says, r.Text)
				}
				if recorded[r.Year] {
					seen = append(seen, r.Year)
				}
				if says {
					said = append(said, r.Year)
				}
			}
			if len(seen) != len(recorded) || !slices.Contains(said, 2012) || !slices.Contains(said, 2019) {
				t.Errorf("%s: recorded years %v in the table, want the %d of the demo; %q said of %v, want 2012 and 2019 among them", c.lang, seen, len(recorded), c.notRecorded, said)
			}
			if u, want := b.text(t, `[data-testid=undated]`), fmt.Sprintf(c.undated, api.Timeline[0].UndatedTies); !strings.HasPrefix(u, want) {
				t.Errorf("%s: undated line %q, want it to start with %q", c.lang, u, want)
			}
			// Every tie shows: the new ties of the years (those of 2005, a
			// partnership's, in a year not recorded, among them) plus the
			// undated ones make the summary's ties.
			var dated int
			b.eval(t, `[...document.querySelectorAll('[data-testid=timeline] td[data-field=newTies]:not(.not-recorded)')].reduce((n, td) => n + Number(td.textContent), 0)`, &dated)
			if dated+api.Timeline[0].UndatedTies != api.Summary.Ties {
				t.Errorf("%s: the table's new ties %d + %d undated, want the summary's %d ties", c.lang, dated, api.Timeline[0].UndatedTies, api.Summary.Ties)
			}
			var head string
			b.eval(t, `document.querySelector('[data-testid=timeline] thead').textContent`, &head)
			t.Logf("%s: columns %s", c.lang, head)
			b.shot(t, "timeline-"+c.lang)
		}
		b.noErrors(t)
	})

	t.Run("a signed-in viewer sees people", func(t *testing.T) {
		token, err := auth.Mint(secret, "browser-test", []string{"viewer"}, []string{"le-meridien"}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		b.open(t, ts.URL+"/#/organisation/le-meridien")
		b.run(t, "sign in",
			chromedp.Click(`[data-testid=sign-in]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#token-input`, chromedp.ByQuery),
			chromedp.SetValue(`#token-input`, token, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector('#token-input').dispatchEvent(new Event('input', {bubbles: true}))`, nil),
			chromedp.Click(`dialog button[type=submit]`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=people] tbody tr`, chromedp.ByQuery))
		found := namesIn(b.text(t, `[data-testid=people]`), people)
		if len(found) == 0 {
			t.Error("the signed-in viewer sees nobody at Le Méridien")
		}
		var where struct{ Session, Local, URL string }
		b.eval(t, `({Session: sessionStorage.getItem('reseau.token') || '', Local: JSON.stringify(localStorage), URL: location.href})`, &where)
		if where.Session != token || strings.Contains(where.Local, token) || strings.Contains(where.URL, token) {
			t.Errorf("token kept in session %v, localStorage %v, URL %v; want session only",
				where.Session == token, strings.Contains(where.Local, token), strings.Contains(where.URL, token))
		}
		b.shot(t, "card-signed-in-fr")
		// People on the map, for a signed-in viewer.
		b.open(t, ts.URL+"/#/")
		b.waitMap(t)
		b.run(t, "show people", chromedp.Click(`input[name=people]`, chromedp.ByQuery),
			chromedp.Sleep(200*time.Millisecond), chromedp.WaitVisible(`.map-wrap[aria-busy="false"]`, chromedp.ByQuery))
		if !strings.Contains(b.text(t, ".legend"), "personne") {
			t.Error("the legend does not show people")
		}
		b.shot(t, "map-people-fr")

		// From a person to a person, through people already met.
		from, to := introductionEnds(t)
		b.open(t, ts.URL+"/#/path/people/"+from.Key+"/"+to.Key)
		b.run(t, "introduction path", chromedp.WaitVisible(`[data-testid=path][aria-busy=false] [data-testid=chain]`, chromedp.ByQuery))
		var names []string
		b.eval(t, `[...document.querySelectorAll('[data-testid=chain] > li > strong')].map(s => s.textContent)`, &names)
		if len(names) < 2 || names[0] != from.Name || names[len(names)-1] != to.Name {
			t.Errorf("introduction chain %q, want %s … %s", names, from.Name, to.Name)
		}
		b.shot(t, "path-people-fr")
		b.noErrors(t)
	})

	t.Run("the CPAS's card shows its record from the public sources", func(t *testing.T) {
		b.open(t, ts.URL+"/#/organisation/cpas-schaerbeek")
		b.run(t, "the CPAS's record", chromedp.WaitVisible(`[data-testid=directory] [data-testid=hours]`, chromedp.ByQuery))
		record := b.text(t, `[data-testid=directory]`)
		for _, want := range []string{"Boulevard Auguste Reyers 70, 1030 Schaerbeek", "+32 2 240 30 80", "info@cpas-schaerbeek.brussels", "OCMW van Schaarbeek"} {
			if !strings.Contains(record, want) {
				t.Errorf("the CPAS's record lacks %q:\n%s", want, record)
			}
		}
		var href string
		b.eval(t, `document.querySelector('[data-testid=website]').getAttribute('href')`, &href)
		if href != "https://www.cpas-schaerbeek.brussels/" {
			t.Errorf("website link %q", href)
		}
		// The record sits below the card's facts: scroll to its address and hours for the picture.
		b.run(t, "scroll to the record", chromedp.ScrollIntoView(`[data-testid=hours]`, chromedp.ByQuery))
		b.shot(t, "card-cpas-fr")
		b.noErrors(t)
	})

	t.Run("a card shows the directory record", func(t *testing.T) {
		// A record written for the test (fictional contact details: the
		// demo leaves unknown ones empty).
		lat, lon := 50.8521, 4.3787
		if _, err := reseau.Checked(store).UpdateOrganisation(context.Background(), "la-gerbe", func(o *reseau.Organisation) error {
			o.Directory = reseau.Directory{
				NameNL: "De Schoof", DescriptionFR: "Consultations\npour enfants et adultes.", Website: "https://la-gerbe.example.be/",
				Emails:    []string{"accueil@la-gerbe.example.be"},
				Phones:    []reseau.Phone{{Number: "+32 2 000 00 00"}, {Number: "02 000 00 01", Kind: "fax"}},
				Addresses: []reseau.Address{{Street: "Rue de l'Exemple", Number: "1", Postcode: "1030", Commune: "Schaerbeek", Latitude: &lat, Longitude: &lon}},
				Schedules: []reseau.Schedule{{Days: []string{"MO", "TH"}, Opens: "09:00", Closes: "12:30"}},
				CostFR:    "Selon les revenus", CostNL: "Volgens inkomen",
				Services: []reseau.Service{{Key: "consultations", NameFR: "Consultations", NameNL: "Consultaties"}},
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ lang, hours, cost, offers string }{
			{"fr", "lun., jeu. 09:00–12:30", "Selon les revenus", "Consultations"},
			{"nl", "ma, do 09:00–12:30", "Volgens inkomen", "Consultaties"},
			{"en", "Mon, Thu 09:00–12:30", "Selon les revenus", "Consultations"},
		} {
			b.open(t, ts.URL+"/?lang="+c.lang+"#/organisation/la-gerbe")
			b.run(t, "directory record", chromedp.WaitVisible(`[data-testid=directory] [data-testid=hours]`, chromedp.ByQuery))
			if h := b.text(t, `[data-testid=hours]`); h != c.hours {
				t.Errorf("%s: opening hours %q, want %q", c.lang, h, c.hours)
			}
			record := b.text(t, `[data-testid=directory]`)
			for _, want := range []string{c.cost, c.offers, "+32 2 000 00 00", "Rue de l'Exemple 1, 1030 Schaerbeek", "accueil@la-gerbe.example.be"} {
				if !strings.Contains(record, want) {
					t.Errorf("%s: the record lacks %q:\n%s", c.lang, want, record)
				}
			}
			var href string
			b.eval(t, `document.querySelector('[data-testid=website]').getAttribute('href')`, &href)
			if href != "https://la-gerbe.example.be/" {
				t.Errorf("%s: website link %q", c.lang, href)
			}
			b.shot(t, "card-directory-"+c.lang)
		}
		// A card without a record shows no empty section (no public page
		// gave the Pôle Jeunes's contact details: the demo leaves them empty).
		b.open(t, ts.URL+"/#/organisation/cpas-pole-jeunes")
		b.run(t, "card without a record", chromedp.WaitVisible(`[data-testid=card] h2`, chromedp.ByQuery))
		var sections int
		b.eval(t, `document.querySelectorAll('[data-testid=directory]').length`, &sections)
		if sections != 0 {
			t.Error("a card without a directory record shows its section")
		}
		b.noErrors(t)
	})
}

// demoServices answers the names of the demo's services: the organisations
// PART_OF another (the CPAS's Pôle Jeunes, DES…, La Gerbe's Mémoire Vivante).
func demoServices(t testing.TB) []string {
	t.Helper()
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range ds.Organisations {
		if o.ParentKey != "" {
			names = append(names, o.Name)
		}
	}
	if !slices.Contains(names, "CPAS 1030/DES") || !slices.Contains(names, "Mémoire Vivante") {
		t.Fatalf("the demo's services %q lack the CPAS 1030/DES or Mémoire Vivante", names)
	}
	return names
}

// graphql posts query to the server's /graphql anonymously and decodes its
// data into out; any error fails the test.
func graphql(t testing.TB, base, query string, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	res, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if len(r.Errors) > 0 || res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d, errors %+v", query, res.StatusCode, r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatal(err)
	}
}
