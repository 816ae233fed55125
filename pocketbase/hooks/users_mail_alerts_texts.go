package hooks

// alertKind names one of PocketBase's own account emails that Cassette rewrites.
type alertKind string

const (
	alertAuth alertKind = "auth-alert"
	alertOTP  alertKind = "otp"
)

// alertText is the wording of one alert in one language; "%s" in Subject and Intro is the app name.
type alertText struct {
	Subject  string
	Greeting string
	Intro    string
	After    string
	Thanks   string
}

var alertTexts = map[string]map[alertKind]alertText{
	"en": {
		alertAuth: {
			Subject:  "New sign-in to your %s account",
			Greeting: "Hello,",
			Intro:    "Your %s account was just signed in from a device or place it had not been used from:",
			After:    "If this was you, there is nothing to do. If it was not, change your password now from your profile.",
			Thanks:   "Thanks,",
		},
		alertOTP: {
			Subject:  "Your %s sign-in code",
			Greeting: "Hello,",
			Intro:    "Use this one-time code to sign in to %s:",
			After:    "It works once and for a few minutes. If you did not ask for it, ignore this email.",
			Thanks:   "Thanks,",
		},
	},
	"es": {
		alertAuth: {
			Subject:  "Nuevo inicio de sesión en tu cuenta de %s",
			Greeting: "Hola:",
			Intro:    "Se acaba de entrar en tu cuenta de %s desde un dispositivo o lugar que no se había usado antes:",
			After:    "Si has sido tú, no tienes que hacer nada. Si no, cambia ahora tu contraseña desde tu perfil.",
			Thanks:   "Gracias,",
		},
		alertOTP: {
			Subject:  "Tu código para entrar en %s",
			Greeting: "Hola:",
			Intro:    "Usa este código de un solo uso para entrar en %s:",
			After:    "Sirve una vez y durante unos minutos. Si no lo has pedido, ignora este mensaje.",
			Thanks:   "Gracias,",
		},
	},
}
