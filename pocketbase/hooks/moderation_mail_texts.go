package hooks

// moderationAction is what a moderator did to a case, as the author is told about it.
type moderationAction string

const (
	moderationHidden   moderationAction = "hidden"
	moderationRemoved  moderationAction = "removed"
	moderationRestored moderationAction = "restored"
)

// moderationText is the wording of one moderation email in one language. In Subject and
// Intro the first "%s" is the case title; Contact's "%s" is the administrators' address.
type moderationText struct {
	Subject     string
	Intro       string
	ReasonLabel string
	Next        string
	Contact     string
	Action      string
}

// moderationGreeting and moderationThanks open and close every moderation email.
var (
	moderationGreeting = map[string]string{"es": "Hola:", "en": "Hello,"}
	moderationThanks   = map[string]string{"es": "Un saludo,", "en": "Regards,"}
)

// moderationLanguage is the language of an author who chose none (Cassette starts in Spanish).
const moderationLanguage = "es"

// moderationRoute is the SPA page where authors see their cases and the moderators' notes.
const moderationRoute = "/my-cases"

// moderationTexts holds every moderation email in every language Cassette speaks.
var moderationTexts = map[string]map[moderationAction]moderationText{
	"en": {
		moderationHidden: {
			Subject:     "Your case “%s” was hidden by the moderators",
			Intro:       "The moderators hid your case “%s”: readers cannot see it for now.",
			ReasonLabel: "Reason",
			Next:        "You can edit the case to fix this and then ask for a review from My cases; a moderator will check it and publish it again.",
			Contact:     "If you think this is a mistake, write to the administrators at %s.",
			Action:      "Open My cases",
		},
		moderationRemoved: {
			Subject:     "Your case “%s” was removed by the moderators",
			Intro:       "The moderators removed your case “%s”: readers cannot see it any more.",
			ReasonLabel: "Reason",
			Next:        "A removed case can no longer be edited. You can delete it from My cases.",
			Contact:     "If you disagree, write to the administrators at %s.",
			Action:      "Open My cases",
		},
		moderationRestored: {
			Subject:     "Your case “%s” is published again",
			Intro:       "The moderators restored your case “%s”: readers can see it again.",
			ReasonLabel: "Earlier reason",
			Next:        "Nothing else is needed from you.",
			Contact:     "Questions? Write to the administrators at %s.",
			Action:      "Open My cases",
		},
	},
	"es": {
		moderationHidden: {
			Subject:     "Los moderadores han ocultado tu caso «%s»",
			Intro:       "Los moderadores han ocultado tu caso «%s»: por ahora los lectores no pueden verlo.",
			ReasonLabel: "Motivo",
			Next:        "Puedes editar el caso para corregirlo y después pedir una revisión desde Mis casos; un moderador lo comprobará y lo volverá a publicar.",
			Contact:     "Si crees que es un error, escribe a los administradores a %s.",
			Action:      "Abrir Mis casos",
		},
		moderationRemoved: {
			Subject:     "Los moderadores han retirado tu caso «%s»",
			Intro:       "Los moderadores han retirado tu caso «%s»: los lectores ya no pueden verlo.",
			ReasonLabel: "Motivo",
			Next:        "Un caso retirado ya no se puede editar. Puedes eliminarlo desde Mis casos.",
			Contact:     "Si no estás de acuerdo, escribe a los administradores a %s.",
			Action:      "Abrir Mis casos",
		},
		moderationRestored: {
			Subject:     "Tu caso «%s» vuelve a estar publicado",
			Intro:       "Los moderadores han restaurado tu caso «%s»: los lectores pueden verlo de nuevo.",
			ReasonLabel: "Motivo anterior",
			Next:        "No tienes que hacer nada más.",
			Contact:     "¿Dudas? Escribe a los administradores a %s.",
			Action:      "Abrir Mis casos",
		},
	},
}
