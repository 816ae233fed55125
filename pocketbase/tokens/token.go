// Package tokens gives programs a way into Cassette without a password: a researcher's personal
// access tokens (list and export the research dataset, nothing else) and administrators'
// integration tokens (read the published-case feed). A token is a high-entropy secret shown
// once; the server keeps only its SHA-256 in api_tokens (migrations/1763769641_api_tokens.go).
// Tokens are not PocketBase auth tokens: every other route treats their bearer as a guest.
package tokens

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Prefix starts every token, so a leaked one is recognisable (secret scanners, logs) and told
// apart from PocketBase's JWTs in the same Authorization header.
const Prefix = "cst_"

// Kinds of token (api_tokens.kind).
const (
	Personal    = "personal"
	Integration = "integration"
)

// Generate returns a new token (32 random bytes: 256 bits, base64url) and the hash to store.
func Generate() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = Prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, Hash(token), nil
}

// Hash is what api_tokens.hash stores for a token: SHA-256, hex. A fast hash is enough for a
// 256-bit random secret (no dictionary to try), and it lets the server find the row by index.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Bearer returns the token sent as "Authorization: Bearer cst_…" (or without "Bearer "), or ""
// when the request carries none (a PocketBase auth token, or nothing).
func Bearer(e *core.RequestEvent) string {
	h := strings.TrimSpace(e.Request.Header.Get("Authorization"))
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		h = strings.TrimSpace(h[7:])
	}
	if !strings.HasPrefix(h, Prefix) {
		return ""
	}
	return h
}

var errRefused = errors.New("refused token")

// Authenticate checks the request's token for a route that takes tokens of kind: it returns the
// token's row, or nil and no error when no token was sent (the route then tries its other ways
// in). A wrong, revoked or expired token is a 401, another kind a 403, too many requests a 429.
func Authenticate(e *core.RequestEvent, kind string) (*core.Record, error) {
	secret := Bearer(e)
	if secret == "" {
		return nil, nil
	}
	tok, err := e.App.FindFirstRecordByData("api_tokens", "hash", Hash(secret))
	if err != nil {
		return nil, e.UnauthorizedError("The API token is not valid.", errRefused)
	}
	now := time.Now().UTC()
	switch {
	case tok.GetBool("revoked"):
		return nil, e.UnauthorizedError("The API token was revoked.", errRefused)
	case !tok.GetDateTime("expires").Time().After(now):
		return nil, e.UnauthorizedError("The API token has expired.", errRefused)
	case tok.GetString("kind") != kind:
		return nil, e.ForbiddenError("This API token cannot be used here.", nil)
	}
	if !limiterOf(e.App).allow(tok.Id, limitOf(kind), now) {
		e.Response.Header().Set("Retry-After", "60")
		return nil, router.NewTooManyRequestsError("Too many requests with this API token; wait a minute.", nil)
	}
	// last_used is written at most once a minute, directly: no hooks, no new `updated`.
	if now.Sub(tok.GetDateTime("last_used").Time()) > time.Minute {
		_, _ = e.App.DB().Update("api_tokens", dbx.Params{"last_used": now.Format("2006-01-02 15:04:05.000Z")}, dbx.HashExp{"id": tok.Id}).Execute()
	}
	return tok, nil
}
