/**
 * maskText hides identifying text for display: each word keeps its first letter or digit, every
 * other letter or digit becomes "•" and punctuation stays ("Núñez García" → "N•••• G•••••",
 * "17/04/1923" → "1•/••/••••"). The count of bullets follows the text, which says how long a
 * value was, not what it was.
 */
export function maskText(text: string): string {
	return text
		.trim()
		.split(/\s+/)
		.map((word) => {
			let kept = false;
			let out = '';
			for (const ch of word) {
				if (/[\p{L}\p{N}]/u.test(ch)) {
					out += kept ? '•' : ch;
					kept = true;
				} else out += ch;
			}
			return out;
		})
		.join(' ');
}
