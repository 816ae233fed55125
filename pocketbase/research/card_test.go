package research

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestCardQuotesTheAppsConsentQuestion: the dataset card quotes the question the app asks,
// word for word, in both languages.
func TestCardQuotesTheAppsConsentQuestion(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]string{"en": ConsentEn, "es": ConsentEs} {
		b, err := os.ReadFile(filepath.Join("..", "..", "messages", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var messages map[string]any
		if err := json.Unmarshal(b, &messages); err != nil {
			t.Fatal(err)
		}
		if got := messages["consent_question"]; got != want {
			t.Errorf("messages/%s.json consent_question = %q;\nthe card quotes %q", lang, got, want)
		}
	}
}
