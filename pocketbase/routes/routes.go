// Package routes holds Cassette's own API endpoints, beside PocketBase's
// record API: read paths that would otherwise take the client several round
// trips, with the same API rules applied.
package routes

import "github.com/pocketbase/pocketbase/core"

// Register adds Cassette's routes to app's router when it serves (in tests,
// call it from the TestAppFactory: routes bound in main are not there).
func Register(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		registerCaseBundle(se)
		return se.Next()
	})
}
