"""Reads an unpacked Cassette research export with standard readers (pydicom, SimpleITK):
every series folder of manifest.json must load as one 3D volume with the manifest's size and
spacing, every DICOM must say Patient Identity Removed, and every SR label must carry its
case's ICD-11 code under the I11 scheme. Prints one line per series; exits 1 on any problem.
Usage: python read_volumes.py DATASET_DIR"""
import json
import os
import sys

import pydicom
import SimpleITK as sitk

root = sys.argv[1]
manifest = json.load(open(os.path.join(root, "manifest.json")))
problems = []
for row in manifest["series"]:
    folder = os.path.join(root, row["path"])
    files = sitk.ImageSeriesReader.GetGDCMSeriesFileNames(folder)
    if len(files) != row["instances"]:
        problems.append(f"{row['path']}: GDCM finds {len(files)} files, manifest says {row['instances']}")
        continue
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(files)
    image = reader.Execute()
    size, spacing = image.GetSize(), image.GetSpacing()
    want_size = (row["columns"], row["rows"], row["instances"])
    if tuple(size) != want_size:
        problems.append(f"{row['path']}: size {size}, manifest {want_size}")
    want = (row["pixel_spacing"][1], row["pixel_spacing"][0], row["slice_spacing"])
    if any(abs(a - b) > 1e-3 for a, b in zip(spacing, want)):
        problems.append(f"{row['path']}: spacing {spacing}, manifest {want}")
    for f in files:
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        if ds.get("PatientIdentityRemoved") != "YES":
            problems.append(f"{f}: Patient Identity Removed is not YES")
    sr = pydicom.dcmread(os.path.join(root, row["label"]))
    codes = [
        (c.ConceptCodeSequence[0].CodeValue, c.ConceptCodeSequence[0].CodingSchemeDesignator)
        for container in sr.ContentSequence if container.ValueType == "CONTAINER"
        for c in container.ContentSequence if c.ValueType == "CODE"
    ]
    if (row["icd11_code"], "I11") not in codes:
        problems.append(f"{row['label']}: no {row['icd11_code']} (I11) in {codes}")
    print(f"{row['path']}: {size} voxels, spacing {tuple(round(s, 4) for s in spacing)}")
for p in problems:
    print("PROBLEM", p)
sys.exit(1 if problems else 0)
