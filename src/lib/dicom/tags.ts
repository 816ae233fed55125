/**
 * Tags as unsigned 32-bit numbers (`group << 16 | element`), their text forms, and the named
 * constants the app uses. For any other tag use `tagOf(keyword)` from `dictionary.ts`.
 */

/** tag builds the numeric tag from group and element. */
export function tag(group: number, element: number): number {
	return ((group & 0xffff) * 0x10000 + (element & 0xffff)) >>> 0;
}

/** groupOf returns the group number of a tag. */
export function groupOf(t: number): number {
	return t >>> 16;
}

/** elementOf returns the element number of a tag. */
export function elementOf(t: number): number {
	return t & 0xffff;
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** tagToString formats a tag as "(0010,0010)". */
export function tagToString(t: number): string {
	return `(${hex4(t >>> 16)},${hex4(t & 0xffff)})`;
}

/** tagToHex formats a tag as "00100010" (the DICOM JSON key form, PS3.18 §F.2). */
export function tagToHex(t: number): string {
	return hex4(t >>> 16) + hex4(t & 0xffff);
}

const TAG_TEXT = /^\(?\s*([0-9a-fA-F]{4})\s*,?\s*([0-9a-fA-F]{4})\s*\)?$/;

/** parseTag reads "(0010,0010)", "0010,0010" or "00100010"; it returns undefined for anything else. */
export function parseTag(text: string): number | undefined {
	const m = TAG_TEXT.exec(text.trim());
	return m ? tag(parseInt(m[1], 16), parseInt(m[2], 16)) : undefined;
}

/** isPrivate is true for tags in odd groups (PS3.5 §7.8), except groups 0001, 0003, 0005, 0007 and FFFF, which are illegal rather than private. */
export function isPrivate(t: number): boolean {
	const g = t >>> 16;
	return (g & 1) === 1 && g > 0x0008 && g !== 0xffff;
}

/** isPrivateCreator is true for Private Creator elements (gggg,0010-00FF) of an odd group (PS3.5 §7.8.1). */
export function isPrivateCreator(t: number): boolean {
	const e = t & 0xffff;
	return isPrivate(t) && e >= 0x0010 && e <= 0x00ff;
}

/** isGroupLength is true for (gggg,0000) group length elements (retired except in group 0002). */
export function isGroupLength(t: number): boolean {
	return (t & 0xffff) === 0;
}

/** isRepeatingGroup is true for overlays (60xx, even), curves (50xx, even), as in PS3.5 §7.6. */
export function isRepeatingGroup(t: number): boolean {
	const g = t >>> 16;
	return (g & 0xff01) === 0x6000 || (g & 0xff01) === 0x5000;
}

/** T holds the tags Cassette refers to by name. */
export const T = {
	// Delimiters (PS3.5 §7.5)
	Item: 0xfffee000,
	ItemDelimitationItem: 0xfffee00d,
	SequenceDelimitationItem: 0xfffee0dd,

	// File Meta Information (PS3.10 §7.1)
	FileMetaInformationGroupLength: 0x00020000,
	FileMetaInformationVersion: 0x00020001,
	MediaStorageSOPClassUID: 0x00020002,
	MediaStorageSOPInstanceUID: 0x00020003,
	TransferSyntaxUID: 0x00020010,
	ImplementationClassUID: 0x00020012,
	ImplementationVersionName: 0x00020013,
	SourceApplicationEntityTitle: 0x00020016,

	// DICOMDIR (PS3.3 F.5)
	OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity: 0x00041200,
	OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity: 0x00041202,
	DirectoryRecordSequence: 0x00041220,
	OffsetOfTheNextDirectoryRecord: 0x00041400,
	RecordInUseFlag: 0x00041410,
	OffsetOfReferencedLowerLevelDirectoryEntity: 0x00041420,
	DirectoryRecordType: 0x00041430,
	ReferencedFileID: 0x00041500,
	ReferencedSOPClassUIDInFile: 0x00041510,
	ReferencedSOPInstanceUIDInFile: 0x00041511,
	ReferencedTransferSyntaxUIDInFile: 0x00041512,

	// General
	SpecificCharacterSet: 0x00080005,
	ImageType: 0x00080008,
	InstanceCreationDate: 0x00080012,
	InstanceCreationTime: 0x00080013,
	SOPClassUID: 0x00080016,
	SOPInstanceUID: 0x00080018,
	StudyDate: 0x00080020,
	SeriesDate: 0x00080021,
	AcquisitionDate: 0x00080022,
	ContentDate: 0x00080023,
	AcquisitionDateTime: 0x0008002a,
	StudyTime: 0x00080030,
	SeriesTime: 0x00080031,
	AcquisitionTime: 0x00080032,
	ContentTime: 0x00080033,
	AccessionNumber: 0x00080050,
	Modality: 0x00080060,
	ConversionType: 0x00080064,
	Manufacturer: 0x00080070,
	InstitutionName: 0x00080080,
	InstitutionAddress: 0x00080081,
	ReferringPhysicianName: 0x00080090,
	CodeValue: 0x00080100,
	CodingSchemeDesignator: 0x00080102,
	CodingSchemeVersion: 0x00080103,
	CodeMeaning: 0x00080104,
	StationName: 0x00081010,
	StudyDescription: 0x00081030,
	SeriesDescription: 0x0008103e,
	InstitutionalDepartmentName: 0x00081040,
	PerformingPhysicianName: 0x00081050,
	NameOfPhysiciansReadingStudy: 0x00081060,
	OperatorsName: 0x00081070,
	ManufacturerModelName: 0x00081090,
	ReferencedSeriesSequence: 0x00081115,
	ReferencedImageSequence: 0x00081140,
	ReferencedSOPClassUID: 0x00081150,
	ReferencedSOPInstanceUID: 0x00081155,
	ReferencedFrameNumber: 0x00081160,
	DerivationDescription: 0x00082111,
	SourceImageSequence: 0x00082112,

	// Patient
	PatientName: 0x00100010,
	PatientID: 0x00100020,
	IssuerOfPatientID: 0x00100021,
	PatientBirthDate: 0x00100030,
	PatientBirthTime: 0x00100032,
	PatientSex: 0x00100040,
	OtherPatientIDs: 0x00101000,
	OtherPatientNames: 0x00101001,
	OtherPatientIDsSequence: 0x00101002,
	PatientAge: 0x00101010,
	PatientSize: 0x00101020,
	PatientWeight: 0x00101030,
	PatientAddress: 0x00101040,
	PatientComments: 0x00104000,
	PatientIdentityRemoved: 0x00120062,
	DeidentificationMethod: 0x00120063,
	DeidentificationMethodCodeSequence: 0x00120064,
	LongitudinalTemporalInformationModified: 0x00280303,

	// Acquisition
	BodyPartExamined: 0x00180015,
	SliceThickness: 0x00180050,
	SpacingBetweenSlices: 0x00180088,
	DeviceSerialNumber: 0x00181000,
	ProtocolName: 0x00181030,
	FrameTime: 0x00181063,
	CineRate: 0x00180040,
	SequenceOfUltrasoundRegions: 0x00186011,

	// Relationship
	StudyInstanceUID: 0x0020000d,
	SeriesInstanceUID: 0x0020000e,
	StudyID: 0x00200010,
	SeriesNumber: 0x00200011,
	AcquisitionNumber: 0x00200012,
	InstanceNumber: 0x00200013,
	PatientOrientation: 0x00200020,
	ImagePositionPatient: 0x00200032,
	ImageOrientationPatient: 0x00200037,
	FrameOfReferenceUID: 0x00200052,
	SliceLocation: 0x00201041,
	ImageComments: 0x00204000,
	DimensionIndexSequence: 0x00209222,
	StackID: 0x00209056,
	InStackPositionNumber: 0x00209057,
	FrameContentSequence: 0x00209111,
	PlanePositionSequence: 0x00209113,
	PlaneOrientationSequence: 0x00209116,
	DimensionIndexValues: 0x00209157,
	TemporalPositionIndex: 0x00209128,

	// Image Pixel (PS3.3 C.7.6.3)
	SamplesPerPixel: 0x00280002,
	PhotometricInterpretation: 0x00280004,
	PlanarConfiguration: 0x00280006,
	NumberOfFrames: 0x00280008,
	FrameIncrementPointer: 0x00280009,
	Rows: 0x00280010,
	Columns: 0x00280011,
	PixelSpacing: 0x00280030,
	BitsAllocated: 0x00280100,
	BitsStored: 0x00280101,
	HighBit: 0x00280102,
	PixelRepresentation: 0x00280103,
	SmallestImagePixelValue: 0x00280106,
	LargestImagePixelValue: 0x00280107,
	PixelPaddingValue: 0x00280120,
	PixelPaddingRangeLimit: 0x00280121,
	BurnedInAnnotation: 0x00280301,
	RecognizableVisualFeatures: 0x00280302,
	PixelIntensityRelationship: 0x00281040,
	WindowCenter: 0x00281050,
	WindowWidth: 0x00281051,
	RescaleIntercept: 0x00281052,
	RescaleSlope: 0x00281053,
	RescaleType: 0x00281054,
	WindowCenterWidthExplanation: 0x00281055,
	VOILUTFunction: 0x00281056,
	RedPaletteColorLookupTableDescriptor: 0x00281101,
	GreenPaletteColorLookupTableDescriptor: 0x00281102,
	BluePaletteColorLookupTableDescriptor: 0x00281103,
	PaletteColorLookupTableUID: 0x00281199,
	RedPaletteColorLookupTableData: 0x00281201,
	GreenPaletteColorLookupTableData: 0x00281202,
	BluePaletteColorLookupTableData: 0x00281203,
	SegmentedRedPaletteColorLookupTableData: 0x00281221,
	SegmentedGreenPaletteColorLookupTableData: 0x00281222,
	SegmentedBluePaletteColorLookupTableData: 0x00281223,
	LossyImageCompression: 0x00282110,
	LossyImageCompressionRatio: 0x00282112,
	LossyImageCompressionMethod: 0x00282114,
	ModalityLUTSequence: 0x00283000,
	LUTDescriptor: 0x00283002,
	LUTExplanation: 0x00283003,
	ModalityLUTType: 0x00283004,
	LUTData: 0x00283006,
	VOILUTSequence: 0x00283010,
	PixelMeasuresSequence: 0x00289110,
	FrameVOILUTSequence: 0x00289132,
	PixelValueTransformationSequence: 0x00289145,

	// Enhanced multi-frame (PS3.3 C.7.6.16)
	SharedFunctionalGroupsSequence: 0x52009229,
	PerFrameFunctionalGroupsSequence: 0x52009230,

	// Misc
	RequestAttributesSequence: 0x00400275,
	ContentSequence: 0x0040a730,
	OriginalAttributesSequence: 0x04000561,
	EncryptedAttributesSequence: 0x04000500,
	ExtendedOffsetTable: 0x7fe00001,
	ExtendedOffsetTableLengths: 0x7fe00002,
	FloatPixelData: 0x7fe00008,
	DoubleFloatPixelData: 0x7fe00009,
	PixelData: 0x7fe00010,
	DataSetTrailingPadding: 0xfffcfffc
} as const satisfies Record<string, number>;

/** TagName is the name of a constant in `T`. */
export type TagName = keyof typeof T;
