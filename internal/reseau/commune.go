package reseau

// The nineteen communes of the Brussels-Capital Region, each under its French
// and its Dutch name: a social worker searching in Dutch ("Schaarbeek") must
// find what was recorded in French ("Schaerbeek"), and the other way round.
var brusselsCommunes = [][2]string{
	{"Anderlecht", "Anderlecht"},
	{"Auderghem", "Oudergem"},
	{"Berchem-Sainte-Agathe", "Sint-Agatha-Berchem"},
	{"Bruxelles", "Brussel"},
	{"Etterbeek", "Etterbeek"},
	{"Evere", "Evere"},
	{"Forest", "Vorst"},
	{"Ganshoren", "Ganshoren"},
	{"Ixelles", "Elsene"},
	{"Jette", "Jette"},
	{"Koekelberg", "Koekelberg"},
	{"Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek"},
	{"Saint-Gilles", "Sint-Gillis"},
	{"Saint-Josse-ten-Noode", "Sint-Joost-ten-Node"},
	{"Schaerbeek", "Schaarbeek"},
	{"Uccle", "Ukkel"},
	{"Watermael-Boitsfort", "Watermaal-Bosvoorde"},
	{"Woluwe-Saint-Lambert", "Sint-Lambrechts-Woluwe"},
	{"Woluwe-Saint-Pierre", "Sint-Pieters-Woluwe"},
}

// dutchCommunes maps the folded Dutch name of a Brussels commune to its
// folded French name.
var dutchCommunes = func() map[string]string {
	m := make(map[string]string, len(brusselsCommunes)+2)
	for _, c := range brusselsCommunes {
		m[Fold(c[1])] = Fold(c[0])
	}
	// The City of Brussels, as its name is often written.
	m[Fold("Ville de Bruxelles")] = Fold("Bruxelles")
	m[Fold("Stad Brussel")] = Fold("Bruxelles")
	return m
}()

// FoldCommune is what commune filters compare: the name folded as Fold does,
// and a Brussels commune's Dutch name read as its French one, so that
// "Schaarbeek", "SCHAERBEEK" and "Schaerbeek" are one commune. Both stores
// store and compare this value.
func FoldCommune(s string) string {
	f := Fold(s)
	if fr, ok := dutchCommunes[f]; ok {
		return fr
	}
	return f
}

// CommuneFoldsToUpdate lists the folded Dutch names whose stored folds a
// store made before FoldCommune must rewrite, with what they become.
func CommuneFoldsToUpdate() map[string]string {
	out := make(map[string]string, len(dutchCommunes))
	for nl, fr := range dutchCommunes {
		if nl != fr {
			out[nl] = fr
		}
	}
	return out
}
