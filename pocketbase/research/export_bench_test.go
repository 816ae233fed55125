package research

import (
	"fmt"
	"io"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	tv "cassette/pocketbase/internal/testenv"
)

// BenchmarkExport writes the whole dataset of the fixture plus a 200-slice 256×256 case to
// io.Discard, through the handler's hashing writer: `go test ./research -bench Export
// -cpuprofile cpu.out` shows where an export spends its time (npm run bench measures it over
// HTTP against cat).
func BenchmarkExport(b *testing.B) {
	app := newApp(b)
	defer app.Cleanup()
	big := SyntheticSeries{Key: "bench volume", Slices: 200, Rows: 256, Columns: 256, PixelSpacing: 0.7, SliceSpacing: 1}
	cases, _ := app.FindCollectionByNameOrId("cases")
	series, _ := app.FindCollectionByNameOrId("series")
	images, _ := app.FindCollectionByNameOrId("images")
	jpg, _ := tv.PreviewBytes()
	save := func(col *core.Collection, id string, data map[string]any) {
		rec := core.NewRecord(col)
		rec.Id = id
		rec.Load(data)
		if err := app.Save(rec); err != nil {
			b.Fatal(err)
		}
	}
	save(cases, "cbenchvolume001", map[string]any{"author": tv.OtherID, "title": "Bench", "category": "abdomen", "status": "published",
		"research_consent": true, "icd11_code": "DB93.1", "icd11_title": "Hepatic cirrhosis", "phi_acknowledged": true})
	save(series, "sbenchvolume001", map[string]any{"case": "cbenchvolume001", "plane": "axial"})
	for i := 0; i < big.Slices; i++ {
		p, _ := filesystem.NewFileFromBytes(jpg, "p.jpg")
		d, _ := filesystem.NewFileFromBytes(big.Slice(i), "s.dcm")
		save(images, fmt.Sprintf("ibench%09d", i), map[string]any{"series": "sbenchvolume001", "index": i, "preview": p, "dicom": d})
	}
	sel := Selection{}
	rows, err := selectCases(app, sel)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		out := newHashingWriter(io.Discard)
		if _, err := writeExport(app, out, sel, rows, nil); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(out.n)
	}
}
