package routes

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	tv "cassette/pocketbase/internal/testenv"
)

func TestFindReadableAppliesTheListRule(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	author, err := app.FindRecordById("users", tv.AuthorID)
	if err != nil {
		t.Fatal(err)
	}
	draftSeries := dbx.Params{"case": tv.DraftCaseID}
	for _, c := range []struct {
		name string
		info *core.RequestInfo
		want int
	}{
		{"a guest lists no series of a draft", &core.RequestInfo{}, 0},
		{"the author lists the draft's series", &core.RequestInfo{Auth: author}, 1},
	} {
		got, err := findReadable(app, c.info, "series", "case = {:case}", "order", draftSeries)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != c.want {
			t.Errorf("%s: got %d series, want %d", c.name, len(got), c.want)
		}
	}
}
