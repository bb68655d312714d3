package i18n

// The explanations of an immersion pair (analytics.ImmersionPlan): one
// organisation {organisation}, the other {other}.
const (
	// ImmersionNewTie: {organisation} and {other} have never collaborated
	// nor partnered.
	ImmersionNewTie Code = "IMMERSION_NEW_TIE"
	// ImmersionAlreadyTied: {organisation} and {other} are already tied
	// by {count} collaborations or partnerships.
	ImmersionAlreadyTied Code = "IMMERSION_ALREADY_TIED"
	// ImmersionCrossSector: {organisation} is in {sector}, {other} in
	// {otherSector}, another sector.
	ImmersionCrossSector Code = "IMMERSION_CROSS_SECTOR"
	// ImmersionSameSector: both are in {sector}.
	ImmersionSameSector Code = "IMMERSION_SAME_SECTOR"
	// ImmersionInterestDomain: {organisation} wants to discover {domain},
	// in which {other} is active.
	ImmersionInterestDomain Code = "IMMERSION_INTEREST_DOMAIN"
	// ImmersionInterestSector: {organisation} wants to discover the sector
	// {sector}, to which {other} belongs.
	ImmersionInterestSector Code = "IMMERSION_INTEREST_SECTOR"
)

// immersionCatalogue is the catalogue's part for immersion pairs, kept
// beside their codes.
var immersionCatalogue = map[Code]map[Lang]string{
	ImmersionNewTie: {
		FR: "{organisation} et {other} n’ont encore jamais collaboré ni été partenaires",
		NL: "{organisation} en {other} hebben nog nooit samengewerkt of een partnerschap gehad",
		EN: "{organisation} and {other} have never collaborated nor partnered",
	},
	ImmersionAlreadyTied: {
		FR: "{organisation} et {other} sont déjà liées ({count} collaboration(s) ou partenariat(s))",
		NL: "{organisation} en {other} zijn al verbonden ({count} samenwerking(en) of partnerschap(pen))",
		EN: "{organisation} and {other} are already tied ({count} collaboration(s) or partnership(s))",
	},
	ImmersionCrossSector: {
		FR: "les secteurs se rencontrent : {organisation} ({sector}) et {other} ({otherSector})",
		NL: "de sectoren ontmoeten elkaar: {organisation} ({sector}) en {other} ({otherSector})",
		EN: "sectors meet: {organisation} ({sector}) and {other} ({otherSector})",
	},
	ImmersionSameSector: {
		FR: "{organisation} et {other} sont toutes deux du secteur {sector}",
		NL: "{organisation} en {other} behoren allebei tot de sector {sector}",
		EN: "{organisation} and {other} are both in the {sector} sector",
	},
	ImmersionInterestDomain: {
		FR: "{organisation} veut découvrir le domaine « {domain} », où {other} est active",
		NL: "{organisation} wil het domein ‘{domain}’ leren kennen, waarin {other} actief is",
		EN: "{organisation} wants to discover {domain}, in which {other} is active",
	},
	ImmersionInterestSector: {
		FR: "{organisation} veut découvrir le secteur {sector}, auquel {other} appartient",
		NL: "{organisation} wil de sector {sector} leren kennen, waartoe {other} behoort",
		EN: "{organisation} wants to discover the {sector} sector, to which {other} belongs",
	},
}

func init() {
	for c, t := range immersionCatalogue {
		catalogue[c] = t
	}
}
