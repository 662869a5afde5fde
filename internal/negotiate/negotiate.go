// Package negotiate reads the Accept-Encoding header as RFC 9110 (section
// 12.5.3) defines it. The response cache keys its entries by what it says and
// the gzip middleware compresses by what it says, so both must read it with
// this one parser: when they disagreed, a client that refused gzip was sent
// the gzipped copy from the cache.
package negotiate

import (
	"net/http"
	"strings"
)

// AcceptsGzip reports whether the request's client takes a gzip-encoded
// response. No Accept-Encoding header means no: RFC 9110 would allow any
// coding then, but clients that decode gzip say so, and a client that says
// nothing is better served plain.
func AcceptsGzip(h http.Header) bool {
	field, ok := encodings(h)
	return ok && Weight(field, "gzip") > 0
}

// encodings joins the request's Accept-Encoding fields into one list, as
// RFC 9110 section 5.3 allows a recipient to; ok is false without any.
func encodings(h http.Header) (string, bool) {
	vs := h.Values("Accept-Encoding")
	return strings.Join(vs, ","), len(vs) > 0
}

// Weight is the quality, in thousandths (0 to 1000), that an Accept-Encoding
// field value gives a content coding. An entry naming the coding decides
// (gzip and x-gzip are one coding); failing that a "*" entry does; failing
// both, identity is acceptable (1000) and every other coding is not (0). A
// weight that is not a valid qvalue makes its entry count as absent, so a
// malformed refusal is never read as consent. An empty field refuses every
// coding but identity.
func Weight(field, coding string) int {
	coding = canonical(coding)
	star, named := -1, -1
	for _, item := range strings.Split(field, ",") {
		name, q, ok := parseItem(item)
		if !ok {
			continue
		}
		switch {
		case name == coding && named < 0:
			named = q
		case name == "*" && star < 0:
			star = q
		}
	}
	switch {
	case named >= 0:
		return named
	case star >= 0:
		return star
	case coding == "identity":
		return 1000
	}
	return 0
}

// parseItem splits one list member, `coding *( OWS ";" OWS param )`, into
// its canonical coding name and weight (1000 when it has none). ok is false
// for an empty member or an invalid weight.
func parseItem(item string) (name string, q int, ok bool) {
	parts := strings.Split(item, ";")
	name = canonical(parts[0])
	if name == "" {
		return "", 0, false
	}
	q = 1000
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue // RFC 9110 defines no other parameter here; ignore it
		}
		if q, ok = parseQ(strings.TrimSpace(v)); !ok {
			return "", 0, false
		}
	}
	return name, q, true
}

// canonical lower-cases a coding name and maps the x-gzip alias (RFC 9110
// section 8.4.1.3) to gzip.
func canonical(coding string) string {
	c := strings.ToLower(strings.TrimSpace(coding))
	if c == "x-gzip" {
		return "gzip"
	}
	return c
}

// parseQ reads a qvalue, `( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`,
// in thousandths.
func parseQ(s string) (int, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	whole := int(s[0]-'0') * 1000
	frac := s[1:]
	if frac == "" {
		return whole, true
	}
	if frac[0] != '.' || len(frac) > 4 {
		return 0, false
	}
	n, scale := 0, 100
	for i := 1; i < len(frac); i++ {
		c := frac[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n += int(c-'0') * scale
		scale /= 10
	}
	if whole == 1000 && n != 0 {
		return 0, false
	}
	return whole + n, true
}
