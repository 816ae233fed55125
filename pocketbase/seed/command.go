package seed

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// DefaultEmail is the demo account's email when --email is not given.
const DefaultEmail = "demo@cassette.local"

// NewCommand returns the `seed` command, which migrates the database and
// runs Run against app.
func NewCommand(app core.App) *cobra.Command {
	var opts Options
	cmd := &cobra.Command{
		Use:          "seed",
		Short:        "Create the demo user and the published demo case (idempotent)",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return fmt.Errorf("seed: migrate: %w", err)
			}
			res, err := Run(app, opts)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if res.UserCreated {
				fmt.Fprintf(out, "seed: created verified demo user %s (id %s)\n", opts.Email, res.UserID)
			} else {
				fmt.Fprintf(out, "seed: demo user %s already exists (id %s), left as is\n", opts.Email, res.UserID)
			}
			if res.CaseCreated {
				fmt.Fprintf(out, "seed: created published demo case %s with %d synthetic images\n", res.CaseID, res.Images)
			} else {
				fmt.Fprintf(out, "seed: demo case %s already exists, nothing to do\n", res.CaseID)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Email, "email", DefaultEmail, "email of the demo user")
	cmd.Flags().StringVar(&opts.Password, "password", "", "password of the demo user (needed the first time, at least 8 characters)")
	return cmd
}
