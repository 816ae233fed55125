/** usage: the CLI's help text and the error for a malformed command line (exit code 2). */

/** USAGE is printed by `cassette help` and after a usage error. */
export const USAGE = `usage:
  cassette deid --out DIR [--seed S] [--include-burned-in | --ocr] [--jobs N] INPUT...
      de-identify DICOM files, folders and ZIP archives; writes <new SOP Instance UID>.dcm files
      into DIR and prints a JSON report (written, excluded, failed, skipped); N threads
      (default: the idle cores but one, at least 1, at most 4); --ocr writes images at risk of
      burned-in text (files, or members of ZIP archives) with the boxes OCR proposes (a cine: read on its
      first, middle and last frames) blacked out instead of leaving them out
  cassette inspect [--seed S] FILE
      print the header as JSON and the de-identification plan
  cassette render FILE [--frame N] [--window CENTER,WIDTH | --preset NAME] --out FILE.png
      write the preview pixels (frames counted from 0; default window: the file's own) as PNG
  cassette ocr [--phi-from FILE.dcm] [--phi VALUE]... INPUT...
      read burned-in text on DICOM files, PNG/JPEG photos and folders; prints per image the
      proposed black boxes [x, y, w, h] and what each matched (category, text masked) as JSON,
      matched against the DICOM's own header, --phi-from's and each --phi name, ID or date`;

/** UsageError is a malformed command line. */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}
