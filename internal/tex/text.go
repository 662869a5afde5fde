package tex

import (
	"strings"
	"unicode/utf8"
)

// Text writes LaTeX text (a paper's title) as plain text for places that
// cannot typeset it: a page's <title>, feeds, mail subjects. The rule:
//
//   - accents and letters in text become Unicode letters (see Accents);
//   - the delimiters $, $$, \(, \), \[ and \] go, and \$ becomes $; a $ that
//     closes nothing stays;
//   - Greek letters and common symbols become their characters
//     (\alpha α, \leq ≤, \infty ∞, \to →; see symbols);
//   - commands that set a font or wrap text keep their argument
//     (\mathbb{E} E, \mathrm{KL} KL, \text{ if } " if ");
//   - ^ and _ with a digit, sign or letter Unicode can raise or lower
//     become super- and subscripts (x^{2} x², x_t xₜ); others keep the
//     sign without braces (x^{ab} x^ab);
//   - other commands lose their backslash (\log log), and braces and spacing
//     commands (\, \; ~) become nothing or a space.
//
// It aims at readable, not exact: a reader of a feed sees "O(n²)" where the
// title says $O(n^2)$.
func Text(s string) string {
	s = Accents(s)
	if !strings.ContainsAny(s, `$\^_{}~`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			i += writeCommand(&b, s[i:])
		case c == '$':
			open := "$"
			if hasPrefix(s[i:], "$$") {
				open = "$$"
			}
			end := closingAt(s, i+len(open), open, open)
			if end < 0 { // no formula: a dollar sign
				b.WriteByte('$')
				i++
				continue
			}
			b.WriteString(Text(s[i+len(open) : end]))
			i = end + len(open)
		case (c == '^' || c == '_') && i+1 < len(s):
			arg, n := argument(s[i+1:])
			writeScript(&b, c, arg)
			i += 1 + n
		case c == '{' || c == '}':
			i++
		case c == '~':
			b.WriteByte(' ')
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// writeCommand writes the command s starts with (s[0] is a backslash) and
// returns how many bytes of s it took.
func writeCommand(b *strings.Builder, s string) int {
	if len(s) == 1 {
		return 1
	}
	if !isLetter(s[1]) { // \$, \{, \, and other one-character commands
		switch s[1] {
		case '$', '{', '}', '%', '&', '#', '_':
			b.WriteByte(s[1])
		case '|':
			b.WriteString("‖")
		case ',', ';', ':', ' ', '\\':
			b.WriteByte(' ')
		case '!', '(', ')', '[', ']': // negative space and math delimiters: nothing
		default:
			b.WriteString(s[:2])
		}
		return 2
	}
	n := 2
	for n < len(s) && isLetter(s[n]) {
		n++
	}
	name := s[1:n]
	if sym, ok := symbols[name]; ok {
		b.WriteString(sym)
		return n
	}
	if _, ok := wrappers[name]; ok {
		arg, m := argument(s[n:])
		b.WriteString(Text(arg))
		return n + m
	}
	b.WriteString(name)
	return n
}

// argument returns the argument at the start of s: a {group} without its
// braces, a command, or one character; and how many bytes it took.
func argument(s string) (string, int) {
	i := 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i == len(s) {
		return "", i
	}
	switch s[i] {
	case '{':
		depth := 0
		for j := i; j < len(s); j++ {
			switch s[j] {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return s[i+1 : j], j + 1
				}
			}
		}
		return s[i+1:], len(s)
	case '\\':
		j := i + 1
		for j < len(s) && isLetter(s[j]) {
			j++
		}
		if j == i+1 && j < len(s) {
			j++
		}
		return s[i:j], j
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[i : i+size], i + size
}

// writeScript writes a super- (sign '^') or subscript ('_') of arg.
func writeScript(b *strings.Builder, sign byte, arg string) {
	text := Text(arg)
	table := superscripts
	if sign == '_' {
		table = subscripts
	}
	var out strings.Builder
	for _, r := range text {
		m, ok := table[r]
		if !ok {
			b.WriteByte(sign)
			if utf8.RuneCountInString(text) > 1 {
				b.WriteString("(" + text + ")")
			} else {
				b.WriteString(text)
			}
			return
		}
		out.WriteRune(m)
	}
	b.WriteString(out.String())
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// wrappers are commands whose one argument is shown as it is.
var wrappers = map[string]struct{}{
	"mathbb": {}, "mathbf": {}, "mathcal": {}, "mathrm": {}, "mathit": {}, "mathsf": {}, "mathtt": {},
	"mathfrak": {}, "mathscr": {}, "boldsymbol": {}, "bm": {}, "text": {}, "textrm": {}, "textbf": {},
	"textit": {}, "texttt": {}, "textsc": {}, "textsf": {}, "emph": {}, "operatorname": {}, "mbox": {},
	"hat": {}, "tilde": {}, "bar": {}, "vec": {}, "widehat": {}, "widetilde": {}, "overline": {}, "dot": {},
}

// symbols maps commands to the characters they stand for.
var symbols = map[string]string{
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
	"eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
	"xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
	"upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
	"Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
	"Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	"infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ħ", "emptyset": "∅", "varnothing": "∅",
	"leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
	"simeq": "≃", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "times": "×", "cdot": "·", "pm": "±",
	"mp": "∓", "div": "÷", "circ": "∘", "star": "⋆", "ast": "∗", "cdots": "⋯", "ldots": "…", "dots": "…",
	"to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔",
	"Leftrightarrow": "⇔", "mapsto": "↦", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆",
	"supset": "⊃", "supseteq": "⊇", "cup": "∪", "cap": "∩", "forall": "∀", "exists": "∃", "neg": "¬",
	"wedge": "∧", "vee": "∨", "oplus": "⊕", "otimes": "⊗", "sum": "∑", "prod": "∏", "int": "∫",
	"sqrt": "√", "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "vert": "|", "mid": "|",
	"lVert": "‖", "rVert": "‖", "Vert": "‖", "prime": "′", "deg": "°", "degree": "°",
	"left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "", "displaystyle": "",
	"quad": " ", "qquad": " ", "LaTeX": "LaTeX", "TeX": "TeX",
}

// superscripts and subscripts map characters to their raised and lowered
// forms, where Unicode has one.
var superscripts = map[rune]rune{
	'0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
	'+': '⁺', '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', 'n': 'ⁿ', 'i': 'ⁱ', 'T': 'ᵀ', '*': '*', '′': '′',
}

var subscripts = map[rune]rune{
	'0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
	'+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎', 'a': 'ₐ', 'e': 'ₑ', 'o': 'ₒ', 'x': 'ₓ', 'h': 'ₕ',
	'k': 'ₖ', 'l': 'ₗ', 'm': 'ₘ', 'n': 'ₙ', 'p': 'ₚ', 's': 'ₛ', 't': 'ₜ', 'i': 'ᵢ', 'j': 'ⱼ', 'r': 'ᵣ',
	'u': 'ᵤ', 'v': 'ᵥ',
}
