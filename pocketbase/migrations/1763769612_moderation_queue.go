package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// moderationQueueQuery lists, one row per case, what waits for a moderator: cases with
// open reports, and cases whose author asks for a review after a moderator hid them (their
// reports were resolved when it was hidden). PocketBase types a view's columns from the
// query (core/view.go): COUNT() becomes a number, CAST(... AS TEXT) a text field and plain
// columns keep their source field; the casts keep aggregates from becoming JSON fields.
const moderationQueueQuery = `SELECT
  c.id AS id,
  c.title AS title,
  c.status AS status,
  u.username AS author,
  CAST(COALESCE(group_concat(DISTINCT r.reason), '') AS TEXT) AS reasons,
  COUNT(r.id) AS open_reports,
  CAST(COALESCE(MIN(r.created), '') AS TEXT) AS oldest_report,
  c.review_requested AS review_requested,
  CAST('/cases/' || c.id AS TEXT) AS link
FROM cases c
LEFT JOIN reports r ON r."case" = c.id AND r.status = 'open'
LEFT JOIN users u ON u.id = c.author
WHERE r.id IS NOT NULL OR c.review_requested = TRUE
GROUP BY c.id
ORDER BY oldest_report`

func init() {
	m.Register(func(app core.App) error {
		// list and view rules stay nil: superusers only
		queue := core.NewViewCollection("moderation_queue")
		queue.ViewQuery = moderationQueueQuery
		return app.Save(queue)
	}, func(app core.App) error {
		queue, err := app.FindCollectionByNameOrId("moderation_queue")
		if err != nil {
			return err
		}
		return app.Delete(queue)
	})
}
