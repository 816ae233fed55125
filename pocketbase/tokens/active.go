package tokens

import (
	"time"

	"github.com/pocketbase/dbx"
)

// dbxActive selects a user's tokens that still work (not revoked, not expired).
func dbxActive(userID string) dbx.Expression {
	return dbx.And(
		dbx.HashExp{"user": userID, "revoked": false},
		dbx.NewExp("expires > {:now}", dbx.Params{"now": time.Now().UTC().Format("2006-01-02 15:04:05.000Z")}),
	)
}
