package search

import (
	"fmt"
	"testing"
)

func TestBloom(t *testing.T) {
	b := NewBuilder()
	for i := range 5000 {
		b.AddText(int64(i), fmt.Sprintf("word%d shared", i))
	}
	b.AddTerm(1, TitleTerm("a title"))
	f := b.Bloom()
	for _, w := range []string{"shared", "word0", "word4999", TitleTerm("a title")} {
		if !f.MayHave(w) {
			t.Errorf("MayHave(%q) = false for a word it holds", w)
		}
	}
	for i := range 5000 {
		if w := fmt.Sprintf("word%d", i); !f.MayHave(w) {
			t.Fatalf("MayHave(%q) = false for a word it holds", w)
		}
	}
	wrong := 0
	for i := range 10000 {
		if f.MayHave(fmt.Sprintf("absent%d", i)) {
			wrong++
		}
	}
	if wrong > 300 { // about 1% expected
		t.Errorf("%d of 10,000 absent words may be there", wrong)
	}
	// A missing or damaged filter never hides a word.
	for _, bad := range []Bloom{nil, {}, {7}, {0, 0xff}, {200, 0}} {
		if !bad.MayHave("anything") {
			t.Errorf("Bloom(%v).MayHave = false", []byte(bad))
		}
	}
}
