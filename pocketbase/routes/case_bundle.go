package routes

import (
	"io"
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// CaseBundlePath is the case page's one read: what it needs to show the
// case's text and the first slice of its first series in a single round
// trip. On "Fast 3G" (562.5 ms per request) the record API's chain
// case → series and images → first JPEG cannot draw a slice within 1 s.
const CaseBundlePath = "/api/cassette/cases/{id}/bundle"

// caseBundle is the response body (the TypeScript twin is CaseBundleResponse
// in src/lib/pocketbase/case-bundle-api.ts).
type caseBundle struct {
	Case   *core.Record   `json:"case"`
	Author *bundleAuthor  `json:"author"`
	Series []*core.Record `json:"series"`
	// Images are the first series' slices in order; the page asks for the
	// other series' lists once the first slice is on screen.
	Images     []bundleImage `json:"images"`
	FirstSlice *bundleSlice  `json:"firstSlice"`
}

// bundleAuthor is the public name of the case's author.
type bundleAuthor struct {
	Id       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

// bundleImage is what the viewer needs of an image record: never the DICOM.
type bundleImage struct {
	Id      string `json:"id"`
	Index   int    `json:"index"`
	Preview string `json:"preview"`
}

// bundleSlice is the first slice's preview file, inlined (base64 in JSON).
type bundleSlice struct {
	Image string `json:"image"`
	Type  string `json:"type"`
	Data  []byte `json:"data"`
}

func registerCaseBundle(se *core.ServeEvent) {
	// PocketBase gzips only its dashboard; the image list and the base64
	// slice are worth it on a slow link.
	se.Router.GET(CaseBundlePath, caseBundleHandler).Bind(apis.Gzip())
}

func caseBundleHandler(e *core.RequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	record, err := e.App.FindRecordById("cases", e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("", nil)
	}
	// the record API's view rule decides, as for GET /api/collections/cases/records/{id}
	if ok, err := e.App.CanAccessRecord(record, info, record.Collection().ViewRule); err != nil || !ok {
		return e.NotFoundError("", err)
	}
	bundle := caseBundle{Case: record, Author: readableAuthor(e.App, info, record.GetString("author")), Images: []bundleImage{}}
	bundle.Series, err = findReadable(e.App, info, "series", "case = {:case}", "order,created", dbx.Params{"case": record.Id})
	if err != nil {
		return e.InternalServerError("", err)
	}
	if len(bundle.Series) > 0 {
		images, err := findReadable(e.App, info, "images", "series = {:series}", "index,created", dbx.Params{"series": bundle.Series[0].Id})
		if err != nil {
			return e.InternalServerError("", err)
		}
		for _, image := range images {
			bundle.Images = append(bundle.Images, bundleImage{Id: image.Id, Index: image.GetInt("index"), Preview: image.GetString("preview")})
		}
		if len(images) > 0 {
			bundle.FirstSlice = inlinePreview(e.App, images[0])
		}
	}
	return e.JSON(http.StatusOK, bundle)
}

// readableAuthor returns the author's public name when the users view rule
// lets the request see the account (nil otherwise, like an unexpanded relation).
func readableAuthor(app core.App, info *core.RequestInfo, id string) *bundleAuthor {
	user, err := app.FindRecordById("users", id)
	if err != nil {
		return nil
	}
	if ok, err := app.CanAccessRecord(user, info, user.Collection().ViewRule); err != nil || !ok {
		return nil
	}
	return &bundleAuthor{Id: user.Id, Name: user.GetString("name"), Username: user.GetString("username")}
}

// inlinePreview reads an image's preview file; nil when it cannot be read
// (the page then fetches the slice by URL, as it does every other one).
func inlinePreview(app core.App, image *core.Record) *bundleSlice {
	name := image.GetString("preview")
	if name == "" {
		return nil
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		app.Logger().Warn("case bundle: filesystem", "error", err)
		return nil
	}
	defer fsys.Close()
	reader, err := fsys.GetReader(image.BaseFilesPath() + "/" + name)
	if err != nil {
		app.Logger().Warn("case bundle: preview", "image", image.Id, "error", err)
		return nil
	}
	defer reader.Close()
	data, err := io.ReadAll(reader)
	if err != nil {
		app.Logger().Warn("case bundle: preview", "image", image.Id, "error", err)
		return nil
	}
	return &bundleSlice{Image: image.Id, Type: reader.ContentType(), Data: data}
}
