package main

import (
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase"
)

// serverConfig is PocketBase's configuration, given explicitly rather than guessed.
// pocketbase.New() takes any executable whose path starts with the system temp folder
// ($TMPDIR or /tmp) for `go run` (tools/osutils/run.go IsProbablyGoRun) and then starts in
// dev mode, printing every SQL statement to stdout, and keeps pb_data in the working
// directory. A checkout or a deployment under the temp folder is no `go run`: Cassette runs
// in dev mode only with --dev, and keeps pb_data beside the executable unless --dir says
// where, as PocketBase does for a built binary anywhere else.
func serverConfig() pocketbase.Config {
	return pocketbase.Config{
		DefaultDev:     false,
		DefaultDataDir: filepath.Join(filepath.Dir(os.Args[0]), "pb_data"),
	}
}
