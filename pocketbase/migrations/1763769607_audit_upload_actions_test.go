package migrations_test

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/migrations"
)

func TestAuditUploadActions(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	audit, err := app.FindCollectionByNameOrId("audit_log")
	if err != nil {
		t.Fatal(err)
	}
	values := audit.Fields.GetByName("action").(*core.SelectField).Values
	for _, want := range append(slices.Clone(migrations.AuditActions), migrations.UploadAuditActions...) {
		if !slices.Contains(values, want) {
			t.Errorf("audit_log.action lacks %q (has %v)", want, values)
		}
	}
	entry := core.NewRecord(audit)
	entry.Load(map[string]any{"action": "upload_rejected", "target": tv.DraftImageID})
	if err := app.Save(entry); err != nil {
		t.Errorf("saving an upload_rejected entry: %v", err)
	}
}
