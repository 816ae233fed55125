// Command cassette-server is Cassette's server: PocketBase with Cassette's
// collections, hooks and demo seed, serving the built app, the API (/api/)
// and the admin dashboard (/_/) from one port.
package main

import (
	"fmt"
	"log"
	"strings"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	webapp "cassette/pocketbase/app"
	"cassette/pocketbase/hooks"
	_ "cassette/pocketbase/migrations"
	"cassette/pocketbase/pacs"
	"cassette/pocketbase/research"
	"cassette/pocketbase/routes"
	"cassette/pocketbase/seed"
	"cassette/pocketbase/tokens"
	"cassette/pocketbase/typegen"
)

func main() {
	app := pocketbase.NewWithConfig(serverConfig())

	// Schema changes are written as Go migrations in migrations/, never
	// generated from dashboard edits.
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Automigrate: false})

	hooks.Register(app)
	routes.Register(app)
	research.Register(app)
	pacs.Register(app, pacs.ArchiveFromEnv) // CASSETTE_RESEARCH_PACS_*: the research archive
	webapp.Register(app, webapp.Dist())
	app.RootCmd.AddCommand(seed.NewCommand(app), typegen.NewCommand(app), tokens.NewCommand(app))

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if err := se.Next(); err != nil {
			return err
		}
		printWelcome(se)
		return nil
	})

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

// printWelcome tells a newcomer where things are once the server listens.
func printWelcome(se *core.ServeEvent) {
	url := strings.TrimRight(se.App.Settings().Meta.AppURL, "/")
	if se.Server != nil && se.Server.Addr != "" && (url == "" || url == "http://localhost:8090") {
		url = "http://" + strings.Replace(se.Server.Addr, "0.0.0.0", "localhost", 1)
	}
	fmt.Printf("Cassette app:      %s/\n", url)
	fmt.Printf("Admin dashboard:   %s/_/\n", url)
	fmt.Println("First superuser:   ./cassette-server superuser upsert EMAIL PASSWORD")
}
