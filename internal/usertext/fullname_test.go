package usertext

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestFullName(t *testing.T) {
	ok := map[string]string{
		"  Ada Lovelace ":  "Ada Lovelace",
		"":                 "",
		"Nguyễn Thị Minh":  "Nguyễn Thị Minh",
		"José Ángel":       "José Ángel", // precomposed
		"Jose\u0301 Angel": "Jose\u0301 Angel",
		"山田 太郎":            "山田 太郎",
		"محمد علي":         "محمد علي", // right-to-left script, without controls
		"O'Brien-Smith":    "O'Brien-Smith",
	}
	for in, want := range ok {
		got, err := FullName(in)
		if err != nil || got != want {
			t.Errorf("FullName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	refused := map[string]string{
		"zero-width space":        "Ada\u200bLovelace",
		"zero-width joiner":       "Ada\u200dLovelace",
		"right-to-left override":  "Ada \u202eecalevoL",
		"left-to-right embedding": "\u202aAda",
		"isolate":                 "Ada \u2066Lovelace\u2069",
		"right-to-left mark":      "Ada\u200f",
		"arabic letter mark":      "Ada\u061c",
		"soft hyphen":             "Ada\u00adLovelace",
		"byte order mark":         "\ufeffAda",
		"tag character":           "Ada\U000E0041",
		"line feed":               "Ada\nLovelace",
		"carriage return":         "Ada\rLovelace",
		"tab":                     "Ada\tLovelace",
		"NUL":                     "Ada\x00",
		"no-break space":          "Ada\u00a0Lovelace",
		"ideographic space":       "Ada\u3000Lovelace",
		"line separator":          "Ada\u2028Lovelace",
		"hangul filler":           "\u3164",
		"halfwidth hangul filler": "Ada\uffa0",
		"braille blank":           "Ada\u2800",
		"combining grapheme join": "Ada\u034fLovelace",
		"variation selector":      "Ada\ufe0f",
		"mongolian separator":     "Ada\u180eLovelace",
		"private use":             "Ada\ue000",
		"unassigned":              "Ada\U0003FFFD",
		"stacked marks":           "Ada" + strings.Repeat("\u0301", 5),
		"leading mark":            "\u0301Ada",
		"not UTF-8":               "Ada\xff",
		"too long":                strings.Repeat("a", 81),
	}
	for name, in := range refused {
		if got, err := FullName(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: FullName(%q) = %q, %v; want ErrInvalid", name, in, got, err)
		}
	}
}

func shareKey(a, b []string) bool {
	for _, k := range a {
		if slices.Contains(b, k) {
			return true
		}
	}
	return false
}

func TestNameKeys(t *testing.T) {
	same := [][2]string{
		{"ada", "Ada"},
		{"ada", "ADA"},
		{"ada", "аdа"},   // Cyrillic a
		{"ada", "ＡＤＡ"},   // fullwidth
		{"ada", "Àdá"},   // accents
		{"all", "AlI"},   // upper-case I drawn as l
		{"mike", "MIKE"}, // and still an I
		{"alI", "all"},
		{"bob", "b0b"},     // zero and o
		{"el1te", "elIte"}, // one, l and I
		{"paypal", "рауpаl"},
		{"KAI", "ΚΑΙ"}, // Greek capitals
	}
	for _, p := range same {
		if a, b := NameKeys(p[0]), NameKeys(p[1]); !shareKey(a, b) {
			t.Errorf("NameKeys(%q) = %q, NameKeys(%q) = %q; want one in common", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{{"ada", "adam"}, {"ada", "ada lovelace"}, {"ali", "all"}, {"bob", "bib"}}
	for _, p := range differ {
		if a, b := NameKeys(p[0]), NameKeys(p[1]); shareKey(a, b) {
			t.Errorf("NameKeys(%q) = %q, NameKeys(%q) = %q; want none in common", p[0], a, p[1], b)
		}
	}
	for in, want := range map[string]bool{"ada_l-1": true, "ada lovelace": false, "": false, "山田": false} {
		if got := CouldBeUsernameKey(NameKeys(in)[0]); got != want {
			t.Errorf("CouldBeUsernameKey(NameKeys(%q)[0]) = %v, want %v", in, got, want)
		}
	}
}
