package hooks

import (
	"errors"
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"cassette/pocketbase/migrations"
)

// Routes of research update subscriptions.
const (
	// UnsubscribePath takes POST with the token as ?token= (mail clients' RFC 8058 one-click
	// POST) or as {"token": …} (the app's /unsubscribe/<token> page). No sign-in needed.
	UnsubscribePath = "/api/cassette/research-updates/unsubscribe"
	// SubscriptionPath: GET and PUT {"subscribed": bool} for the signed-in user (profile).
	SubscriptionPath = "/api/cassette/research-updates/subscription"
)

// subscription is what the profile shows: whether the user gets updates, and whether they
// are a consenting contributor (updates only go to them).
type subscription struct {
	Subscribed  bool `json:"subscribed"`
	Contributor bool `json:"contributor"`
}

func registerResearchUpdatesRoutes(se *core.ServeEvent) {
	se.Router.POST(UnsubscribePath, handleUnsubscribe)
	se.Router.GET(SubscriptionPath, handleSubscription)
	se.Router.PUT(SubscriptionPath, handleSubscription)
}

func handleUnsubscribe(e *core.RequestEvent) error {
	token := e.Request.URL.Query().Get("token")
	if token == "" {
		var body struct {
			Token string `json:"token"`
		}
		// an RFC 8058 form body ("List-Unsubscribe=One-Click") carries no token: ignore it
		_ = e.BindBody(&body)
		token = body.Token
	}
	userID, err := verifyUnsubscribeToken(e.App, token)
	if errors.Is(err, errBadUnsubscribeToken) {
		return e.BadRequestError("This unsubscribe link is not valid.", nil)
	}
	if err != nil {
		return e.InternalServerError("", err)
	}
	user, err := e.App.FindRecordById("users", userID)
	if err != nil {
		// a deleted account gets no more email anyway
		return e.BadRequestError("This unsubscribe link is not valid.", nil)
	}
	if err := setResearchUpdatesOptOut(e.App, user, true, "email_link"); err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]bool{"subscribed": false})
}

func handleSubscription(e *core.RequestEvent) error {
	if e.Auth == nil || e.Auth.Collection().Name != "users" {
		return e.UnauthorizedError("Sign in to manage research updates.", nil)
	}
	user, err := e.App.FindRecordById("users", e.Auth.Id)
	if err != nil {
		return e.NotFoundError("", err)
	}
	if e.Request.Method == http.MethodPut {
		var body struct {
			Subscribed *bool `json:"subscribed"`
		}
		if err := e.BindBody(&body); err != nil || body.Subscribed == nil {
			return e.BadRequestError(`Send {"subscribed": true} or {"subscribed": false}.`, nil)
		}
		if err := setResearchUpdatesOptOut(e.App, user, !*body.Subscribed, "profile"); err != nil {
			return e.InternalServerError("", err)
		}
	}
	contributor, err := consentingContributor(e.App, user.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	e.Response.Header().Set("Cache-Control", "private, no-store")
	return e.JSON(http.StatusOK, subscription{
		Subscribed:  !user.GetBool(migrations.ResearchUpdatesOptOutField),
		Contributor: contributor,
	})
}

// setResearchUpdatesOptOut stores the choice and audits a change (the trace of a consent
// decision); repeating the current choice changes nothing.
func setResearchUpdatesOptOut(app core.App, user *core.Record, optOut bool, via string) error {
	if user.GetBool(migrations.ResearchUpdatesOptOutField) == optOut {
		return nil
	}
	user.Set(migrations.ResearchUpdatesOptOutField, optOut)
	if err := app.Save(user); err != nil {
		return err
	}
	action := "user.research_updates_opt_in"
	if optOut {
		action = "user.research_updates_opt_out"
	}
	if err := writeAuditEntry(app, action, user, user.Id, map[string]any{"via": via}); err != nil {
		app.Logger().Error("audit_log write failed", "action", action, "target", user.Id, "error", err)
	}
	return nil
}
