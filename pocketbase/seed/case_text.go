package seed

// demoCaseText is the Spanish text of the demo case. It describes the
// synthetic phantom, not a patient.
var demoCaseText = map[string]any{
	"title":    "Lesión hepática hipodensa en TC (caso de demostración)",
	"category": "abdomen",
	"content": "Caso de demostración generado por Cassette con un **fantoma sintético**: " +
		"no contiene datos de ningún paciente.\n\n" +
		"Desplázate por la serie axial para seguir la lesión a lo largo de los cortes y " +
		"compárala con la reconstrucción coronal.",
	"clinical_presentation": "Varón de 58 años (ficticio) con molestias en hipocondrio derecho y " +
		"elevación leve de transaminasas.",
	"imaging_findings": "- Hígado de tamaño normal.\n" +
		"- Lesión focal hipodensa, redondeada y bien delimitada en el lóbulo hepático derecho, " +
		"de unos 3 cm, sin realce en fase portal.\n" +
		"- Riñones, aorta y columna sin alteraciones.",
	"physiopathology": "Las lesiones hepáticas focales hipodensas en fase portal incluyen quistes " +
		"simples, hemangiomas, abscesos y metástasis; la densidad, los márgenes y el patrón de " +
		"realce orientan el diagnóstico.",
	"differential": "1. Quiste hepático simple.\n2. Hemangioma atípico.\n3. Metástasis hipovascular.\n" +
		"4. Absceso hepático.",
	"bibliography": "- Organización Mundial de la Salud. CIE-11 para estadísticas de mortalidad y " +
		"morbilidad (CIE-11 EMM).",
	"research_consent":   false,
	"other_label":        "Lesión hepática focal",
	"region_of_interest": "Hígado, lóbulo derecho",
}
