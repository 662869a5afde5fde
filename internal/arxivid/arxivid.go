// Package arxivid parses the many ways people write an arXiv identifier and
// turns them into one canonical form.
//
// New-style identifiers are YYMM.NNNN (from 2007-04 to 2014-12) or YYMM.NNNNN
// (from 2015-01); old-style identifiers are archive/YYMMNNN, where the archive
// may carry a subject class (math.GT/0309136) that is not part of the
// identifier. Users paste abstract, PDF and HTML URLs, "arXiv:" prefixes and
// OAI identifiers; all of them normalise to the identifier without a version,
// and the version, when given, is kept beside it.
package arxivid

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrInvalid is returned, wrapped, for anything that is not an arXiv identifier.
var ErrInvalid = errors.New("not an arXiv identifier")

// ID is a parsed arXiv identifier. Base is canonical ("2406.12345",
// "hep-th/9901001"); Version is 0 when none was given.
type ID struct {
	Base    string
	Version int
}

// String returns the identifier with its version, if it has one.
func (id ID) String() string {
	if id.Version == 0 {
		return id.Base
	}
	return id.Base + "v" + strconv.Itoa(id.Version)
}

// Old reports whether the identifier is of the old archive/YYMMNNN style.
func (id ID) Old() bool { return strings.Contains(id.Base, "/") }

// maxInput bounds what Parse looks at; no identifier or URL is anywhere near it.
const maxInput = 512

// Parse accepts an identifier in any form users write it and returns it in
// canonical form.
func Parse(s string) (ID, error) {
	orig := s
	if len(s) > maxInput {
		return ID{}, fmt.Errorf("%w: input of %d bytes", ErrInvalid, len(s))
	}
	s = strings.TrimSpace(s)
	s = stripURL(s)
	s = stripPrefix(s)
	id, err := parseBare(s)
	if err != nil {
		return ID{}, fmt.Errorf("%w: %q", ErrInvalid, orig)
	}
	return id, nil
}

// Canonical is Parse without the version: the form papers are stored under.
func Canonical(s string) (string, error) {
	id, err := Parse(s)
	return id.Base, err
}

// stripURL removes the scheme, host and path prefix of arXiv URLs
// (abs, pdf, html, format) and what follows the identifier (query, fragment,
// ".pdf").
func stripURL(s string) string {
	lower := strings.ToLower(s)
	for _, scheme := range []string{"https://", "http://"} {
		if strings.HasPrefix(lower, scheme) {
			s, lower = s[len(scheme):], lower[len(scheme):]
			break
		}
	}
	hostEnd := strings.IndexByte(lower, '/')
	if hostEnd > 0 && isArxivHost(lower[:hostEnd]) {
		s, lower = s[hostEnd+1:], lower[hostEnd+1:]
		for _, p := range []string{"abs/", "pdf/", "html/", "format/", "ps/"} {
			if strings.HasPrefix(lower, p) {
				s = s[len(p):]
				break
			}
		}
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, "/")
	if strings.HasSuffix(strings.ToLower(s), ".pdf") {
		s = s[:len(s)-4]
	}
	return s
}

func isArxivHost(h string) bool {
	h = strings.TrimPrefix(h, "www.")
	switch h {
	case "arxiv.org", "export.arxiv.org", "browse.arxiv.org", "huggingface.co", "hf.co":
		return true
	}
	return false
}

// stripPrefix removes "arXiv:" and OAI "oai:arXiv.org:" prefixes, and the
// "papers/" path of Hugging Face paper URLs.
func stripPrefix(s string) string {
	for _, p := range []string{"oai:arxiv.org:", "arxiv:", "papers/"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

func parseBare(s string) (ID, error) {
	base, version, err := splitVersion(s)
	if err != nil {
		return ID{}, err
	}
	if strings.Contains(base, "/") {
		base, err = parseOld(base)
	} else {
		err = checkNew(base)
	}
	if err != nil {
		return ID{}, err
	}
	return ID{Base: base, Version: version}, nil
}

// splitVersion splits "2406.12345v2" into "2406.12345" and 2.
func splitVersion(s string) (string, int, error) {
	i := strings.LastIndexAny(s, "vV")
	if i < 0 || i < strings.LastIndexByte(s, '/') || i < strings.LastIndexByte(s, '.') {
		return s, 0, nil
	}
	digits := s[i+1:]
	if digits == "" || len(digits) > 4 || !allDigits(digits) {
		return "", 0, errors.New("bad version")
	}
	v, _ := strconv.Atoi(digits)
	if v == 0 {
		return "", 0, errors.New("version 0")
	}
	return s[:i], v, nil
}

// checkNew validates YYMM.NNNN / YYMM.NNNNN.
func checkNew(s string) error {
	yymm, num, ok := strings.Cut(s, ".")
	if !ok || len(yymm) != 4 || !allDigits(yymm) || !allDigits(num) {
		return errors.New("not YYMM.NNNNN")
	}
	yy, _ := strconv.Atoi(yymm[:2])
	mm, _ := strconv.Atoi(yymm[2:])
	if mm < 1 || mm > 12 || yy < 7 || (yy == 7 && mm < 4) {
		return errors.New("month out of range")
	}
	want := 5
	if yy < 15 {
		want = 4
	}
	if len(num) != want {
		return fmt.Errorf("want %d digits after the dot", want)
	}
	return nil
}

// parseOld validates archive[.SC]/YYMMNNN and drops the subject class.
func parseOld(s string) (string, error) {
	archive, num, _ := strings.Cut(s, "/")
	archive = strings.ToLower(archive)
	if dot := strings.IndexByte(archive, '.'); dot >= 0 {
		archive = archive[:dot]
	}
	if !knownArchives[archive] {
		return "", fmt.Errorf("unknown archive %q", archive)
	}
	if len(num) != 7 || !allDigits(num) {
		return "", errors.New("not YYMMNNN")
	}
	yy, _ := strconv.Atoi(num[:2])
	mm, _ := strconv.Atoi(num[2:4])
	if mm < 1 || mm > 12 || (yy > 7 && yy < 91) {
		return "", errors.New("date out of range")
	}
	return archive + "/" + num, nil
}

// knownArchives lists the archives that issued old-style identifiers.
var knownArchives = map[string]bool{
	"acc-phys": true, "adap-org": true, "alg-geom": true, "ao-sci": true, "astro-ph": true,
	"atom-ph": true, "bayes-an": true, "chao-dyn": true, "chem-ph": true, "cmp-lg": true,
	"comp-gas": true, "cond-mat": true, "cs": true, "dg-ga": true, "funct-an": true,
	"gr-qc": true, "hep-ex": true, "hep-lat": true, "hep-ph": true, "hep-th": true,
	"math": true, "math-ph": true, "mtrl-th": true, "nlin": true, "nucl-ex": true,
	"nucl-th": true, "patt-sol": true, "physics": true, "plasm-ph": true, "q-alg": true,
	"q-bio": true, "quant-ph": true, "solv-int": true, "supr-con": true, "q-fin": true,
	"stat": true,
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
