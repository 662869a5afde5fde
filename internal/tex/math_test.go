package tex

import (
	"strings"
	"testing"
)

func TestFormulaAt(t *testing.T) {
	tests := []struct {
		in      string
		n       int
		display bool
		more    bool
	}{
		{`$x$`, 3, false, false},
		{`$\mathbb{E}_{t}\|x\|^2$ and more`, 23, false, false},
		{`$$a_1 + b_2$$ after`, 13, true, false},
		{`\(x\)`, 5, false, false},
		{`\[x\]`, 5, true, false},
		{`$a\$b$`, 6, false, false},                       // an escaped dollar inside
		{`$a\\$`, 5, false, false},                        // \\ then the closing $
		{`$5 and $10`, 0, false, false},                   // money: the next $ follows a space
		{`$5 and 10$`, 10, false, false},                  // pandoc's rule would call this math too
		{`$x$5`, 0, false, false},                         // closing $ before a digit
		{`$ x$`, 0, false, false},                         // opening $ before a space
		{`$x $`, 0, false, false},                         // closing $ after a space
		{`$`, 0, false, false},                            // alone
		{`$$`, 0, true, true},                             // nothing closes it yet
		{`$$ $$`, 0, true, false},                         // empty
		{`$$$$`, 0, true, false},                          // empty
		{`$x`, 0, false, true},                            // perhaps on the next line
		{`\(x`, 0, false, true},                           //
		{`\)`, 0, false, false},                           // not an opening
		{`x$`, 0, false, false},                           // not at the start
		{`$<script>alert(1)</script>$`, 27, false, false}, // found; escaping is the renderer's job
	}
	for _, tt := range tests {
		n, display, more := FormulaAt(tt.in)
		if n != tt.n || display != tt.display || more != tt.more {
			t.Errorf("FormulaAt(%q) = %d, %v, %v; want %d, %v, %v", tt.in, n, display, more, tt.n, tt.display, tt.more)
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
	s := strings.Repeat("$a $ ", 50000)
	for i := 0; i < len(s); i++ {
		if n, _, _ := FormulaAt(s[i:]); n != 0 {
			t.Fatalf("FormulaAt at %d = %d", i, n)
		}
	}
}
