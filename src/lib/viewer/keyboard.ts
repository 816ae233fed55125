/**
 * keyboard: the viewer's keys as data (PACS conventions: arrows step, PgUp/PgDn jump, Home/End go
 * to the ends), so the component and the help text share one table.
 */

/** KeyAction is what a key does to the stack. */
export type KeyAction =
	| { kind: 'step'; slices: number }
	| { kind: 'first' }
	| { kind: 'last' }
	| { kind: 'zoom'; factor: number }
	| { kind: 'reset-view' }
	| { kind: 'toggle-play' }
	| { kind: 'fullscreen' };

/** PAGE_SLICES is how far PgUp/PgDn jump. */
export const PAGE_SLICES = 10;

/** KEY_ACTIONS maps KeyboardEvent.key to an action. */
export const KEY_ACTIONS: Readonly<Record<string, KeyAction>> = Object.freeze({
	ArrowUp: { kind: 'step', slices: -1 },
	ArrowLeft: { kind: 'step', slices: -1 },
	ArrowDown: { kind: 'step', slices: 1 },
	ArrowRight: { kind: 'step', slices: 1 },
	PageUp: { kind: 'step', slices: -PAGE_SLICES },
	PageDown: { kind: 'step', slices: PAGE_SLICES },
	Home: { kind: 'first' },
	End: { kind: 'last' },
	'+': { kind: 'zoom', factor: 1.25 },
	'=': { kind: 'zoom', factor: 1.25 },
	'-': { kind: 'zoom', factor: 0.8 },
	'0': { kind: 'reset-view' },
	' ': { kind: 'toggle-play' },
	f: { kind: 'fullscreen' }
});

/** keyAction returns the action for a key press, or null when the viewer should leave the key alone (modifiers mean browser shortcuts). */
export function keyAction(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): KeyAction | null {
	if (event.ctrlKey || event.metaKey || event.altKey) return null;
	return KEY_ACTIONS[event.key] ?? null;
}
