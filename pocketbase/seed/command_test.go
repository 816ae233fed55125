package seed_test

import (
	"bytes"
	"strings"
	"testing"

	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/seed"
)

func TestCommandReportsWhatItDid(t *testing.T) {
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()

	run := func(args ...string) string {
		cmd := seed.NewCommand(app)
		var out bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		cmd.SetArgs(args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("seed %v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	first := run("--password", "demo-password-1")
	for _, want := range []string{"created verified demo user " + seed.DefaultEmail, "created published demo case", "60 synthetic images"} {
		if !strings.Contains(first, want) {
			t.Errorf("first run output lacks %q:\n%s", want, first)
		}
	}
	second := run("--password", "demo-password-1")
	for _, want := range []string{"already exists", "nothing to do"} {
		if !strings.Contains(second, want) {
			t.Errorf("second run output lacks %q:\n%s", want, second)
		}
	}
}
