#!/usr/bin/python3
"""Reference pixel dumps for Cassette's codec tests (run with Debian's /usr/bin/python3).

    pixels.py decode  FILE OUTDIR [gdcm|dcmtk]
        OUTDIR/info.json       image pixel module, transfer syntax, frame count, reference shape
        OUTDIR/frame-N.bin     frame N's encoded bytes as pydicom extracts them
        OUTDIR/reference.f64   every frame decoded, float64 little-endian, samples interleaved
      Decoder 'gdcm': pydicom 2.3 with its numpy (native), gdcm (compressed) and, for RLE, which
      its gdcm handler does not take, its own rle handlers.
      Decoder 'dcmtk': the file is first decompressed by dcmdjpeg/dcmdjpls/dcmdrle (the
      tie-breaker where gdcm and pydicom disagree), then read by pydicom's numpy handler.
      YBR_FULL / YBR_FULL_422 output is converted to RGB with pydicom's convert_color_space,
      as Cassette's decoder delivers RGB.

    pixels.py palette FILE OUTDIR
        OUTDIR/rgb.f64         apply_color_lut of frame 0 (16-bit palette values)

    pixels.py voi FILE OUTDIR CENTER WIDTH
        OUTDIR/modality.f64    apply_modality_lut of frame 0
        OUTDIR/voi.f64         apply_voi_lut(modality, window) scaled by pydicom to 0..255
                               (CENTER/WIDTH 'file' uses the file's first window)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
from pydicom.encaps import generate_pixel_data_frame
from pydicom.pixel_data_handlers import gdcm_handler, numpy_handler, rle_handler
from pydicom.pixel_data_handlers.util import apply_color_lut, apply_modality_lut, apply_voi_lut, convert_color_space

ENCAPSULATED = lambda uid: pydicom.uid.UID(uid).is_encapsulated

DCMTK = {
    '1.2.840.10008.1.2.5': ['dcmdrle'],
    '1.2.840.10008.1.2.4.80': ['dcmdjpls'],
    '1.2.840.10008.1.2.4.81': ['dcmdjpls'],
}


def image_info(ds):
    def num(name, default):
        value = ds.get(name, default)
        return default if value is None or value == '' else value

    def floats(name):
        value = ds.get(name)
        if value is None or value == '':
            return []
        return [float(v) for v in (value if isinstance(value, pydicom.multival.MultiValue) else [value])]

    return {
        'rows': int(ds.Rows),
        'columns': int(ds.Columns),
        'samplesPerPixel': int(num('SamplesPerPixel', 1)),
        'bitsAllocated': int(ds.BitsAllocated),
        'bitsStored': int(num('BitsStored', ds.BitsAllocated)),
        'highBit': int(num('HighBit', int(num('BitsStored', ds.BitsAllocated)) - 1)),
        'pixelRepresentation': int(num('PixelRepresentation', 0)),
        'photometricInterpretation': str(ds.PhotometricInterpretation),
        'planarConfiguration': int(num('PlanarConfiguration', 0)),
        'numberOfFrames': int(num('NumberOfFrames', 1)),
        'rescaleSlope': float(num('RescaleSlope', 1)),
        'rescaleIntercept': float(num('RescaleIntercept', 0)),
        'windowCenters': floats('WindowCenter'),
        'windowWidths': floats('WindowWidth'),
    }


def native_frames(ds, info):
    data = ds.PixelData
    pixels = info['rows'] * info['columns']
    if info['photometricInterpretation'] == 'YBR_FULL_422':
        length = info['rows'] * ((info['columns'] + 1) // 2) * 4
    elif info['bitsAllocated'] == 1:
        length = (pixels * info['samplesPerPixel'] + 7) // 8
    else:
        length = pixels * info['samplesPerPixel'] * info['bitsAllocated'] // 8
    return [data[i * length:(i + 1) * length] for i in range(info['numberOfFrames'])]


def decompress_with_dcmtk(path, syntax):
    tool = DCMTK.get(syntax, ['dcmdjpeg'])
    out = tempfile.NamedTemporaryFile(suffix='.dcm', delete=False).name
    subprocess.run(tool + ['+te', path, out], check=True, capture_output=True)
    return pydicom.dcmread(out)


def decode(path, outdir, decoder):
    os.makedirs(outdir, exist_ok=True)
    try:
        ds = pydicom.dcmread(path)
        syntax = str(ds.file_meta.TransferSyntaxUID)
        if 'PixelData' not in ds:
            raise ValueError('no Pixel Data')
        info = image_info(ds)
    except Exception as error:  # not an image this script can describe: say so, decode nothing
        with open(os.path.join(outdir, 'info.json'), 'w') as f:
            json.dump({'skipped': f'{type(error).__name__}: {error}', 'frames': 0}, f)
        return
    frames = info['numberOfFrames']
    encoded = (list(generate_pixel_data_frame(ds.PixelData, frames)) if ENCAPSULATED(syntax)
               else native_frames(ds, info))
    for i, frame in enumerate(encoded):
        with open(os.path.join(outdir, f'frame-{i}.bin'), 'wb') as f:
            f.write(frame)
    meta = {'info': info, 'transferSyntaxUID': syntax, 'frames': len(encoded), 'decoder': decoder}
    try:
        source = decompress_with_dcmtk(path, syntax) if decoder == 'dcmtk' and ENCAPSULATED(syntax) else ds
        pydicom.config.pixel_data_handlers = [numpy_handler, gdcm_handler, rle_handler]
        arr = source.pixel_array
        photometric = str(source.PhotometricInterpretation)
        if photometric in ('YBR_FULL', 'YBR_FULL_422') and info['samplesPerPixel'] == 3:
            arr = convert_color_space(arr, 'YBR_FULL', 'RGB')
            photometric = 'RGB'
        meta['reference'] = {'photometric': photometric, 'dtype': str(arr.dtype), 'shape': list(arr.shape)}
        np.ascontiguousarray(arr, dtype='<f8').tofile(os.path.join(outdir, 'reference.f64'))
    except Exception as error:  # the reference itself may refuse a file: record why
        meta['referenceError'] = f'{type(error).__name__}: {error}'
    with open(os.path.join(outdir, 'info.json'), 'w') as f:
        json.dump(meta, f)


def voi(path, outdir, center, width):
    os.makedirs(outdir, exist_ok=True)
    ds = pydicom.dcmread(path)
    pydicom.config.pixel_data_handlers = [numpy_handler, gdcm_handler, rle_handler]
    arr = ds.pixel_array
    if int(ds.get('NumberOfFrames', 1) or 1) > 1:
        arr = arr[0]
    modality = apply_modality_lut(arr, ds)
    np.ascontiguousarray(modality, dtype='<f8').tofile(os.path.join(outdir, 'modality.f64'))
    if center != 'file':
        ds.WindowCenter = float(center)
        ds.WindowWidth = float(width)
    windowed = apply_voi_lut(modality, ds, index=0)
    np.ascontiguousarray(windowed, dtype='<f8').tofile(os.path.join(outdir, 'voi.f64'))


def palette(path, outdir):
    os.makedirs(outdir, exist_ok=True)
    ds = pydicom.dcmread(path)
    pydicom.config.pixel_data_handlers = [numpy_handler, gdcm_handler, rle_handler]
    rgb = apply_color_lut(ds.pixel_array, ds)
    np.ascontiguousarray(rgb, dtype='<f8').tofile(os.path.join(outdir, 'rgb.f64'))


if __name__ == '__main__':
    mode, path, outdir, *rest = sys.argv[1:]
    # Test files run in parallel and may ask for the same dump: build it aside, then rename the
    # whole folder into place, so that a reader never sees a half-written dump.
    part = f'{outdir}.part-{os.getpid()}'
    if mode == 'decode':
        decode(path, part, rest[0] if rest else 'gdcm')
    elif mode == 'palette':
        palette(path, part)
    elif mode == 'voi':
        voi(path, part, rest[0], rest[1])
    else:
        sys.exit(f'unknown mode {mode}')
    try:
        os.rename(part, outdir)
    except OSError:  # another run finished first: its dump is the same
        shutil.rmtree(part)
