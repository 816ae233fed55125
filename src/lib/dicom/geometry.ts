/**
 * Patient-space geometry (PS3.3 C.7.6.2.1.1): direction cosines, slice normals, planes.
 */

/** Vec3 is a point or direction in the patient coordinate system (LPS, mm). */
export type Vec3 = [number, number, number];

/** Plane is the anatomical plane an image lies in. */
export type Plane = 'axial' | 'coronal' | 'sagittal' | 'oblique';

/** PLANE_TOLERANCE: the normal's dominant component must be at least this (cos 35°) to name a plane, else 'oblique'. */
export const PLANE_TOLERANCE = 0.82;

/** isOrientation is true for six finite direction cosines whose two directions are not parallel. */
export function isOrientation(iop: readonly number[] | undefined): iop is number[] {
	if (!iop || iop.length < 6 || iop.slice(0, 6).some((v) => !Number.isFinite(v))) return false;
	const n = cross(iop);
	return Math.hypot(n[0], n[1], n[2]) > 1e-6;
}

function cross(iop: readonly number[]): Vec3 {
	const [rx, ry, rz, cx, cy, cz] = iop;
	return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}

/** sliceNormal returns the unit normal (row × column) of an Image Orientation (Patient). */
export function sliceNormal(iop: readonly number[]): Vec3 {
	const n = cross(iop);
	const len = Math.hypot(n[0], n[1], n[2]);
	return [n[0] / len, n[1] / len, n[2] / len];
}

/** slicePosition projects an Image Position (Patient) onto a slice normal: the slice's place in the stack. */
export function slicePosition(ipp: readonly number[], normal: Vec3): number {
	return ipp[0] * normal[0] + ipp[1] * normal[1] + ipp[2] * normal[2];
}

/**
 * classifyPlane names the plane from the dominant component of the slice normal: x → sagittal,
 * y → coronal, z → axial; a normal more than ~35° from every axis (or an invalid orientation) is 'oblique'.
 */
export function classifyPlane(iop: readonly number[], tolerance = PLANE_TOLERANCE): Plane {
	if (!isOrientation(iop)) return 'oblique';
	const n = sliceNormal(iop).map(Math.abs);
	const max = Math.max(n[0], n[1], n[2]);
	if (max < tolerance) return 'oblique';
	return max === n[2] ? 'axial' : max === n[1] ? 'coronal' : 'sagittal';
}
