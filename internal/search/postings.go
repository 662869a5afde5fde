package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// PageSize is about how many bytes of postings one page holds: large enough
// that a batch of 5,000 papers is a couple of hundred rows, small enough
// that finding one word reads little more than its own postings (16 KiB
// pages made a search read 3 MB to look one title up in 200 segments).
const PageSize = 4 << 10

// pageVersion is the first byte of every page, so a future encoding can be
// told apart from this one.
const pageVersion = 1

// ErrCorrupt means a page could not be decoded.
var ErrCorrupt = errors.New("corrupt search index page")

// Builder collects, for each word, the sequence numbers of the papers that
// use it, and encodes them as pages.
type Builder struct {
	lists map[string]*[]int64
	words map[string]*wordLists // for AddPaper: one lookup a word, and each distinct word stemmed once
	lower []byte                // AddPaper's capitalised words, lower-cased without allocating
}

// wordLists are the lists AddPaper adds a paper to for one word: stemming
// is slower than a lookup, and one lookup is faster than three.
type wordLists struct {
	word  *[]int64
	stem  *[]int64 // StemTerm's, nil when the word is its own stem
	title *[]int64 // TitleStemTerm's, made when the word is first in a title
	root  string   // the stem, for the title's list
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{lists: make(map[string]*[]int64)} }

// AddText records that paper seq uses the words of texts: one map lookup a
// word.
func (b *Builder) AddText(seq int64, texts ...string) {
	for _, text := range texts {
		EachWord(text, func(w string) {
			list := b.lists[w]
			if list == nil {
				list = new([]int64)
				b.lists[strings.Clone(w)] = list
			}
			appendSeq(list, seq)
		})
	}
}

// AddPaper records the words of a paper's title and other texts (abstract,
// authors) as AddText does, and besides each word its stem (StemTerm) when
// that differs, and each stem of the title (TitleStemTerm): what searches
// for other forms of a word, and for title matches, read.
func (b *Builder) AddPaper(seq int64, title string, texts ...string) {
	if b.words == nil {
		b.words = make(map[string]*wordLists)
	}
	eachWordAt(title, &b.lower, func(_, _ int, w string) {
		wl := b.add(seq, w)
		if wl.title == nil {
			wl.title = b.list(TitleStemTerm(wl.root))
		}
		appendSeq(wl.title, seq)
	})
	for _, text := range texts {
		eachWordAt(text, &b.lower, func(_, _ int, w string) { b.add(seq, w) })
	}
}

// add records a word and its stem term, and returns the word's lists.
func (b *Builder) add(seq int64, w string) *wordLists {
	wl := b.words[w]
	if wl == nil {
		w = strings.Clone(w)
		wl = &wordLists{word: b.list(w), root: Stem(w)}
		if wl.root != w {
			wl.stem = b.list(StemTerm(wl.root))
		}
		b.words[w] = wl
	}
	appendSeq(wl.word, seq)
	if wl.stem != nil {
		appendSeq(wl.stem, seq)
	}
	return wl
}

// AddTerm records that paper seq has term, a key rather than a word (see
// TitleTerm).
func (b *Builder) AddTerm(seq int64, term string) { appendSeq(b.list(term), seq) }

// list returns term's list, made empty if it has none.
func (b *Builder) list(term string) *[]int64 {
	list := b.lists[term]
	if list == nil {
		list = new([]int64)
		b.lists[term] = list
	}
	return list
}

// appendSeq adds seq to a list unless it is already last: a paper's
// repeated words are noticed so, not by a set of its own.
func appendSeq(list *[]int64, seq int64) {
	if l := *list; len(l) > 0 && l[len(l)-1] == seq {
		return
	}
	*list = append(*list, seq)
}

// AddList records that the papers seqs use term; merging pages uses it.
func (b *Builder) AddList(term string, seqs []int64) {
	list := b.lists[term]
	if list == nil {
		list = new([]int64)
		b.lists[term] = list
	}
	*list = append(*list, seqs...)
}

// Renumbered returns b's postings with the papers added as 0, 1, 2… given
// their seqs: paper i becomes seqOf[i], or is left out when seqOf[i] is
// negative. An importer indexes a batch before the store has given its
// papers seqs. b is unchanged, so a retried transaction can do it again.
func (b *Builder) Renumbered(seqOf []int64) *Builder {
	out := &Builder{lists: make(map[string]*[]int64, len(b.lists))}
	for t, list := range b.lists {
		var kept []int64
		for _, i := range *list {
			if i >= 0 && i < int64(len(seqOf)) && seqOf[i] >= 0 {
				kept = append(kept, seqOf[i])
			}
		}
		if len(kept) > 0 {
			out.lists[t] = &kept
		}
	}
	return out
}

// Merge adds every posting of o to b.
func (b *Builder) Merge(o *Builder) {
	for t, seqs := range o.lists {
		b.AddList(t, *seqs)
	}
}

// Empty says whether nothing was added.
func (b *Builder) Empty() bool { return len(b.lists) == 0 }

// Page is a run of words in order with their postings: First is its first
// word, Data the encoding that Find and Each read.
type Page struct {
	First string
	Data  []byte
}

// Pages encodes the postings, words in byte order, each word's papers in
// ascending order without repeats, cut into pages of about PageSize bytes.
// A word's postings are never split, so a page may be larger.
func (b *Builder) Pages() []Page {
	terms := make([]string, 0, len(b.lists))
	for t := range b.lists {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	var pages []Page
	w := PageWriter{Emit: func(p Page) error { pages = append(pages, p); return nil }}
	for _, t := range terms {
		w.Add(t, sortedUnique(*b.lists[t])) // Emit cannot fail here
	}
	w.Close()
	return pages
}

// PageWriter encodes postings given a word at a time, in byte order, into
// pages, handing each full page to Emit, and adds each word to Filter if it
// has one: merging segments streams through it with a few pages of each in
// memory, whatever their size.
type PageWriter struct {
	Emit   func(Page) error
	Filter Bloom
	cur    []byte
	first  string
}

// Add appends a word and its papers (ascending, without repeats).
func (w *PageWriter) Add(term string, seqs []int64) error {
	if len(w.cur) >= PageSize {
		if err := w.flush(); err != nil {
			return err
		}
	}
	if w.cur == nil {
		w.cur, w.first = make([]byte, 1, PageSize+PageSize/4), term
		w.cur[0] = pageVersion
	}
	w.cur = appendEntry(w.cur, term, seqs)
	if len(w.Filter) > 1 {
		w.Filter.add(term)
	}
	return nil
}

func (w *PageWriter) flush() error {
	if w.cur == nil {
		return nil
	}
	p := Page{First: w.first, Data: w.cur}
	w.cur = nil
	return w.Emit(p)
}

// Close emits the last page.
func (w *PageWriter) Close() error { return w.flush() }

func sortedUnique(seqs []int64) []int64 {
	if !slices.IsSorted(seqs) {
		slices.Sort(seqs)
	}
	return slices.Compact(seqs)
}

// appendEntry encodes one word: its length and bytes, how many papers, the
// byte length of their postings (so a reader can skip them), and the
// postings as differences from the previous paper, the first from zero.
func appendEntry(dst []byte, term string, seqs []int64) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(term)))
	dst = append(dst, term...)
	dst = binary.AppendUvarint(dst, uint64(len(seqs)))
	size := 0
	prev := int64(0)
	for _, s := range seqs {
		size += uvarintLen(uint64(s - prev))
		prev = s
	}
	dst = binary.AppendUvarint(dst, uint64(size))
	prev = 0
	for _, s := range seqs {
		dst = binary.AppendUvarint(dst, uint64(s-prev))
		prev = s
	}
	return dst
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// entry is one decoded word of a page, its postings still encoded.
type entry struct {
	term     []byte // the page's bytes: no copy while scanning
	count    int
	postings []byte
}

// reader walks the entries of a page.
type reader struct {
	data []byte
	off  int
}

func newReader(data []byte) (*reader, error) {
	if len(data) == 0 || data[0] != pageVersion {
		return nil, fmt.Errorf("%w: unknown page version", ErrCorrupt)
	}
	return &reader{data: data, off: 1}, nil
}

// next returns the next entry, or ok false at the end of the page.
func (r *reader) next() (e entry, ok bool, err error) {
	if r.off == len(r.data) {
		return entry{}, false, nil
	}
	n, err := r.uvarint()
	if err != nil || n == 0 || n > MaxWordLen*4 || n > uint64(len(r.data)-r.off) {
		return entry{}, false, fmt.Errorf("%w: bad word at byte %d", ErrCorrupt, r.off)
	}
	e.term = r.data[r.off : r.off+int(n)]
	r.off += int(n)
	count, err := r.uvarint()
	if err != nil {
		return entry{}, false, err
	}
	size, err := r.uvarint()
	if err != nil || size > uint64(len(r.data)-r.off) || count > size {
		return entry{}, false, fmt.Errorf("%w: bad postings for %q", ErrCorrupt, e.term)
	}
	e.count, e.postings = int(count), r.data[r.off:r.off+int(size)]
	r.off += int(size)
	return e, true, nil
}

func (r *reader) uvarint() (uint64, error) {
	v, n := binary.Uvarint(r.data[r.off:])
	if n <= 0 {
		return 0, fmt.Errorf("%w: bad number at byte %d", ErrCorrupt, r.off)
	}
	r.off += n
	return v, nil
}

// decode returns the papers of an entry.
func (e entry) decode() ([]int64, error) {
	out := make([]int64, 0, e.count)
	prev := int64(0)
	for off := 0; off < len(e.postings); {
		d, n := binary.Uvarint(e.postings[off:])
		if n <= 0 || d > uint64(math.MaxInt64-prev) {
			return nil, fmt.Errorf("%w: bad posting of %q", ErrCorrupt, e.term)
		}
		off += n
		prev += int64(d)
		out = append(out, prev)
	}
	if len(out) != e.count {
		return nil, fmt.Errorf("%w: %q has %d postings, says %d", ErrCorrupt, e.term, len(out), e.count)
	}
	return out, nil
}

// Find returns the papers of term in a page, ascending, or nil when the
// page does not have it. Words are in order, so it stops at the first
// word after term.
func Find(page []byte, term string) ([]int64, error) {
	r, err := newReader(page)
	if err != nil {
		return nil, err
	}
	want := []byte(term)
	for {
		e, ok, err := r.next()
		if err != nil || !ok {
			return nil, err
		}
		switch c := bytes.Compare(e.term, want); {
		case c == 0:
			return e.decode()
		case c > 0:
			return nil, nil
		}
	}
}

// Count returns how many papers a page lists for term, without decoding
// them: a search weighs a word by how many papers have it.
func Count(page []byte, term string) (int, error) {
	r, err := newReader(page)
	if err != nil {
		return 0, err
	}
	want := []byte(term)
	for {
		e, ok, err := r.next()
		if err != nil || !ok {
			return 0, err
		}
		switch c := bytes.Compare(e.term, want); {
		case c == 0:
			return e.count, nil
		case c > 0:
			return 0, nil
		}
	}
}

// Each calls fn with every word of a page and its papers, in order.
func Each(page []byte, fn func(term string, seqs []int64)) error {
	r, err := newReader(page)
	if err != nil {
		return err
	}
	for {
		e, ok, err := r.next()
		if err != nil || !ok {
			return err
		}
		seqs, err := e.decode()
		if err != nil {
			return err
		}
		fn(string(e.term), seqs)
	}
}

// Posting is a word with its papers, ascending.
type Posting struct {
	Term string
	Seqs []int64
}

// Decode returns every word of a page with its papers, in order.
func Decode(page []byte) ([]Posting, error) {
	var out []Posting
	err := Each(page, func(term string, seqs []int64) { out = append(out, Posting{term, seqs}) })
	return out, err
}
