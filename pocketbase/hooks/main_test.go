package hooks_test

import (
	"os"
	"testing"

	"cassette/pocketbase/internal/testenv"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(serverEnv); dir != "" {
		runHelperServer(dir) // the real server of TestUploadsTmpCleanupAfterKill; never returns
	}
	code := m.Run()
	testenv.Cleanup()
	os.Exit(code)
}
