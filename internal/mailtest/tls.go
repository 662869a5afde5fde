package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"
)

// NewStartTLSServer starts a server like NewServer that also offers
// STARTTLS, with a certificate for 127.0.0.1 that ClientTLSConfig trusts.
func NewStartTLSServer(t testing.TB) *Server {
	t.Helper()
	serverTLS, clientTLS := selfSigned(t)
	s := start(t, serverTLS, false)
	s.clientTLS = clientTLS
	return s
}

// NewImplicitTLSServer starts a server that speaks TLS from the first byte
// (port 465 style); its URL has the smtps scheme.
func NewImplicitTLSServer(t testing.TB) *Server {
	t.Helper()
	serverTLS, clientTLS := selfSigned(t)
	s := start(t, serverTLS, true)
	s.clientTLS = clientTLS
	return s
}

// ClientTLSConfig trusts the server's certificate and nothing else; it is
// nil for a server without TLS.
func (s *Server) ClientTLSConfig() *tls.Config {
	if s.clientTLS == nil {
		return nil
	}
	return s.clientTLS.Clone()
}

// selfSigned makes a throwaway certificate for 127.0.0.1 and localhost, and
// a client configuration that trusts only it.
func selfSigned(t testing.TB) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("mailtest: key: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("mailtest: certificate: %v", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("mailtest: certificate: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	server = &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}},
		MinVersion:   tls.VersionTLS12,
	}
	client = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return server, client
}
