package mailtest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"
)

// VerifyDKIM checks the DKIM signatures of a message as a receiver would,
// with txt standing in for DNS: TXT record values by name, such as
// "sel._domainkey.example.org" -> "v=DKIM1; k=rsa; p=...". It returns one
// result per signature; a result's Err is nil when its signature is valid.
func VerifyDKIM(data []byte, txt map[string]string) ([]*dkim.Verification, error) {
	return dkim.VerifyWithOptions(bytes.NewReader(data), &dkim.VerifyOptions{
		LookupTXT: func(name string) ([]string, error) {
			v, ok := txt[name]
			if !ok {
				return nil, fmt.Errorf("mailtest: no TXT record %q", name)
			}
			return []string{v}, nil
		},
	})
}

// SignedHeaders fails the test unless r carries exactly one DKIM signature
// and it verifies against txt (see VerifyDKIM); it returns the names of the
// header fields the signature covers, lower-cased, as h= lists them.
func SignedHeaders(t testing.TB, r Received, txt map[string]string) []string {
	t.Helper()
	vs, err := VerifyDKIM(r.Data, txt)
	if err != nil {
		t.Fatalf("mailtest: verify DKIM: %v", err)
	}
	if len(vs) != 1 {
		t.Fatalf("mailtest: %d DKIM signatures, want 1", len(vs))
	}
	if vs[0].Err != nil {
		t.Fatalf("mailtest: DKIM signature of %s does not verify: %v", vs[0].Domain, vs[0].Err)
	}
	keys := make([]string, len(vs[0].HeaderKeys))
	for i, k := range vs[0].HeaderKeys {
		keys[i] = strings.ToLower(k)
	}
	return keys
}
