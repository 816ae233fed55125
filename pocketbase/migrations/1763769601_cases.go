package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// CaseCategories are the body regions a teaching case is filed under.
var CaseCategories = []string{
	"abdomen", "thorax", "neuroradiology", "musculoskeletal", "head_neck", "breast",
	"cardiovascular", "pediatrics", "genitourinary", "interventional", "other",
}

// CaseStatuses: "draft" while the outbox uploads series and images,
// "published" for readers, "hidden" by the author, "removed" by a moderator.
var CaseStatuses = []string{"draft", "published", "hidden", "removed"}

// Case API rules. Readers see published cases; authors also see their own
// unpublished ones. Only verified users create, always as themselves, and
// only superusers (who bypass rules) may set or lift "removed".
const (
	casesReadRule   = `status = "published" || (@request.auth.id != "" && author = @request.auth.id)`
	casesCreateRule = `@request.auth.id != "" && @request.auth.verified = true && ` +
		`@request.body.author = @request.auth.id && @request.body.status != "removed"`
	casesUpdateRule = `@request.auth.id != "" && author = @request.auth.id && status != "removed" && ` +
		`(@request.body.author:isset = false || @request.body.author = @request.auth.id) && ` +
		`(@request.body.status:isset = false || @request.body.status != "removed")`
	casesDeleteRule = `@request.auth.id != "" && author = @request.auth.id`
)

// markdownMax bounds each Markdown section of a case (a long review is ~20k characters).
const markdownMax = 50000

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}

		cases := core.NewBaseCollection("cases")
		cases.ListRule = types.Pointer(casesReadRule)
		cases.ViewRule = types.Pointer(casesReadRule)
		cases.CreateRule = types.Pointer(casesCreateRule)
		cases.UpdateRule = types.Pointer(casesUpdateRule)
		cases.DeleteRule = types.Pointer(casesDeleteRule)

		cases.Fields.Add(
			// deleting an account deletes its cases (and, by cascade, their series and images)
			&core.RelationField{Name: "author", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "title", Required: true, Max: 100, Presentable: true},
			&core.SelectField{Name: "category", Required: true, Values: CaseCategories, MaxSelect: 1},
			&core.TextField{Name: "content", Max: markdownMax},
			&core.TextField{Name: "physiopathology", Max: markdownMax},
			&core.TextField{Name: "clinical_presentation", Max: markdownMax},
			&core.TextField{Name: "imaging_findings", Max: markdownMax},
			&core.TextField{Name: "differential", Max: markdownMax},
			&core.TextField{Name: "bibliography", Max: markdownMax},
			&core.SelectField{Name: "status", Required: true, Values: CaseStatuses, MaxSelect: 1},
			&core.BoolField{Name: "research_consent"},
			&core.TextField{Name: "icd11_code", Max: 64},
			&core.TextField{Name: "icd11_title", Max: 300},
			&core.TextField{Name: "other_label", Max: 100},
			&core.TextField{Name: "region_of_interest", Max: 200},
			&core.TextField{Name: "client_id", Max: 64, Pattern: `^[A-Za-z0-9_-]+$`},
			&core.BoolField{Name: "phi_acknowledged"},
			&core.DateField{Name: "phi_acknowledged_at"},
			&core.FileField{
				Name: "header_image", MaxSelect: 1, MaxSize: 2 << 20,
				MimeTypes: []string{"image/jpeg", "image/png"}, Thumbs: []string{"480x270"},
			},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		// client_id makes the outbox idempotent: a retried upload finds its case.
		cases.AddIndex("idx_cases_author_client_id", true, "`author`, `client_id`", "`client_id` != ''")
		cases.AddIndex("idx_cases_status_created", false, "`status`, `created`", "")

		return app.Save(cases)
	}, func(app core.App) error {
		cases, err := app.FindCollectionByNameOrId("cases")
		if err != nil {
			return err
		}
		return app.Delete(cases)
	})
}
