#!/usr/bin/python3
"""Synthetic uncompressed source images for Cassette's codec tests (Debian's /usr/bin/python3).

    generate.py ct16 OUT.dcm      512x512 16-bit signed CT-like phantom in HU, window 40/400
    generate.py ct12 OUT.dcm      the same phantom as 12-bit unsigned stored values (for JPEG extended)
    generate.py rgb OUT.dcm       256x192 8-bit RGB gradient with shapes
    generate.py palette OUT.dcm   128x96 8-bit PALETTE COLOR, 16-bit LUT of 200 entries from value 16
    generate.py mono1 OUT.dcm     128x128 16-bit unsigned MONOCHROME1, window 2000/3000
    generate.py enhanced OUT.dcm  3-frame 64x64 enhanced CT: shared rescale (1, -1024), per-frame
                                  windows 40/400, -600/1500, 400/1800; frame 2 overrides the
                                  rescale with (2, -2048)
    generate.py segpalette OUT.dcm  the palette image with Segmented Palette Color LUT Data
                                  (discrete, linear and indirect segments, 256 entries)
    generate.py voilut OUT.dcm    128x128 12-bit MONOCHROME2 with a VOI LUT Sequence (3000 entries
                                  from 500, 10 bits, gamma curve) and a window
    generate.py modlut OUT.dcm    128x128 8-bit MONOCHROME2 with a Modality LUT Sequence (200
                                  entries from 20, 16 bits) and a window 2000/4000

No patient data: every value is made up here. Deterministic (fixed seed).
"""
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

rng = np.random.default_rng(1234)


def base(rows, columns, modality='CT'):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
    meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=['cassette', modality, str(rows)])
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid(entropy_srcs=['cassette-study'])
    ds.SeriesInstanceUID = generate_uid(entropy_srcs=['cassette-series'])
    ds.Modality = modality
    ds.PatientName = 'Phantom^Synthetic'
    ds.PatientID = 'SYNTH-0001'
    ds.Rows = rows
    ds.Columns = columns
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    return ds


def phantom_hu(rows, columns):
    """A body-like ellipse with organs and noise, in Hounsfield units."""
    y, x = np.mgrid[0:rows, 0:columns]
    cy, cx = rows / 2, columns / 2
    hu = np.full((rows, columns), -1000.0)
    body = ((x - cx) / (columns * 0.42)) ** 2 + ((y - cy) / (rows * 0.34)) ** 2 <= 1
    hu[body] = 40
    liver = ((x - cx * 0.7) / (columns * 0.16)) ** 2 + ((y - cy * 0.95) / (rows * 0.14)) ** 2 <= 1
    hu[liver] = 60
    lung = ((x - cx * 1.3) / (columns * 0.1)) ** 2 + ((y - cy * 0.8) / (rows * 0.12)) ** 2 <= 1
    hu[lung] = -850
    spine = (x - cx) ** 2 + (y - cy * 1.45) ** 2 <= (rows * 0.05) ** 2
    hu[spine] = 700
    hu += rng.normal(0, 12, size=hu.shape)
    return np.clip(np.round(hu), -1024, 3071)


def ct16(out):
    ds = base(512, 512)
    # Stored values are Hounsfield units themselves (intercept 0): negative values exercise sign handling.
    stored = phantom_hu(512, 512).astype(np.int16)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.RescaleIntercept = 0
    ds.RescaleSlope = 1
    ds.WindowCenter = 40
    ds.WindowWidth = 400
    ds.PixelData = stored.astype('<i2').tobytes()
    ds.save_as(out, write_like_original=False)


def ct12(out):
    ds = base(512, 512)
    stored = (phantom_hu(512, 512) + 1024).astype(np.uint16)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = -1024
    ds.RescaleSlope = 1
    ds.PixelData = np.minimum(stored, 4095).astype('<u2').tobytes()
    ds.save_as(out, write_like_original=False)


def rgb(out):
    rows, columns = 192, 256
    ds = base(rows, columns, 'OT')
    y, x = np.mgrid[0:rows, 0:columns]
    img = np.zeros((rows, columns, 3), dtype=np.uint8)
    img[..., 0] = (x * 255 // (columns - 1)).astype(np.uint8)
    img[..., 1] = (y * 255 // (rows - 1)).astype(np.uint8)
    img[..., 2] = 128
    img[(x - 80) ** 2 + (y - 90) ** 2 < 40 ** 2] = [240, 30, 30]
    img[60:120, 150:220] = [20, 200, 60]
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = 'RGB'
    ds.PlanarConfiguration = 0
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = img.tobytes()
    ds.save_as(out, write_like_original=False)


def palette(out):
    rows, columns = 96, 128
    ds = base(rows, columns, 'OT')
    y, x = np.mgrid[0:rows, 0:columns]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'PALETTE COLOR'
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    # Values 0..255 with a 200-entry LUT starting at 16: both clamping ends are exercised.
    ds.PixelData = ((x * 2 + y) % 256).astype(np.uint8).tobytes()
    entries, first = 200, 16
    ramp = np.linspace(0, 65535, entries)
    for name, data in (('Red', ramp), ('Green', ramp[::-1]), ('Blue', np.abs(np.sin(ramp / 9000)) * 65535)):
        setattr(ds, f'{name}PaletteColorLookupTableDescriptor', [entries, first, 16])
        ds[f'{name}PaletteColorLookupTableDescriptor'].VR = 'US'
        setattr(ds, f'{name}PaletteColorLookupTableData', np.round(data).astype('<u2').tobytes())
        ds[f'{name}PaletteColorLookupTableData'].VR = 'OW'
    ds.save_as(out, write_like_original=False)


def mono1(out):
    ds = base(128, 128, 'CR')
    y, x = np.mgrid[0:128, 0:128]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME1'
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = 2000
    ds.WindowWidth = 3000
    ds.PixelData = ((x * 32 + y * 7) % 4096).astype('<u2').tobytes()
    ds.save_as(out, write_like_original=False)


def enhanced(out):
    ds = base(64, 64)
    ds.file_meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2.1'
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.NumberOfFrames = 3
    transform = Dataset()
    transform.RescaleSlope = 1
    transform.RescaleIntercept = -1024
    transform.RescaleType = 'HU'
    shared = Dataset()
    shared.PixelValueTransformationSequence = [transform]
    ds.SharedFunctionalGroupsSequence = [shared]
    frames = []
    for i, (center, width) in enumerate([(40, 400), (-600, 1500), (400, 1800)]):
        voi = Dataset()
        voi.WindowCenter = center
        voi.WindowWidth = width
        item = Dataset()
        item.FrameVOILUTSequence = [voi]
        if i == 2:
            own = Dataset()
            own.RescaleSlope = 2
            own.RescaleIntercept = -2048
            own.RescaleType = 'HU'
            item.PixelValueTransformationSequence = [own]
        frames.append(item)
    ds.PerFrameFunctionalGroupsSequence = frames
    stack = np.stack([phantom_hu(64, 64) + 1024 for _ in range(3)]).astype(np.int16)
    ds.PixelData = stack.astype('<i2').tobytes()
    ds.save_as(out, write_like_original=False)


def segpalette(out):
    palette(out)
    ds = pydicom.dcmread(out)
    segments = {
        'Red': [0, 1, 0, 1, 255, 65535],
        'Green': [0, 1, 0, 1, 127, 30000, 1, 128, 65535],
        'Blue': [0, 2, 1000, 2000, 1, 100, 50000, 2, 2, 0, 0, 1, 52, 0],
    }
    for name, words in segments.items():
        del ds[f'{name}PaletteColorLookupTableData']
        setattr(ds, f'{name}PaletteColorLookupTableDescriptor', [256, 0, 16])
        setattr(ds, f'Segmented{name}PaletteColorLookupTableData', np.asarray(words, dtype='<u2').tobytes())
        ds[f'Segmented{name}PaletteColorLookupTableData'].VR = 'OW'
    ds.save_as(out, write_like_original=False)


def lut_item(entries, first, bits, data):
    item = Dataset()
    item.LUTDescriptor = [entries, first, bits]
    item['LUTDescriptor'].VR = 'US'
    item.LUTData = [int(v) for v in data]
    item['LUTData'].VR = 'US'
    return item


def voilut(out):
    ds = base(128, 128, 'CR')
    y, x = np.mgrid[0:128, 0:128]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = 2048
    ds.WindowWidth = 4096
    ds.PixelData = ((x * 31 + y * 5) % 4096).astype('<u2').tobytes()
    ramp = np.linspace(0, 1, 3000) ** 0.6 * 1023
    ds.VOILUTSequence = [lut_item(3000, 500, 10, np.round(ramp))]
    ds.save_as(out, write_like_original=False)


def modlut(out):
    ds = base(128, 128, 'XA')
    y, x = np.mgrid[0:128, 0:128]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.WindowCenter = 2000
    ds.WindowWidth = 4000
    ds.PixelData = ((x + y * 2) % 256).astype(np.uint8).tobytes()
    curve = (np.linspace(0, 1, 200) ** 2) * 4000
    ds.ModalityLUTSequence = [lut_item(200, 20, 16, np.round(curve))]
    ds.ModalityLUTSequence[0].ModalityLUTType = 'US'
    ds.save_as(out, write_like_original=False)


if __name__ == '__main__':
    {'segpalette': segpalette, 'voilut': voilut, 'modlut': modlut, 'ct16': ct16, 'ct12': ct12, 'rgb': rgb, 'palette': palette, 'mono1': mono1, 'enhanced': enhanced}[sys.argv[1]](sys.argv[2])
