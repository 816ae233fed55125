package s3test_test

import (
	"os"
	"testing"

	"cassette/pocketbase/internal/testenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.Cleanup()
	os.Exit(code)
}
