package hooks

// mailKind names one of the account emails PocketBase sends.
type mailKind string

const (
	mailVerification  mailKind = "verification"
	mailPasswordReset mailKind = "password-reset"
	mailEmailChange   mailKind = "email-change"
)

// mailText is the wording of one email in one language. "%s" in Subject
// and Intro is replaced by the app name.
type mailText struct {
	Subject  string
	Greeting string
	Intro    string
	Action   string
	Ignore   string
	Thanks   string
}

// mailRoutes are the SPA pages that consume each token.
var mailRoutes = map[mailKind]string{
	mailVerification:  "/verify/",
	mailPasswordReset: "/reset/",
	mailEmailChange:   "/confirm-email/",
}

// fallbackLanguage is used when an account has no (or an unknown) language.
const fallbackLanguage = "en"

// mailTexts holds every account email in every language Cassette speaks.
var mailTexts = map[string]map[mailKind]mailText{
	"en": {
		mailVerification: {
			Subject:  "Verify your %s email",
			Greeting: "Hello,",
			Intro:    "Thank you for joining %s. Confirm your email address to start publishing teaching cases.",
			Action:   "Verify my email",
			Ignore:   "If you did not sign up, you can ignore this email.",
			Thanks:   "Thanks,",
		},
		mailPasswordReset: {
			Subject:  "Reset your %s password",
			Greeting: "Hello,",
			Intro:    "Someone asked to reset your %s password. Follow the link to choose a new one.",
			Action:   "Reset my password",
			Ignore:   "If you did not ask for this, you can ignore this email; your password stays the same.",
			Thanks:   "Thanks,",
		},
		mailEmailChange: {
			Subject:  "Confirm your new %s email",
			Greeting: "Hello,",
			Intro:    "Confirm this address as the new email of your %s account.",
			Action:   "Confirm my new email",
			Ignore:   "If you did not ask for this, you can ignore this email.",
			Thanks:   "Thanks,",
		},
	},
	"es": {
		mailVerification: {
			Subject:  "Verifica tu correo en %s",
			Greeting: "Hola:",
			Intro:    "Gracias por unirte a %s. Confirma tu dirección de correo para empezar a publicar casos docentes.",
			Action:   "Verificar mi correo",
			Ignore:   "Si no te has registrado, puedes ignorar este mensaje.",
			Thanks:   "Gracias,",
		},
		mailPasswordReset: {
			Subject:  "Restablece tu contraseña de %s",
			Greeting: "Hola:",
			Intro:    "Alguien ha pedido restablecer tu contraseña de %s. Sigue el enlace para elegir una nueva.",
			Action:   "Restablecer mi contraseña",
			Ignore:   "Si no lo has pedido tú, ignora este mensaje; tu contraseña no cambia.",
			Thanks:   "Gracias,",
		},
		mailEmailChange: {
			Subject:  "Confirma tu nuevo correo en %s",
			Greeting: "Hola:",
			Intro:    "Confirma esta dirección como el nuevo correo de tu cuenta de %s.",
			Action:   "Confirmar mi nuevo correo",
			Ignore:   "Si no lo has pedido tú, puedes ignorar este mensaje.",
			Thanks:   "Gracias,",
		},
	},
}
