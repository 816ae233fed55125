package faults_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"cassette/pocketbase/hooks"
	"cassette/pocketbase/internal/testenv"
)

// Environment of this test binary when it runs as a server (see TestMain): the data dir, the
// address, and where it stops to wait for its SIGKILL ("" for nowhere).
const (
	serverDirEnv   = "CASSETTE_FAULTS_SERVER_DIR"
	serverAddrEnv  = "CASSETTE_FAULTS_SERVER_ADDR"
	serverStallEnv = "CASSETTE_FAULTS_SERVER_STALL"
	// serverAlertEveryEnv shortens the server_alerts write interval (a Go duration)
	serverAlertEveryEnv = "CASSETTE_FAULTS_SERVER_ALERT_EVERY"
	// stalledLine is what the server prints when it has stopped at the stall point.
	stalledLine = "cassette-faults: stalled"
)

// Stall points: after an image's files are stored, before its record is inserted; and after an
// image's update is committed, before PocketBase deletes the files it replaced.
const (
	stallImageBeforeInsert  = "image-before-insert"
	stallImageBeforeCleanup = "image-before-cleanup"
)

// runFaultsServer serves the data dir with Cassette's hooks, plus a hook that parks the request
// at the stall point forever (so the test can kill the process exactly there). It never returns.
func runFaultsServer(dir string) {
	os.Args = []string{"cassette-server", "serve", "--dir", dir, "--http", os.Getenv(serverAddrEnv)}
	app := pocketbase.New()
	hooks.Register(app)
	if every, err := time.ParseDuration(os.Getenv(serverAlertEveryEnv)); err == nil {
		hooks.LimitAlerts(app, every)
	}
	park := func() { fmt.Println(stalledLine); select {} }
	switch os.Getenv(serverStallEnv) {
	case stallImageBeforeInsert:
		// after PocketBase's own execute hook (priority 99), which stores the files and then
		// calls the next handler; the insert runs at the end of the chain (core/record_model.go)
		app.OnRecordCreateExecute("images").Bind(&hook.Handler[*core.RecordEvent]{Priority: 200, Func: func(e *core.RecordEvent) error {
			park()
			return e.Next()
		}})
	case stallImageBeforeCleanup:
		// before PocketBase's after-update hook (priority -99), which deletes replaced files
		app.OnRecordAfterUpdateSuccess("images").Bind(&hook.Handler[*core.RecordEvent]{Priority: -200, Func: func(e *core.RecordEvent) error {
			park()
			return e.Next()
		}})
	}
	if err := app.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// faultsServer is this test binary running as a server.
type faultsServer struct {
	*testenv.ChildServer
	stalled chan struct{}
}

// startFaultsServer runs the server on dir and waits until it answers.
func startFaultsServer(t *testing.T, dir, stall string, env ...string) *faultsServer {
	t.Helper()
	s := &faultsServer{stalled: make(chan struct{})}
	env = append([]string{serverDirEnv + "=" + dir, serverStallEnv + "=" + stall, "CASSETTE_RATE_LIMITS=off", "CASSETTE_SMTP_HOST="}, env...)
	var once sync.Once
	s.ChildServer = testenv.StartChildServer(t, serverAddrEnv, env, func(line string) {
		if line == stalledLine {
			once.Do(func() { close(s.stalled) })
		}
	})
	return s
}

// send makes the request in the background (its answer never comes when the server is killed).
func send(t *testing.T, method, url string, body io.Reader, headers map[string]string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	go func() {
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}()
}

// waitStalled waits until the server has parked the request at its stall point.
func (s *faultsServer) waitStalled(t *testing.T) {
	t.Helper()
	select {
	case <-s.stalled:
	case <-time.After(20 * time.Second):
		t.Fatalf("the request never reached the stall point:\n%s", s.Output())
	}
}

// contains reports whether any of paths contains part.
func contains(paths []string, part string) bool {
	for _, p := range paths {
		if strings.Contains(p, part) {
			return true
		}
	}
	return false
}
