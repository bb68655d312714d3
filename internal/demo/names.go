package demo

// Word lists of the generators. The people they make are fictional: names
// are drawn at random from common first and last names, e-mails are at
// example.org and phone numbers are in a made-up 555 range.

var firstNames = []string{
	"Camille", "Lucas", "Emma", "Noah", "Louise", "Arthur", "Olivia", "Jules", "Léa", "Adam",
	"Mohamed", "Fatima", "Yasmina", "Karim", "Sarah", "Nora", "Amina", "Youssef", "Inès", "Hugo",
	"Lotte", "Pieter", "Sofie", "Jan", "An", "Koen", "Els", "Wout", "Femke", "Bram",
	"Marie", "Nathalie", "Isabelle", "Thomas", "Julien", "Aurélie", "Sébastien", "Céline", "Nicolas", "Valérie",
	"Kevin", "Laura", "Mehdi", "Samira", "Ayşe", "Emre", "Ana", "João", "Agnieszka", "Piotr",
	"Ioana", "Mamadou", "Aïcha", "Grégoire", "Manon", "Chloé", "Zoé", "Elif", "Bilal", "Rania",
	"Hélène", "François", "Anouk", "Jeroen", "Nadia", "Rachid", "Salma", "Dieter", "Ellen", "Kobe",
}

var lastNames = []string{
	"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
	"Dubois", "Lambert", "Dupont", "Martin", "Simon", "Leclercq", "Lejeune", "Renard", "Laurent", "Dumont",
	"Hermans", "Vermeulen", "Michel", "Denis", "Lemaire", "Collard", "El Amrani", "Benali", "Yilmaz", "Diallo",
	"Nowak", "Popescu", "Da Silva", "Kabongo", "Mbuyi", "Ndiaye", "Aydin", "Haddad", "Bouzid", "Kowalski",
	"Fernandes", "Van den Berghe", "Vandenbroucke", "Declercq", "Verhoeven", "Desmet", "Lambrechts", "Cools", "Moreau", "Gérard",
	"Fontaine", "Delvaux", "Thiry", "Wauters", "Bogaert", "El Idrissi", "Ouali", "Demir", "Mukendi", "Van Damme",
}

// roles are job titles in the sector's inclusive spelling; the first ones are
// the most common.
var roles = []string{
	"assistant·e social·e", "assistant·e social·e", "assistant·e social·e", "éducateur·rice", "animateur·rice",
	"coordinateur·rice", "chargé·e de projet", "psychologue", "juriste", "médiateur·rice",
	"travailleur·euse de rue", "conseiller·ère emploi", "infirmier·ère", "formateur·rice", "accueillant·e",
	"secrétaire", "agent·e d'insertion", "directeur·rice",
}

var knowsSources = []string{"formation commune", "ancien·ne collègue", "supervision", "intervision", "permanence partagée", "études"}

// communes are where the synthetic organisations are: the 19 Brussels
// communes first (scale M is the region), then Walloon and Flemish towns
// (scale L is the country).
var communes = []string{
	"Schaerbeek", "Anderlecht", "Auderghem", "Berchem-Sainte-Agathe", "Bruxelles", "Etterbeek", "Evere", "Forest", "Ganshoren", "Ixelles",
	"Jette", "Koekelberg", "Molenbeek-Saint-Jean", "Saint-Gilles", "Saint-Josse-ten-Noode", "Uccle", "Watermael-Boitsfort", "Woluwe-Saint-Lambert", "Woluwe-Saint-Pierre",
	// Wallonia
	"Liège", "Charleroi", "Namur", "Mons", "La Louvière", "Tournai", "Verviers", "Seraing", "Mouscron", "Wavre",
	"Ottignies-Louvain-la-Neuve", "Nivelles", "Arlon", "Huy", "Herstal", "Châtelet", "Braine-l'Alleud", "Waterloo", "Gembloux", "Dinant",
	"Marche-en-Famenne", "Bastogne", "Spa", "Eupen", "Ath", "Soignies", "Binche", "Thuin", "Philippeville", "Ciney",
	"Andenne", "Fleurus", "Courcelles", "Flémalle", "Ans", "Braine-le-Comte", "Tubize", "Jodoigne", "Malmedy", "Virton",
	// Flanders
	"Antwerpen", "Gent", "Brugge", "Leuven", "Mechelen", "Aalst", "Hasselt", "Kortrijk", "Oostende", "Sint-Niklaas",
	"Genk", "Roeselare", "Turnhout", "Dendermonde", "Vilvoorde", "Halle", "Lier", "Beveren", "Geel", "Mol",
	"Ieper", "Tienen", "Zaventem", "Asse", "Dilbeek", "Ninove", "Lokeren", "Tongeren", "Sint-Truiden", "Waregem",
	"Wetteren", "Herentals", "Brasschaat", "Schoten", "Diest", "Aarschot", "Maasmechelen", "Lommel", "Beringen", "Menen",
	"Tielt", "Eeklo", "Zottegem", "Oudenaarde", "Geraardsbergen", "Deinze", "Torhout", "Poperinge", "Izegem", "Harelbeke",
}

// Region boundaries in communes, for languages.
const (
	brusselsCommunes = 19
	walloonEnd       = 60
)

// associationKinds name an association after its domain, as the field does
// ("SSM" for a mental-health service, "AMO" for youth...).
var associationKinds = map[string][]string{
	"action-sociale-generale":       {"Centre de service social", "Service social", "Antenne sociale"},
	"sante-mentale":                 {"Service de santé mentale", "SSM", "Centre de guidance"},
	"sante":                         {"Maison médicale", "Centre de santé", "Planning familial"},
	"jeunesse":                      {"AMO", "Maison de jeunes", "École de devoirs"},
	"petite-enfance":                {"Crèche", "Maison d'enfants", "Halte-accueil"},
	"parentalite":                   {"Lieu de rencontre parents-enfants", "Espace parents"},
	"scolarite":                     {"Service d'accrochage scolaire", "École de devoirs"},
	"logement":                      {"Agence immobilière sociale", "Comité de locataires", "Service logement"},
	"emploi-formation":              {"Mission locale", "Centre d'insertion", "Organisme de formation"},
	"primo-arrivants":               {"Bureau d'accueil", "Centre d'accueil", "Service d'accompagnement des primo-arrivants"},
	"seniors":                       {"Centre de jour", "Service d'aide aux seniors", "Antenne seniors"},
	"aide-juridique-administrative": {"Permanence juridique", "Service d'aide administrative"},
	"aide-alimentaire":              {"Épicerie sociale", "Restaurant social", "Colis alimentaires"},
	"cohesion-sociale":              {"Maison de quartier", "Centre communautaire", "Contrat de quartier"},
	"alphabetisation":               {"Lire et Écrire", "Atelier d'alphabétisation"},
	"genre-egalite":                 {"Maison des femmes", "Collectif"},
	"aide-aux-victimes":             {"Service d'aide aux victimes", "Refuge"},
	"mediation":                     {"Service de médiation", "Médiation de quartier"},
	"prevention":                    {"Service de prévention", "Travail de rue"},
	"droits-humains":                {"Ligue", "Collectif"},
	"formation-travail-social":      {"Centre de formation", "École sociale"},
}

// placeNames make associations' names distinct and plausible.
var placeNames = []string{
	"Le Phare", "La Passerelle", "Les Tilleuls", "Le Rivage", "La Clairière", "L'Escale", "Le Pont", "La Boussole",
	"Les Marronniers", "Le Trèfle", "La Source", "L'Oasis", "Le Relais", "La Ruche", "Les Glycines", "Le Carrefour",
	"L'Étoile", "Le Cerisier", "La Vigne", "Les Iris", "Le Tremplin", "La Maison Verte", "Het Anker", "De Brug",
	"Le Figuier", "La Mosaïque", "Le Sablier", "Les Hirondelles", "Le Colibri", "La Main Tendue",
}

var cpasServices = []string{
	"Service d'insertion socioprofessionnelle", "Pôle Jeunes", "Service logement", "Service de médiation de dettes",
	"Antenne sociale Nord", "Antenne sociale Sud", "Service seniors", "Service énergie", "Cellule primo-arrivants",
	"Service de guidance budgétaire", "Maison de repos", "Service juridique", "Cellule culture et sport",
}

var communalServices = []string{
	"Service de prévention", "Service de la cohésion sociale", "Service jeunesse", "Service des seniors",
	"Service de l'égalité des chances", "Service logement", "Service de l'enseignement",
}

var publicBodies = []string{
	"Antenne Actiris", "Bureau régional de l'ONE", "Maison de justice", "Antenne FOREM", "Mutualité",
	"Zone de police", "Bureau du SPF Intérieur", "Antenne VDAB", "Centre PMS",
}

// regionalNetworks are federations that organisations of one domain join,
// across communes.
var regionalNetworks = []struct{ name, domain string }{
	{"Fédération des services sociaux", "action-sociale-generale"},
	{"Ligue pour la santé mentale", "sante-mentale"},
	{"Fédération des maisons médicales", "sante"},
	{"Fédération des AMO", "jeunesse"},
	{"Rassemblement pour le droit à l'habitat", "logement"},
	{"Fédération des centres d'insertion", "emploi-formation"},
	{"Concertation aide alimentaire", "aide-alimentaire"},
}

// collaborationKinds with their relative frequency.
var collaborationKinds = []struct {
	kind   string
	label  string
	weight int
}{
	{"rencontre_reseau", "Rencontre réseau", 22},
	{"groupe_de_travail", "Groupe de travail", 20},
	{"atelier", "Atelier", 12},
	{"formation", "Formation", 10},
	{"projet_commun", "Projet commun", 10},
	{"comite_de_pilotage", "Comité de pilotage", 6},
	{"module_presentation", "Module de présentation", 6},
	{"immersion", "Journées d'immersion", 4},
	{"speedmeeting", "Speed-meeting", 4},
	{"assemblee", "Assemblée", 4},
	{"colloque", "Colloque", 2},
}
