package storetest

import "github.com/reseau-bxl/reseau/internal/reseau"

// Fixture returns the small graph most of the suite runs on, every section
// sorted as an export sorts it, so that Export after importing it into an
// empty store returns it unchanged.
//
// The ties it is built for:
//   - meridien took part with pole-jeunes and amo in meeting-2018 and
//     immersion-2022 (weight 2 each), with gerbe and cpas in rencontre-2015
//     (weight 1); gerbe was invite_absent at immersion-2022, which makes no tie.
//   - css-adhesion is a membership: css (role reseau) is tied to gerbe and
//     meridien, who are NOT partners of each other through it.
//     convention-immersion ties pole-jeunes, meridien and amo pairwise.
//   - alice, bob and carol met at rencontre-2015; dan works with alice at
//     cpas (his invite_absent at rencontre-2015 makes no tie); eve KNOWS alice.
//   - carol (gerbe) and dan (cpas) are PRIVATE; the others are NETWORK.
func Fixture() *reseau.Dataset {
	return &reseau.Dataset{
		Domains: []reseau.Domain{
			{Key: "jeunesse", LabelFR: "Enfance et jeunesse", LabelNL: "Kinderen en jongeren", LabelEN: "Children and youth"},
			{Key: "logement", LabelFR: "Logement", LabelNL: "Huisvesting", LabelEN: "Housing"},
			{Key: "sante-mentale", LabelFR: "Santé mentale", LabelNL: "Geestelijke gezondheid"},
		},
		Organisations: []reseau.Organisation{
			{Key: "amo", Name: "AMO Rythme", Sector: reseau.SectorAssociatif, Domains: []string{"jeunesse"}, Commune: "Schaerbeek", Languages: []string{"fr"}},
			{Key: "cpas", Name: "CPAS de Schaerbeek", ShortName: "CPAS", Sector: reseau.SectorCPAS, Domains: []string{"jeunesse", "logement"}, Commune: "Schaerbeek", Languages: []string{"fr", "nl"}, Aliases: []string{"CPAS 1030", "OCMW Schaarbeek"}},
			{Key: "css", Name: "Coordination Sociale de Schaerbeek", ShortName: "CSS", Sector: reseau.SectorMixte, Commune: "Schaerbeek"},
			{Key: "gerbe", Name: "La Gerbe, Service de Santé Mentale", ShortName: "La Gerbe", Sector: reseau.SectorAssociatif, Domains: []string{"sante-mentale"}, Commune: "Schaerbeek", Languages: []string{"fr"}, Aliases: []string{"Gerbe (La) SSM", "SSM La Gerbe asbl"}},
			{Key: "logement", Name: "Service Logement de la Commune", Sector: reseau.SectorCommunal, Domains: []string{"logement"}, Commune: "Schaerbeek"},
			{Key: "memoire", Name: "Mémoire Vivante", Sector: reseau.SectorAssociatif, ParentKey: "gerbe", Commune: "Schaerbeek", Aliases: []string{"Mémoire Vivante- SSM La Gerbe asbl"}},
			{Key: "meridien", Name: "Le Méridien, Service de Santé Mentale", ShortName: "Le Méridien", Sector: reseau.SectorAssociatif, Domains: []string{"sante-mentale"}, Commune: "Saint-Josse-ten-Noode", Languages: []string{"fr"}, Aliases: []string{"Le Méridien SSM"}},
			{Key: "pole-jeunes", Name: "Pôle Jeunes du CPAS", ShortName: "Pôle Jeunes", Sector: reseau.SectorCPAS, ParentKey: "cpas", Domains: []string{"jeunesse"}, Commune: "Schaerbeek", Languages: []string{"fr", "nl"}},
		},
		People: []reseau.Person{
			{Key: "alice", Name: "Alice Dupont", Email: "alice@cpas.example", Visibility: reseau.VisibilityNetwork},
			{Key: "bob", Name: "Bob Janssens", Phone: "+32 2 000 00 00", Visibility: reseau.VisibilityNetwork},
			{Key: "carol", Name: "Carole Lefèvre", Email: "carol@gerbe.example", Visibility: reseau.VisibilityPrivate},
			{Key: "dan", Name: "Dan Peeters", Visibility: reseau.VisibilityPrivate},
			{Key: "eve", Name: "Ève Martin", Visibility: reseau.VisibilityNetwork},
		},
		Memberships: []reseau.Membership{
			{PersonKey: "alice", OrganisationKey: "cpas", Role: "assistante sociale", Since: "2019-09"},
			{PersonKey: "bob", OrganisationKey: "meridien", Role: "psychologue"},
			{PersonKey: "carol", OrganisationKey: "gerbe", Role: "coordinatrice", Since: "2012"},
			{PersonKey: "dan", OrganisationKey: "cpas", Role: "référent jeunes", Since: "2020-01-06", Until: "2024-12-31"},
			{PersonKey: "eve", OrganisationKey: "logement"},
		},
		Collaborations: []reseau.Collaboration{
			{Key: "atelier-2015", Kind: "atelier", Title: "Atelier accueil", Domains: []string{"sante-mentale"}, StartDate: "2015-10-12", EndDate: "2015-10-12", Status: "held", ParentKey: "rencontre-2015"},
			{Key: "gt-logement", Kind: "groupe_de_travail", Title: "Groupe de travail logement", Domains: []string{"logement"}, StartDate: "2019", Status: "active", LocationKey: "cpas"},
			{Key: "immersion-2022", Kind: "immersion", Title: "Journées d'immersion", Domains: []string{"jeunesse"}, StartDate: "2022-03-01", EndDate: "2022-06-30", Status: "held", LocationKey: "pole-jeunes", ParticipantsCount: ptr(24), Description: "Les partenaires accueillent des AS du Pôle Jeunes"},
			{Key: "meeting-2018", Kind: "speedmeeting", Title: "Speed-meeting jeunesse", Domains: []string{"jeunesse"}, StartDate: "2018-05-14", EndDate: "2018-05-14", Status: "held"},
			{Key: "rencontre-2015", Kind: "rencontre_reseau", Title: "Rencontre santé mentale", Domains: []string{"sante-mentale"}, StartDate: "2015-10", Status: "held"},
		},
		Participations: []reseau.Participation{
			{CollaborationKey: "gt-logement", OrganisationKey: "cpas", Role: "organisateur"},
			{CollaborationKey: "gt-logement", OrganisationKey: "logement", Role: "membre"},
			{CollaborationKey: "immersion-2022", OrganisationKey: "amo", Role: "hote"},
			{CollaborationKey: "immersion-2022", OrganisationKey: "gerbe", Role: reseau.RoleInviteAbsent},
			{CollaborationKey: "immersion-2022", OrganisationKey: "meridien", Role: "hote"},
			{CollaborationKey: "immersion-2022", OrganisationKey: "pole-jeunes", Role: "organisateur"},
			{CollaborationKey: "meeting-2018", OrganisationKey: "amo", Role: "participant"},
			{CollaborationKey: "meeting-2018", OrganisationKey: "meridien", Role: "participant"},
			{CollaborationKey: "meeting-2018", OrganisationKey: "pole-jeunes", Role: "organisateur"},
			{CollaborationKey: "rencontre-2015", OrganisationKey: "cpas", Role: "participant"},
			{CollaborationKey: "rencontre-2015", OrganisationKey: "gerbe", Role: "intervenant"},
			{CollaborationKey: "rencontre-2015", OrganisationKey: "meridien", Role: "intervenant"},
		},
		PersonParticipations: []reseau.PersonParticipation{
			{CollaborationKey: "rencontre-2015", PersonKey: "alice", Role: "participant"},
			{CollaborationKey: "rencontre-2015", PersonKey: "bob", Role: "intervenant"},
			{CollaborationKey: "rencontre-2015", PersonKey: "carol", Role: "intervenant"},
			{CollaborationKey: "rencontre-2015", PersonKey: "dan", Role: reseau.RoleInviteAbsent},
		},
		Partnerships: []reseau.Partnership{
			{Key: "convention-immersion", Kind: "convention", Title: "Réciprocité des journées d'immersion", StartDate: "2022-01-01", EndDate: "2022-12-31"},
			{Key: "css-adhesion", Kind: "adhesion", Title: "Membres de la Coordination Sociale", StartDate: "2005"},
		},
		Parties: []reseau.Party{
			{PartnershipKey: "convention-immersion", OrganisationKey: "amo", Role: "partie"},
			{PartnershipKey: "convention-immersion", OrganisationKey: "meridien", Role: "partie"},
			{PartnershipKey: "convention-immersion", OrganisationKey: "pole-jeunes", Role: "partie"},
			{PartnershipKey: "css-adhesion", OrganisationKey: "css", Role: reseau.RoleNetwork},
			{PartnershipKey: "css-adhesion", OrganisationKey: "gerbe", Role: "membre"},
			{PartnershipKey: "css-adhesion", OrganisationKey: "meridien", Role: "membre"},
		},
		Knows: []reseau.Knows{
			{PersonKey: "eve", OtherKey: "alice", Since: "2021-06", Source: "speedmeeting"},
		},
	}
}
