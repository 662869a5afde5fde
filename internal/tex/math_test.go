package tex

import (
	"strings"
	"testing"
	"time"
)

func TestFormulaAt(t *testing.T) {
	tests := []struct {
		in      string
		n       int
		display bool
	}{
		{`$x$`, 3, false},
		{`$\mathbb{E}_{t}\|x\|^2$ and more`, 23, false},
		{`$$a_1 + b_2$$ after`, 13, true},
		{`\(x\)`, 5, false},
		{`\[x\]`, 5, true},
		{`$a\$b$`, 6, false},                       // an escaped dollar inside
		{`$a\\$`, 5, false},                        // \\ then the closing $
		{`$5 and $10`, 0, false},                   // money: the next $ follows a space
		{`$5 and 10$`, 10, false},                  // pandoc's rule would call this math too
		{`$x$5`, 0, false},                         // closing $ before a digit
		{`$ x$`, 0, false},                         // opening $ before a space
		{`$x $`, 0, false},                         // closing $ after a space
		{`$`, 0, false},                            // alone
		{`$$`, 0, false},                           // nothing closes it
		{`$$ $$`, 0, false},                        // blank
		{`$$$$`, 0, false},                         // empty
		{`$x`, 0, false},                           // nothing closes it
		{`\(x`, 0, false},                          //
		{`\(a \(b\)`, 0, false},                    // opened again before the close
		{"$$a\nb$$", 7, true},                      // over lines
		{`\)`, 0, false},                           // not an opening
		{`x$`, 0, false},                           // not at the start
		{`$<script>alert(1)</script>$`, 27, false}, // found; escaping is the renderer's job
	}
	for _, tt := range tests {
		n, display := FormulaAt(tt.in)
		if n != tt.n || display != tt.display {
			t.Errorf("FormulaAt(%q) = %d, %v; want %d, %v", tt.in, n, display, tt.n, tt.display)
		}
		if n, display := FormulaAt([]byte(tt.in)); n != tt.n || display != tt.display {
			t.Errorf("FormulaAt([]byte(%q)) = %d, %v; want %d, %v", tt.in, n, display, tt.n, tt.display)
		}
	}
}

func TestHasMath(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Attention is all you need", false},
		{"A $k$-means variant", true},
		{"Costs $5", false},
		{`Costs \$5 and \$10`, false},
		{"Costs $5 and $10", true}, // LaTeX: that is a formula
		{"$$", false},
		{"$$$$ and $x$", true},
		{`\(O(n)\)`, true},
		{`\[x\]`, true},
		{`\(\)`, false},
		{`a \( b`, false},
		{`\\(x\\)`, false}, // \\ is a line break, not an escape of the (
	}
	for _, tt := range tests {
		if got := HasMath(tt.in); got != tt.want {
			t.Errorf("HasMath(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFormulaAtLinear(t *testing.T) {
	// Every $ opens a formula that the next one refuses: each call scans
	// to the next $ only, so a caller trying every position stays linear.
	for _, s := range []string{strings.Repeat("$a $ ", 50000), strings.Repeat(`\(`, 100000), strings.Repeat(`\[a`, 100000)} {
		start := time.Now()
		for i := 0; i < len(s); i++ {
			if n, _ := FormulaAt(s[i:]); n != 0 {
				t.Fatalf("FormulaAt at %d = %d", i, n)
			}
		}
		HasMath(s)
		if d := time.Since(start); d > time.Second {
			t.Errorf("%.20q…: %v", s, d)
		}
	}
}
