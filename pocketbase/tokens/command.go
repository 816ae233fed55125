package tokens

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewCommand is `cassette-server tokens`: administrators make, list and revoke integration
// tokens at the server, as they make superusers (`cassette-server superuser upsert`). The
// secret is printed once; revoking is also a tick of `revoked` in the dashboard's api_tokens.
func NewCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "tokens", Short: "Create, list and revoke integration tokens (the published-case feed)"}
	var days int
	create := &cobra.Command{
		Use: "create NAME", Short: "Create an integration token and print its secret (shown only this once)", Args: cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			if days < 1 || days > MaxDays {
				return fmt.Errorf("--days must be 1 to %d", MaxDays)
			}
			if n := len([]rune(args[0])); n == 0 || n > 100 {
				return errors.New("a token needs a name of 1 to 100 characters")
			}
			rec, token, err := Create(app, args[0], Integration, days, "")
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Integration token %q (id %s), expires %s:\n\n  %s\n\n", rec.GetString("name"), rec.Id,
				rec.GetDateTime("expires").Time().Format(time.DateOnly), token)
			fmt.Fprintln(out, "Store it now: Cassette keeps only its hash and cannot show it again.")
			return nil
		},
	}
	create.Flags().IntVar(&days, "days", MaxDays, "days until the token expires (1 to 365)")
	list := &cobra.Command{
		Use: "list", Short: "List integration tokens (never their secrets)", Args: cobra.NoArgs, SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			recs, err := app.FindRecordsByFilter("api_tokens", "kind = {:kind}", "-created", 0, 0, map[string]any{"kind": Integration})
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tNAME\tENDS IN\tEXPIRES\tSTATE\tLAST USED")
			for _, r := range recs {
				state := "active"
				switch {
				case r.GetBool("revoked"):
					state = "revoked"
				case r.GetDateTime("expires").Time().Before(time.Now()):
					state = "expired"
				}
				used := "never"
				if u := r.GetDateTime("last_used"); !u.IsZero() {
					used = u.Time().Format(time.DateTime)
				}
				fmt.Fprintf(w, "%s\t%s\t…%s\t%s\t%s\t%s\n", r.Id, r.GetString("name"), r.GetString("hint"),
					r.GetDateTime("expires").Time().Format(time.DateOnly), state, used)
			}
			return w.Flush()
		},
	}
	revoke := &cobra.Command{
		Use: "revoke ID", Short: "Revoke a token: it stops working at once", Args: cobra.ExactArgs(1), SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			rec, err := app.FindRecordById("api_tokens", args[0])
			if err != nil {
				return fmt.Errorf("no token with id %s", args[0])
			}
			rec.Set("revoked", true)
			if err := app.Save(rec); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Revoked %q (id %s).\n", rec.GetString("name"), rec.Id)
			return nil
		},
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}
