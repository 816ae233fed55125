"""The bench's peer: Debian's Tesseract 5 through pytesseract, on each corpus image as it is
(PNG at its own size, page segmentation 11 like Cassette, English and Spanish). Prints, per
image, the words with their boxes and line numbers as JSON lines; the bench matches them with
the same matcher as Cassette's. Usage: peer.py IMAGE..."""
import json
import sys
import time

import pytesseract
from PIL import Image

for path in sys.argv[1:]:
    started = time.perf_counter()
    data = pytesseract.image_to_data(Image.open(path), lang="eng+spa", config="--psm 11", output_type=pytesseract.Output.DICT)
    words = []
    for i, text in enumerate(data["text"]):
        if not text.strip():
            continue
        line = data["block_num"][i] * 10000 + data["par_num"][i] * 100 + data["line_num"][i]
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append({"text": text, "confidence": float(data["conf"][i]), "line": line, "box": {"x0": x, "y0": y, "x1": x + w, "y1": y + h}})
    print(json.dumps({"path": path, "ms": (time.perf_counter() - started) * 1000, "words": words}), flush=True)
