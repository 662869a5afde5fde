package tex

import "testing"

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Attention is all you need", "Attention is all you need"},
		{"A $k$-means variant", "A k-means variant"},
		{`$\mathbb{E}_{t}\|x\|^2$ bounds`, "Eₜ‖x‖² bounds"},
		{`$O(n^{2})$ time and $\alpha$-stable laws`, "O(n²) time and α-stable laws"},
		{`$\ell_p$ norms, $x^{ab}$`, "ℓₚ norms, x^(ab)"},
		{`$\mathcal{O}(\log n)$`, "O(log n)"},
		{`$\text{if } a \leq b$`, "if a ≤ b"},
		{`R\'{e}nyi divergence`, "Rényi divergence"},
		{`Costs \$5`, "Costs $5"},
		{`Costs $5 a month`, "Costs $5 a month"},
		{`$a$ and $$b$$ and $`, "a and b and $"},
		{`\(x \to \infty\)`, "x → ∞"},
		{`Unclosed {brace and \`, "Unclosed brace and"},
		{`$x_{$`, "x"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
