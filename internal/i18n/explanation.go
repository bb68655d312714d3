package i18n

import (
	"context"
	"strings"
)

// Code names one kind of explanation. Codes are stable: clients may match on
// them and read the parameters instead of the text.
type Code string

// The explanations the analyses give.
const (
	// MeetingSharedDomain: both organisations are active in {domain}.
	MeetingSharedDomain Code = "MEETING_SHARED_DOMAIN"
	// MeetingCommonPartner: both organisations are tied to {organisation}.
	MeetingCommonPartner Code = "MEETING_COMMON_PARTNER"
	// MeetingNotYetTied: {sectorA} and {sectorB}, different, are not tied yet.
	MeetingNotYetTied Code = "MEETING_NOT_YET_TIED"
	// AcquaintanceCollaboration: both people took part in {collaboration}.
	AcquaintanceCollaboration Code = "ACQUAINTANCE_COLLABORATION"
	// AcquaintanceOrganisation: both people work at {organisation}.
	AcquaintanceOrganisation Code = "ACQUAINTANCE_ORGANISATION"
	// AcquaintanceKnows: one person declared knowing the other.
	AcquaintanceKnows Code = "ACQUAINTANCE_KNOWS"
	// LinkCollaboration: both organisations took part in {collaboration}
	// ({count} shared collaborations in all).
	LinkCollaboration Code = "LINK_COLLABORATION"
	// LinkPartnership: both organisations are parties to {partnership}
	// ({count} shared partnerships in all).
	LinkPartnership Code = "LINK_PARTNERSHIP"

	// At the institution scope a tie may hold through services: the codes
	// below are LINK_COLLABORATION and LINK_PARTNERSHIP naming them. The
	// tie is read from one organisation (a path's from, the organisation
	// whose collaborators are listed) to the other; {count} counts what
	// those two (service or not) share.

	// LinkCollaborationViaService: the first organisation took part in
	// {collaboration} through its service {service}.
	LinkCollaborationViaService Code = "LINK_COLLABORATION_VIA_SERVICE"
	// LinkCollaborationWithService: the other organisation took part in
	// {collaboration} through its service {service}.
	LinkCollaborationWithService Code = "LINK_COLLABORATION_WITH_SERVICE"
	// LinkCollaborationBetweenServices: both took part in {collaboration}
	// through services, {service} of the first, {otherService} of the other.
	LinkCollaborationBetweenServices Code = "LINK_COLLABORATION_BETWEEN_SERVICES"
	// LinkPartnershipViaService: the first organisation is a party to
	// {partnership} through its service {service}.
	LinkPartnershipViaService Code = "LINK_PARTNERSHIP_VIA_SERVICE"
	// LinkPartnershipWithService: the other organisation is a party to
	// {partnership} through its service {service}.
	LinkPartnershipWithService Code = "LINK_PARTNERSHIP_WITH_SERVICE"
	// LinkPartnershipBetweenServices: both are parties to {partnership}
	// through services, {service} of the first, {otherService} of the other.
	LinkPartnershipBetweenServices Code = "LINK_PARTNERSHIP_BETWEEN_SERVICES"
	// MeetingDomainViaService: {organisation} is active in {domain} through
	// its service {service} (a suggested meeting at the institution scope).
	MeetingDomainViaService Code = "MEETING_DOMAIN_VIA_SERVICE"
	// GapBridge: {organisation} is tied to {countA} organisations of
	// {sectorA} and {countB} of {sectorB} present in {domain}.
	GapBridge Code = "GAP_BRIDGE"
	// GapBridgeReaches: {organisation} is tied to {untied}, which no tie
	// joins yet to {sector} in {domain}.
	GapBridgeReaches Code = "GAP_BRIDGE_REACHES"
	// InvitationActiveIn: {organisation} is active in {domain}.
	InvitationActiveIn Code = "INVITATION_ACTIVE_IN"
	// InvitationTookPart: {organisation} took part in {collaboration},
	// about {domain}.
	InvitationTookPart Code = "INVITATION_TOOK_PART"
	// InvitationIncluded: {organisation} was asked for (the organiser).
	InvitationIncluded Code = "INVITATION_INCLUDED"
	// InvitationNewTies: {organisation} would meet {count} organisations of
	// another sector it has no tie with yet.
	InvitationNewTies Code = "INVITATION_NEW_TIES"
	// InvitationAlreadyTied: {organisation} is already tied to {count}
	// organisations of the group.
	InvitationAlreadyTied Code = "INVITATION_ALREADY_TIED"
	// InvitationFewerCandidates: only {candidates} organisations are
	// candidates in {domain}, so the group has {candidates} instead of the
	// {size} asked.
	InvitationFewerCandidates Code = "INVITATION_FEWER_CANDIDATES"

	// Why two organisations, or two people, are probably the same
	// (possibleDuplicates, the POSSIBLE_DUPLICATE warnings). The A
	// parameters are of the pair's first node, the B ones of the other.

	// DuplicateSameName: {kindA} {nameA} and {kindB} {nameB} are the same
	// once folded.
	DuplicateSameName Code = "DUPLICATE_SAME_NAME"
	// DuplicateCloseNames: {kindA} {nameA} and {kindB} {nameB} are
	// {similarity} % alike.
	DuplicateCloseNames Code = "DUPLICATE_CLOSE_NAMES"
	// DuplicateSameEnterpriseNumber: both hold the enterprise number
	// {number} (BCE/KBO).
	DuplicateSameEnterpriseNumber Code = "DUPLICATE_SAME_ENTERPRISE_NUMBER"
	// DuplicateSameIdentifier: both hold the identifier {value} of the
	// register {scheme}.
	DuplicateSameIdentifier Code = "DUPLICATE_SAME_IDENTIFIER"
	// DuplicateSameEmail: both give the e-mail address {email}.
	DuplicateSameEmail Code = "DUPLICATE_SAME_EMAIL"
	// DuplicateSamePhone: both give the phone number {phone}.
	DuplicateSamePhone Code = "DUPLICATE_SAME_PHONE"
	// DuplicateSameWebsite: both give the website {website}.
	DuplicateSameWebsite Code = "DUPLICATE_SAME_WEBSITE"
	// DuplicateSameAddress: both give the address {address}.
	DuplicateSameAddress Code = "DUPLICATE_SAME_ADDRESS"
)

// ParamKind says what a parameter's value is the key of, and so how its
// label is found.
type ParamKind string

// The kinds of parameters.
const (
	ParamDomain        ParamKind = "DOMAIN"
	ParamOrganisation  ParamKind = "ORGANISATION"
	ParamSector        ParamKind = "SECTOR"
	ParamCollaboration ParamKind = "COLLABORATION"
	ParamPartnership   ParamKind = "PARTNERSHIP"
	ParamNumber        ParamKind = "NUMBER"
	// ParamText is a value shown as it is: a name, a phone number, an
	// address.
	ParamText ParamKind = "TEXT"
	// ParamNameKind says which of a record's names a name is: one of
	// NameKinds, labelled in each language.
	ParamNameKind ParamKind = "NAME_KIND"
)

// The values of a ParamNameKind: the name, an alias, the name in French,
// the name in Dutch.
const (
	NameMain  = "NAME"
	NameAlias = "ALIAS"
	NameFR    = "NAME_FR"
	NameNL    = "NAME_NL"
)

// nameKinds labels the values of a ParamNameKind.
var nameKinds = map[string]map[Lang]string{
	NameMain:  {FR: "nom", NL: "naam", EN: "name"},
	NameAlias: {FR: "alias", NL: "alias", EN: "alias"},
	NameFR:    {FR: "nom français", NL: "Franse naam", EN: "French name"},
	NameNL:    {FR: "nom néerlandais", NL: "Nederlandse naam", EN: "Dutch name"},
}

// Param is one parameter of an explanation: a key (or a number) with the
// labels of what it names, so that a text can be written without fetching it
// again.
type Param struct {
	Name  string
	Kind  ParamKind
	Value string // the key, the sector's code or the number
	FR    string // the label in French (a name, a title, a domain's labelFr)
	NL    string // the label in Dutch; empty falls back to French
	EN    string // the label in English (a domain's labelEn); empty falls back to French
}

// Label returns the param's label in l: a sector's from the vocabulary, a
// name kind's from its own labels, a text as it is, a domain's labelNl in
// Dutch and labelEn in English, and French (then the value) when the
// language's label is empty.
func (p Param) Label(l Lang) string {
	switch p.Kind {
	case ParamSector:
		return Term(l, VocabSector, p.Value)
	case ParamNameKind:
		if t, ok := nameKinds[p.Value][l]; ok {
			return t
		}
	case ParamText:
		return p.Value
	}
	if l == NL && p.NL != "" {
		return p.NL
	}
	if l == EN && p.EN != "" {
		return p.EN
	}
	if p.FR != "" {
		return p.FR
	}
	return p.Value
}

// Explanation is why an analysis says what it says: a stable code and its
// parameters, written in a language by Text.
type Explanation struct {
	Code   Code
	Params []Param
}

// Text writes e in l: the catalogue's template with each {name} replaced by
// the label of its parameter. An unknown code or language falls back to
// English, then to the code itself: an explanation is never lost.
func (e Explanation) Text(l Lang) string {
	t, ok := catalogue[e.Code][l]
	if !ok {
		if t, ok = catalogue[e.Code][EN]; !ok {
			return string(e.Code)
		}
	}
	pairs := make([]string, 0, 2*len(e.Params))
	for _, p := range e.Params {
		pairs = append(pairs, "{"+p.Name+"}", p.Label(l))
	}
	return strings.NewReplacer(pairs...).Replace(t)
}

// TextIn writes e in the language of ctx, or in lang when given (a field's
// `lang` argument).
func (e Explanation) TextIn(ctx context.Context, lang *Lang) string {
	if lang != nil {
		return e.Text(*lang)
	}
	return e.Text(FromContext(ctx))
}

// catalogue holds, for each code, its template per language.
var catalogue = map[Code]map[Lang]string{
	MeetingSharedDomain: {
		FR: "les deux sont actives dans le domaine « {domain} »",
		NL: "beide zijn actief in het domein ‘{domain}’",
		EN: "both are active in {domain}",
	},
	MeetingCommonPartner: {
		FR: "les deux sont liées à {organisation}",
		NL: "beide zijn verbonden met {organisation}",
		EN: "both are tied to {organisation}",
	},
	MeetingNotYetTied: {
		FR: "secteurs {sectorA} et {sectorB}, pas encore liés",
		NL: "sectoren {sectorA} en {sectorB}, nog niet verbonden",
		EN: "from different sectors ({sectorA} and {sectorB}) and not yet tied",
	},
	AcquaintanceCollaboration: {
		FR: "ont pris part tous deux à « {collaboration} »",
		NL: "namen allebei deel aan ‘{collaboration}’",
		EN: "both took part in “{collaboration}”",
	},
	AcquaintanceOrganisation: {
		FR: "travaillent tous deux à {organisation}",
		NL: "werken allebei bij {organisation}",
		EN: "both work at {organisation}",
	},
	AcquaintanceKnows: {
		FR: "l’un a déclaré connaître l’autre",
		NL: "de ene verklaarde de andere te kennen",
		EN: "one declared knowing the other",
	},
	LinkCollaboration: {
		FR: "ont pris part toutes deux à « {collaboration} » ({count} collaboration(s) en commun)",
		NL: "namen allebei deel aan ‘{collaboration}’ ({count} gedeelde samenwerking(en))",
		EN: "both took part in “{collaboration}” ({count} shared collaboration(s))",
	},
	LinkPartnership: {
		FR: "sont parties toutes deux à « {partnership} » ({count} partenariat(s) en commun)",
		NL: "zijn allebei partij bij ‘{partnership}’ ({count} gedeeld(e) partnerschap(pen))",
		EN: "both are parties to “{partnership}” ({count} shared partnership(s))",
	},
	LinkCollaborationViaService: {
		FR: "par son service {service} : ont pris part toutes deux à « {collaboration} » ({count} collaboration(s) en commun)",
		NL: "via haar dienst {service}: namen allebei deel aan ‘{collaboration}’ ({count} gedeelde samenwerking(en))",
		EN: "via its service {service}: both took part in “{collaboration}” ({count} shared collaboration(s))",
	},
	LinkCollaborationWithService: {
		FR: "avec son service {service} : ont pris part toutes deux à « {collaboration} » ({count} collaboration(s) en commun)",
		NL: "met haar dienst {service}: namen allebei deel aan ‘{collaboration}’ ({count} gedeelde samenwerking(en))",
		EN: "with its service {service}: both took part in “{collaboration}” ({count} shared collaboration(s))",
	},
	LinkCollaborationBetweenServices: {
		FR: "par son service {service}, avec le service {otherService} : ont pris part tous deux à « {collaboration} » ({count} collaboration(s) en commun)",
		NL: "via haar dienst {service}, met de dienst {otherService}: namen allebei deel aan ‘{collaboration}’ ({count} gedeelde samenwerking(en))",
		EN: "via its service {service}, with the service {otherService}: both took part in “{collaboration}” ({count} shared collaboration(s))",
	},
	LinkPartnershipViaService: {
		FR: "par son service {service} : sont parties toutes deux à « {partnership} » ({count} partenariat(s) en commun)",
		NL: "via haar dienst {service}: zijn allebei partij bij ‘{partnership}’ ({count} gedeeld(e) partnerschap(pen))",
		EN: "via its service {service}: both are parties to “{partnership}” ({count} shared partnership(s))",
	},
	LinkPartnershipWithService: {
		FR: "avec son service {service} : sont parties toutes deux à « {partnership} » ({count} partenariat(s) en commun)",
		NL: "met haar dienst {service}: zijn allebei partij bij ‘{partnership}’ ({count} gedeeld(e) partnerschap(pen))",
		EN: "with its service {service}: both are parties to “{partnership}” ({count} shared partnership(s))",
	},
	LinkPartnershipBetweenServices: {
		FR: "par son service {service}, avec le service {otherService} : sont parties tous deux à « {partnership} » ({count} partenariat(s) en commun)",
		NL: "via haar dienst {service}, met de dienst {otherService}: zijn allebei partij bij ‘{partnership}’ ({count} gedeeld(e) partnerschap(pen))",
		EN: "via its service {service}, with the service {otherService}: both are parties to “{partnership}” ({count} shared partnership(s))",
	},
	MeetingDomainViaService: {
		FR: "{organisation} est active dans le domaine « {domain} » par son service {service}",
		NL: "{organisation} is actief in het domein ‘{domain}’ via haar dienst {service}",
		EN: "{organisation} is active in {domain} through its service {service}",
	},
	GapBridge: {
		FR: "{organisation} est liée à {countA} organisation(s) du secteur {sectorA} et à {countB} du secteur {sectorB} présentes dans « {domain} »",
		NL: "{organisation} is verbonden met {countA} organisatie(s) uit de sector {sectorA} en {countB} uit de sector {sectorB} aanwezig in ‘{domain}’",
		EN: "{organisation} is tied to {countA} organisation(s) of the {sectorA} sector and {countB} of the {sectorB} sector present in {domain}",
	},
	GapBridgeReaches: {
		FR: "{organisation} est liée à {untied}, que rien ne lie encore au secteur {sector} dans « {domain} »",
		NL: "{organisation} is verbonden met {untied}, dat nog geen band heeft met de sector {sector} in ‘{domain}’",
		EN: "{organisation} is tied to {untied}, which nothing ties yet to the {sector} sector in {domain}",
	},
	InvitationActiveIn: {
		FR: "{organisation} est active dans le domaine « {domain} »",
		NL: "{organisation} is actief in het domein ‘{domain}’",
		EN: "{organisation} is active in {domain}",
	},
	InvitationTookPart: {
		FR: "{organisation} a pris part à « {collaboration} », sur « {domain} »",
		NL: "{organisation} nam deel aan ‘{collaboration}’, over ‘{domain}’",
		EN: "{organisation} took part in “{collaboration}”, about {domain}",
	},
	InvitationIncluded: {
		FR: "{organisation} fait partie du groupe à la demande (l’organisateur)",
		NL: "{organisation} hoort op verzoek bij de groep (de organisator)",
		EN: "{organisation} is in the group as asked (the organiser)",
	},
	InvitationNewTies: {
		FR: "{organisation} rencontrerait {count} organisation(s) d’un autre secteur avec qui elle n’a encore aucun lien",
		NL: "{organisation} zou {count} organisatie(s) uit een andere sector ontmoeten waarmee ze nog geen band heeft",
		EN: "{organisation} would meet {count} organisation(s) of another sector it has no tie with yet",
	},
	InvitationAlreadyTied: {
		FR: "{organisation} est déjà liée à {count} organisation(s) du groupe",
		NL: "{organisation} is al verbonden met {count} organisatie(s) van de groep",
		EN: "{organisation} is already tied to {count} organisation(s) of the group",
	},
	InvitationFewerCandidates: {
		FR: "le groupe compte {candidates} organisation(s) au lieu des {size} demandées : seules {candidates} sont candidates dans « {domain} » (actives dans le domaine ou présentes à une collaboration qui a eu lieu à son sujet, de secteur connu, ou incluses)",
		NL: "de groep telt {candidates} organisatie(s) in plaats van de gevraagde {size}: slechts {candidates} zijn kandidaat in ‘{domain}’ (actief in het domein of aanwezig op een samenwerking erover die plaatsvond, met gekende sector, of opgenomen)",
		EN: "the group has {candidates} organisation(s) instead of the {size} asked: only {candidates} are candidates in {domain} (active in the domain or present at a collaboration about it that took place, of known sector, or included)",
	},
	DuplicateSameName: {
		FR: "même nom une fois normalisé : {kindA} « {nameA} » et {kindB} « {nameB} »",
		NL: "zelfde naam na normalisering: {kindA} ‘{nameA}’ en {kindB} ‘{nameB}’",
		EN: "same name once folded: {kindA} “{nameA}” and {kindB} “{nameB}”",
	},
	DuplicateCloseNames: {
		FR: "noms proches ({similarity} %) : {kindA} « {nameA} » et {kindB} « {nameB} »",
		NL: "gelijkaardige namen ({similarity}%): {kindA} ‘{nameA}’ en {kindB} ‘{nameB}’",
		EN: "close names ({similarity}%): {kindA} “{nameA}” and {kindB} “{nameB}”",
	},
	DuplicateSameEnterpriseNumber: {
		FR: "même numéro d’entreprise (BCE) {number}",
		NL: "zelfde ondernemingsnummer (KBO) {number}",
		EN: "same enterprise number (BCE/KBO) {number}",
	},
	DuplicateSameIdentifier: {
		FR: "même identifiant {scheme} {value}",
		NL: "zelfde {scheme}-nummer {value}",
		EN: "same {scheme} identifier {value}",
	},
	DuplicateSameEmail: {
		FR: "même adresse e-mail {email}",
		NL: "zelfde e-mailadres {email}",
		EN: "same e-mail {email}",
	},
	DuplicateSamePhone: {
		FR: "même téléphone {phone}",
		NL: "zelfde telefoonnummer {phone}",
		EN: "same phone {phone}",
	},
	DuplicateSameWebsite: {
		FR: "même site web {website}",
		NL: "zelfde website {website}",
		EN: "same website {website}",
	},
	DuplicateSameAddress: {
		FR: "même adresse : {address}",
		NL: "zelfde adres: {address}",
		EN: "same address: {address}",
	},
}

// Codes lists every code of the catalogue.
func Codes() []Code {
	out := make([]Code, 0, len(catalogue))
	for c := range catalogue {
		out = append(out, c)
	}
	return out
}

// Template returns the template of c in l, if the catalogue has one.
func Template(c Code, l Lang) (string, bool) {
	t, ok := catalogue[c][l]
	return t, ok
}
