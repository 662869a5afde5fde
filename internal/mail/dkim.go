package mail

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"maps"
	"net/textproto"
	"os"
	"slices"
	"strings"

	"github.com/emersion/go-msgauth/dkim"
)

// DKIMConfig signs outgoing mail with DKIM (RFC 6376), as the large mailbox
// providers require of bulk senders. Domain should be the From address's
// domain (or its parent) so that DMARC finds the signature aligned.
type DKIMConfig struct {
	Domain   string // d=, e.g. "example.org"
	Selector string // s=; the public key is published at SELECTOR._domainkey.DOMAIN
	// Key is an RSA key of at least 1024 bits (2048 recommended) or an
	// Ed25519 key; LoadDKIMKey reads one from a PEM file.
	Key crypto.Signer
}

// minRSABits is the smallest RSA key that verifiers accept (RFC 8301).
const minRSABits = 1024

// String describes the configuration without the key, for logs.
func (c DKIMConfig) String() string {
	return fmt.Sprintf("DKIM d=%s s=%s (%s)", c.Domain, c.Selector, keyKind(c.Key))
}

// GoString keeps %#v from printing the private key.
func (c DKIMConfig) GoString() string { return c.String() }

func keyKind(k crypto.Signer) string {
	if k == nil {
		return "no key"
	}
	switch pub := k.Public().(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("rsa-%d", pub.N.BitLen())
	case ed25519.PublicKey:
		return "ed25519"
	default:
		return fmt.Sprintf("unsupported key %T", pub)
	}
}

// check refuses a configuration that would sign badly: the domain and
// selector end up inside the DKIM-Signature header, and verifiers reject
// short RSA keys.
func (c DKIMConfig) check() error {
	if !isDNSName(c.Domain) {
		return fmt.Errorf("DKIM domain %q: want a domain name such as example.org", c.Domain)
	}
	if !isDNSName(c.Selector) {
		return fmt.Errorf("DKIM selector %q: want letters, digits, '-', '_' or '.'", c.Selector)
	}
	if c.Key == nil {
		return errors.New("DKIM key: none given")
	}
	switch pub := c.Key.Public().(type) {
	case *rsa.PublicKey:
		if pub.N.BitLen() < minRSABits {
			return fmt.Errorf("DKIM key: RSA key of %d bits, want at least %d (2048 recommended)", pub.N.BitLen(), minRSABits)
		}
	case ed25519.PublicKey:
	default:
		return fmt.Errorf("DKIM key: unsupported key type %T (want RSA or Ed25519)", pub)
	}
	return nil
}

func isDNSName(s string) bool {
	if s == "" || len(s) > 253 || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") || strings.Contains(s, "..") {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	}) < 0
}

// aligned reports whether DMARC can find a signature for domain aligned
// with an address in fromDomain: one is the other or a subdomain of it.
// (Relaxed alignment compares organizational domains, which needs the
// public suffix list; this is the common case without it.)
func aligned(domain, fromDomain string) bool {
	d, f := strings.ToLower(domain), strings.ToLower(fromDomain)
	return d == f || strings.HasSuffix(f, "."+d) || strings.HasSuffix(d, "."+f)
}

// DNSRecord returns the TXT record to publish so that receivers can verify
// the signatures: its name (SELECTOR._domainkey.DOMAIN) and its value
// ("v=DKIM1; k=rsa; p=...").
func (c DKIMConfig) DNSRecord() (name, value string, err error) {
	if err := c.check(); err != nil {
		return "", "", err
	}
	var kind string
	var der []byte
	switch pub := c.Key.Public().(type) {
	case *rsa.PublicKey:
		kind = "rsa"
		if der, err = x509.MarshalPKIXPublicKey(pub); err != nil {
			return "", "", fmt.Errorf("DKIM public key: %w", err)
		}
	case ed25519.PublicKey:
		kind, der = "ed25519", pub // RFC 8463: the raw 32 bytes
	}
	return c.Selector + "._domainkey." + c.Domain,
		"v=DKIM1; k=" + kind + "; p=" + base64.StdEncoding.EncodeToString(der), nil
}

// LoadDKIMKey reads a private key for DKIMConfig from a PEM file: an RSA key
// in PKCS#1 ("RSA PRIVATE KEY") or PKCS#8 ("PRIVATE KEY") form, or an
// Ed25519 key in PKCS#8 form (as `openssl genpkey -algorithm ed25519`
// writes it). Its errors never quote the file's contents.
func LoadDKIMKey(pemPath string) (crypto.Signer, error) {
	data, err := os.ReadFile(pemPath)
	if err != nil {
		return nil, fmt.Errorf("DKIM key: %w", err)
	}
	key, err := parseDKIMKey(data)
	if err != nil {
		return nil, fmt.Errorf("DKIM key %s: %w", pemPath, err)
	}
	return key, nil
}

func parseDKIMKey(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block found (want a PEM-encoded RSA or Ed25519 private key)")
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse PKCS#1 RSA key: %w", err)
		}
		return k, nil
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse PKCS#8 key: %w", err)
		}
		switch k := k.(type) {
		case *rsa.PrivateKey:
			return k, nil
		case ed25519.PrivateKey:
			return k, nil
		default:
			return nil, fmt.Errorf("unsupported PKCS#8 key type %T (want RSA or Ed25519)", k)
		}
	default:
		return nil, fmt.Errorf("unsupported PEM block %q (want \"RSA PRIVATE KEY\" or \"PRIVATE KEY\"; encrypted keys are not supported)", block.Type)
	}
}

// sign returns raw, a rendered message with CRLF line ends, with a
// DKIM-Signature header in front. The signature uses relaxed/relaxed
// canonicalization (tolerant of the re-folding relays do) and covers every
// header field of raw.
func (c DKIMConfig) sign(raw []byte) ([]byte, error) {
	keys, err := signedKeys(raw)
	if err != nil {
		return nil, err
	}
	var signed bytes.Buffer
	signed.Grow(len(raw) + 1024)
	err = dkim.Sign(&signed, bytes.NewReader(raw), &dkim.SignOptions{
		Domain:                 c.Domain,
		Selector:               c.Selector,
		Signer:                 c.Key,
		Hash:                   crypto.SHA256,
		HeaderCanonicalization: dkim.CanonicalizationRelaxed,
		BodyCanonicalization:   dkim.CanonicalizationRelaxed,
		HeaderKeys:             keys,
	})
	if err != nil {
		return nil, fmt.Errorf("DKIM sign: %w", err)
	}
	return signed.Bytes(), nil
}

// signedKeys is the h= list for raw: the name of each of its header fields,
// sorted, once more than the field occurs, so that a relay or forger cannot
// add a second From, Subject or List-Unsubscribe without breaking the
// signature (RFC 6376 section 8.15).
func signedKeys(raw []byte) ([]string, error) {
	h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw))).ReadMIMEHeader()
	if err != nil {
		return nil, fmt.Errorf("DKIM sign: read rendered header: %w", err)
	}
	names := slices.Sorted(maps.Keys(h))
	var keys []string
	for _, name := range names {
		for range len(h[name]) + 1 {
			keys = append(keys, name)
		}
	}
	return keys, nil
}
