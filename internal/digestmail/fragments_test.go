package digestmail

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestFragmentsFollowContent checks that the cache of rendered papers never
// shows a stale paper: a changed summary or a new rank renders anew.
func TestFragmentsFollowContent(t *testing.T) {
	cm := NewComposer()
	c := loadContent(t, "daily")
	if _, err := cm.Compose(c); err != nil {
		t.Fatal(err)
	}
	c.Top[0].Summary = "A summary changed after the first mail."
	c.Top[0], c.Top[1] = c.Top[1], c.Top[0]
	m, err := cm.Compose(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		" 1. FACET: Preserving Source Intent",
		" 2. EnvHarness: Awakening Static Worlds for Agent Learning\n",
		"    A summary changed after the first mail.\n",
	} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if !strings.Contains(m.HTML, ">A summary changed after the first mail.</p>") {
		t.Error("HTML shows a stale summary")
	}
}

// TestFragmentsConcurrent composes from several goroutines, as the digest
// workers do; run with -race.
func TestFragmentsConcurrent(t *testing.T) {
	cm := NewComposer()
	want, err := cm.Compose(loadContent(t, "weekly"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				c := loadContent(t, "weekly")
				c.Picks[0].Upvotes = g*1000 + i // new papers too
				if _, err := cm.Compose(c); err != nil {
					t.Error(err)
					return
				}
				if m, err := cm.Compose(loadContent(t, "weekly")); err != nil || m.HTML != want.HTML || m.Text != want.Text {
					t.Errorf("concurrent Compose differs (%v)", err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestFragmentsBounded(t *testing.T) {
	cm := NewComposer()
	c := loadContent(t, "daily")
	for i := range maxFragments/len(c.Top) + 10 {
		for j := range c.Top {
			c.Top[j].Title = fmt.Sprintf("Paper %d.%d", i, j)
		}
		if _, err := cm.Compose(c); err != nil {
			t.Fatal(err)
		}
	}
	cm.cache.mu.Lock()
	n := len(cm.cache.m)
	cm.cache.mu.Unlock()
	if n > maxFragments {
		t.Errorf("%d papers cached, want at most %d", n, maxFragments)
	}
}
