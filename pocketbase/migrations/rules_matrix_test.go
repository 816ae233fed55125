package migrations_test

import (
	"fmt"
	"maps"

	tv "cassette/pocketbase/internal/testenv"
)

// role is one kind of caller in the API rule matrices.
type role struct{ name, key string }

// roles are the callers every collection is tested with, in matrix order.
var roles = []role{
	{"guest", ""},
	{"author", tv.AuthorID},
	{"other user", tv.OtherID},
	{"unverified user", tv.UnverifiedID},
	{"researcher", tv.ResearcherID},
	{"superuser", "superuser"},
}

// expect holds one expected value per role, in roles order.
type expect [6]int

// headers returns the auth header of r (none for a guest) merged with extra.
func headers(fx *tv.Fixture, r role, extra map[string]string) map[string]string {
	h := map[string]string{}
	if r.key != "" {
		h = fx.Auth(r.key)
	}
	maps.Copy(h, extra)
	return h
}

// errorBody is what a PocketBase error response with status contains.
func errorBody(status int) []string {
	return []string{fmt.Sprintf(`"status":%d`, status)}
}

// bodyFor picks the content check for status: ok on 200, none on 204,
// the error envelope otherwise.
func bodyFor(status int, ok []string) []string {
	switch status {
	case 200:
		return ok
	case 204:
		return nil
	default:
		return errorBody(status)
	}
}
