package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Detect tells the format of the input from its first bytes, without
// consuming them.
func Detect(br *bufio.Reader) (Format, error) {
	head, err := br.Peek(headerSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return "", fmt.Errorf("detect format: %w", err)
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return "", fmt.Errorf("%w: the input is empty", ErrUnsupported)
	}
	switch trimmed[0] {
	case '<':
		return detectXML(trimmed)
	case '[':
		return FormatHF, nil
	case '{':
		return detectJSONLines(trimmed)
	}
	return "", fmt.Errorf("%w: it is neither XML nor JSON", ErrUnsupported)
}

// detectXML names the format by the root element.
func detectXML(head []byte) (Format, error) {
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", fmt.Errorf("%w: no XML root element in the first %d bytes", ErrUnsupported, len(head))
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch start.Name.Local {
		case "feed":
			return FormatAtom, nil
		case "OAI-PMH":
			return FormatOAI, nil
		case "rss":
			return FormatRSS, nil
		}
		return "", fmt.Errorf("%w: XML root element <%s> is not an arXiv API feed, OAI-PMH response or RSS channel", ErrUnsupported, start.Name.Local)
	}
}

// detectJSONLines accepts JSON lines whose first object looks like a Kaggle
// snapshot record.
func detectJSONLines(head []byte) (Format, error) {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(line, &probe); err != nil {
		// The first line may be longer than the header; judge by its keys.
		if bytes.Contains(line, []byte(`"id"`)) && bytes.Contains(line, []byte(`"abstract"`)) {
			return FormatKaggle, nil
		}
		return "", fmt.Errorf("%w: the first line is not a JSON object: %v", ErrUnsupported, err)
	}
	_, hasID := probe["id"]
	_, hasAbstract := probe["abstract"]
	if hasID && hasAbstract {
		return FormatKaggle, nil
	}
	if _, ok := probe["paper"]; ok {
		return "", fmt.Errorf("%w: a single Hugging Face entry; a daily_papers response is a JSON array", ErrUnsupported)
	}
	return "", fmt.Errorf("%w: JSON object without the \"id\" and \"abstract\" of a Kaggle arXiv snapshot record", ErrUnsupported)
}
