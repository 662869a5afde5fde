package mail

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDKIMKey(t *testing.T) {
	rsaKey := testRSAKey()
	edKey := testEd25519Key(t)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8 := func(k any) []byte {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	}
	ecDER, err := x509.MarshalECPrivateKey(ecKey)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	ok := []struct {
		name string
		data []byte
		want crypto.PublicKey
	}{
		{"pkcs1.pem", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}), rsaKey.Public()},
		{"pkcs8-rsa.pem", pkcs8(rsaKey), rsaKey.Public()},
		{"pkcs8-ed25519.pem", pkcs8(edKey), edKey.Public()},
	}
	for _, tt := range ok {
		k, err := LoadDKIMKey(write(tt.name, tt.data))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !k.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(tt.want) {
			t.Errorf("%s: loaded a different key", tt.name)
		}
		if err := testDKIM(k).check(); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}

	garbage := "this is not a key: s3cr3t"
	bad := []struct{ name, data, want string }{
		{"garbage.pem", garbage, "no PEM block found"},
		{"ec.pem", string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER})), `unsupported PEM block "EC PRIVATE KEY"`},
		{"ec-pkcs8.pem", string(pkcs8(ecKey)), "unsupported PKCS#8 key type *ecdsa.PrivateKey"},
		{"broken.pem", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte("s3cr3t")})), "parse PKCS#1 RSA key"},
	}
	for _, tt := range bad {
		path := write(tt.name, []byte(tt.data))
		_, err := LoadDKIMKey(path)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: err = %v, want one naming the file and saying %q", tt.name, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: the error quotes the file: %v", tt.name, err)
		}
	}
	if _, err := LoadDKIMKey(filepath.Join(dir, "missing.pem")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}

// fakeSigner has a public key of a chosen kind and never signs.
type fakeSigner struct{ pub crypto.PublicKey }

func (f fakeSigner) Public() crypto.PublicKey { return f.pub }
func (f fakeSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return nil, errors.New("fake")
}

func TestDKIMConfigErrors(t *testing.T) {
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	short := fakeSigner{&rsa.PublicKey{N: new(big.Int).Lsh(big.NewInt(1), 511), E: 65537}}
	tests := []struct {
		name string
		c    DKIMConfig
		want string
	}{
		{"no domain", DKIMConfig{Selector: "s", Key: testRSAKey()}, "DKIM domain"},
		{"tag in domain", DKIMConfig{Domain: "example.org; l=1", Selector: "s", Key: testRSAKey()}, "DKIM domain"},
		{"no selector", DKIMConfig{Domain: "example.org", Key: testRSAKey()}, "DKIM selector"},
		{"no key", DKIMConfig{Domain: "example.org", Selector: "s"}, "none given"},
		{"short RSA", DKIMConfig{Domain: "example.org", Selector: "s", Key: short}, "RSA key of 512 bits"},
		{"ECDSA", DKIMConfig{Domain: "example.org", Selector: "s", Key: ecKey}, "unsupported key type"},
	}
	for _, tt := range tests {
		for what, f := range map[string]func() error{
			"NewSMTP": func() error {
				_, err := NewSMTP(Config{URL: "smtp://localhost", From: from, DKIM: &tt.c}, nil)
				return err
			},
			"New": func() error { _, err := New(Config{From: from, DKIM: &tt.c}, nil); return err },
			"Render": func() error {
				_, err := Render(Message{To: "a@example.org", Text: "x"}, from, WithDKIM(&tt.c))
				return err
			},
		} {
			if err := f(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: %s err = %v, want %q", tt.name, what, err, tt.want)
			}
		}
	}
}

func TestDKIMConfigHidesKey(t *testing.T) {
	key := testRSAKey()
	cfg := Config{URL: "smtp://u:pw@mail.example.org", From: from, DKIM: testDKIM(key)}
	secret := key.D.String()[:20]
	for _, s := range []string{cfg.String(), fmt.Sprint(cfg), fmt.Sprintf("%+v", *cfg.DKIM), fmt.Sprintf("%#v", *cfg.DKIM), fmt.Sprintf("%v", cfg.DKIM)} {
		if strings.Contains(s, secret) || strings.Contains(s, "pw") {
			t.Errorf("printed config holds a secret: %s", s)
		}
	}
	if want := "DKIM d=example.org s=dp2026 (rsa-2048)"; !strings.Contains(cfg.String(), want) {
		t.Errorf("String() = %q, want it to say %q", cfg.String(), want)
	}
}

func TestDKIMAlignmentWarning(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	c := testDKIM(testEd25519Key(t))
	for _, fromAddr := range []string{"papers@example.org", "papers@news.example.org"} {
		if _, err := New(Config{URL: "smtp://localhost", From: fromAddr, DKIM: c}, log); err != nil {
			t.Fatal(err)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("aligned domains logged: %s", buf.String())
	}
	if _, err := New(Config{URL: "smtp://localhost", From: "papers@example.net", DKIM: c}, log); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "not aligned") || !strings.Contains(buf.String(), "from_domain=example.net") {
		t.Errorf("log = %q, want an alignment warning", buf.String())
	}
}
