package secret

import "testing"

func TestNew(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		s := New()
		if len(s) != 43 || seen[s] {
			t.Fatalf("secret %q: want 43 characters, never repeated", s)
		}
		seen[s] = true
	}
}

func TestHash(t *testing.T) {
	if h := Hash("abc"); h != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Hash(abc) = %s", h)
	}
}
