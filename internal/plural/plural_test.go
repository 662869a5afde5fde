package plural

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 comments"}, {1, "1 comment"}, {2, "2 comments"}, {-1, "-1 comments"}} {
		if got := Count(c.n, "comment"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := Of(3, "reply", "replies"); got != "3 replies" {
		t.Errorf("Of(3) = %q", got)
	}
}
