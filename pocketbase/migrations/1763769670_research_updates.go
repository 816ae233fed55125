package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ResearchUpdateStatuses: an admin writes a "draft" and sets it to "sending" on the dashboard;
// the server sets "sent" when every recipient has been tried (hooks/research_updates*.go).
var ResearchUpdateStatuses = []string{"draft", "sending", "sent"}

// ResearchDeliveryStatuses: "pending" until its turn; "sending" while the mail transport has
// the message; "sent" or "failed" after. A row found "sending" after a restart is "unknown":
// the message may have left, so it is never sent again (no duplicates). "skipped": the
// recipient opted out, was blocked or lost verification after the update started.
var ResearchDeliveryStatuses = []string{"pending", "sending", "sent", "failed", "unknown", "skipped"}

// ResearchUpdateAuditActions are the audit_log actions of research updates: the start of a
// sending (details.recipients), its end (sent/failed counts), and a contributor's opt-out or
// opt-in (from an email link or the profile).
var ResearchUpdateAuditActions = []string{
	"research_update.sending", "research_update.sent",
	"user.research_updates_opt_out", "user.research_updates_opt_in",
}

// ResearchUpdatesOptOutField is the hidden users field set by the unsubscribe link.
const ResearchUpdatesOptOutField = "research_updates_opt_out"

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		// Hidden: nobody else learns whether a contributor reads the updates, and only the
		// server (unsubscribe link, profile endpoint) or a superuser changes it.
		users.Fields.Add(&core.BoolField{Name: ResearchUpdatesOptOutField, Hidden: true,
			Help: "The contributor asked not to receive research updates (unsubscribe link or profile)."})
		if err := app.Save(users); err != nil {
			return err
		}

		// All rules stay nil on both collections: only superusers read and write them.
		updates := core.NewBaseCollection("research_updates")
		nonNegative := types.Pointer(0.0)
		updates.Fields.Add(
			&core.TextField{Name: "subject_es", Required: true, Max: 200, Presentable: true},
			&core.TextField{Name: "body_es", Required: true, Max: 20000,
				Help: "Plain text; a blank line starts a new paragraph."},
			&core.TextField{Name: "subject_en", Required: true, Max: 200},
			&core.TextField{Name: "body_en", Required: true, Max: 20000,
				Help: "Plain text; a blank line starts a new paragraph."},
			&core.SelectField{Name: "status", Required: true, Values: ResearchUpdateStatuses, MaxSelect: 1,
				Help: "Write a draft, then set it to sending to email every consenting contributor who has not opted out. The server sets sent when done; a sending or sent update cannot be edited."},
			&core.NumberField{Name: "per_minute", OnlyInt: true, Min: nonNegative, Max: types.Pointer(6000.0),
				Help: "Most emails sent per minute (empty: 60). Keep it under your mail provider's limit."},
			&core.NumberField{Name: "recipients", OnlyInt: true, Min: nonNegative, Help: "Set by the server when sending starts."},
			&core.NumberField{Name: "sent", OnlyInt: true, Min: nonNegative},
			&core.NumberField{Name: "failed", OnlyInt: true, Min: nonNegative},
			&core.NumberField{Name: "skipped", OnlyInt: true, Min: nonNegative,
				Help: "Opted out, blocked or unverified after sending started, or interrupted mid-send by a restart (never sent twice)."},
			&core.TextField{Name: "sent_by", Max: 64, Help: "Set by the server: the superuser who set the update to sending."},
			&core.DateField{Name: "started"},
			&core.DateField{Name: "finished"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		updates.AddIndex("idx_research_updates_status", false, "`status`", "")
		if err := app.Save(updates); err != nil {
			return err
		}

		// One row per recipient of an update, written when sending starts: the list is fixed
		// then, and a restart resumes from the rows still pending.
		deliveries := core.NewBaseCollection("research_update_deliveries")
		deliveries.Fields.Add(
			&core.RelationField{Name: "research_update", Required: true, CollectionId: updates.Id, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "user", Required: true, CollectionId: users.Id, MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: "language", Values: Languages, MaxSelect: 1},
			&core.SelectField{Name: "status", Required: true, Values: ResearchDeliveryStatuses, MaxSelect: 1},
			&core.TextField{Name: "error", Max: 2000},
			&core.DateField{Name: "sent_at"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		deliveries.AddIndex("idx_research_update_deliveries_once", true, "`research_update`, `user`", "")
		deliveries.AddIndex("idx_research_update_deliveries_status", false, "`research_update`, `status`", "")
		if err := app.Save(deliveries); err != nil {
			return err
		}

		return changeAuditActions(app, func(values []string) []string {
			for _, a := range ResearchUpdateAuditActions {
				if !slices.Contains(values, a) {
					values = append(values, a)
				}
			}
			return values
		})
	}, func(app core.App) error {
		for _, name := range []string{"research_update_deliveries", "research_updates"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.RemoveByName(ResearchUpdatesOptOutField)
		if err := app.Save(users); err != nil {
			return err
		}
		return changeAuditActions(app, func(values []string) []string {
			return slices.DeleteFunc(values, func(v string) bool { return slices.Contains(ResearchUpdateAuditActions, v) })
		})
	})
}
