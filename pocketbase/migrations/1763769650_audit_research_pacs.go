package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// ResearchPacsAuditActions are the audit_log actions of pacs/routes.go: one entry per case sent
// to the research archive, with the researcher (or superuser) as actor, the case as target and
// what the archive stored in details.
var ResearchPacsAuditActions = []string{"research_pacs.send"}

func init() {
	m.Register(func(app core.App) error {
		return changeAuditActions(app, func(values []string) []string {
			for _, a := range ResearchPacsAuditActions {
				if !slices.Contains(values, a) {
					values = append(values, a)
				}
			}
			return values
		})
	}, func(app core.App) error {
		return changeAuditActions(app, func(values []string) []string {
			return slices.DeleteFunc(values, func(v string) bool { return slices.Contains(ResearchPacsAuditActions, v) })
		})
	})
}
