// Package secret makes the random secrets of links, sessions and tokens,
// and the hashes the store keeps of them.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// New returns 256 random bits, URL-safe (43 characters).
func New() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails: crypto/rand panics rather than return an error
	return base64.RawURLEncoding.EncodeToString(b)
}

// Hash is what the store keeps of a secret, so that someone who reads the
// database cannot use what they read. A plain SHA-256 suffices for 256
// random bits: there is nothing to guess.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
