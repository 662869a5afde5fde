package source

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// OAIPage is what one OAI-PMH response says about itself, beside its
// records: the harvester needs the resumption token to ask for the next page.
type OAIPage struct {
	ResponseDate time.Time
	// ResumptionToken is empty on the last page, where arXiv sends an empty
	// <resumptionToken/> element, and when the response has none (GetRecord).
	ResumptionToken  string
	Cursor           int
	CompleteListSize int
	// Records counts every <record> element of the page: those handed to
	// the handler, the deleted ones and the rejected ones.
	Records  int
	Deleted  int // records whose header says status="deleted"; skipped
	Rejected int // malformed records reported to Handler.Reject
}

// OAIError is an OAI-PMH error response (<error code="...">). The harvester
// tells the codes apart: noRecordsMatch is an empty result and
// badResumptionToken means harvesting must restart.
type OAIError struct {
	Code    string
	Message string
}

// Error says the code and arXiv's message.
func (e *OAIError) Error() string {
	return "OAI-PMH error " + e.Code + ": " + e.Message
}

// OAI-PMH error codes the harvester acts on.
const (
	OAINoRecordsMatch     = "noRecordsMatch"
	OAIBadResumptionToken = "badResumptionToken"
)

// maxOAIRecord bounds the bytes read for one record (and for what comes
// between records), so a hostile or broken response cannot make the decoder
// hold an unbounded element. Real records are a few kilobytes (the largest
// in our samples is 8.5 KB); collaboration papers with thousands of
// authors and affiliations are far below this too.
const maxOAIRecord = 16 << 20

// errOAIRecordTooLarge is returned by oaiInput when a record exceeds
// maxOAIRecord.
var errOAIRecordTooLarge = errors.New("record larger than the limit")

// oaiInput feeds the XML decoder byte by byte (the decoder uses ReadByte when
// it can), which lets the parser know exactly whether the decoder has met
// the end of the input: a syntax error after that is a truncated response,
// even when the cut fell inside a UTF-8 sequence or a tag. It also enforces
// maxOAIRecord from the last reset on.
type oaiInput struct {
	br      *bufio.Reader
	limit   int64 // bytes allowed from one reset to the next
	left    int64
	eof     bool  // the decoder has been told io.EOF
	readErr error // an I/O error other than io.EOF
}

func (in *oaiInput) reset() { in.left = in.limit }

func (in *oaiInput) ReadByte() (byte, error) {
	if in.left <= 0 {
		return 0, errOAIRecordTooLarge
	}
	b, err := in.br.ReadByte()
	in.note(err)
	in.left--
	return b, err
}

// Read is there to make oaiInput an io.Reader; the decoder calls ReadByte.
func (in *oaiInput) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	b, err := in.ReadByte()
	if err != nil {
		return 0, err
	}
	p[0] = b
	return 1, nil
}

func (in *oaiInput) note(err error) {
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		in.eof = true
	case !errors.Is(err, errOAIRecordTooLarge):
		in.readErr = err
	}
}

// parseOAI reads an OAI-PMH response from a file. A noRecordsMatch error
// response is an empty result, not a failure: it is what arXiv answers for a
// day without new papers.
func parseOAI(ctx context.Context, r io.Reader, opts Options, h Handler) error {
	_, err := ParseOAIPage(ctx, r, opts, h)
	var oaiErr *OAIError
	if errors.As(err, &oaiErr) && oaiErr.Code == OAINoRecordsMatch {
		return nil
	}
	return err
}

// ParseOAIPage reads one OAI-PMH ListRecords or GetRecord response in the
// arXiv, arXivRaw or oai_dc metadata format, hands each record to h and
// returns what the page says about the harvest. An OAI-PMH error response
// returns an *OAIError.
func ParseOAIPage(ctx context.Context, r io.Reader, opts Options, h Handler) (OAIPage, error) {
	return parseOAIPage(ctx, r, opts, h, maxOAIRecord)
}

// parseOAIPage is ParseOAIPage with the record size limit as a parameter,
// so tests need not build inputs of maxOAIRecord bytes.
func parseOAIPage(ctx context.Context, r io.Reader, opts Options, h Handler, limit int64) (OAIPage, error) {
	if h.Record == nil {
		h.Record = func(Record) error { return nil }
	}
	if h.Reject == nil {
		h.Reject = func(*RecordError) {}
	}
	in := &oaiInput{br: bufio.NewReader(r), limit: limit}
	in.reset()
	p := &oaiParser{ctx: ctx, d: xml.NewDecoder(in), in: in, opts: opts, h: h}
	err := p.run()
	return p.page, err
}

// oaiParser holds the state of one ParseOAIPage call.
type oaiParser struct {
	ctx  context.Context
	d    *xml.Decoder
	in   *oaiInput
	opts Options
	h    Handler
	page OAIPage
	root bool // the OAI-PMH root element has been seen
}

// run walks the tokens of the response. Records, the resumption token and
// errors are recognised by name wherever they sit, so ListRecords and
// GetRecord responses need no separate code.
func (p *oaiParser) run() error {
	depth := 0
	for {
		tok, err := p.d.Token()
		if err != nil {
			return p.inputError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !p.root {
				if t.Name.Local != "OAI-PMH" {
					return fmt.Errorf("%s: root element <%s> is not OAI-PMH: %w", p.where(), t.Name.Local, ErrUnsupported)
				}
				p.root = true
				depth++
				continue
			}
			if err := p.element(t); err != nil {
				return err
			}
			if !oaiConsumed(t.Name.Local) {
				depth++
			}
		case xml.EndElement:
			depth--
			if depth == 0 {
				return nil // what follows the root element does not matter
			}
		}
	}
}

// oaiConsumed reports whether element decodes the whole element named name,
// end tag included.
func oaiConsumed(name string) bool {
	switch name {
	case "record", "resumptionToken", "error", "responseDate":
		return true
	}
	return false
}

// element handles one start element below the root.
func (p *oaiParser) element(start xml.StartElement) error {
	switch start.Name.Local {
	case "record":
		return p.record(start)
	case "resumptionToken":
		return p.resumptionToken(start)
	case "error":
		var e struct {
			Code    string `xml:"code,attr"`
			Message string `xml:",chardata"`
		}
		if err := p.d.DecodeElement(&e, &start); err != nil {
			return p.inputError(err)
		}
		return &OAIError{Code: strings.TrimSpace(e.Code), Message: cleanText(e.Message)}
	case "responseDate":
		var s string
		if err := p.d.DecodeElement(&s, &start); err != nil {
			return p.inputError(err)
		}
		// A bad responseDate does not make the records unusable.
		p.page.ResponseDate, _ = time.Parse(time.RFC3339, strings.TrimSpace(s))
	}
	return nil
}

func (p *oaiParser) resumptionToken(start xml.StartElement) error {
	var t struct {
		Cursor   string `xml:"cursor,attr"`
		Complete string `xml:"completeListSize,attr"`
		Token    string `xml:",chardata"`
	}
	if err := p.d.DecodeElement(&t, &start); err != nil {
		return p.inputError(err)
	}
	p.page.ResumptionToken = strings.TrimSpace(t.Token)
	// The attributes are optional in OAI-PMH; absent or odd means unknown.
	p.page.Cursor, _ = strconv.Atoi(strings.TrimSpace(t.Cursor))
	p.page.CompleteListSize, _ = strconv.Atoi(strings.TrimSpace(t.Complete))
	return nil
}

// record decodes one <record>, maps it and hands it on.
func (p *oaiParser) record(start xml.StartElement) error {
	if err := p.ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", p.where(), err)
	}
	p.in.reset()
	p.page.Records++
	line, _ := p.d.InputPos()
	pos := Position{File: p.opts.File, Line: line, Index: p.page.Records}
	var rec oaiRecord
	if err := p.d.DecodeElement(&rec, &start); err != nil {
		return p.inputError(err)
	}
	if rec.Header.Status == "deleted" {
		p.page.Deleted++
		return nil
	}
	pp, err := rec.paper()
	if err != nil {
		p.page.Rejected++
		p.h.Reject(&RecordError{Pos: pos, Err: fmt.Errorf("%s: %w", rec.Header.Identifier, err)})
		return nil
	}
	if err := p.h.Record(Record{Paper: pp, Pos: pos}); err != nil {
		return fmt.Errorf("%s: %w", pos, err)
	}
	return nil
}

// inputError turns a decoder error into one of the package's whole-input
// errors, saying where the input went wrong.
func (p *oaiParser) inputError(err error) error {
	var syn *xml.SyntaxError
	switch {
	case errors.Is(err, errOAIRecordTooLarge):
		return fmt.Errorf("%s: %w: %w of %d bytes", p.where(), ErrMalformed, err, p.in.limit)
	case p.in.readErr != nil:
		return fmt.Errorf("%s: read OAI-PMH response: %w", p.where(), err)
	case p.in.eof && !p.root:
		return fmt.Errorf("%s: no OAI-PMH root element: %w", p.where(), ErrUnsupported)
	case p.in.eof:
		return fmt.Errorf("%s: input ends inside the OAI-PMH response: %w", p.where(), ErrTruncated)
	case !p.root:
		// Not XML, or XML in a charset other than UTF-8.
		return fmt.Errorf("%s: %w: %w", p.where(), ErrUnsupported, err)
	case errors.As(err, &syn):
		return fmt.Errorf("%s: %v: %w", p.where(), syn.Msg, ErrMalformed)
	}
	return fmt.Errorf("%s: %w: %w", p.where(), ErrMalformed, err)
}

// where names the current input position for error messages.
func (p *oaiParser) where() string {
	line, _ := p.d.InputPos()
	return Position{File: p.opts.File, Line: line}.String()
}
