package tex

import "testing"

func TestTexAccents(t *testing.T) {
	tests := []struct{ in, want string }{
		{`R\'{e}nyi entropy`, "Rényi entropy"},
		{`R\'enyi`, "Rényi"},
		{`{\'e}t{\'e}`, "été"},
		{`G\"odel and Schr\"{o}dinger`, "Gödel and Schrödinger"},
		{`Fran\c{c}ois`, "François"},
		{`\v{S}koda and Erd\H{o}s`, "Škoda and Erdős"},
		{`Bal\'azs`, "Balázs"},
		{`na\"{\i}ve`, "naïve"},
		{`Stra{\ss}e, {\O}rsted, {\aa}`, "Straße, Ørsted, å"},
		{`$\delta$-function and $\'a$`, `$\delta$-function and $á$`},
		{`no accents here`, "no accents here"},
		{`\alpha \beta`, `\alpha \beta`},
	}
	for _, tt := range tests {
		if got := Accents(tt.in); got != tt.want {
			t.Errorf("Accents(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
