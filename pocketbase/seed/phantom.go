package seed

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
)

// The phantom is a synthetic abdomen in a normalised volume: x runs from the
// patient's right (-1) to left (+1), y from anterior (-1) to posterior (+1),
// z from superior (-1) to inferior (+1). Nothing in it comes from a patient.

// Plane is an acquisition plane of the phantom.
type Plane string

const (
	Axial   Plane = "axial"
	Coronal Plane = "coronal"
)

// PhantomSize is the width and height of every rendered slice, in pixels.
const PhantomSize = 256

// tissue is a grey level already windowed for display (soft-tissue window).
type tissue uint8

const (
	air     tissue = 8
	fat     tissue = 62
	muscle  tissue = 105
	liver   tissue = 138
	lesion  tissue = 72
	vessel  tissue = 170
	kidney  tissue = 155
	bone    tissue = 235
	marrow  tissue = 185
	bowel   tissue = 40
	noiseSD        = 6.0
)

// ellipsoid is an axis-aligned ellipsoid; a zero rz makes it a cylinder along z.
type ellipsoid struct{ cx, cy, cz, rx, ry, rz float64 }

func (e ellipsoid) contains(x, y, z float64) bool {
	dx, dy := (x-e.cx)/e.rx, (y-e.cy)/e.ry
	d := dx*dx + dy*dy
	if e.rz > 0 {
		dz := (z - e.cz) / e.rz
		d += dz * dz
	}
	return d <= 1
}

// structures are painted in order; the last one that contains a point wins.
var structures = []struct {
	shape  ellipsoid
	tissue tissue
}{
	{ellipsoid{0, 0, 0, 0.92, 0.66, 0}, fat},
	{ellipsoid{0, 0.02, 0, 0.84, 0.58, 0}, muscle},
	{ellipsoid{-0.36, -0.02, -0.25, 0.4, 0.42, 0.62}, liver},
	{ellipsoid{0.3, -0.15, 0.2, 0.18, 0.12, 0.35}, bowel},
	{ellipsoid{-0.34, 0.3, 0.25, 0.1, 0.08, 0.24}, kidney},
	{ellipsoid{0.34, 0.3, 0.3, 0.1, 0.08, 0.24}, kidney},
	{ellipsoid{0.07, 0.22, 0, 0.05, 0.05, 0}, vessel},
	{ellipsoid{0, 0.44, 0, 0.11, 0.1, 0}, bone},
	{ellipsoid{0, 0.44, 0, 0.07, 0.065, 0}, marrow},
}

// lesionAt is the hypodense liver lesion: a sphere whose centre drifts
// laterally with z, so scrolling the stack shows it appear, move and fade.
func lesionAt(x, y, z float64) bool {
	return ellipsoid{-0.42 + 0.12*z, -0.05, -0.2, 0.13, 0.13, 0.22}.contains(x, y, z)
}

// density returns the display grey level of the phantom at (x, y, z).
func density(x, y, z float64) tissue {
	level := air
	for _, s := range structures {
		if s.shape.contains(x, y, z) {
			level = s.tissue
		}
	}
	if level == liver && lesionAt(x, y, z) {
		level = lesion
	}
	return level
}

// RenderSlice draws slice index (0-based) of count along plane as a
// grayscale image with deterministic noise, so the same call always gives
// the same pixels.
func RenderSlice(plane Plane, index, count int) (*image.Gray, error) {
	if count < 1 || index < 0 || index >= count {
		return nil, fmt.Errorf("slice %d of %d is out of range", index, count)
	}
	// keep the first and last slices inside the body
	depth := -0.9 + 1.8*float64(index)/float64(max(count-1, 1))
	rng := rand.New(rand.NewPCG(uint64(index), uint64(len(plane))))
	img := image.NewGray(image.Rect(0, 0, PhantomSize, PhantomSize))
	for row := range PhantomSize {
		v := 2*(float64(row)+0.5)/PhantomSize - 1
		for col := range PhantomSize {
			u := 2*(float64(col)+0.5)/PhantomSize - 1
			var level tissue
			switch plane {
			case Axial:
				level = density(u, v, depth)
			case Coronal:
				level = density(u, depth*0.6, v)
			default:
				return nil, fmt.Errorf("unknown plane %q", plane)
			}
			g := float64(level)
			if level != air {
				g += rng.NormFloat64() * noiseSD
			}
			img.SetGray(col, row, color.Gray{Y: uint8(min(max(g, 0), 255))})
		}
	}
	return img, nil
}

// SliceJPEG renders a slice and encodes it as a JPEG preview.
func SliceJPEG(plane Plane, index, count int) ([]byte, error) {
	img, err := RenderSlice(plane, index, count)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
