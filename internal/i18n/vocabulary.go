package i18n

import "sort"

// Vocabulary names a list of the data's codes that people read translated.
type Vocabulary string

// The vocabularies.
const (
	VocabSector            Vocabulary = "SECTOR"
	VocabCollaborationKind Vocabulary = "COLLABORATION_KIND"
	VocabPartnershipKind   Vocabulary = "PARTNERSHIP_KIND"
	VocabCollaborationRole Vocabulary = "COLLABORATION_ROLE"
	VocabPartnershipRole   Vocabulary = "PARTNERSHIP_ROLE"
)

// Vocabularies lists every vocabulary, in the order they are shown.
var Vocabularies = []Vocabulary{VocabSector, VocabCollaborationKind, VocabPartnershipKind, VocabCollaborationRole, VocabPartnershipRole}

// terms holds each vocabulary's codes (the sectors' enum values, the kinds
// and roles written in the data, those of the Schaerbeek demo and of the
// import format) with their labels. They are the web map's labels
// (web/src/i18n), so that the API and the map say the same.
var terms = map[Vocabulary]map[string]map[Lang]string{
	VocabSector: {
		"CPAS":       {FR: "CPAS", NL: "OCMW", EN: "CPAS"},
		"ASSOCIATIF": {FR: "associatif", NL: "verenigingen", EN: "associations"},
		"COMMUNAL":   {FR: "communal", NL: "gemeentediensten", EN: "municipal services"},
		"PUBLIC":     {FR: "autres organismes publics", NL: "andere openbare instellingen", EN: "other public bodies"},
		"MIXTE":      {FR: "mixte", NL: "gemengde instellingen", EN: "joint bodies"},
	},
	VocabCollaborationKind: {
		"colloque":            {FR: "colloque", NL: "colloquium", EN: "colloquium"},
		"atelier":             {FR: "atelier", NL: "workshop", EN: "workshop"},
		"comite_de_pilotage":  {FR: "comité de pilotage", NL: "stuurgroep", EN: "steering committee"},
		"rencontre_reseau":    {FR: "rencontre réseau", NL: "netwerkontmoeting", EN: "network meeting"},
		"groupe_de_travail":   {FR: "groupe de travail", NL: "werkgroep", EN: "working group"},
		"immersion":           {FR: "journée d’immersion", NL: "inleefdag", EN: "immersion day"},
		"assemblee":           {FR: "assemblée", NL: "algemene vergadering", EN: "general assembly"},
		"formation":           {FR: "formation", NL: "opleiding", EN: "training"},
		"module_presentation": {FR: "module de présentation", NL: "voorstellingsmodule", EN: "presentation module"},
		"projet_commun":       {FR: "projet commun", NL: "gezamenlijk project", EN: "joint project"},
		"speedmeeting":        {FR: "speed meeting", NL: "speedmeeting", EN: "speed meeting"},
	},
	VocabPartnershipKind: {
		"convention":  {FR: "convention", NL: "overeenkomst", EN: "agreement"},
		"financement": {FR: "financement", NL: "financiering", EN: "funding"},
		"adhesion":    {FR: "adhésion", NL: "lidmaatschap", EN: "membership"},
	},
	VocabCollaborationRole: {
		"organisateur":  {FR: "organisateur", NL: "organisator", EN: "organiser"},
		"participant":   {FR: "participant", NL: "deelnemer", EN: "participant"},
		"membre":        {FR: "membre", NL: "lid", EN: "member"},
		"animateur":     {FR: "animateur", NL: "begeleider", EN: "facilitator"},
		"coordinateur":  {FR: "coordinateur", NL: "coördinator", EN: "coordinator"},
		"demandeur":     {FR: "demandeur", NL: "aanvrager", EN: "applicant"},
		"formateur":     {FR: "formateur", NL: "opleider", EN: "trainer"},
		"hote":          {FR: "hôte", NL: "gastheer", EN: "host"},
		"intervenant":   {FR: "intervenant", NL: "spreker", EN: "speaker"},
		"invite":        {FR: "invité", NL: "genodigde", EN: "guest"},
		"invite_absent": {FR: "invité, absent", NL: "uitgenodigd, afwezig", EN: "invited, absent"},
		"rapporteur":    {FR: "rapporteur", NL: "rapporteur", EN: "rapporteur"},
		"visiteur":      {FR: "visiteur", NL: "bezoeker", EN: "visitor"},
		"hote-visiteur": {FR: "hôte et visiteur", NL: "gastheer en bezoeker", EN: "host and visitor"},
	},
	VocabPartnershipRole: {
		"partie":            {FR: "partie", NL: "partij", EN: "party"},
		"reseau":            {FR: "réseau", NL: "netwerk", EN: "network"},
		"beneficiaire":      {FR: "bénéficiaire", NL: "begunstigde", EN: "beneficiary"},
		"financeur":         {FR: "financeur", NL: "financierder", EN: "funder"},
		"membre":            {FR: "membre", NL: "lid", EN: "member"},
		"structure_commune": {FR: "structure commune", NL: "gezamenlijke structuur", EN: "joint structure"},
	},
}

// Term returns the label of code in vocabulary v in l; a code the vocabulary
// does not know is its own label (the data may hold kinds added since).
func Term(l Lang, v Vocabulary, code string) string {
	if s, ok := terms[v][code][l]; ok {
		return s
	}
	return code
}

// Entry is one code of a vocabulary with its label.
type Entry struct {
	Vocabulary Vocabulary
	Code       string
	Label      string
}

// Entries returns the codes of v, sorted, with their labels in l.
func Entries(v Vocabulary, l Lang) []Entry {
	codes := make([]string, 0, len(terms[v]))
	for c := range terms[v] {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	out := make([]Entry, len(codes))
	for i, c := range codes {
		out[i] = Entry{Vocabulary: v, Code: c, Label: terms[v][c][l]}
	}
	return out
}
