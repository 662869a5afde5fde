package search

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// MaxWordLen bounds a word, in bytes: longer runs of letters (a base64 blob
// pasted into an abstract) are cut there, so no word can make a page huge.
const MaxWordLen = 64

// AppendWords appends the words of text to dst, in order and with repeats:
// runs of letters and digits, lower-cased and without diacritics, so that
// "Schrödinger" is found by "schrodinger". Queries and papers are split by
// this one function, so whatever a reader types matches what was indexed.
func AppendWords(dst []string, text string) []string {
	EachWord(text, func(w string) { dst = append(dst, w) })
	return dst
}

// EachWord calls fn with each word of text, as AppendWords finds them. A
// word may share text's memory: fn must copy what it keeps past the call
// if text can change (a string cannot).
func EachWord(text string, fn func(w string)) {
	EachWordAt(text, func(_, _ int, w string) { fn(w) })
}

// EachWordAt calls fn with each word of text and where it stands:
// text[start:end] is the word as written, w as it is indexed. Highlighting
// uses it, so that what is marked is exactly what the search matched.
func EachWordAt(text string, fn func(start, end int, w string)) {
	eachWordAt(text, nil, fn)
}

// eachWordAt is EachWordAt, lower-casing ASCII words into scratch when it
// is not nil: w is then only valid during the call to fn, which must copy
// what it keeps. The Builder does so, as most words it is given are ones it
// has seen before.
func eachWordAt(text string, scratch *[]byte, fn func(start, end int, w string)) {
	start := -1
	ascii := true
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if isASCIIWordByte(c) {
				if start < 0 {
					start, ascii = i, true
				}
			} else if start >= 0 {
				emitWord(fn, scratch, text, start, i, ascii)
				start = -1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsNumber(r) || (start >= 0 && unicode.Is(unicode.Mn, r)) {
			if start < 0 {
				start = i
			}
			ascii = false
		} else if start >= 0 {
			emitWord(fn, scratch, text, start, i, ascii)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		emitWord(fn, scratch, text, start, len(text), ascii)
	}
}

func isASCIIWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// emitWord folds the word text[start:end] and passes it on unless folding
// left nothing.
func emitWord(fn func(start, end int, w string), scratch *[]byte, text string, start, end int, ascii bool) {
	w := text[start:end]
	switch {
	case ascii && scratch != nil:
		w = lowerASCIIInto(scratch, w)
	case ascii:
		w = lowerASCII(w)
	default:
		w = foldWord(w)
	}
	if len(w) > MaxWordLen {
		w = w[:MaxWordLen]
		for !utf8.ValidString(w) {
			w = w[:len(w)-1]
		}
	}
	if w != "" {
		fn(start, end, w)
	}
}

// lowerASCII lower-cases an ASCII word, allocating only when it has capitals.
func lowerASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

// lowerASCIIInto lower-cases an ASCII word into scratch when it has
// capitals and returns it, a string sharing scratch's memory (see
// eachWordAt).
func lowerASCIIInto(scratch *[]byte, w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' {
			b := append((*scratch)[:0], w...)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			*scratch = b
			return unsafe.String(unsafe.SliceData(b), len(b))
		}
	}
	return w
}

// foldWord lower-cases a word with non-ASCII letters and drops combining
// marks after compatibility decomposition: é (composed or not) becomes e,
// the ligature ﬁ becomes fi, ß stays ß.
func foldWord(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range norm.NFKD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// TitleTerm is the term a paper's whole title is indexed under, for
// exact-title lookups: a byte no word has, then a hash of the title as the
// caller normalises it, in hexadecimal (PostgreSQL's text takes neither NUL
// nor invalid UTF-8). Matches are checked against the title itself.
func TitleTerm(title string) string {
	h := fnv.New64a()
	h.Write([]byte(title))
	return fmt.Sprintf("\x01%016x", h.Sum64())
}
