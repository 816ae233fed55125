package tokens

import (
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Routes.
const (
	CreatePath = "/api/cassette/tokens"
	RevokePath = "/api/cassette/tokens/{id}/revoke"
	FeedPath   = "/api/cassette/feed/cases"
)

// Limits of what a token may be.
const (
	MaxDays           = 365
	DefaultDays       = 30
	MaxPersonalActive = 20
)

// Register adds the token routes when app serves (in tests, call it from the TestAppFactory).
func Register(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST(CreatePath, handleCreate)
		se.Router.POST(RevokePath, handleRevoke)
		se.Router.GET(FeedPath, handleFeed)
		return se.Next()
	})
}

// IsResearcher says whether an auth record may hold and use a personal token: a verified, not
// blocked user whose role (granted by an admin on the dashboard) is researcher.
func IsResearcher(auth *core.Record) bool {
	return auth != nil && auth.Collection().Name == "users" && auth.GetString("role") == "researcher" &&
		auth.Verified() && !auth.GetBool("blocked")
}

type createBody struct {
	Name string `json:"name"`
	Days int    `json:"days"`
	Kind string `json:"kind"`
}

// handleCreate makes a token and answers its secret, the one time it is ever shown.
// Researchers make personal tokens; superusers make integration tokens.
func handleCreate(e *core.RequestEvent) error {
	if e.Auth == nil {
		return e.UnauthorizedError("Sign in to create an API token.", nil)
	}
	var body createBody
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("The request body is not valid JSON.", err)
	}
	body.Name = strings.TrimSpace(body.Name)
	if body.Kind == "" {
		body.Kind = Personal
	}
	if body.Days == 0 {
		body.Days = DefaultDays
	}
	switch {
	case body.Name == "" || len([]rune(body.Name)) > 100:
		return e.BadRequestError("A token needs a name of 1 to 100 characters.", nil)
	case body.Days < 1 || body.Days > MaxDays:
		return e.BadRequestError("A token expires in 1 to 365 days.", nil)
	case body.Kind == Integration && !e.HasSuperuserAuth():
		return e.ForbiddenError("Only administrators create integration tokens.", nil)
	case body.Kind == Personal && !IsResearcher(e.Auth):
		return e.ForbiddenError("Only researchers create personal API tokens.", nil)
	case body.Kind != Personal && body.Kind != Integration:
		return e.BadRequestError(`kind is "personal" or "integration".`, nil)
	}
	if body.Kind == Personal {
		active, err := e.App.CountRecords("api_tokens", dbxActive(e.Auth.Id))
		if err != nil {
			return e.InternalServerError("", err)
		}
		if active >= MaxPersonalActive {
			return e.BadRequestError("You have 20 active tokens: revoke one first.", nil)
		}
	}
	owner := ""
	if body.Kind == Personal {
		owner = e.Auth.Id
	}
	rec, token, err := Create(e.App, body.Name, body.Kind, body.Days, owner)
	if err != nil {
		return e.InternalServerError("", err)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, map[string]any{
		"id": rec.Id, "name": rec.GetString("name"), "kind": body.Kind, "expires": rec.GetDateTime("expires"), "hint": rec.GetString("hint"), "token": token,
	})
}

// Create saves a new token (owner: the researcher of a personal token, "" for an integration
// token) and returns its record and its secret, which is never stored.
func Create(app core.App, name, kind string, days int, owner string) (*core.Record, string, error) {
	col, err := app.FindCachedCollectionByNameOrId("api_tokens")
	if err != nil {
		return nil, "", err
	}
	token, hash, err := Generate()
	if err != nil {
		return nil, "", err
	}
	expires, _ := types.ParseDateTime(time.Now().UTC().Add(time.Duration(days) * 24 * time.Hour))
	rec := core.NewRecord(col)
	rec.Load(map[string]any{"name": name, "kind": kind, "hash": hash, "hint": token[len(token)-4:], "expires": expires, "user": owner})
	if err := app.Save(rec); err != nil {
		return nil, "", err
	}
	return rec, token, nil
}

// handleRevoke revokes a token of the signed-in user (or any token, for a superuser). Another
// user's token answers like an unknown one.
func handleRevoke(e *core.RequestEvent) error {
	if e.Auth == nil {
		return e.UnauthorizedError("Sign in to revoke an API token.", nil)
	}
	rec, err := e.App.FindRecordById("api_tokens", e.Request.PathValue("id"))
	if err != nil || (!e.HasSuperuserAuth() && rec.GetString("user") != e.Auth.Id) {
		return e.NotFoundError("No such token.", nil)
	}
	rec.Set("revoked", true)
	if err := e.App.Save(rec); err != nil {
		return e.InternalServerError("", err)
	}
	return e.NoContent(http.StatusNoContent)
}
