// Package seed creates Cassette's demo content: a verified demo account and
// one published case with synthetic image stacks. No patient data is used.
package seed

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Options says which demo account to create.
type Options struct {
	Email    string
	Password string
}

// Result reports what Run did.
type Result struct {
	UserID      string
	UserCreated bool
	CaseID      string
	CaseCreated bool
	Images      int
}

// demoCaseClientID identifies the demo case, so a second run finds it.
const demoCaseClientID = "cassette-demo-case"

// demoSeries are the stacks of the demo case.
var demoSeries = []struct {
	plane       Plane
	slices      int
	description string
}{
	{Axial, 40, "TC abdominal con contraste, fase portal (fantoma sintético)"},
	{Coronal, 20, "Reconstrucción coronal (fantoma sintético)"},
}

// Run creates the demo user and the demo case unless they already exist.
// An existing user is only marked verified; its password is left alone.
func Run(app core.App, opts Options) (Result, error) {
	if opts.Email == "" {
		return Result{}, errors.New("seed: an email is required")
	}
	var res Result
	err := app.RunInTransaction(func(tx core.App) error {
		user, created, err := ensureUser(tx, opts)
		if err != nil {
			return err
		}
		res.UserID, res.UserCreated = user.Id, created

		existing, err := tx.FindFirstRecordByFilter("cases", "author = {:author} && client_id = {:cid}",
			map[string]any{"author": user.Id, "cid": demoCaseClientID})
		if err == nil {
			res.CaseID = existing.Id
			return nil
		}
		c, images, err := createCase(tx, user.Id)
		if err != nil {
			return err
		}
		res.CaseID, res.CaseCreated, res.Images = c.Id, true, images
		return nil
	})
	return res, err
}

func ensureUser(app core.App, opts Options) (*core.Record, bool, error) {
	user, err := app.FindAuthRecordByEmail("users", opts.Email)
	if err == nil {
		if !user.Verified() {
			user.SetVerified(true)
			if err := app.Save(user); err != nil {
				return nil, false, fmt.Errorf("seed: verify demo user: %w", err)
			}
		}
		return user, false, nil
	}
	if opts.Password == "" {
		return nil, false, errors.New("seed: a password is required to create the demo user")
	}
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return nil, false, err
	}
	user = core.NewRecord(users)
	user.SetEmail(opts.Email)
	user.SetPassword(opts.Password)
	user.SetVerified(true)
	user.Set("username", "demo")
	user.Set("name", "Residente Demo")
	user.Set("country", "ES")
	user.Set("academic_year", "R3")
	user.Set("specialty", "abdominal")
	user.Set("language", "es")
	if err := app.Save(user); err != nil {
		return nil, false, fmt.Errorf("seed: create demo user: %w", err)
	}
	return user, true, nil
}

func createCase(app core.App, authorID string) (*core.Record, int, error) {
	cases, err := app.FindCollectionByNameOrId("cases")
	if err != nil {
		return nil, 0, err
	}
	c := core.NewRecord(cases)
	c.Load(demoCaseText)
	c.Set("author", authorID)
	c.Set("status", "published")
	c.Set("client_id", demoCaseClientID)
	c.Set("phi_acknowledged", true)
	c.Set("phi_acknowledged_at", types.NowDateTime())
	if err := app.Save(c); err != nil {
		return nil, 0, fmt.Errorf("seed: create demo case: %w", err)
	}

	seriesCol, err := app.FindCollectionByNameOrId("series")
	if err != nil {
		return nil, 0, err
	}
	imagesCol, err := app.FindCollectionByNameOrId("images")
	if err != nil {
		return nil, 0, err
	}
	images := 0
	for order, spec := range demoSeries {
		s := core.NewRecord(seriesCol)
		s.Set("case", c.Id)
		s.Set("plane", string(spec.plane))
		s.Set("description", spec.description)
		s.Set("modality", "CT")
		s.Set("window_center", 40)
		s.Set("window_width", 400)
		s.Set("slice_count", spec.slices)
		s.Set("order", order)
		s.Set("client_id", fmt.Sprintf("demo-%s", spec.plane))
		if err := app.Save(s); err != nil {
			return nil, 0, fmt.Errorf("seed: create %s series: %w", spec.plane, err)
		}
		for i := range spec.slices {
			jpg, err := SliceJPEG(spec.plane, i, spec.slices)
			if err != nil {
				return nil, 0, err
			}
			file, err := filesystem.NewFileFromBytes(jpg, fmt.Sprintf("%s-%03d.jpg", spec.plane, i+1))
			if err != nil {
				return nil, 0, err
			}
			img := core.NewRecord(imagesCol)
			img.Set("series", s.Id)
			img.Set("index", i)
			img.Set("preview", file)
			img.Set("client_id", fmt.Sprintf("demo-%s-%03d", spec.plane, i+1))
			if err := app.Save(img); err != nil {
				return nil, 0, fmt.Errorf("seed: create %s image %d: %w", spec.plane, i+1, err)
			}
			images++
		}
	}
	return c, images, nil
}
