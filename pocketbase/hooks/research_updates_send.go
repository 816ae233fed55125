package hooks

import (
	"context"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

const (
	deliveriesCollection = "research_update_deliveries"
	// deliveryBatch is how many pending deliveries are read at a time.
	deliveryBatch = 50
	// defaultPerMinute is the pace when the update leaves per_minute empty.
	defaultPerMinute = 60
	// maxConsecutiveFailures stops a run: the transport is probably down, so the rest stay
	// pending for the next run (a minute later) instead of all failing.
	maxConsecutiveFailures = 5
)

// recipientsSQL selects the consenting contributors an update goes to: verified, not
// blocked, not opted out, author of at least one case with research consent. The one
// definition serves the list made when sending starts and the check before each email.
const recipientsSQL = `SELECT u.id FROM users u
WHERE u.verified = TRUE AND u.blocked = FALSE AND u.research_updates_opt_out = FALSE
AND EXISTS (SELECT 1 FROM cases c WHERE c.author = u.id AND c.research_consent = TRUE)`

// recipientIDs lists the ids of everyone an update would go to now, in id order.
func recipientIDs(app core.App) ([]string, error) {
	var ids []string
	err := app.DB().NewQuery(recipientsSQL + " ORDER BY u.id").Column(&ids)
	return ids, err
}

// stillRecipient says whether userID would still receive an update now.
func stillRecipient(app core.App, userID string) (bool, error) {
	var ids []string
	err := app.DB().NewQuery(recipientsSQL + " AND u.id = {:id}").Bind(dbx.Params{"id": userID}).Column(&ids)
	return len(ids) == 1, err
}

// consentingContributor says whether userID authored a case with research consent.
func consentingContributor(app core.App, userID string) (bool, error) {
	var n int
	err := app.DB().NewQuery("SELECT COUNT(*) FROM cases WHERE author = {:id} AND research_consent = TRUE").
		Bind(dbx.Params{"id": userID}).Row(&n)
	return n > 0, err
}

// startResearchUpdate fixes the recipients of an update that has none yet: one pending
// delivery per recipient, the count and start date on the update, and the audit entry,
// in one transaction, so a restart finds either all of it or none.
func startResearchUpdate(app core.App, update *core.Record) error {
	ids, err := recipientIDs(app)
	if err != nil {
		return err
	}
	return app.RunInTransaction(func(tx core.App) error {
		deliveries, err := tx.FindCachedCollectionByNameOrId(deliveriesCollection)
		if err != nil {
			return err
		}
		for _, id := range ids {
			user, err := tx.FindRecordById("users", id)
			if err != nil {
				return err
			}
			d := core.NewRecord(deliveries)
			d.Set("research_update", update.Id)
			d.Set("user", id)
			d.Set("language", languageOf(user))
			d.Set("status", "pending")
			if err := tx.Save(d); err != nil {
				return err
			}
		}
		update.Set("recipients", len(ids))
		update.Set("sent", 0)
		update.Set("failed", 0)
		update.Set("skipped", 0)
		update.Set("started", types.NowDateTime())
		if err := tx.Save(update); err != nil {
			return err
		}
		return writeAuditEntry(tx, "research_update.sending", sentBy(tx, update), update.Id, map[string]any{
			"recipients": len(ids), "subject_es": update.GetString("subject_es"), "subject_en": update.GetString("subject_en"),
		})
	})
}

// sentBy is the superuser who started sending update (nil if the account is gone).
func sentBy(app core.App, update *core.Record) *core.Record {
	super, err := app.FindRecordById(core.CollectionNameSuperusers, update.GetString("sent_by"))
	if err != nil {
		return nil
	}
	return super
}

// languageOf is the language a user gets emails in.
func languageOf(user *core.Record) string {
	if lang := user.GetString("language"); lang == "es" || lang == "en" {
		return lang
	}
	return researchUpdateLanguage
}

// deliverResearchUpdate sends the pending deliveries of update at its pace until none is
// left, then marks it sent. It returns early, leaving the rest pending, when ctx ends or
// the transport keeps failing. Each delivery is marked "sending" before the transport gets
// it, so after a crash it is known which messages may have left.
func deliverResearchUpdate(ctx context.Context, app core.App, update *core.Record) error {
	perMinute := update.GetInt("per_minute")
	if perMinute <= 0 {
		perMinute = defaultPerMinute
	}
	gap := time.Minute / time.Duration(perMinute)
	failures := 0
	for {
		batch, err := app.FindRecordsByFilter(deliveriesCollection, "research_update = {:u} && status = 'pending'",
			"created,id", deliveryBatch, 0, dbx.Params{"u": update.Id})
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			break
		}
		for _, d := range batch {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			sent, err := deliverOne(app, update, d)
			if err != nil {
				return err
			}
			if !sent {
				failures++
				if failures >= maxConsecutiveFailures {
					return fmt.Errorf("%d emails in a row failed; the rest wait for the next run", failures)
				}
			} else {
				failures = 0
			}
			if err := sleepCtx(ctx, gap); err != nil {
				return err
			}
		}
		if err := refreshCounts(app, update); err != nil {
			return err
		}
	}
	return finishResearchUpdate(app, update)
}

// deliverOne sends one delivery and records the outcome. sent is false on a failed send
// (recorded on the row and in server_alerts); err is for storage errors only.
func deliverOne(app core.App, update, d *core.Record) (sent bool, err error) {
	userID := d.GetString("user")
	ok, err := stillRecipient(app, userID)
	if err != nil {
		return false, err
	}
	if !ok {
		d.Set("status", "skipped")
		return true, app.Save(d)
	}
	user, err := app.FindRecordById("users", userID)
	if err != nil {
		return false, err
	}
	d.Set("status", "sending")
	if err := app.Save(d); err != nil {
		return false, err
	}
	sendErr := sendResearchUpdate(app, update, user)
	if sendErr != nil {
		d.Set("status", "failed")
		d.Set("error", truncate(sendErr.Error(), 2000))
		app.Logger().Error("Research update email failed", "update", update.Id, "user", userID, "error", sendErr)
		raiseLimitedAlert(app, AlertMailSend, "A research update email could not be sent: "+sendErr.Error())
	} else {
		d.Set("status", "sent")
		d.Set("sent_at", types.NowDateTime())
	}
	return sendErr == nil, app.Save(d)
}

// refreshCounts copies the deliveries' outcome into the update, for the dashboard.
func refreshCounts(app core.App, update *core.Record) error {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := app.DB().NewQuery("SELECT status, COUNT(*) AS n FROM " + deliveriesCollection +
		" WHERE research_update = {:u} GROUP BY status").Bind(dbx.Params{"u": update.Id}).All(&rows)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.Status] = r.N
	}
	update.Set("sent", counts["sent"])
	update.Set("failed", counts["failed"])
	update.Set("skipped", counts["skipped"]+counts["unknown"])
	return app.Save(update)
}

// finishResearchUpdate marks update sent and audits how many it reached.
func finishResearchUpdate(app core.App, update *core.Record) error {
	if _, err := app.FindRecordById(updatesCollection, update.Id); err != nil {
		return nil // deleted while sending: nothing to finish
	}
	if err := refreshCounts(app, update); err != nil {
		return err
	}
	update.Set("status", "sent")
	update.Set("finished", types.NowDateTime())
	if err := app.Save(update); err != nil {
		return err
	}
	return writeAuditEntry(app, "research_update.sent", sentBy(app, update), update.Id, map[string]any{
		"recipients": update.GetInt("recipients"), "sent": update.GetInt("sent"),
		"failed": update.GetInt("failed"), "skipped": update.GetInt("skipped"),
	})
}

// recoverInterruptedDeliveries marks the deliveries a stopped process left "sending" as
// "unknown": the transport may have sent them, and a duplicate is worse than a gap.
func recoverInterruptedDeliveries(app core.App) error {
	_, err := app.DB().NewQuery("UPDATE " + deliveriesCollection +
		" SET status = 'unknown', error = 'interrupted by a server restart while sending; not sent again'" +
		" WHERE status = 'sending'").Execute()
	return err
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
