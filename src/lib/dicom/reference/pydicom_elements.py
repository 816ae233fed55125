"""pydicom_elements: print, as JSON, what pydicom reads from DICOM files — the reference the
Vitest specs in src/lib/dicom compare Cassette's parser with.

Usage: /usr/bin/python3 pydicom_elements.py FILE...
Prints {"FILE": {"ok": true, "transferSyntax": ..., "meta": [...], "elements": [...]}} or
{"ok": false, "error": "..."} per file. Each element is [tag, VR as read or null (implicit),
length or null (undefined), items or null], items being lists of elements.
PatientName is also given as pydicom decodes it, for the character set tests.
"""
import json
import sys
import warnings

import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.sequence import Sequence

UNDEFINED = 0xFFFFFFFF


def elements(ds):
    out = []
    for tag in sorted(ds._dict.keys()):
        el = ds._dict[tag]
        if isinstance(el, RawDataElement):
            vr = None if ' or ' in (el.VR or '') else el.VR
            length = None if el.length == UNDEFINED else el.length
            out.append([int(tag), vr, length, None])
        else:
            items = None
            if isinstance(el.value, Sequence):
                items = [elements(item) for item in el.value]
            # An ambiguous dictionary VR ("OB or OW") means pydicom did not resolve it.
            vr = None if ' or ' in (el.VR or '') else el.VR
            out.append([int(tag), vr, None, items])
    return out


def describe(path):
    try:
        ds = pydicom.dcmread(path, force=True)
        # Walk the raw elements before anything is accessed: access converts them and loses lengths.
        meta = elements(ds.file_meta) if hasattr(ds, 'file_meta') else []
        body = elements(ds)
        ts = ds.file_meta.get('TransferSyntaxUID') if hasattr(ds, 'file_meta') else None
        name = None
        try:
            if 'PatientName' in ds:
                pn = ds.PatientName
                name = [str(pn), pn.family_name, pn.given_name, pn.ideographic, pn.phonetic]
        except Exception as err:  # a decoding failure is part of the reference
            name = ['<error %s>' % err]
        return {
            'ok': True,
            'transferSyntax': str(ts) if ts else None,
            'meta': meta,
            'elements': body,
            'patientName': name,
        }
    except Exception as err:
        return {'ok': False, 'error': '%s: %s' % (type(err).__name__, err)}


if __name__ == '__main__':
    warnings.simplefilter('ignore')  # pydicom warns about the malformed files on purpose
    print(json.dumps({path: describe(path) for path in sys.argv[1:]}))
