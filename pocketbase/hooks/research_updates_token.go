package hooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// UnsubscribeKeyFile holds the server secret that signs unsubscribe links, in the data
// directory (so it travels with backups: links in sent emails keep working after a restore).
const UnsubscribeKeyFile = "research_updates.key"

// unsubscribeKeyStore is the app.Store() key of the loaded secret.
const unsubscribeKeyStore = "cassette.researchUpdates.key"

// unsubscribeDomain separates these signatures from any other use of the key.
const unsubscribeDomain = "cassette/research-updates/unsubscribe/v1\x00"

// errBadUnsubscribeToken is every way a token can be wrong; the caller learns no more.
var errBadUnsubscribeToken = errors.New("invalid unsubscribe token")

// UnsubscribeToken is the one-click unsubscribe token of userID: the id, "-" and an
// HMAC-SHA256 of it under the server secret (no "." in it: the app's SPA handler answers a
// last path segment with an extension as a missing file). It names one account and cannot
// be altered to name another (RFC 8058 asks that a one-click URL identify the recipient
// without a sign-in).
func UnsubscribeToken(app core.App, userID string) (string, error) {
	key, err := unsubscribeKey(app)
	if err != nil {
		return "", err
	}
	return SignUnsubscribe(key, userID), nil
}

// SignUnsubscribe is the unsubscribe token of userID under key (hex-decoded key file).
func SignUnsubscribe(key []byte, userID string) string {
	return userID + "-" + base64.RawURLEncoding.EncodeToString(unsubscribeMAC(key, userID))
}

// verifyUnsubscribeToken returns the user id a token was made for.
func verifyUnsubscribeToken(app core.App, token string) (string, error) {
	// ids are [a-z0-9]: the first "-" ends the id, whatever the signature holds
	userID, sig, ok := strings.Cut(token, "-")
	if !ok || userID == "" {
		return "", errBadUnsubscribeToken
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return "", errBadUnsubscribeToken
	}
	key, err := unsubscribeKey(app)
	if err != nil {
		return "", err
	}
	if !hmac.Equal(got, unsubscribeMAC(key, userID)) {
		return "", errBadUnsubscribeToken
	}
	return userID, nil
}

func unsubscribeMAC(key []byte, userID string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(unsubscribeDomain + userID))
	return mac.Sum(nil)
}

// unsubscribeKey loads the secret, creating it on first use.
func unsubscribeKey(app core.App) ([]byte, error) {
	if key, ok := app.Store().Get(unsubscribeKeyStore).([]byte); ok {
		return key, nil
	}
	key, err := loadOrCreateKey(filepath.Join(app.DataDir(), UnsubscribeKeyFile))
	if err != nil {
		return nil, fmt.Errorf("unsubscribe key: %w", err)
	}
	app.Store().Set(unsubscribeKeyStore, key)
	return key, nil
}

// loadOrCreateKey reads a hex key from path or writes a new random one. The new key is
// written to a temporary file and linked into place, so two callers racing agree on one key
// and nobody ever reads a half-written file.
func loadOrCreateKey(path string) ([]byte, error) {
	if key, err := readKey(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return key, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".research_updates-*.key")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(hex.EncodeToString(raw) + "\n"); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, err
	}
	return readKey(path)
}

func readKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) < 32 {
		return nil, fmt.Errorf("%s does not hold a 32-byte hex key", path)
	}
	return key, nil
}
