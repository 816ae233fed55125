package hooks

// researchUpdateText is the fixed wording around an admin's research update, in one language.
// The admin writes the subject and body; these frame it. "%s" in Why is the app name.
type researchUpdateText struct {
	Greeting    string
	Why         string
	Unsubscribe string
	OptIn       string
	Thanks      string
}

// researchUpdateLanguage is the language of a contributor who chose none (Cassette starts in
// Spanish, as the moderation emails do).
const researchUpdateLanguage = "es"

// Routes of the app that research update emails link to.
const (
	unsubscribeRoute = "/unsubscribe/"
	profileRoute     = "/profile"
)

// researchUpdateTexts holds the frame of research update emails in every language Cassette speaks.
var researchUpdateTexts = map[string]researchUpdateText{
	"en": {
		Greeting:    "Hello,",
		Why:         "You receive this email because you gave research consent on a case in %s: we promised to keep you informed about the AI project on liver lesions.",
		Unsubscribe: "Stop receiving these updates",
		OptIn:       "You can subscribe again at any time from your profile",
		Thanks:      "Thank you for contributing,",
	},
	"es": {
		Greeting:    "Hola:",
		Why:         "Recibes este correo porque diste tu consentimiento de investigación en un caso de %s: prometimos mantenerte informado sobre el proyecto de IA en lesiones hepáticas.",
		Unsubscribe: "Dejar de recibir estas novedades",
		OptIn:       "Puedes volver a suscribirte cuando quieras desde tu perfil",
		Thanks:      "Gracias por contribuir,",
	},
}
