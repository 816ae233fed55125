// Package app serves the built SvelteKit single-page app from the binary.
package app

import (
	"embed"
	"io/fs"
)

// dist is filled by the front-end build (`pocketbase/app/dist/`, git-ignored
// except for .gitkeep, so the server also builds before the app is built).
//
//go:embed all:dist
var dist embed.FS

// Dist returns the embedded build output, rooted at dist/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid constant path; fs.Sub cannot fail on it
	}
	return sub
}
