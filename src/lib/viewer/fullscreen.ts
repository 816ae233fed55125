/**
 * fullscreen: the Fullscreen API with Safari's prefixed names. iPhone Safari has no element
 * fullscreen at all; callers fall back to filling the window when enterFullscreen returns false.
 */

type PrefixedElement = HTMLElement & { webkitRequestFullscreen?: () => Promise<void> | void };
type PrefixedDocument = Document & { webkitFullscreenElement?: Element | null; webkitExitFullscreen?: () => Promise<void> | void };

/** enterFullscreen asks for element to fill the screen; false when the browser cannot or refuses. */
export async function enterFullscreen(element: HTMLElement): Promise<boolean> {
	const el = element as PrefixedElement;
	try {
		if (el.requestFullscreen) await el.requestFullscreen({ navigationUI: 'hide' });
		else if (el.webkitRequestFullscreen) await el.webkitRequestFullscreen();
		else return false;
		return true;
	} catch {
		// refused (not a user gesture, iframe without allowfullscreen): the fallback still works
		return false;
	}
}

/** exitFullscreen leaves fullscreen if the document is in it. */
export async function exitFullscreen(): Promise<void> {
	const doc = document as PrefixedDocument;
	if (doc.fullscreenElement) await doc.exitFullscreen().catch(() => {});
	else if (doc.webkitFullscreenElement) await doc.webkitExitFullscreen?.();
}

/** isFullscreen says whether element is the one shown fullscreen. */
export function isFullscreen(element: HTMLElement): boolean {
	const doc = document as PrefixedDocument;
	return (doc.fullscreenElement ?? doc.webkitFullscreenElement ?? null) === element;
}
