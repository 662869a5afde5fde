package source

// Helpers shared by the Atom and RSS parsers: both read XML documents whose
// root holds a flat list of records.

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxFeedRecord bounds the bytes read for one child of the root element, so
// that a broken or hostile input cannot make one record grow without limit.
// It is far above real records: a whole API response listing a large
// collaboration's thousands of authors is about a megabyte.
const maxFeedRecord = 8 << 20

// feedLimiter fails reads once more than maxFeedRecord bytes have been read
// since the last reset.
type feedLimiter struct {
	r io.Reader
	n int64
}

func (l *feedLimiter) reset() { l.n = 0 }

func (l *feedLimiter) Read(p []byte) (int, error) {
	rem := maxFeedRecord - l.n
	if rem <= 0 {
		return 0, fmt.Errorf("record longer than %d bytes: %w", maxFeedRecord, ErrMalformed)
	}
	if int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

func newFeedDecoder(r io.Reader) (*xml.Decoder, *feedLimiter) {
	lim := &feedLimiter{r: r}
	return xml.NewDecoder(lim), lim
}

// feedHandler fills in the callbacks a caller left out.
func feedHandler(h Handler) Handler {
	if h.Record == nil {
		h.Record = func(Record) error { return nil }
	}
	if h.Reject == nil {
		h.Reject = func(*RecordError) {}
	}
	return h
}

// feedRoot reads up to the root element and checks it is a <root>.
func feedRoot(d *xml.Decoder, opts Options, root, what string) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return fmt.Errorf("%s: no XML root element (%v), not %s: %w",
				Position{File: opts.File}, err, what, ErrUnsupported)
		}
		if start, ok := tok.(xml.StartElement); ok {
			if start.Name.Local != root {
				return fmt.Errorf("%s: root element <%s>, not %s: %w",
					Position{File: opts.File}, start.Name.Local, what, ErrUnsupported)
			}
			return nil
		}
	}
}

// feedChild reads up to the next child of the element being read and
// returns its start; done is true once that element ends instead.
func feedChild(d *xml.Decoder, opts Options) (start xml.StartElement, done bool, err error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return start, false, feedXMLError(d, opts, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, false, nil
		case xml.EndElement:
			return start, true, nil
		}
	}
}

func feedPos(d *xml.Decoder, opts Options, index int) Position {
	line, _ := d.InputPos()
	return Position{File: opts.File, Line: line, Index: index}
}

// feedXMLError says where reading failed and why: an input that ends inside
// the document is truncated (a download cut short), other syntax errors make
// it malformed, and read errors are passed on.
func feedXMLError(d *xml.Decoder, opts Options, err error) error {
	line, _ := d.InputPos()
	pos := Position{File: opts.File, Line: line}
	var syn *xml.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.As(err, &syn) && strings.Contains(syn.Msg, "EOF"):
		return fmt.Errorf("%s: input ends inside the document: %w", pos, ErrTruncated)
	case syn != nil:
		return fmt.Errorf("%s: %s: %w", pos, syn.Msg, ErrMalformed)
	}
	return fmt.Errorf("%s: %w", pos, err)
}
