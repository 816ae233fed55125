package seed_test

import (
	"bytes"
	"image/jpeg"
	"testing"

	"cassette/pocketbase/seed"
)

// lesionPixel is a point inside the lesion's path on axial slices; the
// lesion is darker than the liver around it.
const lesionX, lesionY = 75, 120

func TestRenderSliceShowsTheLesionMidStack(t *testing.T) {
	const count = 40
	grey := func(index int) uint8 {
		img, err := seed.RenderSlice(seed.Axial, index, count)
		if err != nil {
			t.Fatal(err)
		}
		return img.GrayAt(lesionX, lesionY).Y
	}
	// slice 15 sits at z ≈ -0.21, inside the lesion; slice 0 is above it, in the liver dome
	if lesion, liver := grey(15), grey(2); lesion+30 > liver {
		t.Errorf("lesion grey %d is not clearly darker than liver grey %d", lesion, liver)
	}
}

func TestRenderSliceIsDeterministic(t *testing.T) {
	a, err := seed.SliceJPEG(seed.Coronal, 9, 20)
	if err != nil {
		t.Fatal(err)
	}
	b, err := seed.SliceJPEG(seed.Coronal, 9, 20)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same slice rendered twice differs")
	}
	img, err := jpeg.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatalf("preview is not a JPEG: %v", err)
	}
	if size := img.Bounds().Size(); size.X != seed.PhantomSize || size.Y != seed.PhantomSize {
		t.Errorf("preview is %v, want %d×%d", size, seed.PhantomSize, seed.PhantomSize)
	}
}

func TestRenderSliceRefusesBadInput(t *testing.T) {
	for _, c := range []struct {
		plane        seed.Plane
		index, count int
	}{
		{seed.Axial, 40, 40},
		{seed.Axial, -1, 40},
		{seed.Axial, 0, 0},
		{seed.Plane("oblique"), 0, 1},
	} {
		if _, err := seed.RenderSlice(c.plane, c.index, c.count); err == nil {
			t.Errorf("RenderSlice(%q, %d, %d) succeeded", c.plane, c.index, c.count)
		}
	}
}
