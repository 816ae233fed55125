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

// refused is ExpectedEvents for a request an API rule (or the auth-first hook,
// hooks/uploads_auth_first.go) refuses: PocketBase checks a collection's rule
// before it triggers the request hook (apis/record_crud.go, recordCreate,
// recordUpdate, recordDelete), so no hook fires and nothing is written;
// PocketBase's apis/record_crud_test.go states refusals the same way.
var refused = map[string]int{"*": 0}

// eventsFor picks the ExpectedEvents for status as bodyFor picks the
// content: ok on success, refused otherwise.
func eventsFor(status int, ok map[string]int) map[string]int {
	if status < 300 {
		return ok
	}
	return refused
}

// listed and viewed are the events of a successful read: the request hook and
// one OnRecordEnrich per record in the answer.
func listed(n int) map[string]int { return events("OnRecordsListRequest", saves{}, n) }
func viewed() map[string]int      { return events("OnRecordViewRequest", saves{}, 1) }

// saves and events are testenv's Saves and Events under the short names the tables use.
type saves = tv.Saves

var events = tv.Events

// with adds events fired once each (e.g. "OnMailerSend") to e.
func with(e map[string]int, names ...string) map[string]int {
	for _, name := range names {
		e[name]++
	}
	return e
}
