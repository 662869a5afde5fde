package community

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// newSecret returns 256 random bits, URL-safe: sign-in links, session
// cookies and API tokens are all made of one.
func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret is what the store keeps of a secret: someone who reads the
// database cannot sign in with what they read. A plain SHA-256 suffices
// for 256 random bits; there is nothing to guess.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
