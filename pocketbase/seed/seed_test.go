package seed_test

import (
	"testing"

	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/seed"
)

func TestRunIsIdempotent(t *testing.T) {
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	opts := seed.Options{Email: "demo@cassette.test", Password: "demo-password-1"}

	first, err := seed.Run(app, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !first.UserCreated || !first.CaseCreated || first.Images != 60 {
		t.Fatalf("first run = %+v, want a new user, a new case and 60 images", first)
	}
	second, err := seed.Run(app, opts)
	if err != nil {
		t.Fatal(err)
	}
	if second.UserCreated || second.CaseCreated || second.UserID != first.UserID || second.CaseID != first.CaseID {
		t.Fatalf("second run = %+v, want the first run's user and case untouched (%+v)", second, first)
	}

	users, err := app.FindRecordsByFilter("users", "email = {:e}", "", 0, 0, map[string]any{"e": opts.Email})
	if err != nil || len(users) != 1 {
		t.Fatalf("demo users = %d (%v), want 1", len(users), err)
	}
	if !users[0].Verified() || !users[0].ValidatePassword(opts.Password) {
		t.Error("the demo user must be verified and sign in with the given password")
	}
	cases, err := app.FindRecordsByFilter("cases", "author = {:a}", "", 0, 0, map[string]any{"a": first.UserID})
	if err != nil || len(cases) != 1 {
		t.Fatalf("demo cases = %d (%v), want 1", len(cases), err)
	}
	if cases[0].GetString("status") != "published" {
		t.Errorf("demo case status = %q, want published", cases[0].GetString("status"))
	}
	for plane, want := range map[string]int{"axial": 40, "coronal": 20} {
		images, err := app.FindRecordsByFilter("images", "series.plane = {:p} && series.case = {:c}", "", 0, 0,
			map[string]any{"p": plane, "c": first.CaseID})
		if err != nil {
			t.Fatal(err)
		}
		if len(images) != want {
			t.Errorf("%s images = %d, want %d", plane, len(images), want)
		}
	}
}

func TestRunKeepsAnExistingPassword(t *testing.T) {
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	if _, err := seed.Run(app, seed.Options{Email: "demo@cassette.test", Password: "first-password-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(app, seed.Options{Email: "demo@cassette.test", Password: "other-password-2"}); err != nil {
		t.Fatal(err)
	}
	user, err := app.FindAuthRecordByEmail("users", "demo@cassette.test")
	if err != nil {
		t.Fatal(err)
	}
	if !user.ValidatePassword("first-password-1") {
		t.Error("a second seed run changed the demo user's password")
	}
}

func TestRunNeedsAPasswordForANewUser(t *testing.T) {
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	if _, err := seed.Run(app, seed.Options{Email: "demo@cassette.test"}); err == nil {
		t.Fatal("seeding a new user without a password succeeded")
	}
	if n, _ := app.CountRecords("cases"); n != 3 {
		t.Errorf("cases = %d after a failed seed, want the 3 fixtures only", n)
	}
}
