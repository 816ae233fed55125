package typegen

import (
	"fmt"
	"os"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewCommand returns the `types` command: it migrates the database and
// prints (or writes to --out) the TypeScript record types.
func NewCommand(app core.App) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:          "types",
		Short:        "Print TypeScript types of Cassette's collections (for src/lib/pocketbase)",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return fmt.Errorf("types: migrate: %w", err)
			}
			collections, err := app.FindAllCollections()
			if err != nil {
				return err
			}
			ts := Generate(collections)
			if out == "" {
				_, err := fmt.Fprint(cmd.OutOrStdout(), ts)
				return err
			}
			return os.WriteFile(out, []byte(ts), 0o644)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "file to write instead of standard output")
	return cmd
}
