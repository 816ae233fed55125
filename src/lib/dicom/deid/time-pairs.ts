/**
 * time-pairs: which TM attribute gives a DA attribute its time of day. PS3.6 names the halves of a
 * date and time pair alike, "Date" in one where "Time" is in the other (Study Date (0008,0020) and
 * Study Time (0008,0030), Date of Last Calibration (0018,1200) and Time of Last Calibration
 * (0018,1201), Issue Date/Time of Imaging Service Request (0040,2004/2005)…), so the pairs are
 * read from the dictionary rather than listed by hand (time-pairs.spec checks the known ones).
 */
import { keywordOf, tagOf, vrOf } from '../dictionary';

const known = new Map<number, number | null>();

/** pairedTimeTag returns the tag of the TM attribute paired with this DA attribute, or null when it has none. */
export function pairedTimeTag(dateTag: number): number | null {
	let hit = known.get(dateTag);
	if (hit === undefined) {
		const keyword = keywordOf(dateTag);
		const time = keyword?.includes('Date') ? tagOf(keyword.replace(/Date/g, 'Time')) : undefined;
		hit = time !== undefined && vrOf(time) === 'TM' ? time : null;
		known.set(dateTag, hit);
	}
	return hit;
}
