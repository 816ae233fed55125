package hooks_test

import tv "cassette/pocketbase/internal/testenv"

// noEvents is ExpectedEvents for a request refused before any hook ran: no
// record hook, so nothing was read for the response and nothing was written
// (PocketBase's apis/record_crud_test.go states refusals the same way).
var noEvents = map[string]int{"*": 0}

// saves and events are testenv's Saves and Events under the short names the tables use.
type saves = tv.Saves

var events = tv.Events
