package search

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decodeAll reads every page back into word -> papers.
func decodeAll(t *testing.T, pages []Page) map[string][]int64 {
	t.Helper()
	got := map[string][]int64{}
	prevFirst := ""
	for i, p := range pages {
		if i > 0 && p.First <= prevFirst {
			t.Fatalf("page %d starts at %q, after %q: pages out of order", i, p.First, prevFirst)
		}
		prevFirst = p.First
		first := true
		err := Each(p.Data, func(term string, seqs []int64) {
			if first && term != p.First {
				t.Errorf("page %d says it starts at %q, holds %q first", i, p.First, term)
			}
			first = false
			if _, dup := got[term]; dup {
				t.Errorf("%q is on two pages", term)
			}
			got[term] = seqs
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return got
}

func TestBuilderRoundTrip(t *testing.T) {
	b := NewBuilder()
	b.AddText(7, "Deep learning for deep fields", "Ada Lovelace")
	b.AddText(3, "Learning to learn", "")
	b.AddText(1<<40, "deep", "")
	b.AddList("zeta", []int64{9, 2, 9})
	want := map[string][]int64{
		"deep": {7, 1 << 40}, "learning": {3, 7}, "for": {7}, "fields": {7}, "ada": {7},
		"lovelace": {7}, "to": {3}, "learn": {3}, "zeta": {2, 9},
	}
	pages := b.Pages()
	if diff := cmp.Diff(want, decodeAll(t, pages)); diff != "" {
		t.Errorf("decoded postings (-want +got):\n%s", diff)
	}
	for term, seqs := range want {
		got, err := Find(pages[0].Data, term)
		if err != nil || !slices.Equal(got, seqs) {
			t.Errorf("Find(%q) = %v, %v; want %v", term, got, err, seqs)
		}
	}
	for _, absent := range []string{"", "a", "deeper", "zz", "learnin"} {
		if got, err := Find(pages[0].Data, absent); got != nil || err != nil {
			t.Errorf("Find(%q) = %v, %v; want nothing", absent, got, err)
		}
	}
}

func TestManyPages(t *testing.T) {
	b := NewBuilder()
	want := map[string][]int64{}
	for doc := int64(1); doc <= 3000; doc++ {
		var words []string
		for k := int64(0); k < 20; k++ {
			w := fmt.Sprintf("w%04d", (doc*7+k*131)%5000)
			words = append(words, w)
			if l := want[w]; len(l) == 0 || l[len(l)-1] != doc {
				want[w] = append(l, doc)
			}
		}
		b.AddText(doc, strings.Join(words, " "))
	}
	pages := b.Pages()
	if len(pages) < 3 {
		t.Fatalf("%d pages, want several of about %d bytes", len(pages), PageSize)
	}
	if diff := cmp.Diff(want, decodeAll(t, pages)); diff != "" {
		t.Errorf("decoded postings (-want +got):\n%s", diff)
	}
	// Each word is found on the page a search would read: the last one
	// whose first word is not after it.
	for w, seqs := range want {
		i, _ := slices.BinarySearchFunc(pages, w, func(p Page, w string) int { return strings.Compare(p.First, w) })
		if i == len(pages) || pages[i].First != w {
			i--
		}
		got, err := Find(pages[i].Data, w)
		if err != nil || !slices.Equal(got, seqs) {
			t.Fatalf("Find(%q) on page %d = %v, %v; want %v", w, i, got, err, seqs)
		}
	}
}

func TestRenumbered(t *testing.T) {
	b := NewBuilder()
	b.AddText(0, "alpha beta")
	b.AddText(1, "beta gamma")
	b.AddText(2, "gamma")
	r := b.Renumbered([]int64{100, -1, 50})
	want := map[string][]int64{"alpha": {100}, "beta": {100}, "gamma": {50}}
	if diff := cmp.Diff(want, decodeAll(t, r.Pages())); diff != "" {
		t.Errorf("renumbered (-want +got):\n%s", diff)
	}
	// b is unchanged, so a retried transaction renumbers it again.
	again := b.Renumbered([]int64{100, -1, 50})
	if diff := cmp.Diff(want, decodeAll(t, again.Pages())); diff != "" {
		t.Errorf("renumbered twice (-want +got):\n%s", diff)
	}
	if !NewBuilder().Renumbered(nil).Empty() {
		t.Error("an empty builder renumbered is not empty")
	}
}

func TestCorruptPages(t *testing.T) {
	b := NewBuilder()
	b.AddText(5, "some words here")
	good := b.Pages()[0].Data
	for name, data := range map[string][]byte{
		"empty":        nil,
		"version":      append([]byte{9}, good[1:]...),
		"truncated":    good[:len(good)-1],
		"long word":    {pageVersion, 0xff, 0xff, 0x03},
		"zero word":    {pageVersion, 0},
		"count > size": {pageVersion, 1, 'a', 5, 1, 1},
		"bad varint":   {pageVersion, 1, 'a', 1, 1, 0x80},
	} {
		if err := Each(data, func(string, []int64) {}); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: Each = %v, want ErrCorrupt", name, err)
		}
	}
}

func FuzzPage(f *testing.F) {
	b := NewBuilder()
	b.AddText(3, "alpha beta gamma")
	b.AddText(300, "beta")
	f.Add(b.Pages()[0].Data, "beta")
	f.Add([]byte{pageVersion, 1, 'a', 1, 1, 0x80}, "a")
	f.Add([]byte{pageVersion, 1, 'a', 2, 20, 1, 1}, "a")
	f.Fuzz(func(t *testing.T, data []byte, term string) {
		// Whatever the bytes, reading them is an answer or ErrCorrupt,
		// never a panic or a huge allocation.
		if _, err := Find(data, term); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Find: %v", err)
		}
		err := Each(data, func(term string, seqs []int64) {
			if !slices.IsSorted(seqs) {
				t.Fatalf("%q: postings out of order: %v", term, seqs)
			}
		})
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Each: %v", err)
		}
	})
}

func TestPageWriterStreams(t *testing.T) {
	var pages []Page
	w := PageWriter{Filter: NewBloom(3000), Emit: func(p Page) error { pages = append(pages, p); return nil }}
	want := map[string][]int64{}
	for i := range 3000 {
		term := fmt.Sprintf("t%05d", i)
		seqs := []int64{int64(i), int64(i + 10), int64(3 * i)}
		slices.Sort(seqs)
		seqs = slices.Compact(seqs)
		want[term] = seqs
		if err := w.Add(term, seqs); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if len(pages) < 5 {
		t.Errorf("%d pages, want several", len(pages))
	}
	if diff := cmp.Diff(want, decodeAll(t, pages)); diff != "" {
		t.Errorf("streamed postings (-want +got):\n%s", diff)
	}
	for term := range want {
		if !w.Filter.MayHave(term) {
			t.Fatalf("the filter lacks %q", term)
		}
	}
	if BloomWords(int64(len(w.Filter))) < 3000 {
		t.Errorf("BloomWords(%d) = %d, want at least the 3000 it was made for", len(w.Filter), BloomWords(int64(len(w.Filter))))
	}
}
